//! 登记填报 for reviewers (issue 15): `/review` (the queues of units and activities in scope with
//! counts, filters in the URL and multi-select approval), `/review/activities/:id` and
//! `/review/units/:id` (read one, approve it or return it with a reason, and its history). All of
//! it lives in the `review` section chunk.
mod detail;
mod recommend;
mod stats;
mod summary;

pub use detail::{ReviewActivityPage, ReviewUnitPage};

use crate::api::reference::{fetch_event_kinds, fetch_themes};
use crate::api::review::{
    approve_activities, review_activities, review_summary, review_units, ActivityFilter,
};
use crate::api::ApiError;
use crate::components::{error_message, Remote};
use crate::format::time_range;
use crate::models::{encode, unit_kind_label, ReviewStatus};
use crate::pages::organiser::access::{staff_data, RoleGate};
use crate::pages::organiser::fields::SelectField;
use crate::pages::organiser::StatusBadge;
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// What the queue shows, as the URL holds it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Queue {
    units: bool,
    unit_status: String,
    filter: ActivityFilter,
}

impl Queue {
    fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if self.units {
            parts.push("tab=units".to_string());
        }
        let f = &self.filter;
        for (k, v) in [
            ("unit_status", &self.unit_status),
            ("status", &f.status),
            ("theme", &f.theme),
            ("kind", &f.event_kind),
            ("from", &f.from),
            ("to", &f.to),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if parts.is_empty() {
            "/review".into()
        } else {
            format!("/review?{}", parts.join("&"))
        }
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    // stats: /review/stats is routed here (one route type for both).
    let stats = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        == "/review/stats";
    // recommend: 推荐 is `/review?view=recommend` and the admin's list `/review?view=recommendations`
    // (no route entry of their own: each costs the first load).
    let query = use_query_map();
    let page = Memo::new(move |_| query.read().get("view").unwrap_or_default());
    move || {
        if stats {
            return view! { <stats::ReviewStatsPage/> }.into_any();
        }
        recommend::recommend_page(&page.get()).unwrap_or_else(review_home)
    }
}

fn review_home() -> AnyView {
    crate::pages::organiser::use_organiser_style();
    view! {
        <Title text="审核"/>
        <section class="page page--narrow org-page">
            <h1 class="page__title">"审核"</h1>
            <p><A href="/review?view=recommend">"推荐优秀组织单位和优秀活动 ›"</A></p>
            <RoleGate role="reviewer" what="审核登记的单位和活动">
                // stats
                <p><a href="/review/stats" data-testid="review-stats-link">"本范围的活动统计（可导出 CSV）"</a></p>
                <ReviewQueue/>
            </RoleGate>
        </section>
    }
    .into_any()
}

#[component]
fn ReviewQueue() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let queue = Memo::new(move |_| {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            Queue {
                units: get("tab") == "units",
                // The queue opens on what waits for a decision.
                unit_status: q.get("unit_status").unwrap_or_else(|| "pending".into()),
                filter: ActivityFilter {
                    status: q.get("status").unwrap_or_else(|| "submitted".into()),
                    theme: get("theme"),
                    event_kind: get("kind"),
                    from: get("from"),
                    to: get("to"),
                },
            }
        })
    });
    let go = move |q: Queue| navigate(&q.to_query(), Default::default());
    let go = StoredValue::new(go);
    let summary = LocalResource::new(review_summary);
    let tab = move |units: bool, label: &'static str| {
        view! {
            // A plain link: the router's <A> would mark both tabs (same path) as the current page.
            <a href=move || Queue { units, ..queue.get() }.to_query()
                class=move || if queue.read().units == units { "tab tab--active" } else { "tab" }
                aria-current=move || (queue.read().units == units).then_some("page")>{label}</a>
        }
    };
    view! {
        <nav class="tabs" aria-label="审核对象">
            {tab(false, "活动")}
            {tab(true, "单位")}
        </nav>
        <Remote resource=summary skeleton=|| view! { <p class="muted" aria-busy="true">"加载中…"</p> } let:s>
            {move || {
                let units = queue.read().units;
                let (counts, statuses) = if units {
                    (s.units.clone(), ReviewStatus::UNIT.to_vec())
                } else {
                    (s.activities.clone(), ReviewStatus::REVIEW_ACTIVITY.to_vec())
                };
                view! {
                    <ul class="count-strip" aria-label="各状态数量" data-testid="review-counts">
                        {statuses.into_iter().map(|st| {
                            let n = counts.of(st);
                            let mut target = queue.get_untracked();
                            if units { target.unit_status = st.as_str().into(); } else { target.filter.status = st.as_str().into(); }
                            let current = if units { queue.read_untracked().unit_status == st.as_str() } else { queue.read_untracked().filter.status == st.as_str() };
                            view! {
                                <li><a href=target.to_query() class=if current { "count count--active" } else { "count" }
                                    aria-current=current.then_some("true")>
                                    <span class="count__n">{n}</span><span class="count__label">{st.label()}</span>
                                </a></li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }}
        </Remote>
        {move || if queue.read().units {
            let status = queue.with(|q| q.unit_status.clone());
            view! { <UnitQueue status/> }.into_any()
        } else {
            let filter = queue.with(|q| q.filter.clone());
            view! {
                <ActivityFilters filter=filter.clone() on_change=Callback::new(move |f: ActivityFilter| {
                    go.with_value(|go| go(Queue { filter: f, ..queue.get_untracked() }))
                })/>
                <ActivityQueue filter on_decided=Callback::new(move |()| summary.refetch())/>
            }.into_any()
        }}
    }
}

#[component]
fn ActivityFilters(filter: ActivityFilter, on_change: Callback<ActivityFilter>) -> impl IntoView {
    let lists = LocalResource::new(|| async {
        Ok::<_, ApiError>((fetch_themes().await?, fetch_event_kinds().await?))
    });
    let f = StoredValue::new(filter);
    let set = move |apply: fn(&mut ActivityFilter, String)| {
        Callback::new(move |v: String| {
            let mut next = f.get_value();
            apply(&mut next, v);
            on_change.run(next);
        })
    };
    let none = Signal::derive(|| None::<String>);
    let statuses: Vec<(String, String)> = ReviewStatus::REVIEW_ACTIVITY
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect();
    view! {
        <details class="filters" open=f.with_value(|f| !f.theme.is_empty() || !f.event_kind.is_empty() || !f.from.is_empty() || !f.to.is_empty())>
            <summary class="filters__summary">"筛选"</summary>
            <div class="filters__body">
                <SelectField id="rf-status" label="状态" placeholder="全部" options=statuses
                    value=f.with_value(|f| f.status.clone()) on_change=set(|f, v| f.status = v) error=none/>
                <Remote resource=lists skeleton=|| view! { <p class="muted">"加载中…"</p> } let:lists>
                    {
                        let (themes, kinds) = lists;
                        let themes: Vec<(String, String)> = themes.into_iter().map(|t| (t.id, t.name)).collect();
                        let kinds: Vec<(String, String)> = kinds.into_iter().map(|k| (k.id, k.name)).collect();
                        view! {
                            <SelectField id="rf-theme" label="主题" placeholder="全部主题" options=themes
                                value=f.with_value(|f| f.theme.clone()) on_change=set(|f, v| f.theme = v) error=none/>
                            <SelectField id="rf-kind" label="活动类别" placeholder="全部类别" options=kinds
                                value=f.with_value(|f| f.event_kind.clone()) on_change=set(|f, v| f.event_kind = v) error=none/>
                        }
                    }
                </Remote>
                <div class="filters__dates">
                    <div class="field">
                        <label class="field__label" for="rf-from">"开始日期从"</label>
                        <input id="rf-from" class="field__input" type="date" prop:value=f.with_value(|f| f.from.clone())
                            on:change=move |ev| set(|f, v| f.from = v).run(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label class="field__label" for="rf-to">"到"</label>
                        <input id="rf-to" class="field__input" type="date" prop:value=f.with_value(|f| f.to.clone())
                            on:change=move |ev| set(|f, v| f.to = v).run(event_target_value(&ev))/>
                    </div>
                </div>
            </div>
        </details>
    }
}

#[component]
fn ActivityQueue(filter: ActivityFilter, on_decided: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let f = filter.clone();
    let list = LocalResource::new(move || {
        let f = f.clone();
        async move { review_activities(&f).await }
    });
    let chosen = RwSignal::new(Vec::<String>::new());
    let approve = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        async move { approve_activities(&ids).await }
    });
    Effect::new(move |_| match approve.value().get() {
        Some(Ok(r)) => {
            let failed: Vec<String> = r
                .items
                .iter()
                .filter(|i| i.outcome != "done")
                .filter_map(|i| i.detail.clone())
                .collect();
            toasts.show(if failed.is_empty() {
                format!("已通过 {} 项", r.done)
            } else {
                format!("已通过 {} 项；{}", r.done, failed.join("；"))
            });
            chosen.set(Vec::new());
            list.refetch();
            on_decided.run(());
        }
        Some(Err(e)) => toasts.show(error_message(&e)),
        None => {}
    });
    move || {
        match staff_data(list.get(), move || list.refetch(), "/me") {
        Err(waiting) => waiting,
        Ok(page) if page.items.is_empty() => view! {
            <div class="state" data-testid="queue-empty"><p class="state__title">"没有符合条件的活动"</p></div>
        }.into_any(),
        Ok(page) => {
            let selectable = page.items.iter().any(|a| a.status == ReviewStatus::Submitted);
            view! {
                <ul class="org-list" data-testid="review-activities">
                    {page.items.into_iter().map(|a| {
                        let id = a.id.clone();
                        let when = match (a.starts_at, a.ends_at) {
                            (Some(s), Some(e)) => time_range(&s, &e),
                            _ => String::new(),
                        };
                        let checkbox_id = format!("pick-{}", a.id);
                        let title = a.display_title();
                        let (status, unit_name, href) = (a.status, a.unit.name.clone(), format!("/review/activities/{}", a.id));
                        let shown_title = title.clone();
                        view! {
                            <li class="org-row org-row--pick" data-testid="review-activity">
                                {(status == ReviewStatus::Submitted).then(|| {
                                    let id = id.clone();
                                    let id2 = id.clone();
                                    view! {
                                        <input type="checkbox" class="org-row__check" id=checkbox_id.clone()
                                            aria-label=format!("选择「{title}」")
                                            prop:checked=move || chosen.read().contains(&id)
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen.update(|c| { c.retain(|x| *x != id2); if on { c.push(id2.clone()); } });
                                            }/>
                                    }
                                })}
                                <A href=href attr:class="org-row__main">
                                    <span class="org-row__title">{shown_title}</span>
                                    <span class="org-row__meta">{unit_name}</span>
                                    <span class="org-row__meta">{when}</span>
                                </A>
                                <StatusBadge status/>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {selectable.then(|| view! {
                    <div class="step-bar">
                        <button type="button" class="button button--primary button--block" data-testid="approve-selected"
                            prop:disabled=move || chosen.read().is_empty() || approve.pending().get()
                            on:click=move |_| { approve.dispatch(chosen.get_untracked()); }>
                            {move || match chosen.read().len() { 0 => "勾选活动后可批量通过".to_string(), n => format!("通过所选 {n} 项") }}
                        </button>
                    </div>
                })}
            }.into_any()
        }
    }
    }
}

#[component]
fn UnitQueue(status: String) -> impl IntoView {
    let list = LocalResource::new(move || {
        let status = status.clone();
        async move { review_units(&status).await }
    });
    move || {
        match staff_data(list.get(), move || list.refetch(), "/me") {
        Err(waiting) => waiting,
        Ok(page) if page.items.is_empty() => view! {
            <div class="state" data-testid="queue-empty"><p class="state__title">"没有符合条件的单位"</p></div>
        }.into_any(),
        Ok(page) => view! {
            <ul class="org-list" data-testid="review-units">
                {page.items.into_iter().map(|u| view! {
                    <li class="org-row" data-testid="review-unit">
                        <A href=format!("/review/units/{}", u.id) attr:class="org-row__main">
                            <span class="org-row__title">{u.name.clone()}</span>
                            <span class="org-row__meta">{unit_kind_label(&u.kind).to_string()}" · "{u.region.province_name.clone()}{u.region.city_name.clone().unwrap_or_default()}</span>
                        </A>
                        <StatusBadge status=u.status/>
                    </li>
                }).collect_view()}
            </ul>
        }.into_any(),
    }
    }
}
