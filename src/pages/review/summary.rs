//! The 工作总结 of a unit on the reviewer's unit page: its figures always, its text and
//! attachments once submitted (`GET /review/units/{id}/summary`).
use crate::api::summary::review_summary;
use crate::components::Remote;
use crate::models::SummaryStatus;
use crate::pages::organiser::summary::{FiguresView, SummaryView};
use leptos::prelude::*;

#[component]
pub fn UnitSummaryReview(id: String) -> impl IntoView {
    let summary = LocalResource::new(move || {
        let id = id.clone();
        async move { review_summary(&id).await }
    });
    view! {
        <leptos_meta::Stylesheet id="summary-css" href="/summary.css"/>
        <section class="org-section" aria-labelledby="review-summary-heading" data-testid="review-summary">
            <h2 class="section-heading" id="review-summary-heading">"工作总结"</h2>
            <Remote resource=summary compact=true skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:s>
                <FiguresView figures=s.figures.clone()/>
                {match s.status {
                    SummaryStatus::Submitted => view! { <SummaryView blocks=s.blocks.clone() attachments=s.attachments.clone()/> }.into_any(),
                    SummaryStatus::Draft => view! { <p class="state__body">"该单位尚未提交工作总结。"</p> }.into_any(),
                }}
            </Remote>
        </section>
    }
}
