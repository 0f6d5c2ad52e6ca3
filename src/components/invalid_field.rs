//! After a form says what is wrong: bring the first field marked `aria-invalid="true"` into view
//! and focus it, so an error far above the button (e.g. the video's, above its preview) is not
//! missed while the button seems to do nothing. Runs on the next frame, once the error is shown.
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn focus_first_invalid() {
    request_animation_frame(|| {
        let Some(field) = document()
            .query_selector("main [aria-invalid=\"true\"]")
            .ok()
            .flatten()
        else {
            return;
        };
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        field.scroll_into_view_with_scroll_into_view_options(&options);
        if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
            let _ = field.focus();
        }
    });
}
