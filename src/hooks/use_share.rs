//! `use_share`: shares the page being shown (the Web Share sheet where the browser has one,
//! otherwise its link is copied) and says in a toast what happened when it was not shared.
//!
//! ```ignore
//! let share = use_share();
//! view! { <button on:click=move |_| share.run(title.clone())>{s.share}</button> }
//! ```
use crate::i18n::t;
use crate::share::{share_or_copy, ShareOutcome};
use crate::state::use_toasts;
use leptos::prelude::*;

/// A callback that shares this page's URL under the given title.
pub fn use_share() -> Callback<String> {
    let toasts = use_toasts();
    Callback::new(move |title: String| {
        let url = web_sys::window()
            .and_then(|w| w.location().href().ok())
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            let s = t();
            match share_or_copy(&title, &url).await {
                ShareOutcome::Copied => toasts.show(s.link_copied),
                ShareOutcome::Failed => toasts.show(s.share_failed),
                ShareOutcome::Shared | ShareOutcome::Cancelled => {}
            }
        });
    })
}
