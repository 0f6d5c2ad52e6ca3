//! `use_like`: the like/unlike toggle of posts and entries. A tap shows the new state at once
//! (optimistic), sends it, settles on the server's answer, or rolls back and says why in a toast.
//! Logged out, a tap goes to login and comes back here.
//!
//! ```ignore
//! let like = use_like(LikeView { count: post.like_count, liked: post.liked_by_me },
//!     move |want| set_post_like(&id, want));
//! view! { <LikeButton like=like.like pending=like.pending on_like=like.toggle/> }
//! ```
use crate::api::ApiError;
use crate::components::error_message;
use crate::models::{LikeState, LikeView};
use crate::state::{current_path, login_href, use_session, use_toasts};
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

/// `send(want)` asks the server to like (`true`) or unlike (`false`).
pub fn use_like<F, Fut>(initial: LikeView, send: F) -> UseLikeReturn
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
    let toggle = Callback::new(move |()| {
        if !session.is_logged_in() {
            navigate(&login_href(&current_path()), Default::default());
            return;
        }
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
                }
                Err(e) => {
                    like.try_set(before);
                    toasts.show(error_message(&e));
                }
            }
            pending.try_set(false);
        });
    });
    UseLikeReturn {
        like,
        pending,
        toggle,
    }
}
