//! The browser's local storage, through one typed key per thing kept and JSON for every value,
//! so no page spells a key or parses a stored string by hand.
use serde::{de::DeserializeOwned, Serialize};

/// Everything the app keeps in local storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageKey {
    /// The logged-in session (token and user).
    Session,
    /// The half-written challenge entry (title, description, category, idempotency key).
    EntryDraft,
    /// The entrant's age and guardian's consent as typed for the entry.
    EntrantDraft,
    /// The unfinished video upload of the entry (its URL and which file it is).
    EntryUpload,
    /// A rejected entry's new title and description as typed (by entry id), with the key.
    ResubmitDraft(String),
    /// The unfinished upload of a rejected entry's new video (by entry id).
    ResubmitUpload(String),
    /// The half-written post of a topic.
    PostDraft(String),
    /// An activity's form as typed (by activity id, `new` before the server gave it one), with
    /// its step and the version it is based on.
    ActivityDraft(String),
    /// A unit's 工作总结 as typed (by unit id), with the version it is based on (summary).
    SummaryDraft(String),
    /// The visitor's city (附近) with its province.
    NearCity,
    /// Streams the user asked to be reminded of.
    Reminders,
    /// The interface language (`zh-CN`, `en`).
    Locale,
    /// The phone number typed on the login page (this tab only: session storage).
    LoginPhone,
    /// An action that needed a login, to finish after it (this tab only: session storage).
    PendingIntent,
    /// An action done offline, to send once online (by kind and target, e.g. `post.tp_1`).
    HeldIntent(String),
    /// The 反馈评价 comment as typed (by activity id).
    FeedbackDraft(String),
}

impl StorageKey {
    /// The key's name in storage (kept as it was before the keys were typed, so nothing saved
    /// by an earlier version is lost).
    pub fn name(&self) -> String {
        match self {
            StorageKey::Session => "kepuri.session".into(),
            StorageKey::EntryDraft => "kepuri.draft.entry".into(),
            StorageKey::EntryUpload => "kepuri.upload.entry".into(),
            StorageKey::EntrantDraft => "kepuri.draft.entrant".into(),
            StorageKey::ResubmitDraft(id) => format!("kepuri.draft.resubmit.{id}"),
            StorageKey::ResubmitUpload(id) => format!("kepuri.upload.resubmit.{id}"),
            StorageKey::PostDraft(topic) => format!("kepuri.draft.post.{topic}"),
            StorageKey::ActivityDraft(id) => format!("kepuri.draft.activity.{id}"),
            StorageKey::SummaryDraft(id) => format!("kepuri.draft.summary.{id}"), // summary
            StorageKey::NearCity => "kepuri.near.city".into(),
            StorageKey::Reminders => "kepuri.reminders".into(),
            StorageKey::Locale => "kepuri.locale".into(),
            StorageKey::LoginPhone => "kepuri.login.phone".into(),
            StorageKey::PendingIntent => "kepuri.intent".into(),
            StorageKey::HeldIntent(what) => format!("kepuri.intent.held.{what}"),
            StorageKey::FeedbackDraft(id) => format!("kepuri.draft.feedback.{id}"),
        }
    }

    /// Where the value lives: the tab's session storage for what must not outlive the tab.
    fn store(&self) -> Option<web_sys::Storage> {
        let window = web_sys::window()?;
        match self {
            StorageKey::LoginPhone | StorageKey::PendingIntent => {
                window.session_storage().ok().flatten()
            }
            _ => window.local_storage().ok().flatten(),
        }
    }
}

/// The value kept under `key`; `None` when there is none or it no longer parses. Text kept
/// as it is (not JSON) by earlier versions is still read as a string.
pub fn load<T: DeserializeOwned>(key: &StorageKey) -> Option<T> {
    let raw = key.store()?.get_item(&key.name()).ok().flatten()?;
    parse(raw)
}

fn parse<T: DeserializeOwned>(raw: String) -> Option<T> {
    // The fallback quotes the text and parses it with the same `from_str::<T>` (no second,
    // Value-based deserializer per type in the wasm).
    serde_json::from_str(&raw).ok().or_else(|| {
        serde_json::to_string(&raw)
            .ok()
            .and_then(|quoted| serde_json::from_str(&quoted).ok())
    })
}

/// Keeps `value` under `key` (silently nothing when storage is unavailable or full: what is
/// kept is a convenience, the page still holds the value).
pub fn save<T: Serialize + ?Sized>(key: &StorageKey, value: &T) {
    if let (Some(s), Ok(json)) = (key.store(), serde_json::to_string(value)) {
        let _ = s.set_item(&key.name(), &json);
    }
}

pub fn forget(key: &StorageKey) {
    if let Some(s) = key.store() {
        let _ = s.remove_item(&key.name());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_stored_names() {
        assert_eq!(StorageKey::Session.name(), "kepuri.session");
        assert_eq!(
            StorageKey::PostDraft("tp_1".into()).name(),
            "kepuri.draft.post.tp_1"
        );
        assert_ne!(
            StorageKey::EntryDraft.name(),
            StorageKey::EntryUpload.name()
        );
    }

    #[test]
    fn json_and_older_plain_text_both_read() {
        assert_eq!(parse::<String>("\"草稿\"".into()), Some("草稿".to_string()));
        assert_eq!(parse::<String>("草稿".into()), Some("草稿".to_string()));
        assert_eq!(parse::<Vec<u32>>("[1,2]".into()), Some(vec![1, 2]));
        assert_eq!(parse::<Vec<u32>>("oops".into()), None);
    }
}
