//! `/organiser/activities/:id/check-in` (签到, issue 18): the organiser types (or a scanner
//! types) a reservation's code; the result shows in place (签到成功 · N 人 / 该签到码已使用 /
//! 签到码无效) and the counts of arrivals follow. Refreshed while visible, since several people
//! may check in at the same door.
use super::access::{staff_data, RoleGate};
use super::use_organiser_style;
use crate::api::idempotency::IntentKey;
use crate::api::reservations::{check_in, check_in_summary, conflict_kind};
use crate::api::ApiError;
use crate::components::error_message;
use crate::format::{clock_time, time_range};
use crate::hooks::{use_ime_text, use_item, use_refresh_while_visible};
use crate::models::{normalise_code, CheckIn, CheckInSummary};
use crate::pages::reservations::ReservationStyle;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use std::time::Duration;

const REFRESH_EVERY: Duration = Duration::from_secs(20);

#[component]
pub fn CheckInPage() -> impl IntoView {
    use_organiser_style();
    view! {
        <Title text="现场签到"/>
        <ReservationStyle/>
        <section class="page page--narrow org-page">
            <h1 class="page__title">"现场签到"</h1>
            <RoleGate what="签到">
                <CheckInDesk/>
            </RoleGate>
        </section>
    }
}

/// What the last code gave.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Arrived(CheckIn),
    AlreadyUsed { code: String, detail: String },
    Invalid { code: String, detail: String },
    Failed(String),
}

#[component]
fn CheckInDesk() -> impl IntoView {
    let summary = use_item(|id| async move { check_in_summary(&id).await });
    use_refresh_while_visible(REFRESH_EVERY, move || summary.refetch());
    // The counts last known; a check-in's answer brings newer ones at once.
    let known = RwSignal::new(None::<CheckInSummary>);
    Effect::new(move |_| {
        if let Some(Ok(s)) = summary.get() {
            known.set(Some(s));
        }
    });
    // The desk is built once: a refresh or a check-in updates `known`, not the desk (which keeps
    // the last outcome and what is typed).
    let ready = Memo::new(move |_| known.with(Option::is_some));
    move || {
        if ready.get() {
            return view! { <Desk known/> }.into_any();
        }
        match staff_data(summary.get(), move || summary.refetch(), "/organiser") {
            Err(waiting) => waiting,
            Ok(_) => ().into_any(),
        }
    }
}

#[component]
fn Desk(known: RwSignal<Option<CheckInSummary>>) -> impl IntoView {
    let activity_id = StoredValue::new(
        known
            .with_untracked(|s| s.as_ref().map(|s| s.activity_id.clone()))
            .unwrap_or_default(),
    );
    let code = RwSignal::new(String::new());
    let field_error = RwSignal::new(None::<&'static str>);
    let ime = use_ime_text(move |v: String| {
        code.set(v.to_ascii_uppercase());
        field_error.set(None);
    });
    let input = NodeRef::<Input>::new();
    let outcome = RwSignal::new(None::<Outcome>);
    let keys = StoredValue::new(IntentKey::<String>::default());
    let action = Action::new_local(move |(code, key): &(String, String)| {
        let (code, key, id) = (code.clone(), key.clone(), activity_id.get_value());
        async move { (code.clone(), check_in(&id, &code, &key).await) }
    });
    Effect::new(move |_| {
        let Some((typed, result)) = action.value().get() else {
            return;
        };
        if !matches!(&result, Err(e) if e.is_transient()) {
            keys.update_value(IntentKey::done);
        }
        outcome.set(Some(match result {
            Ok(r) => {
                known.set(Some(r.summary));
                code.set(String::new());
                Outcome::Arrived(r.check_in)
            }
            Err(e) if conflict_kind(&e) == Some("already-checked-in") => Outcome::AlreadyUsed {
                code: typed,
                detail: e.detail().unwrap_or_default().to_string(),
            },
            Err(e @ ApiError::Validation(_)) => Outcome::Invalid {
                code: typed,
                detail: e
                    .field_message("code")
                    .or(e.detail())
                    .unwrap_or_default()
                    .to_string(),
            },
            Err(e) => Outcome::Failed(error_message(&e)),
        }));
        // Ready for the next code.
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = normalise_code(
            &input
                .get_untracked()
                .map(|el| el.value())
                .unwrap_or_else(|| code.get_untracked()),
        );
        if typed.is_empty() {
            field_error.set(Some("请输入签到码"));
            return;
        }
        field_error.set(None);
        let key = keys
            .try_update_value(|k| k.key_for(&typed))
            .unwrap_or_default();
        action.dispatch((typed, key));
    };
    let s = move || known.get();
    view! {
        {move || s().map(|s| view! {
            <p class="org-card__title" data-testid="check-in-activity">{s.title}</p>
            <p class="muted">{time_range(&s.starts_at, &s.ends_at)}</p>
        })}
        <Counts known/>
        <form class="checkin-form" on:submit=submit novalidate data-testid="check-in-form">
            <div class="field">
                <label class="field__label" for="check-in-code">"签到码"</label>
                <input id="check-in-code" node_ref=input class="field__input checkin-form__input" type="text"
                    inputmode="text" autocapitalize="characters" autocomplete="off" spellcheck="false"
                    maxlength="32" placeholder="如 K7M2QX" aria-describedby="check-in-hint check-in-error"
                    aria-invalid=move || field_error.get().is_some().to_string()
                    prop:value=move || code.get()
                    {..ime.handlers()}/>
                <p id="check-in-hint" class="muted">"输入预约者出示的 6 位签到码，不区分大小写。"</p>
                <p id="check-in-error" class="field__error">{move || field_error.get()}</p>
            </div>
            <button type="submit" class="button button--primary button--block resv-submit" data-testid="check-in-submit"
                prop:disabled=move || action.pending().get()>
                {move || if action.pending().get() { "签到中…" } else { "签到" }}
            </button>
        </form>
        <div class="checkin-live" aria-live="polite" data-testid="check-in-result">
            {move || outcome.get().map(|o| view! { <OutcomeView outcome=o/> })}
        </div>
        <Recent known/>
        <A href="/organiser" attr:class="button button--ghost button--block">"返回举办单位"</A>
    }
}

#[component]
fn OutcomeView(outcome: Outcome) -> impl IntoView {
    let (modifier, main, sub) = match outcome {
        Outcome::Arrived(c) => (
            "ok",
            format!("签到成功 · {} 人", c.party_size),
            format!(
                "{} · {} · {}",
                c.code, c.holder.display_name, c.holder.phone_masked
            ),
        ),
        Outcome::AlreadyUsed { code, detail } => (
            "used",
            "该签到码已使用".to_string(),
            format!("{code} · {detail}"),
        ),
        Outcome::Invalid { code, detail } => (
            "bad",
            "签到码无效".to_string(),
            format!("{code} · {detail}"),
        ),
        Outcome::Failed(message) => ("bad", "未能签到".to_string(), format!("{message}，请重试")),
    };
    view! {
        <p class=format!("checkin-result checkin-result--{modifier}") data-testid="check-in-outcome">
            {main}<span class="checkin-result__sub">{sub}</span>
        </p>
    }
}

/// 已到 / 已预约 (people), 候补, and after the end 未到.
#[component]
fn Counts(known: RwSignal<Option<CheckInSummary>>) -> impl IntoView {
    move || {
        known.get().map(|s| {
            let capacity = s.capacity.map(|c| format!(" · 名额 {c}")).unwrap_or_default();
            view! {
                <div class="checkin-counts" data-testid="check-in-counts">
                    <p class="checkin-count">
                        <span class="checkin-count__num" data-testid="arrived">{s.arrived}</span>
                        <span class="checkin-count__label">{format!("已到人数 · {} 单", s.arrived_reservations)}</span>
                    </p>
                    <p class="checkin-count">
                        <span class="checkin-count__num" data-testid="reserved">{s.reserved}</span>
                        <span class="checkin-count__label">{format!("预约人数{capacity}")}</span>
                    </p>
                    <p class="checkin-count">
                        <span class="checkin-count__num">{s.waitlisted}</span>
                        <span class="checkin-count__label">"候补人数"</span>
                    </p>
                    <p class="checkin-count">
                        <span class="checkin-count__num">{s.no_shows.map(|n| n.to_string()).unwrap_or_else(|| "—".into())}</span>
                        <span class="checkin-count__label">{if s.ended { "未到人数" } else { "未到人数（结束后统计）" }}</span>
                    </p>
                </div>
            }
        })
    }
}

/// The last check-ins, newest first.
#[component]
fn Recent(known: RwSignal<Option<CheckInSummary>>) -> impl IntoView {
    move || {
        let recent = known.with(|s| s.as_ref().map(|s| s.recent.clone()).unwrap_or_default());
        (!recent.is_empty()).then(|| view! {
            <section class="org-section" aria-labelledby="recent-heading">
                <h2 class="section-heading" id="recent-heading">"最近签到"</h2>
                <ul class="org-list">
                    {recent.into_iter().map(|c| view! {
                        <li class="org-row">
                            <span class="org-row__title">{format!("{} · {} 人", c.code, c.party_size)}</span>
                            <span class="org-row__meta">{format!("{} {} · {}", c.holder.display_name, c.holder.phone_masked, clock_time(&c.checked_in_at))}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })
    }
}
