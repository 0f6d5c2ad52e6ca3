//! The server-corrected clock. Device clocks are often wrong, so every countdown and every
//! live/upcoming status uses "now" as the server sees it: the device time plus the offset
//! measured from `GET /edition`.
use crate::api::{edition::fetch_edition, ApiError};
use crate::models::Edition;
use chrono::{DateTime, TimeZone, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct ServerClock {
    /// Server time minus device time, once known.
    offset_ms: RwSignal<Option<f64>>,
    /// Device time (ms since the epoch), refreshed every second so countdowns tick.
    device_ms: RwSignal<f64>,
    /// The edition as last fetched (None while loading).
    edition: RwSignal<Option<Result<Edition, ApiError>>>,
}

/// Server time minus device time, assuming the server read its clock half-way through the round
/// trip.
pub fn offset_ms(server_time_ms: f64, received_at_ms: f64, round_trip_ms: f64) -> f64 {
    server_time_ms + round_trip_ms / 2.0 - received_at_ms
}

fn device_now_ms() -> f64 {
    js_sys::Date::now()
}

impl ServerClock {
    fn empty() -> Self {
        Self {
            offset_ms: RwSignal::new(None),
            device_ms: RwSignal::new(device_now_ms()),
            edition: RwSignal::new(None),
        }
    }

    /// A clock that reads `now` at this instant and runs on from there (for tests and previews).
    pub fn fixed(edition: Edition, now: DateTime<Utc>) -> Self {
        let clock = Self::empty();
        let device = device_now_ms();
        clock.device_ms.set(device);
        clock
            .offset_ms
            .set(Some(now.timestamp_millis() as f64 - device));
        clock.edition.set(Some(Ok(edition)));
        clock
    }

    /// Fetches the edition and the server time again.
    pub fn sync(self) {
        self.edition.set(None);
        spawn_local(async move {
            match fetch_edition().await {
                Ok(sample) => {
                    let server_ms = sample.edition.server_time.timestamp_millis() as f64;
                    self.offset_ms.set(Some(offset_ms(
                        server_ms,
                        sample.received_at_ms,
                        sample.round_trip_ms,
                    )));
                    self.device_ms.set(device_now_ms());
                    self.edition.set(Some(Ok(sample.edition)));
                }
                Err(e) => self.edition.set(Some(Err(e))),
            }
        });
    }

    /// Server-corrected now; `None` until the server has been asked. Reactive: ticks each second.
    pub fn now(&self) -> Option<DateTime<Utc>> {
        let offset = self.offset_ms.get()?;
        let ms = (self.device_ms.get() + offset).round() as i64;
        Utc.timestamp_millis_opt(ms).single()
    }

    /// Today's China date by the corrected clock; `None` until the server has been asked.
    /// Reactive (read it inside a memo to hear only of the change at midnight).
    pub fn today(&self) -> Option<chrono::NaiveDate> {
        self.now()
            .map(|now| crate::format::to_cst(&now).date_naive())
    }

    /// [`Self::now`] without subscribing to the tick.
    pub fn now_untracked(&self) -> Option<DateTime<Utc>> {
        untrack(|| self.now())
    }

    pub fn edition(&self) -> Option<Result<Edition, ApiError>> {
        self.edition.get()
    }

    /// The days of the edition week, once the server said which (reactive; empty before).
    pub fn edition_days(&self) -> Vec<chrono::NaiveDate> {
        self.edition
            .with(|e| e.as_ref().and_then(|e| e.as_ref().ok()).map(Edition::days))
            .unwrap_or_default()
    }

    fn start_ticking(self) {
        if let Ok(handle) = set_interval_with_handle(
            move || self.device_ms.set(device_now_ms()),
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
}

/// Provides the clock and starts it: one edition request and one 1-second tick for the app.
pub fn provide_clock() -> ServerClock {
    let clock = ServerClock::empty();
    clock.start_ticking();
    clock.sync();
    provide_context(clock);
    clock
}

/// Provides a clock that reads `now` (for component tests).
pub fn provide_fixed_clock(edition: Edition, now: DateTime<Utc>) -> ServerClock {
    let clock = ServerClock::fixed(edition, now);
    clock.start_ticking();
    provide_context(clock);
    clock
}

pub fn use_clock() -> ServerClock {
    expect_context::<ServerClock>()
}

#[cfg(test)]
mod tests {
    use super::offset_ms;

    #[test]
    fn offset_accounts_for_half_the_round_trip() {
        // Server said 10_000 when we sent at 4_800 and received at 5_000 (device): the server read
        // its clock ~100 ms before we received, so now on the server is 10_100 at device 5_000.
        assert_eq!(offset_ms(10_000.0, 5_000.0, 200.0), 5_100.0);
        // A device clock that is an hour fast gives a negative offset.
        assert_eq!(offset_ms(0.0, 3_600_000.0, 0.0), -3_600_000.0);
    }
}
