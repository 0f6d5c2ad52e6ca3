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

/// For a 404 on the page at `path`: what does not exist (by the kind of page) and where to go
/// back to (the section's list, or home) with the link's words.
pub fn missing_of(path: &str) -> (&'static str, &'static str, &'static str) {
    let s = t();
    let mut parts = path.trim_start_matches('/').split('/');
    let (message, back) = match (parts.next(), parts.next()) {
        (Some("activities"), Some(_)) => (s.missing_activity, "/activities"),
        (Some("live"), Some(_)) => (s.missing_stream, "/live"),
        (Some("challenge"), Some("entries")) => (s.missing_entry, "/challenge"),
        (Some("topics"), Some(_)) => (s.missing_topic, "/topics"),
        (Some("volunteers"), Some(_)) => (s.missing_volunteer, "/volunteers"),
        _ => return (s.error_not_found, "/", s.missing_home),
    };
    (message, back, s.missing_back)
}

/// An error state. A 404 says the thing does not exist, with a way back (repeating cannot
/// help); anything else offers 重试, and a failure of the network retries by itself once the
/// browser says it is online again (so a dropped connection heals without a reload). `compact`
/// is a one-line notice, for a part of a page whose failure must not crowd out the rest.
#[component]
pub fn ErrorView(
    error: ApiError,
    on_retry: Callback<()>,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let s = t();
    if matches!(error, ApiError::NotFound(_)) && !compact {
        let path = window().location().pathname().unwrap_or_default();
        let (message, back, back_label) = missing_of(&path);
        return view! {
            <div class="state state--error" role="alert" data-testid="not-found-view">
                <p class="state__title">{message}</p>
                <a href=back class="button button--primary">{back_label}</a>
            </div>
        }
        .into_any();
    }
    if error.is_transient() {
        crate::state::on_back_online(move || on_retry.run(()));
    }
    let retry = move |_| on_retry.run(());
    if compact {
        return view! {
            <p class="inline-error" role="alert" data-testid="inline-error">
                <span>{error_message(&error)}</span>
                <button type="button" class="link-button" on:click=retry>{s.retry}</button>
            </p>
        }
        .into_any();
    }
    view! {
        <div class="state state--error" role="alert" data-testid="error-view">
            <p class="state__title">{s.error_title}</p>
            <p class="state__body">{error_message(&error)}</p>
            <button type="button" class="button button--primary" on:click=retry>
                {s.retry}
            </button>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::missing_of;

    #[test]
    fn a_missing_detail_names_its_kind_and_goes_back_to_its_section() {
        assert_eq!(missing_of("/activities/act_9").0, "该活动不存在或已下线");
        assert_eq!(missing_of("/activities/act_9").1, "/activities");
        assert_eq!(missing_of("/challenge/entries/e1").1, "/challenge");
        assert_eq!(missing_of("/topics/t1").1, "/topics");
        assert_eq!(missing_of("/me").1, "/");
        assert_eq!(missing_of("/me").2, "返回首页");
        assert_eq!(missing_of("/topics/t1").2, "返回列表");
    }
}
