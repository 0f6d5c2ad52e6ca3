//! 预约报名 (issue 18), the public side: the availability panel on an activity's page
//! ([`ReservationPanel`], in the `activities` section) and 我的预约 on /me
//! ([`MyReservations`], in the `account` section). The organiser's check-in page is in
//! `pages/organiser/check_in.rs`. Their CSS (`style/reservations.css`) loads with them.
mod mine;
mod panel;
mod reserve;
mod text;

pub use mine::MyReservations;
pub use panel::{ReservationPanel, ReserveAreaArgs};
pub use reserve::reserve_area;

use crate::api::reservations::reservation_qr;
use crate::calendar::{download_ics, CalendarEvent};
use crate::format::{date_time, Countdown};
use crate::i18n::t;
use crate::models::{Registration, RegistrationState, ReservationActivity};
use chrono::Utc;
use leptos::prelude::*;
use leptos_meta::Stylesheet;
use text::tx;

/// The stylesheet of the reservation views (not in the first page's CSS).
#[component]
pub fn ReservationStyle() -> impl IntoView {
    view! { <Stylesheet id="reservations-css" href="/reservations.css"/> }
}

/// 预约人数（含本人） 1–3: the reservation form's choice, also made before logging in (the
/// visitor's form in the panel), so the reservation finished after login is the one chosen.
#[component]
pub fn PartySize(party: RwSignal<u8>, changed: Callback<()>) -> impl IntoView {
    view! {
        <fieldset class="resv-size">
            <legend class="resv-size__legend">{tx().party_legend}</legend>
            <div class="resv-size__options">
                {[1u8, 2, 3].into_iter().map(|n| view! {
                    <label class="resv-size__option">
                        <input type="radio" name="party-size" value=n.to_string()
                            prop:checked=move || party.get() == n
                            on:change=move |_| { party.set(n); changed.run(()); }/>
                        <span>{(tx().people)(n)}</span>
                    </label>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// 我的预约, the heading /me gives the list.
pub fn my_reservations_title() -> &'static str {
    tx().mine
}

/// `2天03时04分05秒`, or `03时04分05秒` under a day (as the edition countdown writes it);
/// `2d 03:04:05` / `03:04:05` in English.
pub fn countdown_text(c: Countdown) -> String {
    (tx().countdown)(c)
}

/// What the availability panel (and a card) says in one line, with a modifier for its colour.
#[derive(Clone, Debug, PartialEq)]
pub struct SeatsLine {
    pub main: String,
    pub sub: String,
    pub modifier: &'static str,
    /// The short form on an activity card.
    pub badge: String,
}

/// 剩余 N 个名额 / 已约满 · 候补 N 人 / 未开放 / 已截止, from the server's `state`.
pub fn seats_line(r: &Registration) -> SeatsLine {
    let s = t();
    let total = r.capacity.map(s.seats_total).unwrap_or_default();
    let waiting = (r.waitlisted > 0).then(|| (s.seats_waiting)(r.waitlisted));
    let join = |parts: Vec<String>| {
        parts
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    match r.state.unwrap_or(RegistrationState::Open) {
        RegistrationState::Open => SeatsLine {
            main: (s.seats_left)(r.remaining.unwrap_or(0)),
            sub: join(vec![total, waiting.unwrap_or_default()]),
            modifier: "open",
            badge: (s.seats_left)(r.remaining.unwrap_or(0)),
        },
        RegistrationState::Full => SeatsLine {
            main: s.seats_full.into(),
            sub: join(vec![
                waiting.unwrap_or_else(|| s.seats_no_waitlist.into()),
                s.seats_can_waitlist.into(),
            ]),
            modifier: "full",
            badge: s.seats_full_badge.into(),
        },
        RegistrationState::NotYetOpen => SeatsLine {
            main: s.seats_not_open.into(),
            sub: join(vec![
                r.opens_at
                    .map(|t| (s.seats_opens_at)(&date_time(&t)))
                    .unwrap_or_default(),
                total,
            ]),
            modifier: "not-open",
            badge: s.seats_not_open_badge.into(),
        },
        RegistrationState::Closed => SeatsLine {
            main: s.seats_closed.into(),
            sub: r
                .closes_at
                .map(|t| (s.seats_closed_at)(&date_time(&t)))
                .unwrap_or_default(),
            modifier: "closed",
            badge: s.seats_closed_badge.into(),
        },
    }
}

/// Offers the activity of a reservation as an .ics file (the same helper as an activity's
/// 添加到日历).
pub fn reservation_ics(a: &ReservationActivity) -> Result<(), wasm_bindgen::JsValue> {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let location = a
        .venue
        .as_ref()
        .map(|v| format!("{} {}", v.name, v.address))
        .unwrap_or_default();
    download_ics(&CalendarEvent {
        uid: &a.id,
        title: &a.title,
        description: tx().ics_description,
        location: &location,
        url: &format!("{origin}/activities/{}", a.id),
        starts_at: a.starts_at.with_timezone(&Utc),
        ends_at: a.ends_at.with_timezone(&Utc),
        stamp: Utc::now(),
    })
}

/// An SVG document as a `blob:` URL an `<img>` can show (the CSP allows `blob:` images).
fn svg_url(svg: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// A confirmed reservation's check-in code, large, with its QR code (fetched with the token;
/// while it loads, or if it cannot be had, the code alone is enough at the door).
#[component]
pub fn ReservationCode(reservation_id: String, code: String) -> impl IntoView {
    let url = StoredValue::new(None::<String>);
    let qr = LocalResource::new(move || {
        let id = reservation_id.clone();
        async move {
            let svg = reservation_qr(&id).await.ok()?;
            let made = svg_url(&svg)?;
            if let Some(old) = url.try_get_value().flatten() {
                let _ = web_sys::Url::revoke_object_url(&old);
            }
            url.try_set_value(Some(made.clone()));
            Some(made)
        }
    });
    on_cleanup(move || {
        if let Some(u) = url.try_get_value().flatten() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    view! {
        <div class="resv-code" data-testid="reservation-code">
            <span class="resv-code__label">{tx().code_label}</span>
            <span class="resv-code__value" data-testid="code-value">{code.clone()}</span>
            {move || qr.get().flatten().map(|src| view! {
                <img class="resv-code__qr" src=src width="168" height="168" alt=(tx().code_alt)(&code) data-testid="code-qr"/>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::wire_time::parse_rfc3339;

    fn reg(state: RegistrationState, remaining: u32, waitlisted: u32) -> Registration {
        Registration {
            required: true,
            capacity: Some(5),
            registered: 5 - remaining,
            remaining: Some(remaining),
            waitlisted,
            opens_at: parse_rfc3339("2021-09-14T09:00:00+08:00"),
            closes_at: parse_rfc3339("2021-09-15T01:30:00Z"),
            state: Some(state),
        }
    }

    #[test]
    fn seats_follow_the_servers_state_in_china_time() {
        let open = seats_line(&reg(RegistrationState::Open, 3, 0));
        assert_eq!(
            (open.main.as_str(), open.sub.as_str()),
            ("剩余 3 个名额", "共 5 个名额")
        );
        let full = seats_line(&reg(RegistrationState::Full, 0, 4));
        assert_eq!(
            (full.main.as_str(), full.sub.as_str()),
            ("已约满", "候补 4 人 · 可加入候补")
        );
        let soon = seats_line(&reg(RegistrationState::NotYetOpen, 5, 0));
        assert_eq!(soon.sub, "9月14日 09:00 开放预约 · 共 5 个名额");
        let closed = seats_line(&reg(RegistrationState::Closed, 1, 0));
        assert_eq!(closed.sub, "预约已于 9月15日 09:30 截止");
    }

    #[test]
    fn countdowns_show_days_only_when_there_are_some() {
        let c = |s| Countdown::from_duration(chrono::Duration::seconds(s));
        assert_eq!(countdown_text(c(3_725)), "01时02分05秒");
        assert_eq!(countdown_text(c(2 * 86_400 + 59)), "2天00时00分59秒");
        assert_eq!((text::EN.countdown)(c(2 * 86_400 + 59)), "2d 00:00:59");
    }
}
