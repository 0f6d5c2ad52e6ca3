//! `/me`: the display name (editable), 我的作品, today's likes, and log out.
#[path = "account_text.rs"]
pub(crate) mod text;

use crate::api::auth::{delete_session, fetch_me, update_display_name};
use crate::api::ApiError;
use crate::components::Remote;
use crate::components::{error_message, ErrorView, Icon, IconName};
use crate::i18n::t;
use crate::models::{display_name_problem, DisplayNameProblem, MyRoles};
use crate::state::{login_href, use_session, use_toasts, use_volunteers};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use text::tx;

#[component]
pub fn MePage() -> impl IntoView {
    let s = t();
    let session = use_session();
    view! {
        <Title text=tx().me_title/>
        <section class="page page--narrow">
            <h1 class="page__title">{tx().me_title}</h1>
            <Show when=move || session.is_logged_in() fallback=move || view! {
                <div class="state" data-testid="login-prompt">
                    <p class="state__title">{tx().login_required}</p>
                    <A href=login_href("/me") attr:class="button button--primary">{s.login_cta}</A>
                </div>
            }>
                <Profile/>
            </Show>
            <section class="me-section me-language" aria-labelledby="me-language-heading">
                <h2 class="section-heading" id="me-language-heading">{words().language}</h2>
                <crate::components::LanguageSwitch class="button button--ghost button--block"/>
            </section>
        </section>
    }
}

#[component]
fn Profile() -> impl IntoView {
    let s = t();
    let session = use_session();
    let toasts = use_toasts();
    // The stored user shows at once; the server's answer refreshes it.
    let me = LocalResource::new(fetch_me);
    Effect::new(move |_| {
        if let Some(Ok(user)) = me.get() {
            session.update_user(user);
        }
    });
    let user = move || session.user();
    let name = RwSignal::new(user().map(|u| u.display_name).unwrap_or_default());
    let name_error = RwSignal::new(None::<String>);

    let save = Action::new_local(move |value: &String| {
        let value = value.clone();
        async move { update_display_name(&value).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(u) => {
                    name.set(u.display_name.clone());
                    session.update_user(u);
                    toasts.show(s.saved);
                }
                Err(e) => name_error.set(Some(
                    e.field_message("display_name")
                        .map(str::to_string)
                        .unwrap_or_else(|| error_message(&e)),
                )),
            }
        }
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = name.get_untracked();
        match display_name_problem(&value) {
            Some(problem) => name_error.set(Some(
                match problem {
                    DisplayNameProblem::TooShort => tx().name_too_short,
                    DisplayNameProblem::TooLong => tx().name_too_long,
                    DisplayNameProblem::ControlCharacters => tx().name_control_chars,
                }
                .to_string(),
            )),
            None => {
                name_error.set(None);
                save.dispatch(value.trim().to_string());
            }
        }
    };
    let logout = Action::new_local(|_: &()| async move { delete_session().await });
    Effect::new(move |_| {
        if let Some(result) = logout.value().get() {
            // Gone on the server, or already invalid (401): either way the session is over here.
            if result.is_ok() || matches!(result, Err(ApiError::Unauthorized(_))) {
                session.clear();
                toasts.show(tx().logged_out);
            } else if let Err(e) = result {
                toasts.show(error_message(&e));
            }
        }
    });

    // One `GET /me/roles` for the links to the back office below.
    let roles = LocalResource::new(crate::api::organiser::fetch_my_roles);

    view! {
        {move || match me.get() {
            Some(Err(e)) if !matches!(e, ApiError::Unauthorized(_)) => view! {
                <ErrorView error=e on_retry=Callback::new(move |_| me.refetch())/>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div class="profile-card">
            <div class="profile-card__avatar" aria-hidden="true" lang=crate::i18n::api_lang()>{move || user().and_then(|u| u.display_name.chars().next()).map(String::from)}</div>
            <div>
                <p class="profile-card__name" data-testid="me-name" lang=crate::i18n::api_lang()>{move || user().map(|u| u.display_name)}</p>
                <p class="muted">{move || user().map(|u| u.phone_masked)}</p>
            </div>
        </div>
        <form class="form-card" on:submit=on_save novalidate>
            <div class="field">
                <label class="field__label" for="me-name">{tx().display_name_label}</label>
                <div class="field__row">
                    <input id="me-name" class="field__input" type="text" maxlength="40" autocomplete="nickname"
                        prop:value=move || name.get()
                        on:input=move |ev| { name.set(event_target_value(&ev)); name_error.set(None); }
                        aria-invalid=move || name_error.read().is_some().to_string()
                        aria-describedby="me-name-error"/>
                    <button type="submit" class="button button--primary field__side-button" prop:disabled=move || save.pending().get()>
                        {move || if save.pending().get() { s.saving } else { s.save }}
                    </button>
                </div>
                <p id="me-name-error" class="field__error">{move || name_error.get()}</p>
            </div>
        </form>
        <WorkLinks roles/>
        <A href="/me/saved" attr:class="button button--ghost button--block me-saved-link" attr:data-testid="my-saved-link">
            <Icon name=IconName::Bookmark/>{s.my_saved}
        </A>
        <section class="me-section" id="my-reservations" aria-labelledby="my-reservations-heading" data-testid="my-reservations">
            <h2 class="section-heading" id="my-reservations-heading">{crate::pages::reservations::my_reservations_title()}</h2>
            <crate::pages::reservations::MyReservations/>
        </section>
        <section class="me-section" data-testid="my-entries">
            <h2 class="section-heading">{tx().my_entries}</h2>
            <MyEntries/>
        </section>
        <section class="me-section" data-testid="my-likes">
            <h2 class="section-heading">{tx().my_likes_today}</h2>
            <MyLikesToday/>
        </section>
        <ModerationLink roles/>
        <button type="button" class="button button--ghost button--block" on:click=move |_| { logout.dispatch(()); }
            prop:disabled=move || logout.pending().get()>
            {tx().logout}
        </button>
    }
}

/// 登记填报: the way to the unit's pages for its organisers (and to register one for anyone),
/// and to the review queue for reviewers (`GET /me/roles`).
#[component]
fn WorkLinks(roles: LocalResource<Result<MyRoles, ApiError>>) -> impl IntoView {
    move || {
        roles.get().and_then(Result::ok).map(|r| {
            let organiser = !r.units.is_empty();
            let reviewer = r.reviewer || r.admin;
            let w = words();
            view! {
                <nav class="me-section work-links" aria-label=w.work data-testid="work-links">
                    <A href="/organiser" attr:class="button button--ghost">
                        {if organiser { w.unit } else { w.register_unit }}
                    </A>
                    {reviewer.then(|| view! { <A href="/review" attr:class="button button--ghost">{w.review}</A> })}
                </nav>
            }
        })
    }
}

/// 今日点赞: the likes left today and whom I liked, with the way to the volunteers.
#[component]
fn MyLikesToday() -> impl IntoView {
    let s = t();
    let state = use_volunteers();
    state.refresh_remaining();
    view! {
        {move || match state.mine.get() {
            None => view! { <p class="muted" aria-busy="true">{s.loading}</p> }.into_any(),
            Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |_| state.refresh_remaining())/> }.into_any(),
            Some(Ok(m)) => view! {
                <p class="vol-remaining" data-testid="remaining-likes">{(tx().vol_remaining_of)(m.remaining, m.daily_limit)}</p>
                <ul class="chips" aria-label=tx().vol_liked_today_list>
                    {m.items.into_iter().map(|l| view! {
                        <li><A href=format!("/volunteers/{}", l.volunteer.id) attr:class="chip">{l.volunteer.name}</A></li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
        <A href="/volunteers" attr:class="button button--ghost me-likes__link">{tx().vol_go_like}</A>
    }
}

/// 我的作品: every submission with its review status (审核中 / 已通过 / 未通过 and why).
#[component]
fn MyEntries() -> impl IntoView {
    let s = t();
    let entries = LocalResource::new(crate::api::challenges::my_entries);
    view! {
        <Remote resource=entries skeleton=move || view! { <p class="muted" aria-busy="true">{s.loading}</p> } let:page>
            {if page.items.is_empty() {
                view! {
                    <p class="muted">{tx().my_entries_empty}" · "<A href="/challenge/submit">{s.ch_submit_cta}</A></p>
                }.into_any()
            } else {
                view! {
                    <ul class="entry-grid">
                        {page.items.into_iter().map(|entry| view! { <li><crate::pages::challenge::MyEntry entry/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </Remote>
    }
}

/// 内容审核: the way in, for moderators and admins only.
#[component]
fn ModerationLink(roles: LocalResource<Result<MyRoles, ApiError>>) -> impl IntoView {
    move || {
        roles
            .get()
            .and_then(Result::ok)
            .filter(|r| r.moderator || r.admin)
            .map(|_| view! { <A href="/moderation" attr:class="button button--ghost button--block me-moderation">{words().moderation}</A> })
    }
}

/// The words only /me uses (here, in the `account` section, rather than in the first page's
/// tables).
struct Words {
    language: &'static str,
    work: &'static str,
    unit: &'static str,
    register_unit: &'static str,
    review: &'static str,
    moderation: &'static str,
}

fn words() -> &'static Words {
    static ZH_CN: Words = Words {
        language: "语言",
        work: "登记填报",
        unit: "举办单位",
        register_unit: "登记举办单位",
        review: "审核",
        moderation: "内容审核",
    };
    static EN: Words = Words {
        language: "Language",
        work: "Organisers and reviewers",
        unit: "My organisation",
        register_unit: "Register an organisation",
        review: "Review",
        moderation: "Moderation",
    };
    match crate::i18n::locale() {
        crate::i18n::Locale::ZhCn => &ZH_CN,
        crate::i18n::Locale::En => &EN,
    }
}
