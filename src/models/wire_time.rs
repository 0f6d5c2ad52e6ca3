//! Times and dates as the API writes them (RFC 3339 `2021-09-13T10:00:00+08:00`, dates
//! `2021-09-13`), read by a few lines of our own instead of chrono's general parser.
//!
//! chrono's `FromStr` runs its whole format-item parser (`parse_internal`, RFC 2822, the
//! `Parsed` resolver), ≈ 14 KB of wasm before optimisation, for strings whose shape the contract
//! fixes. The values are still chrono types; only the reading is ours. Measured in BENCHMARKS.md
//! (issue 12, item 5).
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::{Deserialize, Deserializer, Serializer};

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// `2021-09-13`
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `2021-09-13T10:00:00+08:00`, `…T02:00:00Z`, with an optional fraction of a second
/// (`T10:00:00.250+08:00`); `t` or a space for `T`, as RFC 3339 allows.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = parse_date(s.get(..10)?)?;
    let (h, m, sec) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let mut rest = &b[19..];
    let mut nanos = 0;
    if let [b'.', tail @ ..] = rest {
        let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        // Nanoseconds: the first nine digits, scaled; any further digits are below a nanosecond.
        let kept = &tail[..n.min(9)];
        nanos = digits(kept)? * 10u32.pow(9 - kept.len() as u32);
        rest = &tail[n..];
    }
    let offset = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), oh1, oh2, b':', om1, om2] => {
            let secs = (digits(&[*oh1, *oh2])? * 60 + digits(&[*om1, *om2])?) * 60;
            let secs = i32::try_from(secs).ok()?;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let time = NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?;
    date.and_time(time)
        .and_local_timezone(FixedOffset::east_opt(offset)?)
        .single()
}

/// `2021-09-13`, without chrono's `format` machinery.
pub fn format_date(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

fn invalid<E: serde::de::Error>(what: &str, s: &str) -> E {
    E::custom(format_args!("not {what}: {s:?}"))
}

/// `#[serde(with = "wire_time::rfc3339")]` on a `DateTime<FixedOffset>` field.
pub mod rfc3339 {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let s = <std::borrow::Cow<str>>::deserialize(d)?;
        parse_rfc3339(&s).ok_or_else(|| invalid("an RFC 3339 time", &s))
    }

    pub fn serialize<S: Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&t.to_rfc3339())
    }
}

/// `#[serde(default, with = "wire_time::rfc3339_opt")]` on an `Option<DateTime<FixedOffset>>`.
pub mod rfc3339_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        match Option::<std::borrow::Cow<str>>::deserialize(d)? {
            None => Ok(None),
            Some(s) => parse_rfc3339(&s)
                .map(Some)
                .ok_or_else(|| invalid("an RFC 3339 time", &s)),
        }
    }

    pub fn serialize<S: Serializer>(
        t: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&t.to_rfc3339()),
            None => s.serialize_none(),
        }
    }
}

/// `#[serde(with = "wire_time::date")]` on a `NaiveDate` field.
pub mod date {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = <std::borrow::Cow<str>>::deserialize(d)?;
        parse_date(&s).ok_or_else(|| invalid("a date", &s))
    }

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format_date(*d))
    }
}

/// `#[serde(default, with = "wire_time::date_opt")]` on an `Option<NaiveDate>` field.
pub mod date_opt {
    use super::*;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<std::borrow::Cow<str>>::deserialize(d)? {
            None => Ok(None),
            Some(s) => parse_date(&s)
                .map(Some)
                .ok_or_else(|| invalid("a date", &s)),
        }
    }

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_str(&format_date(*d)),
            None => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_reads() {
        for s in [
            "2021-09-13T10:00:00+08:00",
            "2021-09-13T02:00:00Z",
            "2021-09-13t02:00:00z",
            "2021-09-13 10:00:00-05:30",
            "2021-09-13T10:00:00.25+08:00",
            "2021-09-13T10:00:00.123456789+08:00",
            "2021-09-13T10:00:00.1234567891+08:00",
            "2020-02-29T23:59:59+14:00",
        ] {
            assert_eq!(
                parse_rfc3339(s),
                DateTime::parse_from_rfc3339(s).ok(),
                "{s}"
            );
            assert!(parse_rfc3339(s).is_some(), "{s}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc3339() {
        for s in [
            "",
            "2021-09-13",
            "2021-09-13T10:00:00",
            "2021-09-13T10:00+08:00",
            "2021-02-29T10:00:00+08:00",
            "2021-09-13T24:00:00+08:00",
            "2021-09-13T10:60:00+08:00",
            "2021-09-13T10:00:00.+08:00",
            "2021-09-13T10:00:00+0800",
            "2021-09-13T10:00:00+08:00 ",
            "２021-09-13T10:00:00+08:00",
            "2021-9-13T10:00:00+08:00",
            "+021-09-13T10:00:00+08:00",
        ] {
            assert_eq!(parse_rfc3339(s), None, "{s}");
        }
    }

    #[test]
    fn dates_round_trip() {
        let d = NaiveDate::from_ymd_opt(2021, 9, 13).unwrap();
        assert_eq!(parse_date("2021-09-13"), Some(d));
        assert_eq!(format_date(d), "2021-09-13");
        assert_eq!(parse_date("2021-09-31"), None);
        assert_eq!(parse_date("2021-09-1"), None);
        assert_eq!(parse_date("2021/09/13"), None);
    }

    #[test]
    fn serde_round_trip() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "rfc3339")]
            at: DateTime<FixedOffset>,
            #[serde(default, with = "rfc3339_opt")]
            maybe: Option<DateTime<FixedOffset>>,
            #[serde(with = "date")]
            on: NaiveDate,
            #[serde(default, with = "date_opt")]
            until: Option<NaiveDate>,
        }
        let t: T = serde_json::from_str(r#"{"at":"2021-09-13T10:00:00+08:00","on":"2021-09-13"}"#)
            .unwrap();
        assert_eq!(t.maybe, None);
        assert_eq!(t.until, None);
        let back: T = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
        assert!(serde_json::from_str::<T>(r#"{"at":"13 Sep 2021","on":"2021-09-13"}"#).is_err());
    }
}
