//! 我的预约 on /me: upcoming (with the check-in code and QR code), waitlisted and past
//! reservations, each with 添加到日历 and 取消预约 (confirmed first). Refreshed while the page is
//! visible, so a promotion from the waitlist shows without a reload.
use super::text::tx;
use super::{reservation_ics, ReservationCode, ReservationStyle};
use crate::api::reservations::{cancel_reservation, conflict_kind, my_reservations};
use crate::api::ApiError;
use crate::components::{error_message, ErrorView, Icon, IconName, Sheet};
use crate::format::time_range;
use crate::hooks::use_refresh_while_visible;
use crate::models::{Reservation, ReservationStatus};
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_router::components::A;
use std::time::Duration;

const REFRESH_EVERY: Duration = Duration::from_secs(30);

#[component]
pub fn MyReservations() -> impl IntoView {
    let list = LocalResource::new(my_reservations);
    use_refresh_while_visible(REFRESH_EVERY, move || list.refetch());
    // Not `<Remote>`: a refresh that brings the same reservations must not rebuild the cards
    // (their QR codes would load again each time).
    let answer = Memo::new(move |_| list.get());
    let cancelling = RwSignal::new(None::<Reservation>);
    let sheet_open = RwSignal::new(false);
    let ask_cancel = Callback::new(move |r: Reservation| {
        cancelling.set(Some(r));
        sheet_open.set(true);
    });
    view! {
        <ReservationStyle/>
        {move || match answer.get() {
            None => view! { <p class="muted" aria-busy="true">{crate::i18n::t().loading}</p> }.into_any(),
            Some(Err(error)) => view! { <ErrorView error on_retry=Callback::new(move |()| list.refetch())/> }.into_any(),
            Some(Ok(mine)) if mine.upcoming.is_empty() && mine.waitlisted.is_empty() && mine.past.is_empty() => view! {
                <p class="muted" data-testid="no-reservations">
                    {tx().none_yet}<A href="/activities?format=offline">{tx().see_offline}</A>
                </p>
            }.into_any(),
            Some(Ok(mine)) => view! {
                <Group title=tx().upcoming testid="upcoming" items=mine.upcoming empty=tx().upcoming_empty ask_cancel/>
                <Group title=tx().waiting testid="waitlisted" items=mine.waitlisted empty=tx().waiting_empty ask_cancel/>
                <Group title=tx().past testid="past" items=mine.past empty=tx().past_empty ask_cancel/>
            }.into_any(),
        }}
        <Sheet title=tx().cancel_title open=sheet_open>
            <CancelConfirm reservation=cancelling on_done=Callback::new(move |()| {
                sheet_open.set(false);
                list.refetch();
            })/>
        </Sheet>
    }
}

#[component]
fn Group(
    title: &'static str,
    testid: &'static str,
    items: Vec<Reservation>,
    empty: &'static str,
    ask_cancel: Callback<Reservation>,
) -> impl IntoView {
    let count = items.len();
    let heading = format!("resv-{testid}-heading");
    let labelled_by = heading.clone();
    view! {
        <section class="resv-group" aria-labelledby=labelled_by data-testid=format!("reservations-{testid}")>
            <h3 class="resv-group__title" id=heading>{title}<span class="resv-group__count">{count}</span></h3>
            {if items.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="resv-list">
                        {items.into_iter().map(|r| view! { <li><ReservationCard reservation=r ask_cancel/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ReservationCard(reservation: Reservation, ask_cancel: Callback<Reservation>) -> impl IntoView {
    let toasts = use_toasts();
    let r = reservation;
    let a = r.activity.clone();
    let cancelled_activity = a.status == "cancelled";
    let badge = if cancelled_activity {
        ("cancelled", tx().activity_cancelled)
    } else {
        (r.status.as_str(), (tx().status)(r.status))
    };
    let place = a.venue.as_ref().map(|v| v.name.clone());
    let showing_code = matches!(r.status, ReservationStatus::Confirmed) && !cancelled_activity;
    let code = r.code.clone().filter(|_| showing_code);
    let waiting = r
        .waitlist_position
        .filter(|_| r.status == ReservationStatus::Waitlisted);
    let live = r.status != ReservationStatus::Cancelled && !cancelled_activity;
    let activity = StoredValue::new(a.clone());
    let for_cancel = StoredValue::new(r.clone());
    view! {
        <article class="resv-card" data-testid="reservation" data-status=r.status.as_str()>
            <div class="resv-card__head">
                <A href=format!("/activities/{}", a.id) attr:class="resv-card__title" attr:lang=crate::i18n::api_lang()>{a.title.clone()}</A>
                <span class=format!("resv-badge resv-badge--{}", badge.0)>{badge.1}</span>
            </div>
            <p class="resv-card__meta"><Icon name=IconName::Clock/>{time_range(&a.starts_at, &a.ends_at)}</p>
            {place.map(|p| view! { <p class="resv-card__meta"><Icon name=IconName::Pin/>{p}</p> })}
            <p class="resv-card__meta">{(tx().people)(r.party_size)}{waiting.map(tx().waitlist_place)}</p>
            {(r.promoted && showing_code).then(|| view! {
                <p class="resv-card__promoted" data-testid="promoted">{tx().promoted}</p>
            })}
            {code.map(|code| view! { <ReservationCode reservation_id=r.id.clone() code/> })}
            {(live || r.cancellable).then(|| view! {
                <div class="action-row">
                    {live.then(|| view! {
                        <button type="button" class="button button--ghost" data-testid="reservation-calendar"
                            on:click=move |_| {
                                if activity.with_value(reservation_ics).is_err() {
                                    toasts.show(tx().no_ics);
                                }
                            }>
                            <Icon name=IconName::Calendar/>{crate::i18n::t().add_to_calendar}
                        </button>
                    })}
                    {r.cancellable.then(|| view! {
                        <button type="button" class="button button--ghost button--danger" data-testid="cancel-reservation"
                            on:click=move |_| ask_cancel.run(for_cancel.get_value())>
                            {tx().cancel}
                        </button>
                    })}
                </div>
            })}
        </article>
    }
}

/// 确认取消: what is given up, and the refusal (e.g. the activity has started) in place.
#[component]
fn CancelConfirm(
    reservation: RwSignal<Option<Reservation>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let toasts = use_toasts();
    let problem = RwSignal::new(None::<String>);
    let cancel = Action::new_local(|id: &String| {
        let id = id.clone();
        async move { cancel_reservation(&id).await }
    });
    Effect::new(move |_| match cancel.value().get() {
        Some(Ok(_)) => {
            toasts.show(tx().cancelled_toast);
            on_done.run(());
        }
        Some(Err(e)) => problem.set(Some(match conflict_kind(&e) {
            Some("already-started") => tx().err_started.to_string(),
            _ if matches!(e, ApiError::NotFound(_)) => tx().err_gone.to_string(),
            _ => error_message(&e),
        })),
        None => {}
    });
    let what = move || {
        reservation.with(|r| {
            r.as_ref().map(|r| {
                let tail = if r.status == ReservationStatus::Waitlisted {
                    tx().cancel_leaves_waitlist
                } else {
                    tx().cancel_frees_place
                };
                (tx().cancel_confirm)(&r.activity.title, r.party_size, tail)
            })
        })
    };
    view! {
        <p>{what}</p>
        <p class="field__error" role="alert" data-testid="cancel-error">{move || problem.get()}</p>
        <button type="button" class="button button--primary button--danger button--block" data-testid="confirm-cancel-reservation"
            prop:disabled=move || cancel.pending().get()
            on:click=move |_| {
                problem.set(None);
                if let Some(r) = reservation.get_untracked() { cancel.dispatch(r.id); }
            }>
            {move || if cancel.pending().get() { tx().cancelling } else { tx().confirm_cancel }}
        </button>
    }
}
