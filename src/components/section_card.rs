use crate::components::{Icon, IconName};
use leptos::prelude::*;

/// A large tappable card into one section of the site.
#[component]
pub fn SectionCard(
    href: String,
    title: &'static str,
    description: &'static str,
    icon: IconName,
    #[prop(optional)] accent: bool,
) -> impl IntoView {
    view! {
        <a href=href class=if accent { "section-card section-card--accent" } else { "section-card" }>
            <span class="section-card__icon"><Icon name=icon/></span>
            <span class="section-card__text">
                <span class="section-card__title">{title}</span>
                <span class="section-card__desc">{description}</span>
            </span>
            <Icon name=IconName::Arrow class="section-card__arrow"/>
        </a>
    }
}
