//! Calls `on_visible` whenever the element behind `target` scrolls into view (with a margin, so
//! the next page is asked for a little before the end). Written by hand rather than through
//! leptos-use to keep the bundle small; the observer is disconnected when the owner goes.
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub fn use_intersection(target: NodeRef<Div>, on_visible: Callback<()>) {
    use_visibility(
        target,
        "0px 0px 600px 0px",
        Callback::new(move |(visible, _): (bool, f64)| {
            if visible && still_near(target) {
                on_visible.run(());
            }
        }),
    );
}

/// Whether the element is still within the margin now. An observer's report describes the page
/// when it was computed: a list's footer seen beside the loading skeleton is reported "in view"
/// after the first page has pushed it far down, which would ask for the next page unasked. (A
/// later report follows when it really comes near.)
fn still_near(target: NodeRef<Div>) -> bool {
    let Some(el) = target.get_untracked() else {
        return false;
    };
    let viewport = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    el.get_bounding_client_rect().top() <= viewport + 600.0
}

/// Reports whether the element behind `target` is within `margin` of the viewport each time
/// that changes, with the element's height at that moment (so a caller can stand in for it
/// with an empty box of the same size while it is far away).
pub fn use_visibility(
    target: NodeRef<Div>,
    margin: &'static str,
    on_change: Callback<(bool, f64)>,
) {
    let observer: StoredValue<Option<send_wrapper::SendWrapper<web_sys::IntersectionObserver>>> =
        StoredValue::new(None);
    Effect::new(move |_| {
        let Some(el) = target.get() else { return };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(e) = entries.iter().last() {
                let e = e.unchecked_into::<web_sys::IntersectionObserverEntry>();
                on_change.run((e.is_intersecting(), e.bounding_client_rect().height()));
            }
        });
        let options = web_sys::IntersectionObserverInit::new();
        options.set_root_margin(margin);
        if let Ok(obs) = web_sys::IntersectionObserver::new_with_options(
            callback.as_ref().unchecked_ref(),
            &options,
        ) {
            obs.observe(&el);
            observer.set_value(Some(send_wrapper::SendWrapper::new(obs)));
        }
        callback.forget();
    });
    on_cleanup(move || {
        if let Some(Some(obs)) = observer.try_get_value() {
            obs.disconnect();
        }
    });
}
