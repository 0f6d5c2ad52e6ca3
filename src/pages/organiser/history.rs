//! An activity's or a unit's history: who changed its status, when (China time), from what to
//! what, and why.

use crate::models::HistoryEntry;
use leptos::prelude::*;

#[component]
pub fn HistoryList(items: Vec<HistoryEntry>) -> impl IntoView {
    view! {
        <ol class="history" data-testid="history">
            {items.into_iter().map(|h| {
                let when = crate::format::date_time(&h.at);
                let change = match h.from {
                    Some(from) => format!("{} → {}", from.label(), h.to.label()),
                    None => h.to.label().to_string(),
                };
                view! {
                    <li class="history__item">
                        <p class="history__change">{change}</p>
                        <p class="history__meta">{when}" · "{h.actor.display_name}</p>
                        {h.reason.map(|r| view! { <p class="history__reason">"原因："{r}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
