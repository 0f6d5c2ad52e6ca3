use crate::components::{Icon, IconName};
use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// A clear "即将上线" page for a section that a later release fills, never a blank screen.
#[component]
pub fn ComingSoon(title: &'static str, icon: IconName) -> impl IntoView {
    let s = t();
    view! {
        <Title text=title/>
        <section class="page page--narrow">
            <h1 class="page__title">{title}</h1>
            <div class="state state--soon" data-testid="coming-soon">
                <Icon name=icon class="state__icon"/>
                <p class="state__title">{s.coming_soon}</p>
                <p class="state__body">{s.coming_soon_body}</p>
                <A href="/" attr:class="button button--primary">{s.back_home}</A>
            </div>
        </section>
    }
}
