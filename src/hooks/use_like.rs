//! `use_like`: the like/unlike toggle of posts and entries. A tap shows the new state at once
//! (optimistic), sends it, settles on the server's answer, or rolls back and says why in a toast.
//! Logged out, a tap goes to login and comes back here, where the like is then done (with a
//! toast saying so): the tap is remembered as a pending intent (`state::pending_intent`).
//!
//! ```ignore
//! let like = use_like((IntentKind::LikePost, id.clone()),
//!     LikeView { count: post.like_count, liked: post.liked_by_me },
//!     move |want| set_post_like(&id, want));
//! view! { <LikeButton like=like.like pending=like.pending on_like=like.toggle/> }
//! ```
use crate::api::ApiError;
use crate::components::error_message;
use crate::i18n::t;
use crate::models::{LikeState, LikeView};
use crate::state::{
    current_path, login_href, stash_intent, take_intent, use_session, use_toasts, IntentKind,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::future::Future;

#[derive(Clone, Copy)]
pub struct UseLikeReturn {
    /// What the button shows.
    pub like: RwSignal<LikeView>,
    /// A like is on its way (the button is disabled).
    pub pending: RwSignal<bool>,
    /// A tap.
    pub toggle: Callback<()>,
}

/// `send(want)` asks the server to like (`true`) or unlike (`false`); `intent` names the liked
/// thing, for finishing a like started before logging in.
pub fn use_like<F, Fut>(intent: (IntentKind, String), initial: LikeView, send: F) -> UseLikeReturn
where
    F: Fn(bool) -> Fut + 'static,
    Fut: Future<Output = Result<LikeState, ApiError>> + 'static,
{
    let like = RwSignal::new(initial);
    let pending = RwSignal::new(false);
    let session = use_session();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let send = StoredValue::new_local(send);
    let (kind, target) = intent;
    // `done`: the toast once the server took it (for a like finished after login).
    let toggle_with = move |done: Option<&'static str>| {
        if pending.get_untracked() {
            return;
        }
        let before = like.get_untracked();
        let shown = before.toggled();
        let Some(request) = send.try_with_value(|f| f(shown.liked)) else {
            return;
        };
        like.set(shown);
        pending.set(true);
        leptos::task::spawn_local(async move {
            match request.await {
                Ok(state) => {
                    like.try_set(state.into());
                    if let Some(done) = done {
                        toasts.show(done);
                    }
                }
                Err(e) => {
                    like.try_set(before);
                    toasts.show(error_message(&e));
                }
            }
            pending.try_set(false);
        });
    };
    if session.is_logged_in() {
        let wanted = take_intent(kind, &target).is_some_and(|i| i.payload == "true");
        if wanted && !like.get_untracked().liked {
            toggle_with(Some(t().intent_liked));
        }
    }
    let toggle = Callback::new(move |()| {
        if !session.is_logged_in() {
            let want = !like.get_untracked().liked;
            stash_intent(kind, &target, "", if want { "true" } else { "false" });
            navigate(&login_href(&current_path()), Default::default());
            return;
        }
        toggle_with(None);
    });
    UseLikeReturn {
        like,
        pending,
        toggle,
    }
}
