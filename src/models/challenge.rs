//! 「点亮好奇心」短视频征集: the challenge, its entries, and the checks the submit page makes
//! before a single byte is sent.
use super::{NamedRef, PostAuthor};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ChallengeCategory {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The youngest age (whole years) of the category, inclusive; none: no lower bound.
    #[serde(default)]
    pub min_age: Option<u32>,
    /// The oldest age, inclusive; none: no upper bound.
    #[serde(default)]
    pub max_age: Option<u32>,
}

impl ChallengeCategory {
    pub fn holds(&self, age: u32) -> bool {
        self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
    }
}

/// The category whose ages hold `age` (categories do not overlap).
pub fn category_for_age(categories: &[ChallengeCategory], age: u32) -> Option<&ChallengeCategory> {
    categories.iter().find(|c| c.holds(age))
}

/// A guardian's consent to a child's entry (`relation`: `father`, `mother` or `guardian`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GuardianConsent {
    pub name: String,
    pub relation: String,
    pub agreed: bool,
}

/// Under this age an entry needs a guardian's consent (PIPL: a child under 14).
pub const GUARDIAN_UNDER: u32 = 14;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Challenge {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub rules: String,
    pub banner_url: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub deadline: DateTime<FixedOffset>,
    pub open: bool,
    pub categories: Vec<ChallengeCategory>,
    pub accepted_containers: Vec<String>,
    pub max_bytes: u64,
    pub max_duration_seconds: u32,
    pub entry_count: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    PendingReview,
    Approved,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Entry {
    pub id: String,
    pub challenge_id: String,
    pub title: String,
    pub description: String,
    pub category: NamedRef,
    pub author: PostAuthor,
    pub cover_url: String,
    pub playback_url: String,
    #[serde(default)]
    pub duration_seconds: Option<f64>,
    pub like_count: u64,
    pub liked_by_me: bool,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub created_at: DateTime<FixedOffset>,
    pub status: EntryStatus,
    #[serde(default)]
    pub reject_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EntryPage {
    pub items: Vec<Entry>,
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

/// Why a picked file cannot be sent (checked in the browser, before uploading).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoProblem {
    /// Not MP4, MOV or WebM by its type or name.
    Container,
    TooLarge,
    TooLong,
    /// The browser could not read its duration (not a playable video).
    Unreadable,
}

/// The container a file claims by MIME type or, failing that, by extension (the server checks
/// the bytes; this only saves a pointless upload).
pub fn container_of(mime: &str, name: &str) -> Option<&'static str> {
    match mime {
        "video/mp4" => return Some("mp4"),
        "video/quicktime" => return Some("mov"),
        "video/webm" => return Some("webm"),
        _ => {}
    }
    let ext = name.rsplit('.').next()?.to_ascii_lowercase();
    match ext.as_str() {
        "mp4" | "m4v" => Some("mp4"),
        "mov" => Some("mov"),
        "webm" => Some("webm"),
        _ => None,
    }
}

pub fn check_video(
    c: &Challenge,
    mime: &str,
    name: &str,
    bytes: f64,
    duration: Option<f64>,
) -> Option<VideoProblem> {
    let accepted =
        container_of(mime, name).is_some_and(|k| c.accepted_containers.iter().any(|a| a == k));
    if !accepted {
        Some(VideoProblem::Container)
    } else if bytes > c.max_bytes as f64 {
        Some(VideoProblem::TooLarge)
    } else {
        match duration {
            None => Some(VideoProblem::Unreadable),
            Some(d) if !d.is_finite() || d <= 0.0 => Some(VideoProblem::Unreadable),
            Some(d) if d > f64::from(c.max_duration_seconds) + 0.5 => Some(VideoProblem::TooLong),
            Some(_) => None,
        }
    }
}

/// Upload speed and time left from bytes done and seconds spent.
pub fn eta_seconds(done: f64, total: f64, speed: f64) -> Option<u64> {
    (speed > 0.0 && total >= done).then(|| ((total - done) / speed).ceil() as u64)
}

/// The order of the gallery (`?sort=popular` in the URL; latest when absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EntrySort {
    #[default]
    Latest,
    Popular,
}

impl EntrySort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Latest => "latest",
            Self::Popular => "popular",
        }
    }

    /// Anything but `popular` is the default order.
    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("popular") => Self::Popular,
            _ => Self::Latest,
        }
    }
}

/// `12.5 MB`, `830 KB`.
pub fn human_bytes(n: f64) -> String {
    if n >= 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} GB", n / 1024.0 / 1024.0 / 1024.0)
    } else if n >= 1024.0 * 1024.0 {
        format!("{:.1} MB", n / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (n / 1024.0).ceil() as u64)
    }
}

/// How long to wait before retry number `attempt` (1-based) after a network error: 1, 2, 4, …
/// seconds, at most 30.
pub fn backoff_ms(attempt: u32) -> u32 {
    1000u32
        .saturating_mul(1 << attempt.saturating_sub(1).min(5))
        .min(30_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge() -> Challenge {
        serde_json::from_str(
            r#"{"id":"ch_2021","title":"t","summary":"s","rules":"r","banner_url":"/b.svg",
            "starts_at":"2021-09-01T00:00:00+08:00","deadline":"2021-09-17T23:59:59+08:00","open":true,
            "categories":[{"id":"kids","name":"少儿组"}],"accepted_containers":["mp4","mov","webm"],
            "max_bytes":524288000,"max_duration_seconds":180,"entry_count":3}"#,
        )
        .unwrap()
    }

    #[test]
    fn videos_are_checked_before_upload() {
        let c = challenge();
        assert_eq!(check_video(&c, "video/mp4", "a.mp4", 1e6, Some(62.0)), None);
        assert_eq!(
            check_video(&c, "", "A.MOV", 1e6, Some(10.0)),
            None,
            "type from the name"
        );
        assert_eq!(
            check_video(&c, "video/x-msvideo", "a.avi", 1e6, Some(10.0)),
            Some(VideoProblem::Container)
        );
        assert_eq!(
            check_video(&c, "image/png", "a.png", 1e3, None),
            Some(VideoProblem::Container)
        );
        assert_eq!(
            check_video(&c, "video/mp4", "a.mp4", 524288001.0, Some(10.0)),
            Some(VideoProblem::TooLarge)
        );
        assert_eq!(
            check_video(&c, "video/mp4", "a.mp4", 1e6, Some(180.4)),
            None,
            "rounding slack"
        );
        assert_eq!(
            check_video(&c, "video/mp4", "a.mp4", 1e6, Some(181.0)),
            Some(VideoProblem::TooLong)
        );
        assert_eq!(
            check_video(&c, "video/webm", "a.webm", 1e6, Some(f64::INFINITY)),
            Some(VideoProblem::Unreadable)
        );
        assert_eq!(
            check_video(&c, "video/webm", "a.webm", 1e6, None),
            Some(VideoProblem::Unreadable)
        );
    }

    #[test]
    fn progress_figures() {
        assert_eq!(eta_seconds(50.0, 150.0, 10.0), Some(10));
        assert_eq!(eta_seconds(50.0, 150.0, 0.0), None);
        assert_eq!(human_bytes(1536.0 * 1024.0), "1.5 MB");
        assert_eq!(human_bytes(1000.0), "1 KB");
        assert_eq!(backoff_ms(1), 1000);
        assert_eq!(backoff_ms(3), 4000);
        assert_eq!(backoff_ms(20), 30_000);
    }
}
