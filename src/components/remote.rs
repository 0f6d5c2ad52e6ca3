//! `<Remote>`: the one way a page shows remote data. While the first answer is on its way a
//! skeleton shows; a refetch keeps showing the last answer until the next one arrives (as a
//! `Transition` would: a `LocalResource` keeps its value); a failure shows the shared
//! `ErrorView` with 重试, which refetches (by itself too when the network comes back; a 404
//! says the thing does not exist instead); the answer is given to the children.
//!
//! It reads the resource as a signal rather than through Transition + ErrorBoundary + Suspend:
//! those are instantiated once per type of data, which made the wasm ~33 KB larger (raw) for
//! the same behaviour here (CSR, no nested suspense).
//!
//! ```ignore
//! let topic = LocalResource::new(move || fetch_topic(&id()));
//! view! { <Remote resource=topic let:detail><Topic detail/></Remote> }
//! ```
use super::ErrorView;
use crate::api::ApiError;
use leptos::prelude::*;

#[component]
pub fn Remote<T, V, C>(
    resource: LocalResource<Result<T, ApiError>>,
    /// What shows before the first answer (a cover-sized skeleton when not given).
    #[prop(optional, into)]
    skeleton: Option<ViewFn>,
    /// A failure shows as a one-line notice (for a part of a page, e.g. a filter bar, whose
    /// failure must not stack a second full-size error box above the page's own).
    #[prop(optional)]
    compact: bool,
    children: C,
) -> impl IntoView
where
    T: Clone + 'static,
    C: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let skeleton = skeleton.unwrap_or_else(|| {
        ViewFn::from(|| view! { <div class="skeleton skeleton--cover" aria-busy="true"></div> })
    });
    move || {
        match resource.get() {
        None => skeleton.run(),
        Some(Err(error)) => {
            view! { <ErrorView error compact on_retry=Callback::new(move |()| resource.refetch())/> }
                .into_any()
        }
        // Untracked: what the children read while they are built must not rebuild them (a
        // rebuild would drop their state, e.g. a like in flight).
        Some(Ok(value)) => untrack(|| children(value).into_any()),
    }
    }
}
