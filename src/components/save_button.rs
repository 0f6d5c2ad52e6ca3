use crate::components::{Icon, IconName};
use crate::i18n::{api_lang, t};
use crate::state::IntentKind;
use crate::state::{current_path, login_href, stash_intent, use_saved_activities, use_session};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// 收藏 / 已收藏 on an activity (a bookmark: the heart is 点赞's). A toggle button
/// (`aria-pressed`) named by its label and the activity's title; on a card only the icon shows.
/// Logged out, a tap goes to login and the save is done when this button is back on screen.
#[component]
pub fn SaveButton(
    id: String,
    title: String,
    /// Its classes: `save-button` and `save-button--card` on a card, or a button style.
    class: &'static str,
) -> impl IntoView {
    let s = t();
    let saved = use_saved_activities();
    let session = use_session();
    let navigate = use_navigate();
    saved.finish_intent(&id);
    let id = StoredValue::new(id);
    let pressed = move || id.with_value(|id| saved.is_saved(id)) == Some(true);
    let tap = move |_| {
        if session.is_logged_in() {
            saved.toggle(id.get_value());
        } else {
            id.with_value(|id| stash_intent(IntentKind::SaveActivity, id, "", "true"));
            navigate(&login_href(&current_path()), Default::default());
        }
    };
    view! {
        <button type="button" class=class data-testid="save-button"
            aria-pressed=move || pressed().to_string() on:click=tap>
            <Icon name=IconName::Bookmark/>
            <span class="save-button__label">{move || if pressed() { s.saved_activity } else { s.save_activity }}</span>
            <span class="visually-hidden" lang=api_lang()>" "{title}</span>
        </button>
    }
}
