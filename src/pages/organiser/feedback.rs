//! `/organiser/activities/:id/feedback` (活动评价, issue 17 反馈评价): the organiser sees every
//! rating of their activity — the average and the distribution (the public page's figures), then
//! each rating with its comment (as text) and where the comment is in moderation. Behind the
//! results route type, in the late pack `results` (the organiser pack is at its budget).
use super::access::RoleGate;
use super::use_organiser_style;
use crate::api::feedback::{feedback_summary, organiser_feedback};
use crate::components::{PagedList, Remote};
use crate::format::china_datetime;
use crate::hooks::{use_paged, PagedState};
use crate::models::{CommentStatus, Feedback};
use crate::pages::activity_after::feedback::Figures;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The late pack `results`: an activity's after-the-week pages for its organisers, `…/results`
/// (活动回顾) and `…/feedback` (活动评价), behind one route type.
#[component]
pub fn OrganiserAfterPage() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let feedback = Memo::new(move |_| {
        location
            .pathname
            .read()
            .trim_end_matches('/')
            .ends_with("/feedback")
    });
    move || match feedback.get() {
        true => view! { <ActivityFeedbackPage/> }.into_any(),
        false => view! { <super::ResultsPage/> }.into_any(),
    }
}

#[component]
fn ActivityFeedbackPage() -> impl IntoView {
    use_organiser_style();
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    view! {
        <Title text="活动评价"/>
        // The figures' styles are the public page's.
        <Stylesheet id="after-css" href="/public.css"/>
        <section class="page page--narrow org-page">
            <A href="/organiser" attr:class="link-button">"‹ 返回我的活动"</A>
            <h1 class="page__title">"活动评价"</h1>
            <RoleGate what="查看活动评价">
                <Ratings id=id.clone()/>
            </RoleGate>
        </section>
    }
}

#[component]
fn Ratings(id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let summary = LocalResource::new(move || {
        let id = id.get_value();
        async move { feedback_summary(&id).await }
    });
    let list = PagedState::<Feedback, u64>::new();
    let paged = use_paged(
        list,
        Memo::new(move |_| id.get_value()),
        |id| format!("organiser-feedback:{id}"),
        |id, cursor| async move {
            let page = organiser_feedback(&id, cursor).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    let title = move || {
        list.items
            .with(|v| v.first().map(|f| f.activity_title.clone()))
    };
    let skeleton = || view! { <div class="skeleton skeleton--line" aria-busy="true"></div> };
    view! {
        <p class="org-feedback__title" data-testid="org-feedback-activity">{title}</p>
        <Remote resource=summary compact=true skeleton let:s>
            <Figures summary=RwSignal::new(s)/>
        </Remote>
        <h2 class="section-title org-feedback__list-title">{move || match list.meta.get() {
            Some(total) => format!("全部评价（{total}）"),
            None => "全部评价".to_string(),
        }}</h2>
        <PagedList list paged skeletons=2 empty=|| view! {
            <div class="state" data-testid="org-feedback-empty">
                <p class="state__title">"还没有人评价"</p>
                <p class="state__body">"活动开始后，参与者可在活动页评分并留言。"</p>
            </div>
        }>
            <ul class="org-list" data-testid="org-feedback">
                <For each=move || list.items.get() key=|f| (f.id.clone(), f.updated_at.clone()) let:f>
                    <RatingRow f/>
                </For>
            </ul>
        </PagedList>
    }
}

/// Where a comment is in moderation, as the organiser reads it.
fn status_label(status: Option<CommentStatus>) -> Option<(&'static str, &'static str)> {
    status.map(|s| match s {
        CommentStatus::Pending => ("待审核", "tag tag--warn"),
        CommentStatus::Approved => ("已公开", "tag"),
        CommentStatus::Rejected => ("未通过审核", "tag tag--warn"),
    })
}

#[component]
fn RatingRow(f: Feedback) -> impl IntoView {
    let stars = usize::from(f.stars.min(5));
    view! {
        <li class="org-row org-feedback" data-testid="org-feedback-item">
            <p class="org-row__meta">
                <span class="org-feedback__stars" aria-hidden="true">{format!("{}{}", "★".repeat(stars), "☆".repeat(5 - stars))}</span>
                " "<span data-testid="org-feedback-stars">{format!("{} 星", f.stars)}</span>
                {status_label(f.comment_status).map(|(label, class)| view! {
                    " "<span class=class data-testid="org-feedback-status">{label}</span>
                })}
            </p>
            {f.comment.clone().filter(|c| !c.is_empty()).map(|c| view! {
                <p class="prose" data-testid="org-feedback-comment">{c}</p>
            })}
            <p class="muted">{format!("{} · {}", f.user.display_name, china_datetime(&f.updated_at))}</p>
        </li>
    }
}
