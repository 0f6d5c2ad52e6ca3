use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let s = t();
    view! {
        <Title text=s.not_found_title/>
        <section class="page page--narrow" data-testid="not-found">
            <div class="state">
                <p class="state__code" aria-hidden="true">"404"</p>
                <h1 class="state__title">{s.not_found_title}</h1>
                <p class="state__body">{s.not_found_body}</p>
                <A href="/" attr:class="button button--primary">{s.back_home}</A>
            </div>
        </section>
    }
}
