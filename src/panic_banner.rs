//! A panic must not leave a dead page: log it and show the "出错了，点击重新加载" banner that
//! `index.html` keeps hidden (`#panic-banner`, a button that reloads).
use std::panic;

pub fn install() {
    crate::i18n::init_from_storage();
    panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        // Read when it happens: the English table may have arrived since.
        show(crate::i18n::t().panic_banner);
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(banner) = document.get_element_by_id("panic-banner") {
        banner.set_text_content(Some(message));
        let _ = banner.remove_attribute("hidden");
    }
}
