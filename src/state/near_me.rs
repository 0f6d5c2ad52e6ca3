//! 附近: the visitor's city, chosen once (from the list or from the browser's position, mapped to
//! a city by the server), kept on the device and, when logged in, on the account.
//!
//! Only the city is kept, never the position: it is all the app needs (`/now?city=`,
//! `/activities?near=`, 本省), and it tells far less about the visitor.
//!
//! Created on first use by the sections that need it (home's lists, the activity search, the
//! volunteer leaderboard), so neither it nor its account sync weigh on the first load.
use super::storage::{self, StorageKey};
use super::{use_section_state, use_session, use_toasts, SessionState, Toasts};
use crate::api::auth::update_city;
use crate::i18n::t;
use crate::models::RegionRef;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, Copy)]
pub struct NearMe {
    /// The chosen city with its province (`city_code` is always set).
    pub city: RwSignal<Option<RegionRef>>,
    session: SessionState,
    toasts: Toasts,
}

impl NearMe {
    /// The chosen city's code.
    pub fn city_code(&self) -> Option<String> {
        self.city
            .with(|c| c.as_ref().and_then(|c| c.city_code.clone()))
    }

    /// Remembers `city` on the device and, when logged in, on the account.
    pub fn choose(&self, city: RegionRef) {
        storage::save(&StorageKey::NearCity, &city);
        let code = city.city_code.clone();
        self.city.set(Some(city));
        if self.session.is_logged_in() {
            self.remember_on_account(code);
        }
    }

    /// Sends the city to the account; a failure leaves it on the device and says so.
    fn remember_on_account(&self, code: Option<String>) {
        let (session, toasts) = (self.session, self.toasts);
        spawn_local(async move {
            match update_city(code.as_deref()).await {
                Ok(user) => session.update_user(user),
                Err(_) => toasts.show(t().near_sync_failed),
            }
        });
    }
}

pub fn use_near_me() -> NearMe {
    use_section_state(|| {
        let session = use_session();
        let near = NearMe {
            city: RwSignal::new(
                storage::load::<RegionRef>(&StorageKey::NearCity).filter(|c| c.city_code.is_some()),
            ),
            session,
            toasts: use_toasts(),
        };
        // On login (and once per visit when already logged in): the account's city when the
        // device has none; the device's city goes to the account when the account has none.
        Effect::new(move |last: Option<Option<String>>| {
            let user = session.user();
            let id = user.as_ref().map(|u| u.id.clone());
            if id.is_some() && last.flatten() != id {
                let account = user.and_then(|u| u.city).filter(|c| c.city_code.is_some());
                match (near.city.get_untracked(), account) {
                    (None, Some(city)) => {
                        storage::save(&StorageKey::NearCity, &city);
                        near.city.set(Some(city));
                    }
                    (Some(device), None) => near.remember_on_account(device.city_code),
                    _ => {}
                }
            }
            id
        });
        near
    })
}
