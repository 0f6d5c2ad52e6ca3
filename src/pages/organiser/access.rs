//! Who may open the organiser and review pages: a login prompt that comes back here, or a clear
//! message when the account lacks the role. The server decides in the end (403/404 are shown as
//! the same kind of message by `access_message`).
use crate::api::organiser::fetch_my_roles;
use crate::api::ApiError;
use crate::components::error_message;
use crate::state::{current_path, login_href, use_session};
use leptos::prelude::*;
use leptos_router::components::A;

/// Shows `children` to a logged-in user; with `role = "reviewer"`, only to one whose
/// `GET /me/roles` says so.
#[component]
pub fn RoleGate(
    #[prop(optional)] role: Option<&'static str>,
    /// What the page is for, in the message shown to those who cannot use it.
    what: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    // A memo: the session refreshing its user must not rebuild (and empty) the page's forms.
    let logged_in = Memo::new(move |_| session.is_logged_in());
    let children = StoredValue::new(children);
    move || {
        if !logged_in.get() {
            return view! {
                <div class="state" data-testid="login-prompt">
                    <p class="state__title">{format!("请先登录，再{what}")}</p>
                    <A href=login_href(&current_path()) attr:class="button button--primary">"登录"</A>
                </div>
            }
            .into_any();
        }
        match role {
            None => children.with_value(|c| c()).into_any(),
            Some(_) => view! { <ReviewerOnly what children=children.get_value()/> }.into_any(),
        }
    }
}

#[component]
fn ReviewerOnly(what: &'static str, children: ChildrenFn) -> impl IntoView {
    let roles = LocalResource::new(fetch_my_roles);
    let children = StoredValue::new(children);
    move || match roles.get() {
        None => view! { <div class="skeleton skeleton--cover" aria-busy="true"></div> }.into_any(),
        Some(Err(error)) => view! {
            <crate::components::ErrorView error on_retry=Callback::new(move |()| roles.refetch())/>
        }
        .into_any(),
        Some(Ok(r)) if r.reviewer || r.admin => untrack(|| children.with_value(|c| c()).into_any()),
        Some(Ok(_)) => view! {
            <div class="state" role="alert" data-testid="no-role">
                <p class="state__title">"没有审核权限"</p>
                <p class="state__body">{format!("当前账号不能{what}。审核员由各地科协开通。")}</p>
                <A href="/me" attr:class="button button--ghost">"返回我的"</A>
            </div>
        }
        .into_any(),
    }
}

/// The sentence for a refused or missing record: 403/404 say that it is out of reach, not that
/// something broke.
pub fn access_message(error: &ApiError) -> String {
    match error {
        ApiError::Forbidden(_) => "无权查看：不在你的审核范围内".to_string(),
        ApiError::NotFound(_) => "没有找到，或不在你的审核范围内".to_string(),
        other => error_message(other),
    }
}

/// The data of a staff page once it is there (`Ok`); until then (`Err`) the skeleton, or the
/// failure: a refused or missing record as a message with a way back to `back`, anything else as
/// the retry view (`retry` refetches).
pub fn staff_data<T>(
    state: Option<Result<T, ApiError>>,
    retry: impl Fn() + Send + Sync + 'static,
    back: &'static str,
) -> Result<T, AnyView> {
    match state {
        Some(Ok(data)) => Ok(data),
        None => {
            Err(view! { <div class="skeleton skeleton--cover" aria-busy="true"></div> }.into_any())
        }
        Some(Err(error)) => Err(refusal_or_retry(
            error,
            Callback::new(move |()| retry()),
            back,
        )),
    }
}

/// A refused/missing record as a message with a way back; anything else as the retry view.
fn refusal_or_retry(error: ApiError, on_retry: Callback<()>, back: &'static str) -> AnyView {
    if matches!(error, ApiError::Forbidden(_) | ApiError::NotFound(_)) {
        view! {
            <div class="state" role="alert" data-testid="refused">
                <p class="state__title">{access_message(&error)}</p>
                <A href=back attr:class="button button--ghost">"返回"</A>
            </div>
        }
        .into_any()
    } else {
        view! { <crate::components::ErrorView error on_retry/> }.into_any()
    }
}
