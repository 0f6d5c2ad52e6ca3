//! `use_scroll_restore`: a list page that is left (to an item) and come back to opens where it
//! was. The position is kept in the list's app-wide state when the page goes, and restored after
//! the first frame when the list is still loaded.
use super::PagedState;
use super::PagedStatus;
use leptos::prelude::*;

pub fn use_scroll_restore<T, M>(list: PagedState<T, M>)
where
    T: Send + Sync + 'static,
    M: Send + Sync + 'static,
{
    if let Some(window) = web_sys::window() {
        let y = list.scroll_y.get_value();
        if list.first.get_untracked() == PagedStatus::Ready && y > 0.0 {
            request_animation_frame(move || window.scroll_to_with_x_and_y(0.0, y));
        }
    }
    on_cleanup(move || {
        if let Some(y) = web_sys::window().and_then(|w| w.scroll_y().ok()) {
            list.scroll_y.try_set_value(y);
        }
    });
}
