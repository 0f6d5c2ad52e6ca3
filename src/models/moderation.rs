//! 内容审核: the moderators' queues (entries, reported posts), banned words, and the caller's roles.
use super::{EntryStatus, NamedRef, PostAuthor};
use serde::Deserialize;

/// Why an entry was rejected.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct EntryRejection {
    pub reason: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A user as moderators see them (a masked phone, never the full one).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Submitter {
    pub id: String,
    pub display_name: String,
    pub phone_masked: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    pub at: String,
    pub moderator: PostAuthor,
    pub action: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ModerationEntry {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: NamedRef,
    pub submitter: Submitter,
    pub cover_url: String,
    pub playback_url: String,
    #[serde(default)]
    pub duration_seconds: Option<f64>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    pub created_at: String,
    pub status: EntryStatus,
    pub claimed_by_other: bool,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ModerationEntryPage {
    pub items: Vec<ModerationEntry>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReportedPost {
    pub id: String,
    pub topic_id: String,
    pub author: Submitter,
    pub text: String,
    #[serde(default)]
    pub image_url: Option<String>,
    /// `visible`, `held` or `hidden`.
    pub status: String,
    pub report_count: u32,
    pub reporter_count: u32,
    pub reasons: Vec<ReasonCount>,
    #[serde(default)]
    pub notes: Vec<String>,
    pub claimed_by_other: bool,
    #[serde(default)]
    pub audit: Vec<AuditEntry>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReportedPostPage {
    pub items: Vec<ReportedPost>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BannedWord {
    pub word: String,
    pub category: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BannedWordList {
    pub items: Vec<BannedWord>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Mute {
    pub muted_until: String,
}
