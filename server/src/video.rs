//! What an uploaded file really is, from its bytes (never its name or the client's MIME type):
//! an ISO BMFF file (MP4, or MOV when its major brand is `qt  `) with a known `ftyp` brand and a
//! `moov` holding a video track, or a WebM file (EBML header with DocType `webm`) with a video
//! track; and its duration where the container gives one (`mvhd` in `moov`; `Duration` in the
//! Segment's `Info`).
//!
//! Only box and element headers are read on the way, seeking over everything else, so a 500 MB
//! file with its `moov` at the end costs a few dozen small reads.
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

/// The containers the challenge accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Mp4,
    Mov,
    WebM,
}

impl Container {
    /// The contract's name (`accepted_containers`), also the media file's extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mp4 => "mp4",
            Self::Mov => "mov",
            Self::WebM => "webm",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mp4" => Some(Self::Mp4),
            "mov" => Some(Self::Mov),
            "webm" => Some(Self::WebM),
            _ => None,
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Mp4 => "video/mp4",
            Self::Mov => "video/quicktime",
            Self::WebM => "video/webm",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub container: Container,
    /// Seconds, when the container carries a duration.
    pub duration_seconds: Option<f64>,
}

/// Brands of MP4 and QuickTime files that phones, cameras and editors write.
const KNOWN_BRANDS: &[&[u8; 4]] = &[
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ",
    b"M4VH", b"M4VP", b"mmp4", b"MSNV", b"dash", b"qt  ",
];

/// The largest `moov` or WebM `Info`/`Tracks` read into memory (a 3-minute video's `moov` is a
/// few hundred KB).
const MAX_HEADER_BYTES: u64 = 64 * 1024 * 1024;

/// Probes the file at `path`; `Ok(None)` = not a video in an accepted container.
pub fn probe_file(path: &Path) -> io::Result<Option<Probe>> {
    let mut file = std::fs::File::open(path)?;
    probe(&mut file)
}

/// Probes a seekable source; `Ok(None)` = not a video in an accepted container.
pub fn probe<R: Read + Seek>(r: &mut R) -> io::Result<Option<Probe>> {
    let len = r.seek(SeekFrom::End(0))?;
    let mut magic = [0u8; 8];
    if len < 8 {
        return Ok(None);
    }
    read_at(r, 0, &mut magic)?;
    if &magic[4..8] == b"ftyp" {
        probe_bmff(r, len)
    } else if magic[..4] == [0x1A, 0x45, 0xDF, 0xA3] {
        probe_webm(r, len)
    } else {
        Ok(None)
    }
}

fn read_at<R: Read + Seek>(r: &mut R, at: u64, buf: &mut [u8]) -> io::Result<()> {
    r.seek(SeekFrom::Start(at))?;
    r.read_exact(buf)
}

fn read_vec<R: Read + Seek>(r: &mut R, at: u64, len: u64) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    read_at(r, at, &mut buf)?;
    Ok(buf)
}

// ───────────────────────────── ISO BMFF (MP4, MOV) ─────────────────────────────

/// A box header at some position: its type, where its payload starts and where it ends.
struct BoxHeader {
    kind: [u8; 4],
    payload: u64,
    end: u64,
}

/// Reads the box header at `at` within `[at, limit)`; `None` when it does not fit.
fn box_header<R: Read + Seek>(r: &mut R, at: u64, limit: u64) -> io::Result<Option<BoxHeader>> {
    if at + 8 > limit {
        return Ok(None);
    }
    let mut h = [0u8; 8];
    read_at(r, at, &mut h)?;
    let size = u64::from(u32::from_be_bytes([h[0], h[1], h[2], h[3]]));
    let kind = [h[4], h[5], h[6], h[7]];
    let (payload, end) = match size {
        0 => (at + 8, limit),
        1 => {
            if at + 16 > limit {
                return Ok(None);
            }
            let mut large = [0u8; 8];
            read_at(r, at + 8, &mut large)?;
            let size = u64::from_be_bytes(large);
            (at + 16, at.saturating_add(size))
        }
        n => (at + 8, at + n),
    };
    if end < payload || end > limit {
        return Ok(None);
    }
    Ok(Some(BoxHeader { kind, payload, end }))
}

/// The boxes inside an in-memory payload, as (type, payload).
fn children(mut data: &[u8]) -> Vec<([u8; 4], &[u8])> {
    let mut out = Vec::new();
    while data.len() >= 8 {
        let size = u32::from_be_bytes([data[0], data[1], data[2], data[3]]) as usize;
        let kind = [data[4], data[5], data[6], data[7]];
        let (start, size) = match size {
            0 => (8, data.len()),
            1 if data.len() >= 16 => {
                let mut large = [0u8; 8];
                large.copy_from_slice(&data[8..16]);
                (
                    16,
                    usize::try_from(u64::from_be_bytes(large)).unwrap_or(usize::MAX),
                )
            }
            n => (8, n),
        };
        if size < start || size > data.len() {
            break;
        }
        out.push((kind, &data[start..size]));
        data = &data[size..];
    }
    out
}

fn probe_bmff<R: Read + Seek>(r: &mut R, len: u64) -> io::Result<Option<Probe>> {
    let Some(ftyp) = box_header(r, 0, len)? else {
        return Ok(None);
    };
    let ftyp_len = ftyp.end - ftyp.payload;
    if !(8..=4096).contains(&ftyp_len) {
        return Ok(None);
    }
    let brands = read_vec(r, ftyp.payload, ftyp_len)?;
    let major: [u8; 4] = [brands[0], brands[1], brands[2], brands[3]];
    let known = std::iter::once(&brands[0..4])
        .chain(brands[8..].chunks_exact(4))
        .any(|b| KNOWN_BRANDS.iter().any(|k| k.as_slice() == b));
    if !known {
        return Ok(None);
    }
    let container = if &major == b"qt  " {
        Container::Mov
    } else {
        Container::Mp4
    };
    // The top-level boxes, by their sizes, until `moov` (which may come after `mdat`).
    let mut at = ftyp.end;
    while let Some(b) = box_header(r, at, len)? {
        if &b.kind == b"moov" {
            let size = b.end - b.payload;
            if size > MAX_HEADER_BYTES {
                return Ok(None);
            }
            let moov = read_vec(r, b.payload, size)?;
            return Ok(parse_moov(&moov).map(|duration_seconds| Probe {
                container,
                duration_seconds,
            }));
        }
        if b.end == at {
            break;
        }
        at = b.end;
    }
    Ok(None)
}

/// `Some(duration)` when `moov` has an `mvhd` and a video track (`hdlr` of type `vide`).
fn parse_moov(moov: &[u8]) -> Option<Option<f64>> {
    let boxes = children(moov);
    let mvhd = boxes.iter().find(|(k, _)| k == b"mvhd")?.1;
    let has_video = boxes.iter().filter(|(k, _)| k == b"trak").any(|(_, trak)| {
        children(trak)
            .iter()
            .filter(|(k, _)| k == b"mdia")
            .flat_map(|(_, mdia)| children(mdia))
            .any(|(k, hdlr)| &k == b"hdlr" && hdlr.len() >= 12 && &hdlr[8..12] == b"vide")
    });
    if !has_video {
        return None;
    }
    let be = |b: &[u8]| b.iter().fold(0u64, |v, x| (v << 8) | u64::from(*x));
    let (timescale, duration) = match mvhd.first()? {
        0 if mvhd.len() >= 20 => (be(&mvhd[12..16]), be(&mvhd[16..20])),
        1 if mvhd.len() >= 32 => (be(&mvhd[20..24]), be(&mvhd[24..32])),
        _ => return None,
    };
    // All ones means "unknown"; 0 is what fragmented files write.
    let unknown = duration == 0 || duration == u64::from(u32::MAX) || duration == u64::MAX;
    Some((timescale > 0 && !unknown).then(|| duration as f64 / timescale as f64))
}

// ───────────────────────────── WebM (EBML) ─────────────────────────────

const EBML_DOC_TYPE: u64 = 0x4282;
const SEGMENT: u64 = 0x1853_8067;
const INFO: u64 = 0x1549_A966;
const TRACKS: u64 = 0x1654_AE6B;
const CLUSTER: u64 = 0x1F43_B675;
const TIMECODE_SCALE: u64 = 0x2A_D7B1;
const DURATION: u64 = 0x4489;
const TRACK_ENTRY: u64 = 0xAE;
const TRACK_TYPE: u64 = 0x83;

/// A variable-length integer from an in-memory buffer: (value, bytes used). IDs keep their
/// marker bit (`keep_marker`), sizes drop it; a size of all ones is `u64::MAX` (unknown).
fn vint(data: &[u8], keep_marker: bool) -> Option<(u64, usize)> {
    let first = *data.first()?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 || data.len() < len {
        return None;
    }
    // The bits after the length marker (none for an 8-byte integer).
    let payload = 0xFFu8.checked_shr(len as u32).unwrap_or(0);
    let mask = if keep_marker { 0xFF } else { payload };
    let mut value = u64::from(first & mask);
    let mut all_ones = (first & payload) == payload;
    for b in &data[1..len] {
        value = (value << 8) | u64::from(*b);
        all_ones &= *b == 0xFF;
    }
    if !keep_marker && all_ones {
        value = u64::MAX;
    }
    Some((value, len))
}

/// The element header at `at` in the file: (id, size or `u64::MAX` when unknown, data start).
fn element_header<R: Read + Seek>(
    r: &mut R,
    at: u64,
    len: u64,
) -> io::Result<Option<(u64, u64, u64)>> {
    let mut buf = [0u8; 12];
    let n = (len.saturating_sub(at)).min(12) as usize;
    if n < 2 {
        return Ok(None);
    }
    read_at(r, at, &mut buf[..n])?;
    let Some((id, a)) = vint(&buf[..n], true) else {
        return Ok(None);
    };
    let Some((size, b)) = vint(&buf[a..n], false) else {
        return Ok(None);
    };
    Ok(Some((id, size, at + (a + b) as u64)))
}

/// The elements inside an in-memory payload, as (id, data); stops at anything malformed.
fn elements(mut data: &[u8]) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    while let Some((id, a)) = vint(data, true) {
        let Some((size, b)) = vint(&data[a..], false) else {
            break;
        };
        let start = a + b;
        let Some(end) = usize::try_from(size)
            .ok()
            .and_then(|s| start.checked_add(s))
            .filter(|e| *e <= data.len())
        else {
            break;
        };
        out.push((id, &data[start..end]));
        data = &data[end..];
    }
    out
}

fn uint(data: &[u8]) -> u64 {
    data.iter().take(8).fold(0, |v, b| (v << 8) | u64::from(*b))
}

fn probe_webm<R: Read + Seek>(r: &mut R, len: u64) -> io::Result<Option<Probe>> {
    let Some((_, header_size, header_at)) = element_header(r, 0, len)? else {
        return Ok(None);
    };
    if header_size > 4096 || header_at + header_size > len {
        return Ok(None);
    }
    let header = read_vec(r, header_at, header_size)?;
    let is_webm = elements(&header)
        .iter()
        .any(|(id, v)| *id == EBML_DOC_TYPE && v.split(|b| *b == 0).next() == Some(b"webm"));
    if !is_webm {
        return Ok(None);
    }
    let Some((SEGMENT, segment_size, segment_at)) =
        element_header(r, header_at + header_size, len)?
    else {
        return Ok(None);
    };
    let segment_end = if segment_size == u64::MAX {
        len
    } else {
        segment_at.saturating_add(segment_size).min(len)
    };
    // The Segment's children up to the first Cluster: Info for the duration, Tracks for a video
    // track. A live (MediaRecorder) file has unknown sizes and no Duration.
    let (mut duration, mut has_video) = (None, false);
    let mut at = segment_at;
    for _ in 0..256 {
        let Some((id, size, data_at)) = element_header(r, at, segment_end)? else {
            break;
        };
        if id == CLUSTER || size == u64::MAX || data_at + size > segment_end {
            break;
        }
        if (id == INFO || id == TRACKS) && size <= MAX_HEADER_BYTES {
            let data = read_vec(r, data_at, size)?;
            if id == INFO {
                duration = info_duration(&data);
            } else {
                has_video |= elements(&data)
                    .iter()
                    .filter(|(id, _)| *id == TRACK_ENTRY)
                    .any(|(_, entry)| {
                        elements(entry)
                            .iter()
                            .any(|(id, v)| *id == TRACK_TYPE && uint(v) == 1)
                    });
            }
        }
        at = data_at + size;
    }
    Ok(has_video.then_some(Probe {
        container: Container::WebM,
        duration_seconds: duration,
    }))
}

/// `Duration` (a float in TimecodeScale units, default 1 ms) in seconds.
fn info_duration(info: &[u8]) -> Option<f64> {
    let fields = elements(info);
    let scale = fields
        .iter()
        .find(|(id, _)| *id == TIMECODE_SCALE)
        .map_or(1_000_000, |(_, v)| uint(v));
    let raw = fields.iter().find(|(id, _)| *id == DURATION)?.1;
    let ticks = match raw.len() {
        4 => f64::from(f32::from_be_bytes(raw.try_into().ok()?)),
        8 => f64::from_be_bytes(raw.try_into().ok()?),
        _ => return None,
    };
    (ticks.is_finite() && ticks > 0.0 && scale > 0).then(|| ticks * scale as f64 / 1e9)
}

/// Synthetic files for tests (here and in `tests/`): the smallest containers the probe accepts.
pub mod samples {
    fn bmff_box(kind: &[u8; 4], payload: &[u8]) -> Vec<u8> {
        let mut b = ((payload.len() + 8) as u32).to_be_bytes().to_vec();
        b.extend_from_slice(kind);
        b.extend_from_slice(payload);
        b
    }

    /// `ftyp` (major brand `brand`) + optionally an `mdat` of `padding` bytes before the `moov`,
    /// whose `mvhd` (version 0) says `seconds` at timescale 1000 and whose one track is video.
    pub fn mp4(brand: &[u8; 4], seconds: u32, padding: usize, moov_last: bool) -> Vec<u8> {
        let mut ftyp = brand.to_vec();
        ftyp.extend_from_slice(&[0, 0, 2, 0]);
        ftyp.extend_from_slice(b"isomiso2mp41");
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&1000u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&(seconds * 1000).to_be_bytes());
        let mut hdlr = vec![0u8; 24];
        hdlr[8..12].copy_from_slice(b"vide");
        let mdia = bmff_box(b"mdia", &bmff_box(b"hdlr", &hdlr));
        let trak = bmff_box(b"trak", &mdia);
        let mut moov = bmff_box(b"mvhd", &mvhd);
        moov.extend(trak);
        let moov = bmff_box(b"moov", &moov);
        let mdat = bmff_box(b"mdat", &vec![0u8; padding]);
        let mut file = bmff_box(b"ftyp", &ftyp);
        if moov_last {
            file.extend(mdat);
            file.extend(moov);
        } else {
            file.extend(moov);
            file.extend(mdat);
        }
        file
    }

    fn ebml(id: &[u8], data: &[u8]) -> Vec<u8> {
        let mut e = id.to_vec();
        // An 8-byte size, so any length fits.
        e.push(0x01);
        e.extend_from_slice(&(data.len() as u64).to_be_bytes()[1..]);
        e.extend_from_slice(data);
        e
    }

    /// A WebM file with a video track and, when given, a Duration of `seconds`.
    pub fn webm(seconds: Option<f64>) -> Vec<u8> {
        let mut header = ebml(&[0x42, 0x86], &[1]);
        header.extend(ebml(&[0x42, 0x82], b"webm"));
        let mut file = ebml(&[0x1A, 0x45, 0xDF, 0xA3], &header);
        let mut info = ebml(&[0x2A, 0xD7, 0xB1], &1_000_000u32.to_be_bytes());
        if let Some(s) = seconds {
            info.extend(ebml(&[0x44, 0x89], &(s * 1000.0).to_be_bytes()));
        }
        let mut segment = ebml(&[0x15, 0x49, 0xA9, 0x66], &info);
        let entry = ebml(&[0xAE], &ebml(&[0x83], &[1]));
        segment.extend(ebml(&[0x16, 0x54, 0xAE, 0x6B], &entry));
        segment.extend(ebml(&[0x1F, 0x43, 0xB6, 0x75], &[0u8; 64]));
        file.extend(ebml(&[0x18, 0x53, 0x80, 0x67], &segment));
        file
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn probe_bytes(bytes: &[u8]) -> Option<Probe> {
        probe(&mut Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn the_sample_clips_are_five_second_mp4s() {
        for clip in ["stream-a", "stream-b", "stream-c"] {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("media/{clip}.mp4"));
            let p = probe_file(&path).unwrap().expect(clip);
            assert_eq!(p.container, Container::Mp4);
            let d = p.duration_seconds.unwrap();
            assert!((4.9..=5.2).contains(&d), "{clip}: {d}");
        }
    }

    #[test]
    fn moov_is_found_after_mdat_and_quicktime_is_mov() {
        let p = probe_bytes(&samples::mp4(b"mp42", 200, 100_000, true)).unwrap();
        assert_eq!(
            p,
            Probe {
                container: Container::Mp4,
                duration_seconds: Some(200.0)
            }
        );
        let p = probe_bytes(&samples::mp4(b"qt  ", 61, 10, false)).unwrap();
        assert_eq!(
            p,
            Probe {
                container: Container::Mov,
                duration_seconds: Some(61.0)
            }
        );
    }

    #[test]
    fn webm_needs_its_doctype_and_may_lack_a_duration() {
        let p = probe_bytes(&samples::webm(Some(48.25))).unwrap();
        assert_eq!(p.container, Container::WebM);
        assert!((p.duration_seconds.unwrap() - 48.25).abs() < 1e-6);
        assert_eq!(
            probe_bytes(&samples::webm(None)).unwrap().duration_seconds,
            None
        );
        let matroska = samples::webm(Some(1.0));
        let at = matroska.windows(4).position(|w| w == b"webm").unwrap();
        let mut mkv = matroska.clone();
        mkv[at..at + 4].copy_from_slice(b"mkv\0");
        assert_eq!(probe_bytes(&mkv), None);
    }

    #[test]
    fn other_files_are_not_videos() {
        let mut unknown_brand = samples::mp4(b"isom", 5, 0, false);
        unknown_brand[8..12].copy_from_slice(b"xxxx");
        unknown_brand[16..28].copy_from_slice(b"xxxxyyyyzzzz");
        let mut no_moov = samples::mp4(b"isom", 5, 0, false);
        let at = no_moov.windows(4).position(|w| w == b"moov").unwrap();
        no_moov[at..at + 4].copy_from_slice(b"free");
        let mut audio_only = samples::mp4(b"M4V ", 5, 0, false);
        let at = audio_only.windows(4).position(|w| w == b"vide").unwrap();
        audio_only[at..at + 4].copy_from_slice(b"soun");
        let truncated = &samples::mp4(b"isom", 5, 1000, true)[..600];
        for (name, bytes) in [
            ("png", &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..]),
            ("text", b"just some text, renamed to .mp4"),
            ("empty", b""),
            ("unknown brand", &unknown_brand),
            ("no moov", &no_moov),
            ("audio only", &audio_only),
            ("truncated", truncated),
        ] {
            assert_eq!(probe_bytes(bytes), None, "{name}");
        }
    }

    #[test]
    fn vints() {
        assert_eq!(
            vint(&[0x1A, 0x45, 0xDF, 0xA3], true),
            Some((0x1A45_DFA3, 4))
        );
        assert_eq!(vint(&[0x81], false), Some((1, 1)));
        assert_eq!(vint(&[0x40, 0x02], false), Some((2, 2)));
        assert_eq!(vint(&[0xFF], false), Some((u64::MAX, 1)));
        assert_eq!(vint(&[0x00], false), None);
    }
}
