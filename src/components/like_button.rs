use crate::components::{Icon, IconName};
use crate::i18n::t;
use crate::models::LikeView;
use leptos::prelude::*;

/// The large like button with the count: pressed when liked today, disabled while a like is in
/// flight or the browser is offline (saying why). It only reports taps; the page decides what a
/// tap does.
#[component]
pub fn LikeButton(
    #[prop(into)] like: Signal<LikeView>,
    #[prop(into)] pending: Signal<bool>,
    on_like: Callback<()>,
) -> impl IntoView {
    let online = crate::state::use_online();
    view! {
        <button type="button" class="like-button" data-testid="like-button"
            aria-pressed=move || like.get().liked.to_string()
            prop:disabled=move || pending.get() || !online.get()
            on:click=move |_| on_like.run(())>
            <Icon name=IconName::Heart/>
            <span class="visually-hidden">{t().vol_like}</span>
            <span class="like-button__count" data-testid="like-count">{move || like.get().count}</span>
        </button>
        <crate::state::OfflineNote reason=t().offline_like/>
    }
}
