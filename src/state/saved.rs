//! 收藏 state for the whole visit: which activities the logged-in user saved (one
//! `GET /me/saved/ids` per login, not one request per card), the saves and unsaves in flight
//! (what their buttons show until the server answers), and the tap itself: optimistic, rolled
//! back with a toast on failure, and — logged out — remembered as a pending intent and done once
//! after login by the button of the same activity.
//!
//! Only the signals and their reads are here (what a card's button needs to paint): loading the
//! ids, the writes and 我的收藏 are the late pack `saved` (`crate::pages::saved`, through
//! `crate::sections::saved_work`), fetched when a logged-in visit first shows a button or a
//! button is tapped, so the activities pack does not carry them.
//!
//! ```ignore
//! let saved = use_saved_activities();
//! let pressed = move || saved.is_saved(&id) == Some(true);
//! saved.toggle(id.clone());
//! ```
use crate::state::{take_intent, use_section_state, use_session, use_toasts, IntentKind};
use crate::state::{SessionState, Toasts};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SavedActivities {
    /// The saved ids as the server last said, the latest first (`None` until known; logged out).
    pub(crate) ids: RwSignal<Option<Vec<String>>>,
    /// Writes in flight: the activity and whether it is being saved (`true`) or removed.
    pub(crate) pending: RwSignal<Vec<(String, bool)>>,
    /// Bumped by every finished write, so a read of the ids that raced one is done again.
    pub(crate) writes: StoredValue<u64>,
    pub(crate) session: SessionState,
    pub(crate) toasts: Toasts,
}

/// What the late pack `saved` is asked to do (`crate::pages::saved::saved_work`).
pub enum SavedWork {
    /// Read the saved ids (someone logged in).
    Load,
    /// A tap by someone logged in: save or remove the activity.
    Toggle(String),
    /// After login: the save a logged-out tap asked for, unless it is saved already.
    Save(String),
}

/// The visit's saved activities (loaded, and loaded again, whenever who is logged in changes).
pub fn use_saved_activities() -> SavedActivities {
    let session = use_session();
    let toasts = use_toasts();
    use_section_state(move || {
        let state = SavedActivities {
            ids: RwSignal::new(None),
            pending: RwSignal::new(Vec::new()),
            writes: StoredValue::new(0),
            session,
            toasts,
        };
        Effect::new(move |_| {
            let who = session.user().map(|u| u.id);
            state.ids.set(None);
            if who.is_some() {
                state.ask(SavedWork::Load);
            }
        });
        state
    })
}

impl SavedActivities {
    /// Hands `work` to the late pack (fetched the first time).
    pub(crate) fn ask(self, work: SavedWork) {
        leptos::task::spawn_local(crate::sections::saved_work(self, work));
    }

    /// Whether `id` is saved (a write in flight counts as done); `None` while unknown.
    pub fn is_saved(&self, id: &str) -> Option<bool> {
        if let Some(want) = self
            .pending
            .with(|p| p.iter().find(|(p, _)| p == id).map(|(_, want)| *want))
        {
            return Some(want);
        }
        self.ids
            .with(|ids| ids.as_ref().map(|ids| ids.iter().any(|x| x == id)))
    }

    /// A tap by someone logged in: saves or removes `id`.
    pub fn toggle(&self, id: String) {
        self.ask(SavedWork::Toggle(id));
    }

    /// Done once after login: the save a logged-out tap on `id`'s button asked for.
    pub fn finish_intent(&self, id: &str) {
        if self.session.is_logged_in() && take_intent(IntentKind::SaveActivity, id).is_some() {
            self.ask(SavedWork::Save(id.to_string()));
        }
    }
}
