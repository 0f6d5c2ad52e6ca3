use crate::components::{Icon, IconName};
use crate::i18n::{locale, switch_to, t, Locale};
use crate::state::use_session;
use leptos::prelude::*;
use leptos_router::components::A;

/// The 2021全国科普日 mark, the theme, and the language switch. On wide screens the tab bar sits
/// inside it as top navigation.
#[component]
pub fn AppHeader(children: Children) -> impl IntoView {
    let s = t();
    let session = use_session();
    view! {
        <header class="app-header">
            <div class="app-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">
                        <svg viewBox="0 0 32 32" width="32" height="32" focusable="false">
                            <circle cx="16" cy="16" r="15" fill="currentColor"></circle>
                            <path
                                d="M9 19.5c2.2-5.8 5.2-9.4 12-11-1.6 2-2.4 4-2.6 6.3 1.6-.6 3-.7 4.6-.3-3.9 2.4-7.3 4.9-10.4 9.5"
                                fill="none"
                                stroke="#fff"
                                stroke-width="2.2"
                                stroke-linecap="round"
                                stroke-linejoin="round"
                            ></path>
                        </svg>
                    </span>
                    <span class="brand__text">
                        <span class="brand__name">{s.app_name}</span>
                        <span class="brand__edition">{s.edition_mark}</span>
                    </span>
                </A>
                {children()}
                <A href="/me" attr:class="header-me" attr:aria-label=s.nav_me>
                    <Icon name=IconName::User/>
                    <span class="header-me__label" lang=move || session.user().and(crate::i18n::api_lang())>
                        {move || session.user().map(|u| u.display_name).unwrap_or_else(|| s.login_cta.to_string())}
                    </span>
                </A>
                <LanguageSwitch class="lang-switch lang-switch--header"/>
            </div>
        </header>
    }
}

/// The button that switches to the other language (its name is in that language). In the
/// header on wide screens; on phones, where the header has no room, on /me.
#[component]
pub fn LanguageSwitch(class: &'static str) -> impl IntoView {
    let other = match locale() {
        Locale::ZhCn => Locale::En,
        Locale::En => Locale::ZhCn,
    };
    view! {
        <button type="button" class=class lang=other.tag() data-testid="switch-language" on:click=move |_| switch_to(other)>
            {t().switch_language}
        </button>
    }
}
