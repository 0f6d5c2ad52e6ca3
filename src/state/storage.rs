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
    /// The unfinished video upload of the entry (its URL and which file it is).
    EntryUpload,
    /// The half-written post of a topic.
    PostDraft(String),
    /// The province chosen on the volunteers' leaderboard.
    VolunteerProvince,
    /// Streams the user asked to be reminded of.
    Reminders,
}

impl StorageKey {
    /// The key's name in storage (kept as it was before the keys were typed, so nothing saved
    /// by an earlier version is lost).
    pub fn name(&self) -> String {
        match self {
            StorageKey::Session => "kepuri.session".into(),
            StorageKey::EntryDraft => "kepuri.draft.entry".into(),
            StorageKey::EntryUpload => "kepuri.upload.entry".into(),
            StorageKey::PostDraft(topic) => format!("kepuri.draft.post.{topic}"),
            StorageKey::VolunteerProvince => "kepuri.vol.province".into(),
            StorageKey::Reminders => "kepuri.reminders".into(),
        }
    }
}

/// The browser's local storage, when it is available (not in private modes that refuse it).
pub fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value kept under `key`; `None` when there is none or it no longer parses.
pub fn load<T: DeserializeOwned>(key: &StorageKey) -> Option<T> {
    let raw = storage()?.get_item(&key.name()).ok().flatten()?;
    serde_json::from_str(&raw).ok()
}

/// Keeps `value` under `key` (silently nothing when storage is unavailable or full: what is
/// kept is a convenience, the page still holds the value).
pub fn save<T: Serialize + ?Sized>(key: &StorageKey, value: &T) {
    if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = s.set_item(&key.name(), &json);
    }
}

pub fn forget(key: &StorageKey) {
    if let Some(s) = storage() {
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
}
