//! 预约提醒: an .ics file for the user's own calendar and, while the tab stays open and the
//! user allows it, a notification when the stream starts — timed by the server-corrected clock.
use crate::calendar::{download, ics, CalendarEvent};
use crate::i18n::t;
use crate::models::Livestream;
use crate::state::storage::{self, StorageKey};
use crate::state::{use_clock, use_toasts, ServerClock, Toasts};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

#[derive(Clone, Copy)]
pub struct Reminders {
    /// Streams the user asked to be reminded of, kept in local storage so that they survive a
    /// reload and the full-page login redirect.
    set: RwSignal<Vec<Livestream>>,
    clock: ServerClock,
    toasts: Toasts,
}

/// `setTimeout`'s longest wait (2³¹ − 1 ms ≈ 24.8 days): a longer one throws.
pub const MAX_TIMER: Duration = Duration::from_millis(i32::MAX as u64);

/// The next timer toward a moment `wait` away: how long it runs, and whether the moment has
/// come when it ends (else another timer follows).
pub fn next_timer(wait: Duration) -> (Duration, bool) {
    if wait > MAX_TIMER {
        (MAX_TIMER, false)
    } else {
        (wait, true)
    }
}

/// Runs `then` at `at` (server time), in as many timers as the wait needs.
fn wake_at(clock: ServerClock, at: DateTime<Utc>, then: Box<dyn FnOnce()>) {
    let now = clock.now_untracked().unwrap_or_else(Utc::now);
    let (step, last) = next_timer((at - now).to_std().unwrap_or(Duration::ZERO));
    set_timeout(
        move || {
            if last {
                then()
            } else {
                wake_at(clock, at, then)
            }
        },
        step,
    );
}

pub fn provide_reminders() {
    let kept: Vec<Livestream> = storage::load(&StorageKey::Reminders).unwrap_or_default();
    let reminders = Reminders {
        set: RwSignal::new(kept),
        clock: use_clock(),
        toasts: use_toasts(),
    };
    // Once the server's time is known (device clocks are often wrong): streams that are over
    // are forgotten, and notifications the user allowed earlier are scheduled again.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || reminders.clock.edition().is_none() {
            return done.unwrap_or(false);
        }
        let Some(now) = reminders.clock.now_untracked() else {
            return false;
        };
        let before = reminders.set.with_untracked(Vec::len);
        reminders
            .set
            .update(|v| v.retain(|st| st.ends_at.with_timezone(&Utc) > now));
        if reminders.set.with_untracked(Vec::len) != before {
            reminders
                .set
                .with_untracked(|v| storage::save(&StorageKey::Reminders, v));
        }
        if notifications_supported()
            && Notification::permission() == NotificationPermission::Granted
        {
            for stream in reminders.set.get_untracked() {
                if stream.starts_at.with_timezone(&Utc) > now {
                    reminders.schedule(stream);
                }
            }
        }
        true
    });
    provide_context(reminders);
}

pub fn use_reminders() -> Reminders {
    expect_context::<Reminders>()
}

fn notifications_supported() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// The .ics text for a stream (times in UTC; the link is the watch page).
pub fn stream_ics(stream: &Livestream, page_url: &str) -> String {
    ics(&CalendarEvent {
        uid: &stream.id,
        title: &stream.title,
        description: &stream.organizer.name,
        location: page_url,
        url: page_url,
        starts_at: stream.starts_at.with_timezone(&Utc),
        ends_at: stream.ends_at.with_timezone(&Utc),
        stamp: Utc::now(),
    })
}

impl Reminders {
    /// Whether `id` has a reminder (reactive).
    pub fn is_set(&self, id: &str) -> bool {
        self.set.read().iter().any(|s| s.id == id)
    }

    pub fn remind(&self, stream: &Livestream) {
        let s = t();
        let origin = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default();
        let text = stream_ics(stream, &format!("{origin}/live/{}", stream.id));
        if download(
            &format!("{}.ics", stream.id),
            "text/calendar;charset=utf-8",
            &text,
        )
        .is_err()
        {
            self.toasts.show(s.error_unexpected);
            return;
        }
        if !self.set.read_untracked().iter().any(|s| s.id == stream.id) {
            self.set.update(|v| v.push(stream.clone()));
            self.set
                .with_untracked(|v| storage::save(&StorageKey::Reminders, v));
        }
        if !notifications_supported() {
            self.toasts.show(s.reminder_saved);
            return;
        }
        let (this, stream) = (*self, stream.clone());
        leptos::task::spawn_local(async move {
            let granted = match Notification::permission() {
                NotificationPermission::Granted => true,
                NotificationPermission::Default => match Notification::request_permission() {
                    Ok(p) => wasm_bindgen_futures::JsFuture::from(p)
                        .await
                        .ok()
                        .and_then(|v| v.as_string())
                        .is_some_and(|v| v == "granted"),
                    Err(_) => false,
                },
                _ => false,
            };
            if granted {
                this.schedule(stream);
                this.toasts.show(s.reminder_saved_notify);
            } else {
                this.toasts.show(s.reminder_saved);
            }
        });
    }

    /// Shows a notification when the stream starts (server time), if the tab is still open.
    fn schedule(&self, stream: Livestream) {
        let at = stream.starts_at.with_timezone(&Utc);
        wake_at(
            self.clock,
            at,
            Box::new(move || {
                let options = NotificationOptions::new();
                options.set_body(&stream.organizer.name);
                options.set_tag(&stream.id);
                if let Ok(n) =
                    Notification::new_with_options(&(t().notify_live_now)(&stream.title), &options)
                {
                    let id = stream.id.clone();
                    let open = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
                        if let Some(w) = web_sys::window() {
                            let _ = w.focus();
                            let _ = w.location().set_href(&format!("/live/{id}"));
                        }
                    });
                    n.set_onclick(Some(open.as_ref().unchecked_ref()));
                    open.forget();
                }
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stream_ics_names_the_event_once_by_its_uid() {
        let stream: Livestream = serde_json::from_str(
            r#"{"id":"live_000001","title":"火箭","organizer":{"name":"中国科技馆","type":"museum"},
            "theme":{"id":"space","name":"航天"},"cover_url":"/c.svg",
            "starts_at":"2021-09-13T19:30:00+08:00","ends_at":"2021-09-13T21:00:00+08:00",
            "status":"upcoming","playback_url":"/p.m3u8","playback_type":"hls"}"#,
        )
        .unwrap();
        let text = stream_ics(&stream, "https://example.org/live/live_000001");
        assert!(text.contains("\r\nUID:live_000001@kepuri\r\n"), "{text}");
        assert!(!text.contains("@kepuri@kepuri"));
    }

    #[test]
    fn a_reminder_thirty_days_away_is_made_of_timers_set_timeout_takes() {
        let mut left = Duration::from_secs(30 * 24 * 3600);
        let mut timers = 0;
        loop {
            let (step, last) = next_timer(left);
            assert!(step <= MAX_TIMER && step.as_millis() <= i32::MAX as u128);
            timers += 1;
            left -= step;
            if last {
                break;
            }
        }
        assert_eq!((timers, left), (2, Duration::ZERO));
        assert_eq!(
            next_timer(Duration::from_secs(60)),
            (Duration::from_secs(60), true)
        );
    }
}
