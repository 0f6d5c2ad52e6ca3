//! `/login?next=…`: phone + SMS code. Each failure shows next to its field; the typed phone
//! number survives a reload; after login the user goes back to `next`. Nothing is sent before
//! the visitor ticks (unticked by default) that they agree to the 用户协议 and 隐私政策, whose
//! current versions (from `GET /edition`) go with the login.
use super::me::text::tx;
use crate::api::auth::{create_session, request_sms_code};
use crate::api::edition::fetch_edition;
use crate::api::ApiError;
use crate::components::error_message;
use crate::i18n::t;
use crate::models::is_mainland_mobile;
use crate::state::storage::{self, StorageKey};
use crate::state::{safe_next, use_clock, use_session};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use std::time::Duration;

/// The server's message for a refused (missing or outdated) agreement.
fn agreement_error(e: &ApiError) -> Option<String> {
    ["agreement", "agreement.terms", "agreement.privacy"]
        .into_iter()
        .find_map(|f| e.field_message(f))
        .map(str::to_string)
}

/// Splits a server error into (phone error, code error, general error).
fn place_error(e: &ApiError) -> (Option<String>, Option<String>, Option<String>) {
    match e {
        ApiError::Validation(_) => (
            e.field_message("phone").map(str::to_string),
            e.field_message("code").map(str::to_string),
            (e.field_message("phone").is_none() && e.field_message("code").is_none())
                .then(|| error_message(e)),
        ),
        ApiError::RateLimited {
            retry_after,
            problem,
        } => (
            None,
            None,
            Some(
                problem
                    .detail
                    .clone()
                    .unwrap_or_else(|| (tx().rate_limited)(retry_after.unwrap_or(60))),
            ),
        ),
        other => (None, None, Some(error_message(other))),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let s = t();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let next = move || safe_next(query.read_untracked().get("next"));

    let phone = RwSignal::new(storage::load::<String>(&StorageKey::LoginPhone).unwrap_or_default());
    let code = RwSignal::new(String::new());
    let phone_error = RwSignal::new(None::<String>);
    let code_error = RwSignal::new(None::<String>);
    let general_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<&'static str>);
    let countdown = RwSignal::new(0u32);
    let agreed = RwSignal::new(false);
    let agree_error = RwSignal::new(None::<String>);
    let clock = use_clock();

    if let Ok(handle) = set_interval_with_handle(
        move || {
            // try_: a tick that lands after the page is gone must not touch its disposed state.
            if countdown.try_get_untracked().unwrap_or(0) > 0 {
                countdown.try_update(|c| *c -= 1);
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move |_| {
        let p = phone.get();
        storage::save(&StorageKey::LoginPhone, &p);
    });

    let check_phone = move || {
        let ok = is_mainland_mobile(phone.get_untracked().trim());
        phone_error.set((!ok).then(|| tx().phone_invalid.to_string()));
        ok
    };

    let check_agreed = move || {
        let ok = agreed.get_untracked();
        agree_error.set((!ok).then(|| tx().agree_required.to_string()));
        ok
    };

    let send_code = Action::new_local(move |phone: &String| {
        let phone = phone.clone();
        async move { request_sms_code(&phone).await }
    });
    Effect::new(move |_| {
        if let Some(result) = send_code.value().get() {
            match result {
                Ok(sent) => {
                    countdown.set(sent.resend_after_seconds);
                    notice.set(Some(tx().code_sent));
                    general_error.set(None);
                }
                Err(e) => {
                    if let ApiError::RateLimited {
                        retry_after: Some(secs),
                        ..
                    } = &e
                    {
                        countdown.set(*secs);
                    }
                    let (p, _, g) = place_error(&e);
                    phone_error.set(p);
                    general_error.set(g);
                    notice.set(None);
                }
            }
        }
    });

    let login = Action::new_local(move |(phone, code): &(String, String)| {
        let (phone, code) = (phone.clone(), code.clone());
        // The versions agreed to: those the app already has from the clock's edition, else
        // asked for now.
        let known = clock.edition().and_then(Result::ok).and_then(|e| e.legal);
        async move {
            let agreement = match known {
                Some(legal) => legal,
                None => fetch_edition()
                    .await?
                    .edition
                    .legal
                    .ok_or_else(|| ApiError::Decode("edition without legal".into()))?,
            };
            create_session(&phone, &code, &agreement).await
        }
    });
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            if let Some(result) = login.value().get() {
                match result {
                    Ok(new_session) => {
                        session.log_in(new_session);
                        storage::forget(&StorageKey::LoginPhone);
                        navigate(
                            &next(),
                            NavigateOptions {
                                replace: true,
                                ..NavigateOptions::default()
                            },
                        );
                    }
                    Err(e) => {
                        let (p, c, g) = place_error(&e);
                        let refused = agreement_error(&e);
                        phone_error.set(p);
                        code_error.set(c);
                        general_error.set(g.filter(|_| refused.is_none()));
                        agree_error.set(refused);
                        crate::components::focus_first_invalid();
                    }
                }
            }
        }
    });

    let on_send = move |_| {
        let (phone_ok, agree_ok) = (check_phone(), check_agreed());
        if phone_ok && agree_ok {
            send_code.dispatch(phone.get_untracked().trim().to_string());
        } else {
            crate::components::focus_first_invalid();
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let phone_ok = check_phone();
        let c = code.get_untracked().trim().to_string();
        let code_ok = c.len() == 6 && c.bytes().all(|b| b.is_ascii_digit());
        code_error.set((!code_ok).then(|| tx().code_invalid.to_string()));
        let agree_ok = check_agreed();
        if phone_ok && code_ok && agree_ok {
            general_error.set(None);
            login.dispatch((phone.get_untracked().trim().to_string(), c));
        } else {
            crate::components::focus_first_invalid();
        }
    };

    let send_label = move || {
        if send_code.pending().get() {
            tx().sending_code.to_string()
        } else if countdown.get() > 0 {
            (tx().resend_in)(countdown.get())
        } else {
            tx().send_code.to_string()
        }
    };

    view! {
        <Title text=tx().login_title/>
        <section class="page page--narrow">
            <h1 class="page__title">{tx().login_title}</h1>
            <p class="muted login-intro">{tx().login_intro}</p>
            <form class="form-card" on:submit=on_submit novalidate>
                <div class="field">
                    <label class="field__label" for="login-phone">{tx().phone_label}</label>
                    <div class="field__row">
                        <input id="login-phone" class="field__input" type="tel" inputmode="numeric" autocomplete="tel-national"
                            maxlength="11" placeholder=tx().phone_placeholder prop:value=move || phone.get()
                            on:input=typed(phone, phone_error) aria-invalid=invalid(phone_error)
                            aria-describedby="login-phone-error"/>
                        <button type="button" class="button button--ghost field__side-button" on:click=on_send
                            prop:disabled=move || { send_code.pending().get() || countdown.get() > 0 }>
                            {send_label}
                        </button>
                    </div>
                    <p id="login-phone-error" class="field__error" data-testid="phone-error">{move || phone_error.get()}</p>
                </div>
                <div class="field">
                    <label class="field__label" for="login-code">{s.code_label}</label>
                    <input id="login-code" class="field__input" type="text" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="6" placeholder=tx().code_placeholder prop:value=move || code.get()
                        on:input=typed(code, code_error) aria-invalid=invalid(code_error)
                        aria-describedby="login-code-error"/>
                    <p id="login-code-error" class="field__error" data-testid="code-error">{move || code_error.get()}</p>
                </div>
                <div class="field consent">
                    <label class="consent__label">
                        <input id="login-agree" type="checkbox" class="consent__box"
                            prop:checked=move || agreed.get()
                            on:change=move |ev| { agreed.set(event_target_checked(&ev)); agree_error.set(None); }
                            aria-invalid=move || agree_error.read().is_some().to_string()
                            aria-describedby="login-agree-error"/>
                        <span>
                            {tx().agree_prefix}
                            <A href="/legal/terms">{tx().terms_title_quoted}</A>
                            {tx().agree_and}
                            <A href="/legal/privacy">{s.privacy_title_quoted}</A>
                        </span>
                    </label>
                    <p id="login-agree-error" class="field__error" data-testid="agree-error">{move || agree_error.get()}</p>
                </div>
                <p class="form-notice" role="status">{move || notice.get()}</p>
                <p class="form-error" role="alert" data-testid="login-error">{move || general_error.get()}</p>
                <button type="submit" class="button button--primary button--block" prop:disabled=move || login.pending().get()>
                    {move || if login.pending().get() { tx().logging_in } else { tx().login_submit }}
                </button>
            </form>
        </section>
    }
}

/// An input's handler: what is typed goes into `value` and clears its `error`.
fn typed(
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl Fn(web_sys::Event) + Send + Sync + 'static {
    move |ev| {
        value.set(event_target_value(&ev));
        error.set(None);
    }
}

/// An input's `aria-invalid`: whether `error` holds a message.
fn invalid(error: RwSignal<Option<String>>) -> impl Fn() -> String + Send + Sync + 'static {
    move || error.read().is_some().to_string()
}
