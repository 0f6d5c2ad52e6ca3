//! Whether the browser is online, as one signal for the whole app (`navigator.onLine` at start,
//! then the window's `online` / `offline` events), and which of the answers on the page came
//! from the service worker's cache instead of the server (it marks them with
//! `X-Kepuri-Cached-At`, read by `api::client`). `ConnectionBanner` says both, once, above the
//! page: 当前离线 while offline, 离线数据 · 更新于 … while the page shows cached answers.
//!
//! ```ignore
//! let online = use_online();
//! view! { <button prop:disabled=move || !online.get()>…</button><OfflineNote reason=s.offline_like/> }
//! on_back_online(move || send_waiting_post());
//! ```
use crate::i18n::t;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Connection {
    /// The browser says it has a network.
    pub online: Signal<bool>,
    /// Request path → when its answer on the page was stored by the service worker (RFC 3339
    /// UTC), for the answers that came from its cache; emptied when the page changes.
    cached: RwSignal<Vec<(String, String)>>,
}

impl Connection {
    /// When the oldest cached answer on the page was stored, if the page shows any.
    pub fn stale_since(&self) -> Option<String> {
        self.cached
            .with(|list| list.iter().map(|(_, at)| at).min().cloned())
    }

    /// Notes that the answer for `path` came from the cache (stored at `cached_at`) or fresh
    /// from the server (`None`, which makes that path fresh again).
    fn note(&self, path: &str, cached_at: Option<String>) {
        let known = self.cached.with_untracked(|list| {
            list.iter()
                .find(|(p, _)| p == path)
                .map(|(_, at)| at.clone())
        });
        if known == cached_at {
            return;
        }
        self.cached.try_update(|list| {
            list.retain(|(p, _)| p != path);
            if let Some(at) = cached_at {
                list.push((path.to_string(), at));
            }
        });
    }
}

/// Starts following the connection (once, in `App`).
pub fn provide_connection() {
    let online = RwSignal::new(window().navigator().on_line());
    // For the app's lifetime: the handles are never removed.
    let _ = window_event_listener(leptos::ev::online, move |_| online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| online.set(false));
    let connection = Connection {
        online: online.into(),
        cached: RwSignal::new(Vec::new()),
    };
    crate::api::client::on_read(move |path, cached_at| connection.note(path, cached_at));
    provide_context(connection);
}

/// The connection state (always online where `App` did not provide it, e.g. in a component test).
pub fn use_connection() -> Connection {
    use_context().unwrap_or_else(|| Connection {
        online: Signal::stored(true),
        cached: RwSignal::new(Vec::new()),
    })
}

/// Whether the browser is online.
pub fn use_online() -> Signal<bool> {
    use_connection().online
}

/// Runs `f` each time the browser comes back online, while the calling component lives (a
/// failed read retries, a post written offline is sent).
pub fn on_back_online(f: impl Fn() + 'static) {
    let handle = window_event_listener(leptos::ev::online, move |_| f());
    on_cleanup(move || handle.remove());
}

/// The 离线 banner and the stale-data label, between the header and the page (a live region:
/// both are read out as they appear).
#[component]
pub fn ConnectionBanner() -> impl IntoView {
    let s = t();
    let connection = use_connection();
    let location = leptos_router::hooks::use_location();
    // Another page: its answers are noted afresh.
    Effect::watch(
        move || location.pathname.track(),
        move |_, _, _| connection.cached.set(Vec::new()),
        false,
    );
    view! {
        <div class="connection" role="status" data-testid="connection">
            {move || (!connection.online.get()).then(|| view! {
                <p class="connection__offline" data-testid="offline-banner">{s.offline_banner}</p>
            })}
            {move || connection.stale_since().map(|at| view! {
                <p class="connection__stale" data-testid="stale-label">
                    {(s.offline_data_at)(&crate::format::china_datetime(&at))}
                </p>
            })}
        </div>
    }
}

/// Why a write is unavailable, next to its button, while offline.
#[component]
pub fn OfflineNote(
    /// The reason (defaults to 离线中，联网后才能提交).
    #[prop(optional)]
    reason: Option<&'static str>,
) -> impl IntoView {
    let online = use_online();
    let reason = reason.unwrap_or(t().offline_write);
    move || {
        (!online.get())
            .then(|| view! { <p class="offline-note" data-testid="offline-note">{reason}</p> })
    }
}
