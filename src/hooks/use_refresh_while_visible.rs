//! `use_refresh_while_visible`: calls `refresh` every `every` while the page is visible, and at
//! once when the page comes back (tab shown again, window focused), so what it shows (seats
//! left, arrivals) is never older than one period while someone looks at it. Nothing runs in a
//! hidden tab; the timer and listeners go with the owner.
//!
//! ```ignore
//! let seats = LocalResource::new(move || fetch_availability(&id()));
//! use_refresh_while_visible(Duration::from_secs(30), move || seats.refetch());
//! ```
use leptos::prelude::*;
use std::time::Duration;

/// Whether the document is shown (not a background tab, not a locked phone).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// A tab shown again also focuses its window: the second of the two within this many ms is
/// dropped.
const SETTLE_MS: f64 = 2_000.0;

pub fn use_refresh_while_visible(every: Duration, refresh: impl Fn() + 'static) {
    let last = std::rc::Rc::new(std::cell::Cell::new(js_sys::Date::now()));
    let run = std::rc::Rc::new(move |periodic: bool| {
        let now = js_sys::Date::now();
        if page_visible() && (periodic || now - last.get() > SETTLE_MS) {
            last.set(now);
            refresh()
        }
    });
    let tick = run.clone();
    if let Ok(handle) = set_interval_with_handle(move || tick(true), every) {
        on_cleanup(move || handle.clear());
    }
    // `visibilitychange` is fired at the document and reaches the window.
    let shown = run.clone();
    let on_shown = window_event_listener(leptos::ev::visibilitychange, move |_| shown(false));
    let on_focus = window_event_listener(leptos::ev::focus, move |_| run(false));
    on_cleanup(move || {
        on_shown.remove();
        on_focus.remove();
    });
}
