//! The light first paint in `index.html` (`#boot`) shows until the app has mounted.
pub fn remove_boot_screen() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = document.get_element_by_id("boot") {
        el.remove();
    }
    // index.html's 有新版本，点击刷新 (hidden until src/pwa.js shows it), in the app's locale.
    if let Some(el) = document.get_element_by_id("update-button") {
        el.set_text_content(Some(crate::i18n::t().update_ready));
    }
}

/// Tells the service worker (src/sw.js) that the session changed, so the API responses it kept
/// for the previous user are dropped (they are per user). src/pwa.js (loaded once the app has
/// rendered, where there is a service worker) turns the event into
/// `navigator.serviceWorker.controller.postMessage({type: 'kepuri-clear-api-cache'})`: fewer
/// bytes in the main module than web-sys' service worker bindings.
pub fn clear_offline_copies() {
    if let (Some(w), Ok(event)) = (
        web_sys::window(),
        web_sys::Event::new("kepuri-session-change"),
    ) {
        let _ = w.dispatch_event(&event);
    }
}
