use crate::api::ApiError;
use crate::i18n::t;
use leptos::prelude::*;

/// The sentence a person should read for an error: the server's own Chinese `detail` where it
/// sent one, otherwise what kind of failure it was.
pub fn error_message(error: &ApiError) -> String {
    let s = t();
    match error {
        ApiError::Network | ApiError::Aborted => s.error_network.to_string(),
        ApiError::Timeout => s.error_timeout.to_string(),
        ApiError::NotFound(p) => p.detail.clone().unwrap_or_else(|| s.error_not_found.into()),
        ApiError::Server { .. } => s.error_server.to_string(),
        ApiError::Decode(_) => s.error_unexpected.to_string(),
        other => other
            .detail()
            .map(str::to_string)
            .unwrap_or_else(|| s.error_unexpected.into()),
    }
}

/// An error state with a 重试 button.
#[component]
pub fn ErrorView(error: ApiError, on_retry: Callback<()>) -> impl IntoView {
    let s = t();
    view! {
        <div class="state state--error" role="alert" data-testid="error-view">
            <p class="state__title">{s.error_title}</p>
            <p class="state__body">{error_message(&error)}</p>
            <button type="button" class="button button--primary" on:click=move |_| on_retry.run(())>
                {s.retry}
            </button>
        </div>
    }
}
