use crate::models::Theme;
use leptos::prelude::*;

/// The 联合行动 themes as chips; each opens the activity search filtered by that theme.
#[component]
pub fn ThemeChips(#[prop(into)] themes: Signal<Vec<Theme>>) -> impl IntoView {
    view! {
        <ul class="chips" data-testid="theme-chips">
            <For each=move || themes.get() key=|theme| theme.id.clone() let:theme>
                <li>
                    <a href=format!("/activities?theme={}", theme.id) class="chip">
                        <span
                            class="chip__dot"
                            style=format!("background:{}", theme.color.clone().unwrap_or_default())
                            aria-hidden="true"
                        ></span>
                        {theme.name.clone()}
                    </a>
                </li>
            </For>
        </ul>
    }
}
