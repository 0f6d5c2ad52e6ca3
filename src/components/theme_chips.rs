use crate::models::Theme;
use leptos::prelude::*;
use leptos_router::components::A;

/// The 联合行动 themes as chips; each opens the activity search filtered by that theme.
#[component]
pub fn ThemeChips(#[prop(into)] themes: Signal<Vec<Theme>>) -> impl IntoView {
    view! {
        <ul class="chips" data-testid="theme-chips">
            <For each=move || themes.get() key=|theme| theme.id.clone() let:theme>
                <li>
                    <A href=format!("/activities?theme={}", theme.id) attr:class="chip">
                        <span
                            class="chip__dot"
                            style=format!("background:{}", theme.color.clone().unwrap_or_default())
                            aria-hidden="true"
                        ></span>
                        {theme.name.clone()}
                    </A>
                </li>
            </For>
        </ul>
    }
}
