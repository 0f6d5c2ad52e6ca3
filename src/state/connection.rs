//! Whether the browser is online, as one signal for the whole app (`navigator.onLine` at start,
//! then the window's `online` / `offline` events), and which of the answers on the page came
//! from the service worker's cache instead of the server (it marks them with
//! `X-Kepuri-Cached-At`, read by `api::client`). `ConnectionBanner` says both, once, above the
//! page: 当前离线 while offline, 离线数据 · 更新于 … while the page shows cached answers. It is
//! one label for the page rather than one per `<Remote>` / `<PagedList>`: a page often shows
//! several (a topic and its posts), which would repeat it, and the oldest time is the one that
//! matters.
//!
//! What shows is switched by two classes on `<html>` (`is-offline`, `is-stale`) and the label's
//! text set in place, not by reactive views: every reactive attribute or child is its own copy
//! of the renderer's generic code in the main module, and these few bits of DOM cost ~4 KiB of
//! brotli that way (the budget has 2). Buttons still read the signal for `disabled`.
//!
//! ```ignore
//! let online = use_online();
//! view! { <button prop:disabled=move || !online.get()>…</button><OfflineNote reason=s.offline_like/> }
//! on_back_online(move || send_waiting_post());
//! ```
use crate::i18n::t;
use leptos::prelude::*;
use std::cell::RefCell;

/// An answer that came from the service worker's cache: the page it arrived on, its request
/// path, and when the worker stored it (RFC 3339 UTC).
struct Cached {
    page: String,
    path: String,
    at: String,
}

thread_local! {
    /// The current page's cached answers.
    static CACHED: RefCell<Vec<Cached>> = const { RefCell::new(Vec::new()) };
}

/// Notes that the answer for `path` came from the cache (stored at `cached_at`) or fresh from the
/// server (`None`: that path is fresh again), forgets the answers of other pages, and labels the
/// page with the oldest cached one.
fn note(path: &str, cached_at: Option<String>) {
    let page = window().location().pathname().unwrap_or_default();
    let oldest = CACHED.with(|list| {
        let mut list = list.borrow_mut();
        list.retain(|c| c.page == page && c.path != path);
        if let Some(at) = cached_at {
            list.push(Cached {
                page,
                path: path.to_string(),
                at,
            });
        }
        list.iter().map(|c| c.at.clone()).min()
    });
    let document = document();
    if let (Some(at), Some(label)) = (&oldest, document.get_element_by_id("stale-label")) {
        label.set_text_content(Some(&(t().offline_data_at)(
            &crate::format::china_datetime(at),
        )));
    }
    mark("is-stale", oldest.is_some());
}

/// Sets or clears a class of `<html>`.
fn mark(class: &str, on: bool) {
    if let Some(root) = document().document_element() {
        let _ = root.class_list().toggle_with_force(class, on);
    }
}

/// Starts following the connection (once, in `App`).
pub fn provide_connection() {
    let online = RwSignal::new(true);
    let update = move || {
        let now = window().navigator().on_line();
        online.set(now);
        mark("is-offline", !now);
    };
    update();
    // For the app's lifetime: the handles are never removed.
    for event in ["online", "offline"] {
        let _ = window_event_listener_untyped(event, move |_| update());
    }
    crate::api::client::on_read(note);
    provide_context(Online(online.into()));
}

#[derive(Clone, Copy)]
struct Online(Signal<bool>);

/// Whether the browser is online (always, where `App` did not provide it: a component test).
pub fn use_online() -> Signal<bool> {
    use_context::<Online>().map_or(Signal::stored(true), |o| o.0)
}

/// Runs `f` each time the browser comes back online, while the calling component lives (a
/// failed read retries, a post written offline is sent).
pub fn on_back_online(f: impl Fn() + 'static) {
    let handle = window_event_listener(leptos::ev::online, move |_| f());
    on_cleanup(move || handle.remove());
}

/// The 离线 banner and the stale-data label, between the header and the page (in the flow: they
/// never cover it); shown only while there is something to say.
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    view! {
        <div class="connection" role="status" data-testid="connection">
            <p class="connection__offline" data-testid="offline-banner">{t().offline_banner}</p>
            <p class="connection__stale" id="stale-label" data-testid="stale-label"></p>
        </div>
    }
}

/// Why a write is unavailable, next to its button, shown while offline.
#[component]
pub fn OfflineNote(
    /// The reason (defaults to 离线中，联网后才能提交).
    #[prop(optional)]
    reason: Option<&'static str>,
) -> impl IntoView {
    view! { <p class="offline-note" data-testid="offline-note">{reason.unwrap_or(t().offline_write)}</p> }
}
