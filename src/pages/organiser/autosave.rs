//! "Saved as typed" for the organiser forms (the activity form, the 工作总结 editor): each
//! change is kept locally at once and sent to the server [`SAVE_AFTER`] the typing stops; a save
//! that could not reach the server is tried again [`RETRY_AFTER`] later. A save is asked for
//! through a tick the timer bumps, so that saving, its answer and the next timer need not refer
//! to each other; leaving the page clears the timer (the local copy, marked unsaved, keeps what
//! was typed, and the next visit saves it).
use leptos::prelude::*;
use std::time::Duration;

/// How long after the last change the draft goes to the server.
pub const SAVE_AFTER: Duration = Duration::from_millis(800);
/// How long after a failed save (offline) it is tried again.
pub const RETRY_AFTER: Duration = Duration::from_secs(5);

#[derive(Clone, Copy)]
pub struct SaveTimer {
    timer: StoredValue<Option<TimeoutHandle>>,
    tick: RwSignal<u32>,
}

impl SaveTimer {
    pub fn new() -> Self {
        let timer = StoredValue::new(None::<TimeoutHandle>);
        on_cleanup(move || {
            if let Some(Some(h)) = timer.try_get_value() {
                h.clear();
            }
        });
        Self {
            timer,
            tick: RwSignal::new(0),
        }
    }

    /// Asks for a save `after` from now (replacing a save asked for earlier).
    pub fn schedule(self, after: Duration) {
        if let Some(h) = self.timer.get_value() {
            h.clear();
        }
        let tick = self.tick;
        let handle = set_timeout_with_handle(move || _ = tick.try_update(|n| *n += 1), after).ok();
        self.timer.set_value(handle);
    }

    /// Runs `save` on every tick (and once now: it returns early when nothing is to be sent).
    pub fn on_tick(self, save: impl Fn() + 'static) {
        let tick = self.tick;
        Effect::new(move |_| {
            tick.track();
            save();
        });
    }
}
