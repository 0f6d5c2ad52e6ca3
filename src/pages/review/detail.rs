//! `/review/activities/:id` and `/review/units/:id`: one record in the reviewer's scope, read in
//! full, approved or returned with a required reason, and its history. Outside the scope the
//! server answers 404 (403 without the role), shown as a clear message.
use crate::api::client::new_idempotency_key;
use crate::api::reference::{fetch_event_kinds, fetch_themes};
use crate::api::review::{
    decide, review_activity, review_activity_history, review_unit, review_unit_history,
};
use crate::api::ApiError;
use crate::components::error_message;
use crate::format::time_range;
use crate::hooks::use_ime_text;
use crate::models::{
    format_label, unit_kind_label, HistoryEntry, OrganiserActivity, ReviewStatus, Unit,
};
use crate::pages::organiser::access::{staff_data, RoleGate};
use crate::pages::organiser::history::HistoryList;
use crate::pages::organiser::StatusBadge;
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ReviewActivityPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <Title text="审核活动"/>
        <section class="page page--narrow org-page">
            <A href="/review" attr:class="link-button">"‹ 审核"</A>
            <h1 class="page__title">"审核活动"</h1>
            <RoleGate role="reviewer" what="审核活动">
                {move || view! { <ActivityReview id=id()/> }}
            </RoleGate>
        </section>
    }
}

#[component]
pub fn ReviewUnitPage() -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <Title text="审核单位"/>
        <section class="page page--narrow org-page">
            <A href="/review?tab=units" attr:class="link-button">"‹ 审核"</A>
            <h1 class="page__title">"审核单位"</h1>
            <RoleGate role="reviewer" what="审核单位">
                {move || view! { <UnitReview id=id()/> }}
                // summary
                {move || view! { <super::summary::UnitSummaryReview id=id()/> }}
            </RoleGate>
        </section>
    }
}

fn fact(label: &'static str, value: Option<String>) -> impl IntoView {
    let value = value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "（未填写）".into());
    view! {
        <div class="facts__row">
            <dt>{label}</dt>
            <dd class="facts__value">{value}</dd>
        </div>
    }
}

#[component]
fn ActivityReview(id: String) -> impl IntoView {
    let key = id.clone();
    let loaded = LocalResource::new(move || {
        let id = key.clone();
        async move {
            let mut a = review_activity(&id).await?;
            let h = review_activity_history(&id).await?;
            // Names, not ids, for the reviewer.
            let (themes, kinds) = (fetch_themes().await?, fetch_event_kinds().await?);
            let name = |id: &str, list: &[(String, String)]| {
                list.iter()
                    .find(|(i, _)| i == id)
                    .map_or(id.to_string(), |(_, n)| n.clone())
            };
            let themes: Vec<(String, String)> =
                themes.into_iter().map(|t| (t.id, t.name)).collect();
            let kinds: Vec<(String, String)> = kinds.into_iter().map(|k| (k.id, k.name)).collect();
            a.themes = a.themes.iter().map(|t| name(t, &themes)).collect();
            a.event_kind = a.event_kind.map(|k| name(&k, &kinds));
            Ok::<_, ApiError>((a, h))
        }
    });
    move || match staff_data(loaded.get(), move || loaded.refetch(), "/review") {
        Err(waiting) => waiting,
        Ok((a, history)) => untrack(|| {
            view! { <ActivityRecord a history on_decided=Callback::new(move |()| loaded.refetch())/> }.into_any()
        }),
    }
}

#[component]
fn ActivityRecord(
    a: OrganiserActivity,
    history: Vec<HistoryEntry>,
    on_decided: Callback<()>,
) -> impl IntoView {
    let when = match (a.starts_at, a.ends_at) {
        (Some(s), Some(e)) => Some(time_range(&s, &e)),
        _ => None,
    };
    let warnings: Vec<String> = a.warnings.iter().map(|w| w.message.clone()).collect();
    let pending = a.status == ReviewStatus::Submitted;
    view! {
        <article class="org-card" data-testid="review-record">
            <div class="org-card__row">
                <h2 class="org-card__title" data-testid="review-title">{a.display_title()}</h2>
                <StatusBadge status=a.status/>
            </div>
            {a.return_reason.clone().filter(|_| a.status == ReviewStatus::Returned).map(|r| view! {
                <p class="org-card__reason">"退回原因："{r}</p>
            })}
            {warnings.into_iter().map(|w| view! { <p class="notice notice--warning" role="note">{w}</p> }).collect_view()}
            <dl class="facts">
                {fact("举办单位", Some(a.unit.name.clone()))}
                {fact("活动简介", a.summary.clone())}
                {fact("活动详情", a.description.clone())}
                {fact("活动类别", a.event_kind.clone())}
                {fact("活动主题", Some(a.themes.join("、")))}
                {fact("面向人群", a.audience.clone())}
                {fact("活动形式", a.format.as_deref().map(|f| format_label(f).to_string()))}
                {fact("活动时间", when)}
                {fact("活动地址", a.venue_address.clone())}
                {fact("可容纳人数", a.capacity.map(|c| c.to_string()))}
                {fact("线上地址", a.online_url.clone())}
                {fact("活动标识", Some(if a.marks_confirmed { "已确认标注并使用统一标识" } else { "未确认" }.to_string()))}
            </dl>
        </article>
        {pending.then(|| view! { <DecisionForm kind="activities" id=a.id.clone() on_decided/> })}
        <section class="org-section">
            <h2 class="section-heading">"审核记录"</h2>
            <HistoryList items=history/>
        </section>
    }
}

#[component]
fn UnitReview(id: String) -> impl IntoView {
    let key = id.clone();
    let loaded = LocalResource::new(move || {
        let id = key.clone();
        async move {
            let u = review_unit(&id).await?;
            let h = review_unit_history(&id).await?;
            Ok::<_, ApiError>((u, h))
        }
    });
    move || match staff_data(loaded.get(), move || loaded.refetch(), "/review?tab=units") {
        Err(waiting) => waiting,
        Ok((u, history)) => untrack(|| {
            view! { <UnitRecord u history on_decided=Callback::new(move |()| loaded.refetch())/> }
                .into_any()
        }),
    }
}

#[component]
fn UnitRecord(u: Unit, history: Vec<HistoryEntry>, on_decided: Callback<()>) -> impl IntoView {
    let pending = u.status == ReviewStatus::Pending;
    let region = format!(
        "{}{}",
        u.region.province_name,
        u.region.city_name.clone().unwrap_or_default()
    );
    view! {
        <article class="org-card" data-testid="review-record">
            <div class="org-card__row">
                <h2 class="org-card__title" data-testid="review-title">{u.name.clone()}</h2>
                <StatusBadge status=u.status/>
            </div>
            {u.return_reason.clone().filter(|_| u.status == ReviewStatus::Returned).map(|r| view! {
                <p class="org-card__reason">"退回原因："{r}</p>
            })}
            <dl class="facts">
                {fact("单位类型", Some(unit_kind_label(&u.kind).to_string()))}
                {fact("统一社会信用代码", Some(u.credit_code.clone()))}
                {fact("所在地区", Some(region))}
                {fact("联系人", Some(u.contact_name.clone()))}
                {fact("联系电话", Some(u.contact_phone.clone()))}
                {fact("所属全国学会", u.society.as_ref().map(|s| s.name.clone()))}
            </dl>
        </article>
        {pending.then(|| view! { <DecisionForm kind="units" id=u.id.clone() on_decided/> })}
        <section class="org-section">
            <h2 class="section-heading">"审核记录"</h2>
            <HistoryList items=history/>
        </section>
    }
}

/// 通过, or 退回 with a reason (required, said next to the field).
#[component]
fn DecisionForm(kind: &'static str, id: String, on_decided: Callback<()>) -> impl IntoView {
    let toasts = use_toasts();
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let ime = use_ime_text(move |v: String| {
        reason.set(v);
        problem.set(None);
    });
    let id = StoredValue::new(id);
    let decide_action = Action::new_local(move |approve: &bool| {
        let approve = *approve;
        let r = reason.get_untracked();
        let id = id.get_value();
        let key = new_idempotency_key();
        async move {
            let result = if kind == "units" {
                decide::<Unit>(kind, &id, approve, &r, &key)
                    .await
                    .map(|_| ())
            } else {
                decide::<OrganiserActivity>(kind, &id, approve, &r, &key)
                    .await
                    .map(|_| ())
            };
            (approve, result)
        }
    });
    Effect::new(move |_| match decide_action.value().get() {
        Some((approve, Ok(()))) => {
            toasts.show(if approve { "已通过" } else { "已退回" });
            on_decided.run(());
        }
        Some((_, Err(e))) => problem.set(Some(
            e.field_message("reason")
                .map(str::to_string)
                .unwrap_or_else(|| error_message(&e)),
        )),
        None => {}
    });
    view! {
        <section class="org-card decision" aria-labelledby="decision-heading">
            <h2 class="section-heading" id="decision-heading">"审核意见"</h2>
            <div class="field">
                <label class="field__label" for="decision-reason">"退回原因（退回时必填）"</label>
                <textarea id="decision-reason" class="field__input field__textarea" rows="3" maxlength="500"
                    aria-describedby="decision-error" aria-invalid=move || problem.read().is_some().to_string()
                    prop:value=move || reason.get()
                    {..ime.handlers()}></textarea>
                <p id="decision-error" class="field__error" role="alert">{move || problem.get()}</p>
            </div>
            <div class="action-row">
                <button type="button" class="button button--ghost" data-testid="return"
                    prop:disabled=move || decide_action.pending().get()
                    on:click=move |_| {
                        if reason.read_untracked().trim().is_empty() {
                            problem.set(Some("请填写退回原因，举办单位将据此修改".into()));
                            if let Some(el) = document().get_element_by_id("decision-reason") {
                                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) { let _ = el.focus(); }
                            }
                            return;
                        }
                        decide_action.dispatch(false);
                    }>"退回"</button>
                <button type="button" class="button button--primary" data-testid="approve"
                    prop:disabled=move || decide_action.pending().get()
                    on:click=move |_| { decide_action.dispatch(true); }>"通过"</button>
            </div>
        </section>
    }
}
