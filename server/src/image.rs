//! Post images recognised by their bytes: JPEG, PNG, WebP and GIF by their magic numbers. A file
//! name or a client's Content-Type is never asked; what the first bytes say is what is served.
use std::io::Read;
use std::path::Path;

/// The largest post image: 5 MiB.
pub const MAX_IMAGE_BYTES: u64 = 5 * 1024 * 1024;

/// Bytes [`sniff`] needs to tell every format apart.
const HEADER_LEN: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Jpeg,
    Png,
    Webp,
    Gif,
}

impl ImageFormat {
    /// The file extension in `/media/posts/{id}.{ext}` (and the stored form).
    pub fn ext(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
            Self::Gif => "gif",
        }
    }

    pub fn parse_ext(ext: &str) -> Option<Self> {
        [Self::Jpeg, Self::Png, Self::Webp, Self::Gif]
            .into_iter()
            .find(|f| f.ext() == ext)
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
        }
    }
}

/// The format whose signature `head` (a file's first bytes) starts with.
pub fn sniff(head: &[u8]) -> Option<ImageFormat> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if head.len() >= HEADER_LEN && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(ImageFormat::Webp)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(ImageFormat::Gif)
    } else {
        None
    }
}

/// Reads the first bytes of the file at `path` and sniffs them (blocking; a few bytes only).
pub fn sniff_file(path: &Path) -> std::io::Result<Option<ImageFormat>> {
    let mut head = Vec::with_capacity(HEADER_LEN);
    std::fs::File::open(path)?
        .take(HEADER_LEN as u64)
        .read_to_end(&mut head)?;
    Ok(sniff(&head))
}

/// The pixel size of an image in `bytes` (`format` as [`sniff`] found it): from the JPEG frame
/// header (SOF0–SOF15 but DHT, JPG and DAC), the PNG `IHDR`, or the WebP `VP8 `, `VP8L` or `VP8X`
/// chunk. `None` when the header is missing or says 0 (GIF is not read).
pub fn dimensions(format: ImageFormat, bytes: &[u8]) -> Option<(u32, u32)> {
    let size = match format {
        ImageFormat::Jpeg => jpeg_dimensions(bytes),
        ImageFormat::Png => bytes
            .get(12..16)
            .filter(|chunk| *chunk == b"IHDR")
            .map(|_| (be32(bytes, 16), be32(bytes, 20))),
        ImageFormat::Webp => webp_dimensions(bytes),
        ImageFormat::Gif => None,
    }?;
    (size.0 > 0 && size.1 > 0).then_some(size)
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
    ])))
}

fn be32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .map_or(0, |s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

fn le(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let s = b.get(at..at + n)?;
    Some(s.iter().rev().fold(0, |acc, &x| (acc << 8) | u32::from(x)))
}

/// Walks the JPEG segments after SOI up to the first frame header.
fn jpeg_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let mut at = 2;
    loop {
        while *b.get(at)? != 0xFF {
            at += 1;
        }
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = *b.get(at)?;
        at += 1;
        match marker {
            // Markers without a length: TEM, RSTn, SOI.
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 | 0xDA => return None,
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                return Some((be16(b, at + 5)?, be16(b, at + 3)?));
            }
            _ => at += usize::try_from(be16(b, at)?).ok()?,
        }
    }
}

/// Reads the first chunk after `RIFF....WEBP`.
fn webp_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let data = b.get(20..)?;
    match b.get(12..16)? {
        // Lossy: a key frame's start code, then 14-bit width and height.
        b"VP8 " => {
            if data.get(3..6)? != [0x9D, 0x01, 0x2A] {
                return None;
            }
            Some((le(data, 6, 2)? & 0x3FFF, le(data, 8, 2)? & 0x3FFF))
        }
        // Lossless: signature 0x2F, then 14-bit width−1 and height−1.
        b"VP8L" => {
            if *data.first()? != 0x2F {
                return None;
            }
            let bits = le(data, 1, 4)?;
            Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1))
        }
        // Extended: 24-bit canvas width−1 and height−1 after the flags.
        b"VP8X" => Some((le(data, 4, 3)? + 1, le(data, 7, 3)? + 1)),
        _ => None,
    }
}

/// Reads the whole file at `path` (at most `max` bytes) and tells its format and pixel size.
pub fn read_image(path: &Path, max: u64) -> std::io::Result<Option<(ImageFormat, u32, u32)>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max)
        .read_to_end(&mut bytes)?;
    Ok(sniff(&bytes).and_then(|f| dimensions(f, &bytes).map(|(w, h)| (f, w, h))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_is_read_from_ihdr() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&1600u32.to_be_bytes());
        png.extend_from_slice(&1067u32.to_be_bytes());
        assert_eq!(dimensions(ImageFormat::Png, &png), Some((1600, 1067)));
        assert_eq!(dimensions(ImageFormat::Png, &png[..20]), None);
        let mut zero = png.clone();
        zero[16..20].copy_from_slice(&[0; 4]);
        assert_eq!(dimensions(ImageFormat::Png, &zero), None);
    }

    #[test]
    fn jpeg_size_is_read_from_the_frame_header_after_other_segments() {
        let mut jpeg = vec![0xFF, 0xD8];
        // APP0 (JFIF), 16 bytes with its length.
        jpeg.extend_from_slice(&[0xFF, 0xE0, 0x00, 0x10]);
        jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        // DHT (0xC4 is not a frame header), 5 bytes.
        jpeg.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x05, 1, 2, 3]);
        // SOF2 (progressive): length 17, precision 8, height 480, width 640.
        jpeg.extend_from_slice(&[0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 3]);
        jpeg.extend_from_slice(&[0; 9]);
        assert_eq!(dimensions(ImageFormat::Jpeg, &jpeg), Some((640, 480)));
        // Scan data before any frame header, or a cut file: unknown.
        assert_eq!(
            dimensions(ImageFormat::Jpeg, &[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]),
            None
        );
        assert_eq!(dimensions(ImageFormat::Jpeg, &jpeg[..24]), None);
    }

    #[test]
    fn webp_size_is_read_from_each_kind_of_first_chunk() {
        let riff = |chunk: &[u8; 4], data: &[u8]| {
            let mut b = b"RIFF\0\0\0\0WEBP".to_vec();
            b.extend_from_slice(chunk);
            b.extend_from_slice(&(data.len() as u32).to_le_bytes());
            b.extend_from_slice(data);
            b
        };
        // Lossy 800×600: frame tag, start code, 14-bit sizes (scale bits set must be masked).
        let lossy = riff(
            b"VP8 ",
            &[0, 0, 0, 0x9D, 0x01, 0x2A, 0x20, 0x43, 0x58, 0x02],
        );
        assert_eq!(dimensions(ImageFormat::Webp, &lossy), Some((800, 600)));
        // Lossless 300×200: (w−1) | (h−1) << 14.
        let bits: u32 = 299 | (199 << 14);
        let mut data = vec![0x2F];
        data.extend_from_slice(&bits.to_le_bytes());
        let lossless = riff(b"VP8L", &data);
        assert_eq!(dimensions(ImageFormat::Webp, &lossless), Some((300, 200)));
        // Extended 4000×3000: flags, reserved, 24-bit w−1 and h−1.
        let mut data = vec![0x10, 0, 0, 0];
        data.extend_from_slice(&3999u32.to_le_bytes()[..3]);
        data.extend_from_slice(&2999u32.to_le_bytes()[..3]);
        let extended = riff(b"VP8X", &data);
        assert_eq!(dimensions(ImageFormat::Webp, &extended), Some((4000, 3000)));
        // A lossy chunk without the start code, or a cut file: unknown.
        let broken = riff(b"VP8 ", &[0, 0, 0, 0, 0, 0, 0x20, 0x03, 0x58, 0x02]);
        assert_eq!(dimensions(ImageFormat::Webp, &broken), None);
        assert_eq!(dimensions(ImageFormat::Webp, &extended[..26]), None);
    }

    #[test]
    fn each_format_is_told_by_its_signature() {
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImageFormat::Png)
        );
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some(ImageFormat::Webp));
        assert_eq!(sniff(b"GIF87a\x01\0\x01\0"), Some(ImageFormat::Gif));
        assert_eq!(sniff(b"GIF89a\x01\0\x01\0"), Some(ImageFormat::Gif));
    }

    #[test]
    fn near_misses_and_other_files_are_not_images() {
        for bytes in [
            &b""[..],
            b"\xFF\xD8",
            b"\x89PNG\r\n",
            b"RIFF\x24\0\0\0WAVEfmt ",
            b"RIFF\x24\0\0\0WEB",
            b"GIF88a",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            b"\0\0\0\x18ftypmp42",
            "柠檬电池.png".as_bytes(),
        ] {
            assert_eq!(sniff(bytes), None, "{bytes:?}");
        }
    }

    #[test]
    fn extensions_round_trip() {
        for f in [
            ImageFormat::Jpeg,
            ImageFormat::Png,
            ImageFormat::Webp,
            ImageFormat::Gif,
        ] {
            assert_eq!(ImageFormat::parse_ext(f.ext()), Some(f));
            assert!(f.mime().starts_with("image/"));
        }
        assert_eq!(ImageFormat::parse_ext("jpeg"), None);
        assert_eq!(ImageFormat::parse_ext("svg"), None);
    }
}
