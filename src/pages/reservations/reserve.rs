//! The logged-in part of an activity's reservation panel (in the `account` section, loaded by
//! [`super::ReservationPanel`]): 预约 or 加入候补 for 1–3 people, each refusal in words, and the
//! caller's reservation with its check-in code. A reservation a visitor asked for before logging
//! in (a pending intent, see [`super::panel`]) is sent here once they are back, with its key.
use super::panel::ReserveAreaArgs;
use super::text::tx;
use super::{PartySize, ReservationCode};
use crate::api::idempotency::IntentKey;
use crate::api::reservations::{conflict_kind, reserve, ReserveIntent};
use crate::api::ApiError;
use crate::components::error_message;
use crate::i18n::t;
use crate::models::{
    Availability, Registration, RegistrationState, Reservation, ReservationStatus,
};
use crate::state::{current_path, login_href, take_intent, use_toasts, IntentKind, PendingIntent};
use leptos::prelude::*;
use leptos_router::components::A;

/// Where 我的预约 is.
const MY_RESERVATIONS: &str = "/me#my-reservations";

/// What the area shows.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Mine(Box<Reservation>),
    /// Reservations are open (places left or the waitlist).
    Form,
    /// Not open yet, or closed: the status line says so.
    Nothing,
}

pub fn reserve_area(props: ReserveAreaArgs) -> AnyView {
    view! { <ReserveArea activity_id=props.activity_id last=props.last refresh=props.refresh/> }
        .into_any()
}

#[component]
fn ReserveArea(
    activity_id: String,
    last: RwSignal<Availability>,
    refresh: Callback<()>,
) -> impl IntoView {
    let registration = Memo::new(move |_| last.with(|a| a.registration.clone()));
    // A reservation made here shows at once (the refresh that follows brings the server's).
    let made = RwSignal::new(None::<Reservation>);
    let stage = Memo::new(move |_| {
        if let Some(r) = last.with(|a| a.mine.clone()).or_else(|| made.get()) {
            return Stage::Mine(Box::new(r));
        }
        match registration.get().and_then(|r| r.state) {
            Some(RegistrationState::Open | RegistrationState::Full) => Stage::Form,
            _ => Stage::Nothing,
        }
    });
    // A reservation asked for before logging in: taken once, here (built once per login), so it
    // is not done later by surprise; dropped when this account has reserved already (the panel
    // shows that reservation) or reserving has closed meanwhile.
    let started = take_intent(IntentKind::Reserve, &activity_id);
    let started = StoredValue::new(started.filter(|_| stage.get_untracked() == Stage::Form));
    let id = StoredValue::new(activity_id);
    move || match stage.get() {
        Stage::Mine(r) => {
            view! { <MyReservation reservation=*r just_made=made.get_untracked().is_some()/> }
                .into_any()
        }
        Stage::Form => view! {
            <ReserveForm activity_id=id.get_value() registration made on_change=refresh
                started=started.try_update_value(Option::take).flatten()/>
        }
        .into_any(),
        Stage::Nothing => ().into_any(),
    }
}

/// The caller's reservation of this activity: its code, or its place on the waitlist.
#[component]
fn MyReservation(reservation: Reservation, just_made: bool) -> impl IntoView {
    let r = reservation;
    let x = tx();
    let people = (x.people)(r.party_size);
    let body = match (r.status, r.code.clone()) {
        (ReservationStatus::Confirmed | ReservationStatus::CheckedIn, Some(code)) => {
            let title = if just_made {
                x.reserved.to_string()
            } else if r.promoted {
                x.promoted.to_string()
            } else {
                (x.already)(&people)
            };
            view! {
                <p class="resv-done__title">{title}</p>
                {just_made.then(|| view! { <p class="resv-note">{(x.held_for)(&people)}</p> })}
                <ReservationCode reservation_id=r.id.clone() code/>
            }
            .into_any()
        }
        _ => {
            view! {
                <p class="resv-done__title resv-done__title--waiting">{(x.waitlisted)(r.waitlist_position)}</p>
                <p class="resv-note">{(x.waitlist_note)(&people)}</p>
            }
            .into_any()
        }
    };
    view! {
        <div class="resv-done" data-testid="my-reservation" role="status">
            {body}
            <A href=MY_RESERVATIONS attr:class="button button--ghost button--block">{x.mine}</A>
        </div>
    }
}

/// 预约人数 1–3 and 预约 (or 加入候补 when the party does not fit).
#[component]
fn ReserveForm(
    activity_id: String,
    registration: Memo<Option<Registration>>,
    made: RwSignal<Option<Reservation>>,
    on_change: Callback<()>,
    /// The reservation asked for before logging in, sent at once.
    started: Option<PendingIntent>,
) -> impl IntoView {
    let toasts = use_toasts();
    let party = RwSignal::new(1u8);
    let problem = RwSignal::new(None::<ApiError>);
    // The toast for a reservation finished after login, once the server took it.
    let finishing = StoredValue::new(false);
    let keys = StoredValue::new(IntentKey::<ReserveIntent>::default());
    let action = Action::new_local(move |(intent, key): &(ReserveIntent, String)| {
        let (intent, key) = (intent.clone(), key.clone());
        async move { reserve(&intent, &key).await }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(r)) => {
            keys.update_value(IntentKey::done);
            if finishing.get_value() {
                finishing.set_value(false);
                toasts.show(t().intent_reserved);
            }
            problem.set(None);
            made.set(Some(r));
            on_change.run(());
        }
        Some(Err(e)) => {
            finishing.set_value(false);
            // Only a request that may not have arrived is tried again with the same key.
            if !e.is_transient() {
                keys.update_value(IntentKey::done);
            }
            if matches!(e, ApiError::Conflict(_)) {
                on_change.run(());
            }
            problem.set(Some(e));
        }
        None => {}
    });
    // The party joins the waitlist when it does not fit in the places left.
    let waitlist = move || {
        registration.with(|r| {
            r.as_ref().is_some_and(|r| {
                r.state == Some(RegistrationState::Full)
                    || r.remaining.unwrap_or(0) < u32::from(party.get())
            })
        })
    };
    let id = StoredValue::new(activity_id);
    // `key`: the Idempotency-Key made before logging in, for a reservation finished after it.
    let send = move |key: Option<String>| {
        let intent = ReserveIntent {
            activity_id: id.get_value(),
            party_size: party.get_untracked(),
            waitlist: untrack(waitlist),
        };
        let key = keys
            .try_update_value(|k| match key {
                Some(key) => k.key_with(&intent, || key),
                None => k.key_for(&intent),
            })
            .unwrap_or_default();
        problem.set(None);
        action.dispatch((intent, key));
    };
    if let Some(started) = started {
        if let Some(n) = started
            .payload
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=3).contains(n))
        {
            party.set(n);
            finishing.set_value(true);
            send(Some(started.key));
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send(None);
    };
    let pending = action.pending();
    let online = crate::state::use_online();
    view! {
        <form class="resv-form" on:submit=submit novalidate data-testid="reserve-form">
            <PartySize party changed=Callback::new(move |()| problem.set(None))/>
            {move || waitlist().then(|| view! {
                <p class="resv-note" data-testid="waitlist-hint">{tx().waitlist_hint}</p>
            })}
            <button type="submit" class="button button--primary button--block resv-submit" data-testid="reserve"
                prop:disabled=move || pending.get() || !online.get()>
                {move || match (pending.get(), waitlist()) {
                    (true, _) => tx().submitting,
                    (false, true) => tx().join_waitlist,
                    (false, false) => tx().reserve,
                }}
            </button>
            <crate::state::OfflineNote/>
            {move || problem.get().map(|e| view! { <ProblemMessage error=e/> })}
        </form>
    }
}

/// Why reserving was refused, in words, with the way on.
#[component]
fn ProblemMessage(error: ApiError) -> impl IntoView {
    let x = tx();
    let detail = error.detail().map(str::to_string);
    let body = match conflict_kind(&error) {
        Some("already-reserved") => view! {
            {x.err_already}
            <A href=MY_RESERVATIONS>{x.see_mine}</A>
        }
        .into_any(),
        Some("full") => (x.err_full)(detail).into_any(),
        Some("not-yet-open") => (x.err_not_open)(detail).into_any(),
        Some("window-closed") => x.err_closed.into_any(),
        _ => match &error {
            ApiError::Unauthorized(_) => view! {
                {x.err_session}<A href=login_href(&current_path())>{x.login}</A>
            }
            .into_any(),
            ApiError::Validation(_) => error
                .field_message("party_size")
                .map(str::to_string)
                .unwrap_or_else(|| error_message(&error))
                .into_any(),
            other if other.is_transient() => (x.err_retry)(&error_message(other)).into_any(),
            other => error_message(other).into_any(),
        },
    };
    view! { <p class="resv-error" role="alert" data-testid="reserve-error">{body}</p> }
}
