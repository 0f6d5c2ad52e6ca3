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

#[cfg(test)]
mod tests {
    use super::*;

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
