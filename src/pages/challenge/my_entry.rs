//! One of 我的作品 on /me: the entry's card and, when it was rejected, the way to re-submit it
//! with a new video (on the entry's page, where the reason and 撤回 are too).
use super::text::tx;
use super::EntryCard;
use crate::models::{Entry, EntryStatus};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn MyEntry(entry: Entry) -> impl IntoView {
    let resubmit = (entry.status == EntryStatus::Rejected)
        .then(|| format!("/challenge/entries/{}?resubmit=1", entry.id));
    view! {
        <EntryCard entry/>
        {resubmit.map(|href| view! {
            <A href attr:class="button button--ghost button--block my-entry__resubmit" attr:data-testid="resubmit-link">{tx().resub_cta}</A>
        })}
    }
}
