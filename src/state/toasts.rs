//! Short messages ("链接已复制") announced politely to screen readers and gone after a while.
use leptos::prelude::*;
use std::time::Duration;

#[derive(Clone, Copy)]
pub struct Toasts {
    message: RwSignal<Option<(u64, String)>>,
}

impl Toasts {
    pub fn show(&self, text: impl Into<String>) {
        let id = self.message.get_untracked().map_or(1, |(id, _)| id + 1);
        self.message.set(Some((id, text.into())));
        let message = self.message;
        set_timeout(
            move || {
                if message
                    .try_get_untracked()
                    .flatten()
                    .is_some_and(|(current, _)| current == id)
                {
                    message.set(None);
                }
            },
            Duration::from_millis(3_000),
        );
    }
}

pub fn provide_toasts() -> Toasts {
    let toasts = Toasts {
        message: RwSignal::new(None),
    };
    provide_context(toasts);
    toasts
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// The live region the messages appear in (rendered once, in the layout).
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || toasts.message.get().map(|(_, text)| view! { <p class="toast" data-testid="toast">{text}</p> })}
        </div>
    }
}
