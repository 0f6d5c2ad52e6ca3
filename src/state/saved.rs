//! 收藏 state for the whole visit: which activities the logged-in user saved (one
//! `GET /me/saved/ids` per login, not one request per card), the saves and unsaves in flight
//! (what their buttons show until the server answers), and the tap itself: optimistic, rolled
//! back with a toast on failure, and — logged out — remembered as a pending intent and done once
//! after login by the button of the same activity.
//!
//! ```ignore
//! let saved = use_saved_activities();
//! let pressed = move || saved.is_saved(&id) == Some(true);
//! saved.toggle(id.clone());
//! ```
use crate::api::saved::{saved_ids, set_saved};
use crate::components::error_message;
use crate::i18n::t;
use crate::state::{take_intent, use_section_state, use_session, use_toasts, IntentKind};
use crate::state::{SessionState, Toasts};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SavedActivities {
    /// The saved ids as the server last said, the latest first (`None` until known; logged out).
    ids: RwSignal<Option<Vec<String>>>,
    /// Writes in flight: the activity and whether it is being saved (`true`) or removed.
    pending: RwSignal<Vec<(String, bool)>>,
    /// Bumped by every finished write, so a read of the ids that raced one is done again.
    writes: StoredValue<u64>,
    session: SessionState,
    toasts: Toasts,
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
                state.load();
            }
        });
        state
    })
}

impl SavedActivities {
    fn load(self) {
        let started = self.writes.get_value();
        leptos::task::spawn_local(async move {
            let answer = saved_ids().await;
            if self.writes.try_get_value() != Some(started) {
                // A save or unsave finished meanwhile: this answer may not include it.
                return self.load();
            }
            // On failure the buttons stay unknown (shown unsaved); a tap still works and says
            // what failed.
            if let Ok(saved) = answer {
                self.ids.try_set(Some(saved.ids));
            }
        });
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
        let want = self.is_saved(&id) != Some(true);
        self.send(id, want, None);
    }

    /// Done once after login: the save a logged-out tap on `id`'s button asked for.
    pub fn finish_intent(&self, id: &str) {
        if self.session.is_logged_in()
            && take_intent(IntentKind::SaveActivity, id).is_some()
            && self.is_saved(id) != Some(true)
        {
            self.send(id.to_string(), true, Some(t().intent_saved));
        }
    }

    fn send(self, id: String, want: bool, done: Option<&'static str>) {
        if self
            .pending
            .with_untracked(|p| p.iter().any(|(p, _)| *p == id))
        {
            return;
        }
        self.pending.update(|p| p.push((id.clone(), want)));
        leptos::task::spawn_local(async move {
            let answer = set_saved(&id, want).await;
            self.writes.update_value(|w| *w += 1);
            if answer.is_ok() {
                let unknown = self.ids.with_untracked(Option::is_none);
                self.ids.update(|ids| {
                    let ids = ids.get_or_insert_with(Vec::new);
                    ids.retain(|x| *x != id);
                    if want {
                        ids.insert(0, id.clone());
                    }
                });
                if unknown {
                    // The rest was not known yet: the whole list, now with this write in it.
                    self.load();
                }
            }
            // Settled (or rolled back): the button shows the known state again.
            self.pending.update(|p| p.retain(|(p, _)| *p != id));
            match answer {
                Ok(()) => done.into_iter().for_each(|d| self.toasts.show(d)),
                Err(e) => self.toasts.show(error_message(&e)),
            }
        });
    }
}
