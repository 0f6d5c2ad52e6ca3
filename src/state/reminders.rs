//! 预约提醒: an .ics file for the user's own calendar and, while the tab stays open and the
//! user allows it, a notification when the stream starts — timed by the server-corrected clock.
use crate::calendar::{download, ics, CalendarEvent};
use crate::i18n::t;
use crate::models::Livestream;
use crate::state::{use_clock, use_section_state, use_toasts, ServerClock, Toasts};
use chrono::Utc;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Notification, NotificationOptions, NotificationPermission};

#[derive(Clone, Copy)]
pub struct Reminders {
    /// Streams reminded of in this tab.
    set: RwSignal<Vec<String>>,
    clock: ServerClock,
    toasts: Toasts,
}

pub fn use_reminders() -> Reminders {
    use_section_state(|| Reminders {
        set: RwSignal::new(Vec::new()),
        clock: use_clock(),
        toasts: use_toasts(),
    })
}

fn notifications_supported() -> bool {
    web_sys::window()
        .is_some_and(|w| js_sys::Reflect::has(&w, &"Notification".into()).unwrap_or(false))
}

/// The .ics text for a stream (times in UTC; the link is the watch page).
pub fn stream_ics(stream: &Livestream, page_url: &str) -> String {
    ics(&CalendarEvent {
        uid: &format!("{}@kepuri", stream.id),
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
        self.set.read().iter().any(|s| s == id)
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
        if !self.is_set(&stream.id) {
            self.set.update(|v| v.push(stream.id.clone()));
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
        let Some(now) = self.clock.now_untracked() else {
            return;
        };
        let wait = (stream.starts_at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO);
        set_timeout(
            move || {
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
            },
            wait,
        );
    }
}
