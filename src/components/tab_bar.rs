use crate::components::{Icon, IconName};
use crate::i18n::t;
use leptos::prelude::*;
use leptos_router::components::A;

/// Six sections (话题 included, so it is one tap from every page): a bottom tab bar on phones, top navigation on wide screens (CSS decides).
/// The router marks the current one with `aria-current="page"`.
#[component]
pub fn TabBar() -> impl IntoView {
    let s = t();
    let tabs = [
        ("/", s.nav_home, IconName::Home, true),
        ("/activities", s.nav_activities, IconName::Calendar, false),
        ("/live", s.nav_live, IconName::Live, false),
        ("/challenge", s.nav_challenge, IconName::Video, false),
        ("/topics", s.nav_topics, IconName::Chat, false),
        ("/volunteers", s.nav_volunteers, IconName::Heart, false),
    ];
    view! {
        <nav class="tab-bar" aria-label=s.nav_label>
            <ul class="tab-bar__list">
                {tabs
                    .into_iter()
                    .map(|(href, label, icon, exact)| {
                        view! {
                            <li>
                                <A href=href exact=exact attr:class="tab-bar__link">
                                    <Icon name=icon/>
                                    <span>{label}</span>
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
