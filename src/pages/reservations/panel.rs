//! The availability panel on an activity's page: 剩余 N 个名额 / 已约满 · 候补 N 人 / 未开放
//! (with the countdown to the opening on the server clock) / 已截止, kept fresh while the page
//! is visible. This part is in the `activities` section; what a logged-in user does with it
//! (预约 / 加入候补, their reservation and its code: [`super::reserve`]) is in the `account`
//! section with /login and /me, loaded once someone logged in looks at the panel, so the
//! activity page's first paint does not carry it. A visitor chooses the party size here too and
//! is sent to log in; the reservation is remembered (a pending intent with its Idempotency-Key)
//! and sent by that part once they are back.
use super::text::tx;
use super::{countdown_text, seats_line, PartySize, ReservationStyle};
use crate::api::client::new_idempotency_key;
use crate::api::reservations::fetch_availability;
use crate::api::ApiError;
use crate::components::error_message;
use crate::format::Countdown;
use crate::hooks::use_refresh_while_visible;
use crate::models::{Availability, Registration, RegistrationState};
use crate::state::{current_path, login_href, stash_intent, use_clock, use_session, IntentKind};
use chrono::Utc;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

/// How often the places are asked for again while the page is visible.
const REFRESH_EVERY: Duration = Duration::from_secs(30);

/// What the account section's part of the panel is given.
pub struct ReserveAreaArgs {
    pub activity_id: String,
    /// The availability last known (the caller's reservation in `mine`).
    pub last: RwSignal<Availability>,
    /// Asks for the availability again (after reserving, or a refusal that changes it).
    pub refresh: Callback<()>,
}

#[component]
pub fn ReservationPanel(activity_id: String, initial: Registration) -> impl IntoView {
    let session = use_session();
    let clock = use_clock();
    let logged_in = Memo::new(move |_| session.is_logged_in());
    let id = StoredValue::new(activity_id.clone());
    // Asked again when the session changes (`mine` is the caller's).
    let availability = LocalResource::new(move || {
        logged_in.track();
        let id = id.get_value();
        async move { fetch_availability(&id).await }
    });
    use_refresh_while_visible(REFRESH_EVERY, move || availability.refetch());

    // The figures last known: the activity's own until the first answer, then each answer's (a
    // failed refresh keeps the last ones on screen and says so).
    let last = RwSignal::new(Availability {
        activity_id,
        registration: Some(initial),
        mine: None,
    });
    let loaded = RwSignal::new(false);
    let failed = RwSignal::new(None::<ApiError>);
    // Asked again once when the server clock passes the next opening or closing.
    let asked_at_change = StoredValue::new(false);
    Effect::new(move |_| match availability.get() {
        Some(Ok(a)) => {
            last.set(a);
            loaded.set(true);
            failed.set(None);
            asked_at_change.set_value(false);
        }
        Some(Err(e)) => failed.set(Some(e)),
        None => {}
    });
    let registration = Memo::new(move |_| last.with(|a| a.registration.clone()));

    // The next instant the state changes by the clock alone, and the countdown to an opening.
    let next_change = move || {
        let r = registration.get()?;
        match r.state? {
            RegistrationState::NotYetOpen => r.opens_at,
            RegistrationState::Open | RegistrationState::Full => r.closes_at,
            RegistrationState::Closed => None,
        }
    };
    Effect::new(move |_| {
        let (Some(at), Some(now)) = (next_change(), clock.now()) else {
            return;
        };
        if now >= at.with_timezone(&Utc) && !asked_at_change.get_value() {
            asked_at_change.set_value(true);
            availability.refetch();
        }
    });
    let opens_in = move || {
        let r = registration.get()?;
        if r.state != Some(RegistrationState::NotYetOpen) {
            return None;
        }
        let left = r.opens_at?.with_timezone(&Utc) - clock.now()?;
        Some(countdown_text(Countdown::from_duration(left)))
    };
    // Logged in (and the first answer, which says whether I have reserved, is here): the
    // account section's part, built once per login.
    let reserving = Memo::new(move |_| logged_in.get() && loaded.get());
    let refresh = Callback::new(move |()| availability.refetch());

    let seats = move || registration.get().map(|r| seats_line(&r));
    view! {
        <section class="resv-panel" aria-labelledby="resv-heading" data-testid="reservation-panel">
            <ReservationStyle/>
            <h2 class="resv-panel__heading" id="resv-heading">{tx().heading}</h2>
            {move || seats().map(|line| view! {
                <p class=format!("resv-status resv-status--{}", line.modifier) data-testid="seats" role="status">
                    <span class="resv-status__main">{line.main}</span>
                    <span class="resv-status__sub">{line.sub}</span>
                </p>
            })}
            {move || opens_in().map(|left| view! {
                <p class="resv-note" data-testid="opens-countdown">{tx().opens_in}<span class="resv-countdown">{left}</span></p>
            })}
            {move || failed.get().map(|e| if loaded.get_untracked() {
                view! { <p class="resv-note">{(tx().stale)(&error_message(&e))}</p> }.into_any()
            } else {
                view! { <crate::components::ErrorView error=e on_retry=Callback::new(move |()| availability.refetch())/> }.into_any()
            })}
            {move || match (logged_in.get(), reserving.get()) {
                // A visitor is asked to log in while reserving is (or will be) possible.
                (false, _) if registration.with(|r| r.as_ref().and_then(|r| r.state) == Some(RegistrationState::Closed)) => ().into_any(),
                (false, _) if registration.with(|r| matches!(r.as_ref().and_then(|r| r.state), Some(RegistrationState::Open | RegistrationState::Full))) => view! {
                    <VisitorReserve activity_id=id.get_value() full=Signal::derive(move || registration.with(|r| r.as_ref().and_then(|r| r.state) == Some(RegistrationState::Full)))/>
                }.into_any(),
                (false, _) => view! {
                    <A href=login_href(&current_path()) attr:class="button button--primary button--block resv-submit">{tx().login_to_reserve}</A>
                }.into_any(),
                (true, false) => view! { <p class="muted" aria-busy="true">{crate::i18n::t().loading}</p> }.into_any(),
                (true, true) => {
                    let props = ReserveAreaArgs { activity_id: id.get_value(), last, refresh };
                    Suspend::new(crate::sections::reserve_area(props)).into_any()
                }
            }}
        </section>
    }
}

/// A visitor's 预约人数 and 登录并预约: the choice is remembered with a new Idempotency-Key and
/// the visitor sent to log in; back here, the logged-in part sends it (and says so in a toast).
#[component]
fn VisitorReserve(
    activity_id: String,
    /// No places left: what is asked for is a place on the waitlist.
    full: Signal<bool>,
) -> impl IntoView {
    let party = RwSignal::new(1u8);
    let navigate = use_navigate();
    // Logging in needs the network too.
    let online = crate::state::use_online();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let size = party.get_untracked().to_string();
        stash_intent(
            IntentKind::Reserve,
            &activity_id,
            &new_idempotency_key(),
            &size,
        );
        navigate(&login_href(&current_path()), Default::default());
    };
    view! {
        <form class="resv-form" on:submit=submit novalidate data-testid="reserve-form">
            <PartySize party changed=Callback::new(|()| ())/>
            <button type="submit" class="button button--primary button--block resv-submit" data-testid="reserve"
                prop:disabled=move || !online.get()>
                {move || if full.get() { tx().login_and_waitlist } else { tx().login_and_reserve }}
            </button>
            <crate::state::OfflineNote/>
        </form>
    }
}
