//! 登记填报 for organisers (issue 15): `/organiser` (the unit's activities by status, the
//! deadlines and what needs doing), `/organiser/unit` (the unit's registration) and the activity
//! form. All of it lives in the `organiser` section chunk; `access`, `fields` and `history` are
//! shared with the `review` section.
pub mod access;
mod activity_form;
mod autosave;
mod check_in;
mod cover;
pub mod fields;
pub mod history;
pub mod summary; // summary
mod unit;
mod window;
// results
mod results;
// modfb
mod feedback;

pub use activity_form::{EditActivityPage, NewActivityPage};
pub use check_in::CheckInPage;
pub use unit::UnitPage;
// results
pub use results::ResultsPage;
// modfb
pub use feedback::OrganiserAfterPage;

use crate::api::organiser::{cancel_activity, fetch_deadlines, my_activities, my_units};
use crate::api::ApiError;
use crate::components::{error_message, Remote, Sheet};
use crate::format::{month_day, time_range, to_cst};
use crate::hooks::use_ime_text;
use crate::models::{OrganiserActivity, ReviewStatus, Unit};
use crate::state::{use_clock, use_toasts};
use access::RoleGate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Links the 登记填报 pages' stylesheet (`style/organiser.css`, copied as `/organiser.css`) the
/// first time one of them opens: the public's first load does not carry styles only organisers
/// and reviewers need.
pub fn use_organiser_style() {
    use_section_style("organiser-css", "/organiser.css");
}

/// Links the stylesheet `href` (copied by Trunk) once, as the element `id`.
pub fn use_section_style(id: &str, href: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id(id).is_some() {
        return;
    }
    if let (Ok(link), Some(head)) = (doc.create_element("link"), doc.head()) {
        let _ = link.set_attribute("id", id);
        let _ = link.set_attribute("rel", "stylesheet");
        let _ = link.set_attribute("href", href);
        let _ = head.append_child(&link);
    }
}

#[component]
pub fn OrganiserPage() -> impl IntoView {
    use_organiser_style();
    view! {
        <Title text="举办单位"/>
        <section class="page page--narrow org-page">
            <h1 class="page__title">"举办单位"</h1>
            <RoleGate what="登记活动">
                <Dashboard/>
            </RoleGate>
        </section>
    }
}

#[derive(Clone)]
struct Overview {
    unit: Option<Unit>,
    activities: Vec<OrganiserActivity>,
}

#[component]
fn Dashboard() -> impl IntoView {
    let overview = LocalResource::new(|| async {
        let unit = my_units().await?.into_iter().next();
        let activities = match &unit {
            Some(_) => my_activities().await?,
            None => Vec::new(),
        };
        Ok::<_, ApiError>(Overview { unit, activities })
    });
    view! {
        <Deadlines/>
        <Remote resource=overview let:o>
            <UnitSummary unit=o.unit.clone()/>
            {o.unit.is_some().then(|| view! { <ActivityGroups activities=o.activities.clone() on_change=Callback::new(move |()| overview.refetch())/> })}
        </Remote>
    }
}

/// The deadlines of §五 (`GET /organiser/deadlines`) with the days left on the server's clock.
#[component]
fn Deadlines() -> impl IntoView {
    let clock = use_clock();
    let deadlines = LocalResource::new(fetch_deadlines);
    let today = move || clock.now().map(|n| to_cst(&n).date_naive());
    view! {
        <section class="org-section" aria-labelledby="deadlines-heading">
            <h2 class="section-heading" id="deadlines-heading">"时间安排"</h2>
            <Remote resource=deadlines skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:d>
                <ul class="deadlines" data-testid="deadlines">
                    {d.items.into_iter().map(|item| {
                        let last = item.last_day;
                        let from = item.starts_at.map(|s| to_cst(&s).date_naive());
                        let left = move || match today() {
                            None => String::new(),
                            Some(t) if from.is_some_and(|f| t < f) => {
                                format!("{} 天后开始", (from.unwrap_or(t) - t).num_days())
                            }
                            Some(t) if t <= last => match (last - t).num_days() {
                                0 => "今天截止".to_string(),
                                n => format!("还剩 {n} 天"),
                            },
                            Some(_) => "已截止".to_string(),
                        };
                        let soon = move || today().is_some_and(|t| t <= last && (last - t).num_days() <= 7);
                        view! {
                            <li class="deadline">
                                <span class="deadline__what">{item.name}</span>
                                <span class="deadline__when">{format!("截至 {}", month_day(last))}</span>
                                <span class="deadline__left" class:deadline__left--soon=soon>{left}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </Remote>
        </section>
    }
}

#[component]
fn UnitSummary(unit: Option<Unit>) -> impl IntoView {
    match unit {
        None => view! {
            <div class="state" data-testid="no-unit">
                <p class="state__title">"还没有登记举办单位"</p>
                <p class="state__body">"登记单位并经所在地区审核通过后，即可登记活动。"</p>
                <A href="/organiser/unit" attr:class="button button--primary">"登记举办单位"</A>
            </div>
        }
        .into_any(),
        Some(u) => {
            let approved = u.status == ReviewStatus::Approved;
            view! {
                <section class="org-card" data-testid="unit-summary">
                    <div class="org-card__row">
                        <h2 class="org-card__title">{u.name.clone()}</h2>
                        <StatusBadge status=u.status/>
                    </div>
                    {u.return_reason.clone().filter(|_| u.status == ReviewStatus::Returned).map(|r| view! {
                        <p class="org-card__reason">"退回原因："{r}</p>
                    })}
                    {(!approved).then(|| view! { <p class="muted">"单位审核通过后即可提交活动审核。"</p> })}
                    <div class="action-row">
                        <A href="/organiser/unit" attr:class="button button--ghost">"单位信息"</A>
                        <A href="/organiser/activities/new" attr:class="button button--primary">"登记活动"</A>
                    </div>
                    {approved.then(|| view! {
                        <A href="/organiser/summary" attr:class="button button--ghost org-card__summary">"工作总结"</A>
                    })}
                </section>
            }
            .into_any()
        }
    }
}

#[component]
pub fn StatusBadge(status: ReviewStatus) -> impl IntoView {
    view! { <span class=format!("status-badge status-badge--{}", status.as_str())>{status.label()}</span> }
}

#[component]
fn ActivityGroups(activities: Vec<OrganiserActivity>, on_change: Callback<()>) -> impl IntoView {
    let needs_action: Vec<OrganiserActivity> = activities
        .iter()
        .filter(|a| matches!(a.status, ReviewStatus::Returned | ReviewStatus::Draft))
        .cloned()
        .collect();
    let cancelling = RwSignal::new(None::<OrganiserActivity>);
    let sheet_open = RwSignal::new(false);
    view! {
        <section class="org-section" aria-labelledby="todo-heading">
            <h2 class="section-heading" id="todo-heading">"待处理"</h2>
            {if needs_action.is_empty() {
                view! { <p class="muted" data-testid="nothing-to-do">"暂无需要处理的事项。"</p> }.into_any()
            } else {
                view! {
                    <ul class="todo-list" data-testid="todo-list">
                        {needs_action.into_iter().map(|a| {
                            let what = if a.status == ReviewStatus::Returned { "已退回，请修改后重新提交" } else { "草稿未提交" };
                            view! {
                                <li><A href=format!("/organiser/activities/{}/edit", a.id) attr:class="todo">
                                    <span class="todo__title">{a.display_title()}</span>
                                    <span class="todo__what">{what}</span>
                                </A></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="org-section" aria-labelledby="groups-heading">
            <h2 class="section-heading" id="groups-heading">"我的活动"</h2>
            {if activities.is_empty() {
                view! { <p class="muted" data-testid="no-activities">"还没有登记活动。"</p> }.into_any()
            } else {
                ().into_any()
            }}
            {ReviewStatus::ACTIVITY_GROUPS.into_iter().map(|status| {
                let items: Vec<OrganiserActivity> = activities.iter().filter(|a| a.status == status).cloned().collect();
                let count = items.len();
                let open = count > 0 && status != ReviewStatus::Cancelled;
                view! {
                    <details class="status-group" open=open data-testid=format!("group-{}", status.as_str())>
                        <summary class="status-group__summary">{status.label()}<span class="status-group__count">{count}</span></summary>
                        <ul class="org-list">
                            {items.into_iter().map(|a| view! { <ActivityRow activity=a cancelling sheet_open/> }).collect_view()}
                        </ul>
                    </details>
                }
            }).collect_view()}
        </section>
        <Sheet title="取消活动" open=sheet_open>
            <CancelForm activity=cancelling on_done=Callback::new(move |()| { sheet_open.set(false); on_change.run(()); })/>
        </Sheet>
    }
}

#[component]
fn ActivityRow(
    activity: OrganiserActivity,
    cancelling: RwSignal<Option<OrganiserActivity>>,
    sheet_open: RwSignal<bool>,
) -> impl IntoView {
    let a = activity.clone();
    let reason = a
        .return_reason
        .clone()
        .filter(|_| a.status == ReviewStatus::Returned);
    let (id, status, title) = (a.id.clone(), a.status, a.display_title());
    let when = match (a.starts_at, a.ends_at) {
        (Some(s), Some(e)) => time_range(&s, &e),
        _ => "时间未填".to_string(),
    };
    let editable = a.status.editable();
    // results: 活动回顾 from the activity's start (server clock).
    let clock = use_clock();
    let starts = a.starts_at;
    let started = move || {
        status == ReviewStatus::Published
            && matches!((clock.now(), starts), (Some(now), Some(s)) if now >= s)
    };
    let results_href = format!("/organiser/activities/{id}/results");
    // modfb: every rating of the activity, beside 活动回顾.
    let feedback_href = format!("/organiser/activities/{id}/feedback");
    view! {
        <li class="org-row" data-testid="org-activity">
            <A href=format!("/organiser/activities/{id}/edit") attr:class="org-row__main">
                <span class="org-row__title">{title}</span>
                <span class="org-row__meta">{when}</span>
            </A>
            {reason.map(|r| view! {
                <p class="org-row__reason" data-testid="row-reason">"退回原因："{r}</p>
            })}
            <div class="org-row__actions">
                {editable.then(|| view! { <A href=format!("/organiser/activities/{id}/edit") attr:class="link-button">"继续填写"</A> })}
                {(status == ReviewStatus::Published).then(|| view! {
                    <A href=format!("/activities/{id}") attr:class="link-button">"查看"</A>
                    <A href=format!("/organiser/activities/{id}/check-in") attr:class="link-button">"签到"</A>
                    {move || started().then(|| view! { <A href=results_href.clone() attr:class="link-button">"活动回顾"</A> })}
                    {move || started().then(|| view! { <A href=feedback_href.clone() attr:class="link-button">"评价"</A> })}
                    <button type="button" class="link-button link-button--danger" on:click=move |_| {
                        cancelling.set(Some(activity.clone()));
                        sheet_open.set(true);
                    }>"取消活动"</button>
                })}
            </div>
        </li>
    }
}

#[component]
fn CancelForm(
    activity: RwSignal<Option<OrganiserActivity>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let ime = use_ime_text(move |v: String| reason.set(v));
    let cancel = Action::new_local(move |(id, reason): &(String, String)| {
        let (id, reason) = (id.clone(), reason.clone());
        async move { cancel_activity(&id, &reason).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            toasts.show("活动已取消");
            on_done.run(());
        }
        Some(Err(e)) => problem.set(Some(error_message(&e))),
        None => {}
    });
    let title = move || {
        activity
            .get()
            .map(|a| a.display_title())
            .unwrap_or_default()
    };
    view! {
        <p>"确定取消「"{title}"」吗？取消后活动将不再出现在活动查询中，已报名的公众会看到活动已取消。"</p>
        <div class="field">
            <label class="field__label" for="cancel-reason">"取消原因"</label>
            <textarea id="cancel-reason" class="field__input field__textarea" rows="3" maxlength="200" aria-describedby="cancel-error"
                prop:value=move || reason.get()
                {..ime.handlers()}></textarea>
            <p id="cancel-error" class="field__error" role="alert">{move || problem.get()}</p>
        </div>
        <button type="button" class="button button--primary button--danger button--block" data-testid="confirm-cancel"
            prop:disabled=move || cancel.pending().get()
            on:click=move |_| {
                let r = reason.get_untracked().trim().to_string();
                if r.is_empty() { problem.set(Some("请填写取消原因".into())); return; }
                if let Some(a) = activity.get_untracked() { cancel.dispatch((a.id, r)); }
            }>"确认取消活动"</button>
    }
}
