//! Finishing what the visitor started: an action that needed a login (a like, a poll vote, a
//! post, a reservation, a 收藏) is remembered before the visitor is sent to log in, and done by the page it was
//! started on once the visitor is back and logged in — once, with the Idempotency-Key made when
//! it was started, and only within ten minutes (an old intent is not acted on by surprise).
//!
//! ```ignore
//! // logged out, on a tap:
//! stash_intent(IntentKind::Vote, &topic_id, &key, &ids.join("\n"));
//! navigate(&login_href(&current_path()), Default::default());
//! // on the page, once logged in:
//! if let Some(intent) = take_intent(IntentKind::Vote, &topic_id) { /* vote, toast */ }
//! ```
//!
//! An action done offline (a post) is held the same way until the browser is online again, but
//! in local storage (it outlives a reload and the tab), one per kind and target, and with no
//! time limit (the page shows it as waiting): it is forgotten only once the server took it, so a
//! reload or a dropped answer sends it again with the same key, which the server replays.
//!
//! ```ignore
//! hold_intent(IntentKind::Post, &topic_id, &key, &text);   // offline, on a tap
//! if let Some(held) = held_intent(IntentKind::Post, &topic_id) { /* send with held.key */ }
//! release_intent(IntentKind::Post, &topic_id);             // once the server answered 2xx
//! ```
use super::storage::{self, StorageKey};

/// How long a remembered action stays worth doing.
const LIFETIME_MS: f64 = 10.0 * 60.0 * 1000.0;
/// Between the parts of the stored record (a character no id, key or typed text holds).
const SEP: char = '\u{1f}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntentKind {
    LikeEntry,
    LikePost,
    Vote,
    Post,
    Reserve,
    SaveActivity,
    /// 反馈评价: the stars and comment chosen before logging in.
    Rate,
}

impl IntentKind {
    const ALL: [IntentKind; 7] = [
        IntentKind::LikeEntry,
        IntentKind::LikePost,
        IntentKind::Vote,
        IntentKind::Post,
        IntentKind::Reserve,
        IntentKind::SaveActivity,
        IntentKind::Rate,
    ];

    fn name(self) -> &'static str {
        match self {
            IntentKind::LikeEntry => "like_entry",
            IntentKind::LikePost => "like_post",
            IntentKind::Vote => "vote",
            IntentKind::Post => "post",
            IntentKind::Reserve => "reserve",
            IntentKind::SaveActivity => "save_activity",
            IntentKind::Rate => "rate",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PendingIntent {
    pub kind: IntentKind,
    /// What it acts on (an entry, a post, a topic).
    pub target: String,
    /// The Idempotency-Key made when the action was started.
    pub key: String,
    /// What the action sends, as text: the chosen poll options one a line, a post's text,
    /// `true` for a like, the party size of a reservation.
    pub payload: String,
    /// When it was started (milliseconds since the epoch, the device's clock: only the time
    /// passed since then is used).
    pub at: f64,
}

impl PendingIntent {
    /// The action as the visitor does it now (stashed for after login, or held until online).
    fn now(kind: IntentKind, target: &str, key: &str, payload: &str) -> Self {
        PendingIntent {
            kind,
            target: target.to_string(),
            key: key.to_string(),
            payload: payload.to_string(),
            at: now_ms(),
        }
    }

    fn is_for(&self, kind: IntentKind, target: &str) -> bool {
        self.kind == kind && self.target == target
    }

    fn is_fresh(&self, now_ms: f64) -> bool {
        now_ms >= self.at && now_ms - self.at <= LIFETIME_MS
    }

    /// The stored record: plain text (a serde type of its own would add its decoder to every
    /// chunk that finishes an action; the time as whole milliseconds, so no float formatting or
    /// parsing comes with it either).
    fn record(&self) -> String {
        let mut record = String::new();
        for part in [
            self.kind.name(),
            &self.target,
            &self.key,
            &(self.at as u64).to_string(),
        ] {
            record.push_str(part);
            record.push(SEP);
        }
        record.push_str(&self.payload);
        record
    }

    fn from_record(record: &str) -> Option<Self> {
        let mut parts = record.splitn(5, SEP);
        let name = parts.next()?;
        let kind = IntentKind::ALL.into_iter().find(|k| k.name() == name)?;
        Some(Self {
            kind,
            target: parts.next()?.to_string(),
            key: parts.next()?.to_string(),
            at: parts.next()?.parse::<u64>().ok()? as f64,
            payload: parts.next()?.to_string(),
        })
    }
}

fn held_key(kind: IntentKind, target: &str) -> StorageKey {
    StorageKey::HeldIntent(format!("{}.{target}", kind.name()))
}

/// Holds the action done offline until [`release_intent`] (it replaces one held for the same
/// kind and target).
pub fn hold_intent(kind: IntentKind, target: &str, key: &str, payload: &str) -> PendingIntent {
    let intent = PendingIntent::now(kind, target, key, payload);
    storage::save(&held_key(kind, target), &intent.record());
    intent
}

/// The action of `kind` on `target` held until online, if any (it stays held).
pub fn held_intent(kind: IntentKind, target: &str) -> Option<PendingIntent> {
    let record = storage::load::<String>(&held_key(kind, target))?;
    PendingIntent::from_record(&record).filter(|i| i.is_for(kind, target))
}

/// Forgets the held action (the server took it).
pub fn release_intent(kind: IntentKind, target: &str) {
    storage::forget(&held_key(kind, target));
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Remembers the action (the latest one only: one login finishes one action).
pub fn stash_intent(kind: IntentKind, target: &str, key: &str, payload: &str) {
    let intent = PendingIntent::now(kind, target, key, payload);
    storage::save(&StorageKey::PendingIntent, &intent.record());
}

/// The remembered action of `kind` on `target`, forgotten as it is handed out (so it is done
/// once); `None` when there is none, or it is too old (then forgotten too).
pub fn take_intent(kind: IntentKind, target: &str) -> Option<PendingIntent> {
    let record = storage::load::<String>(&StorageKey::PendingIntent)?;
    let Some(intent) = PendingIntent::from_record(&record) else {
        forget_now();
        return None;
    };
    take(intent, kind, target, now_ms())
}

fn take(
    intent: PendingIntent,
    kind: IntentKind,
    target: &str,
    now_ms: f64,
) -> Option<PendingIntent> {
    let fresh = intent.is_fresh(now_ms);
    if !fresh || intent.is_for(kind, target) {
        forget_now();
    }
    (fresh && intent.is_for(kind, target)).then_some(intent)
}

fn forget_now() {
    #[cfg(target_arch = "wasm32")]
    storage::forget(&StorageKey::PendingIntent);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(at: f64) -> PendingIntent {
        PendingIntent {
            kind: IntentKind::Vote,
            target: "tp_1".into(),
            key: "k1".into(),
            payload: "opt_1".into(),
            at,
        }
    }

    #[test]
    fn an_intent_is_taken_only_by_its_own_kind_and_target_and_only_while_fresh() {
        let t0 = 1_000_000.0;
        assert_eq!(
            take(vote(t0), IntentKind::Vote, "tp_1", t0 + 5_000.0),
            Some(vote(t0))
        );
        assert_eq!(take(vote(t0), IntentKind::Vote, "tp_2", t0), None);
        assert_eq!(take(vote(t0), IntentKind::LikePost, "tp_1", t0), None);
        assert_eq!(
            take(vote(t0), IntentKind::Vote, "tp_1", t0 + 11.0 * 60_000.0),
            None,
            "older than ten minutes"
        );
        assert_eq!(
            take(vote(t0), IntentKind::Vote, "tp_1", t0 - 1.0),
            None,
            "a clock set back"
        );
    }

    #[test]
    fn every_kind_reads_back_as_itself() {
        for kind in IntentKind::ALL {
            let mut intent = vote(1.0);
            intent.kind = kind;
            assert_eq!(PendingIntent::from_record(&intent.record()), Some(intent));
        }
    }

    #[test]
    fn its_record_reads_back_with_any_text() {
        let mut post = vote(1_700_000_000_123.0);
        post.kind = IntentKind::Post;
        post.payload = "第一行\n#点亮好奇心# 还有 | 符号".into();
        assert_eq!(PendingIntent::from_record(&post.record()), Some(post));
        assert_eq!(
            PendingIntent::from_record(&vote(1.0).record()),
            Some(vote(1.0))
        );
        assert_eq!(PendingIntent::from_record("nonsense"), None);
    }

    #[test]
    fn held_actions_are_kept_apart_by_kind_and_target() {
        assert_eq!(
            held_key(IntentKind::Post, "tp_1").name(),
            "kepuri.intent.held.post.tp_1"
        );
        assert_ne!(
            held_key(IntentKind::Post, "tp_1"),
            held_key(IntentKind::Post, "tp_2")
        );
        assert_ne!(
            StorageKey::PendingIntent.name(),
            held_key(IntentKind::Vote, "").name()
        );
    }
}
