//! Who is logged in. Kept in local storage so a reload keeps the user logged in; a 401 from any
//! request clears it and says so, without touching what the user was doing.
use crate::api::client::{on_unauthorized, set_auth_token};
use crate::models::{Session, User};
use leptos::prelude::*;

use super::storage::{self, StorageKey};

#[derive(Clone, Copy)]
pub struct SessionState {
    session: RwSignal<Option<Session>>,
    /// Set when the server rejected the session (expired or revoked elsewhere).
    pub expired: RwSignal<bool>,
}

/// The current in-app path with its query, for `login_href` to come back to.
pub fn current_path() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(path_with_query(&l.pathname().ok()?, &l.search().ok()?))
        })
        .unwrap_or_else(|| "/".into())
}

fn load() -> Option<Session> {
    // Expiry is the server's to judge (device clocks are often wrong): an expired session is
    // answered with 401, which clears it.
    storage::load(&StorageKey::Session)
}

fn save(session: Option<&Session>) {
    match session {
        Some(s) => storage::save(&StorageKey::Session, s),
        None => storage::forget(&StorageKey::Session),
    }
}

impl SessionState {
    pub fn user(&self) -> Option<User> {
        self.session.with(|s| s.as_ref().map(|s| s.user.clone()))
    }

    pub fn is_logged_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    pub fn log_in(&self, session: Session) {
        crate::boot::clear_offline_copies();
        set_auth_token(Some(session.token.clone()));
        save(Some(&session));
        self.session.set(Some(session));
        self.expired.set(false);
    }

    pub fn update_user(&self, user: User) {
        self.session.update(|s| {
            if let Some(s) = s {
                s.user = user;
            }
        });
        self.session.with_untracked(|s| save(s.as_ref()));
    }

    /// Forgets the session locally (after logout, or when the server says it is gone).
    pub fn clear(&self) {
        crate::boot::clear_offline_copies();
        set_auth_token(None);
        save(None);
        self.session.set(None);
    }
}

pub fn provide_session() -> SessionState {
    let session = load();
    set_auth_token(session.as_ref().map(|s| s.token.clone()));
    let state = SessionState {
        session: RwSignal::new(session),
        expired: RwSignal::new(false),
    };
    on_unauthorized(move || {
        if state.session.with_untracked(Option::is_some) {
            state.clear();
            state.expired.set(true);
        }
    });
    provide_context(state);
    state
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

/// A path and its query string as one in-app URL. The router gives the query without its `?`
/// (`window.location.search` with it); both are taken.
pub fn path_with_query(path: &str, search: &str) -> String {
    let path = if path.is_empty() { "/" } else { path };
    match search.trim_start_matches('?') {
        "" => path.to_string(),
        query => format!("{path}?{query}"),
    }
}

/// `/login?next=…` that comes back to `next` (a path inside the app) afterwards.
pub fn login_href(next: &str) -> String {
    format!("/login?next={}", crate::models::encode(next))
}

/// Only same-app paths are followed after login (no `//evil.example`, no `https:`).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/me".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_way_back_keeps_the_query_string() {
        assert_eq!(path_with_query("/volunteers", "q=王"), "/volunteers?q=王");
        assert_eq!(path_with_query("/volunteers", "?q=王"), "/volunteers?q=王");
        assert_eq!(path_with_query("/me", ""), "/me");
        assert_eq!(path_with_query("", ""), "/");
    }

    #[test]
    fn only_app_paths_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/volunteers?q=王".into())),
            "/volunteers?q=王"
        );
        assert_eq!(safe_next(Some("//evil.example/x".into())), "/me");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/me");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/me");
        assert_eq!(safe_next(None), "/me");
        assert_eq!(login_href("/me?tab=1"), "/login?next=%2Fme%3Ftab%3D1");
    }
}

/// Shown after the server rejected the session: a way back in that returns here.
#[component]
pub fn SessionExpiredBanner() -> impl IntoView {
    let session = use_session();
    let s = crate::i18n::t();
    let location = leptos_router::hooks::use_location();
    move || {
        session.expired.get().then(|| {
            let here = path_with_query(&location.pathname.get(), &location.search.get());
            view! {
                <div class="session-banner" role="alert" data-testid="session-expired">
                    <p>{s.session_expired}</p>
                    <leptos_router::components::A href=login_href(&here) attr:class="button button--primary">{s.login_again}</leptos_router::components::A>
                </div>
            }
        })
    }
}
