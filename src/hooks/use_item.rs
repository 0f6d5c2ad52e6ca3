//! `use_item`: the resource of the item a detail route names (`/activities/:id`,
//! `/live/:id`, …), read from the typed route params and fetched again when the id changes.
//!
//! ```ignore
//! let entry = use_item(|id| async move { fetch_entry(&id).await });
//! view! { <Remote resource=entry let:e><EntryView entry=e/></Remote> }
//! ```
use crate::api::ApiError;
use leptos::prelude::*;
use leptos::Params;
use leptos_router::hooks::use_params;
use leptos_router::params::Params;
use std::future::Future;

/// The `:id` segment of a detail route.
#[derive(Params, Clone, Debug, PartialEq)]
pub struct ItemParams {
    pub id: Option<String>,
}

pub fn use_item<T, F, Fut>(fetch: F) -> LocalResource<Result<T, ApiError>>
where
    T: 'static,
    F: Fn(String) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let params = use_params::<ItemParams>();
    LocalResource::new(move || {
        let id = params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.id.clone())
            .unwrap_or_default();
        fetch(id)
    })
}
