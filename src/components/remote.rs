//! `<Remote>`: the one way a page shows remote data. While the first answer is on its way a
//! skeleton shows (later refetches keep the old view: `Transition`); a failure shows the shared
//! `ErrorView` with 重试, which refetches; the answer is given to the children.
//!
//! ```ignore
//! let topic = LocalResource::new(move || fetch_topic(&id()));
//! view! { <Remote resource=topic let:detail><Topic detail/></Remote> }
//! ```
use super::RemoteErrorFallback;
use crate::api::ApiError;
use leptos::prelude::*;

#[component]
pub fn Remote<T, V, C>(
    resource: LocalResource<Result<T, ApiError>>,
    /// What shows before the first answer (a cover-sized skeleton when not given).
    #[prop(optional, into)]
    skeleton: Option<ViewFn>,
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
    view! {
        <Transition fallback=move || skeleton.run()>
            <ErrorBoundary fallback=move |errors| {
                view! { <RemoteErrorFallback errors on_retry=Callback::new(move |_| resource.refetch())/> }
            }>
                {
                    let children = children.clone();
                    move || {
                        let children = children.clone();
                        Suspend::new(async move {
                            let value = resource.await?;
                            Ok::<_, ApiError>(children(value))
                        })
                    }
                }
            </ErrorBoundary>
        </Transition>
    }
}
