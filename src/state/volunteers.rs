//! 点赞科技志愿 state that outlives a page: the loaded list (so Back restores it), what each like
//! button shows (so a like on the detail page shows in the list too), the likes left today, and
//! the one like in flight per volunteer with its Idempotency-Key.
use crate::api::client::new_idempotency_key;
use crate::api::volunteers::{fetch_my_likes, like_volunteer};
use crate::api::ApiError;
use crate::components::error_message;
use crate::hooks::PagedState;
use crate::models::{LikeAnswer, LikeView, MyLikesToday, Volunteer};
use crate::state::{use_section_state, use_session, SessionState};
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Copy)]
pub struct VolunteerState {
    /// The list at `/volunteers` (its meta is the total).
    pub list: PagedState<Volunteer, Option<u64>>,
    /// Like buttons as last known here, over what the lists were fetched with.
    known: RwSignal<HashMap<String, LikeView>>,
    /// Volunteers with a like in flight (their buttons are disabled).
    pending: RwSignal<Vec<String>>,
    /// Why the last like of a volunteer did not count, shown next to its button.
    errors: RwSignal<HashMap<String, String>>,
    /// The Idempotency-Key of each intended like that may still be retried: created once, reused
    /// when the user taps again after a network failure, dropped once the server has decided.
    keys: StoredValue<HashMap<String, String>>,
    /// Likes left today, once the server said (a like's answer, the leaderboard, /me/likes).
    pub remaining: RwSignal<Option<u32>>,
    /// The last answer of `/me/likes` (for 我的).
    pub mine: RwSignal<Option<Result<MyLikesToday, ApiError>>>,
    /// Whether to offer logging in (a logged-out user tapped a like), and for which volunteer.
    pub login_open: RwSignal<bool>,
    pub login_for: StoredValue<String>,
    session: SessionState,
}

impl VolunteerState {
    /// What the like button of `id` shows, given the values it was fetched with.
    pub fn like_view(&self, id: &str, fetched: LikeView) -> LikeView {
        self.known.with(|k| k.get(id).copied()).unwrap_or(fetched)
    }

    pub fn is_pending(&self, id: &str) -> bool {
        self.pending.with(|p| p.iter().any(|x| x == id))
    }

    pub fn error(&self, id: &str) -> Option<String> {
        self.errors.with(|e| e.get(id).cloned())
    }

    fn set_error(&self, id: &str, message: Option<String>) {
        self.errors.update(|e| match message {
            Some(m) => {
                e.insert(id.to_string(), m);
            }
            None => {
                e.remove(id);
            }
        });
    }

    /// A tap on the like button of `id`: shows the like at once, sends it, then settles on the
    /// server's answer (or rolls back and says why). Taps while one is in flight do nothing.
    pub fn like(&self, id: String, fetched: LikeView) {
        if self.pending.with_untracked(|p| p.contains(&id)) {
            return;
        }
        let before = self
            .known
            .with_untracked(|k| k.get(&id).copied())
            .unwrap_or(fetched);
        let Some(shown) = before.optimistic() else {
            self.set_error(&id, Some(crate::i18n::t().vol_already_liked.to_string()));
            return;
        };
        if !self.session.is_logged_in() {
            self.offer_login(id);
            return;
        }
        let key = self
            .keys
            .try_update_value(|k| {
                k.entry(id.clone())
                    .or_insert_with(new_idempotency_key)
                    .clone()
            })
            .unwrap_or_default();
        self.set_error(&id, None);
        self.known.update(|k| {
            k.insert(id.clone(), shown);
        });
        self.pending.update(|p| p.push(id.clone()));
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = like_volunteer(&id, &key).await;
            let answer = match &result {
                Ok(r) => {
                    this.remaining.set(Some(r.remaining_likes_today));
                    LikeAnswer::Counted(r.like_count)
                }
                Err(ApiError::Conflict(_)) => LikeAnswer::AlreadyLiked,
                Err(_) => LikeAnswer::Failed,
            };
            if let Err(e) = &result {
                match e {
                    ApiError::RateLimited { .. } => this.remaining.set(Some(0)),
                    ApiError::Unauthorized(_) => this.offer_login(id.clone()),
                    _ => {}
                }
                this.set_error(&id, Some(error_message(e)));
            }
            // Only a like whose fate is unknown (no answer, 5xx) is retried with the same key.
            if !matches!(&result, Err(e) if e.is_transient()) {
                this.keys.update_value(|k| {
                    k.remove(&id);
                });
            }
            this.known.update(|k| {
                k.insert(id.clone(), before.settle(answer));
            });
            this.pending.update(|p| p.retain(|x| x != &id));
        });
    }

    fn offer_login(&self, id: String) {
        self.login_for.set_value(id);
        self.login_open.set(true);
    }

    /// Asks the server for my likes today and how many are left (logged in only).
    pub fn refresh_remaining(&self) {
        if !self.session.is_logged_in() {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            let result = fetch_my_likes().await;
            if let Ok(m) = &result {
                this.remaining.set(Some(m.remaining));
            }
            this.mine.set(Some(result));
        });
    }
}

pub fn use_volunteers() -> VolunteerState {
    use_section_state(new_volunteer_state)
}

fn new_volunteer_state() -> VolunteerState {
    let session = use_session();
    let state = VolunteerState {
        list: PagedState::new(),
        known: RwSignal::new(HashMap::new()),
        pending: RwSignal::new(Vec::new()),
        errors: RwSignal::new(HashMap::new()),
        keys: StoredValue::new(HashMap::new()),
        remaining: RwSignal::new(None),
        mine: RwSignal::new(None),
        login_open: RwSignal::new(false),
        login_for: StoredValue::new(String::new()),
        session,
    };
    // Another user (or none): what we knew about likes was theirs, and the list is personalised.
    Effect::new(move |previous: Option<bool>| {
        let logged_in = session.is_logged_in();
        if previous.is_some_and(|p| p != logged_in) {
            state.known.set(HashMap::new());
            state.errors.set(HashMap::new());
            state.remaining.set(None);
            state.list.key.set(None);
        }
        logged_in
    });
    state
}
