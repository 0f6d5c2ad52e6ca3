use crate::i18n::t;
use leptos::html::Dialog;
use leptos::prelude::*;

/// A bottom sheet on phones (a centred dialog on wide screens) built on `<dialog>`, which keeps
/// focus inside while open, closes on Escape and returns focus to the opener.
#[component]
pub fn Sheet(title: &'static str, open: RwSignal<bool>, children: ChildrenFn) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="sheet"
            aria-label=title
            on:close=move |_| open.set(false)
            on:click=move |ev| {
                // A tap on the backdrop (the dialog itself, outside its panel) closes it.
                if let (Some(target), Some(el)) = (ev.target(), dialog.get_untracked()) {
                    if target == ****el {
                        open.set(false);
                    }
                }
            }
        >
            <div class="sheet__panel">
                <header class="sheet__header">
                    <h2 class="sheet__title">{title}</h2>
                    <button type="button" class="sheet__close" on:click=move |_| open.set(false)>
                        {t().close}
                    </button>
                </header>
                <div class="sheet__body">{move || open.get().then(|| children())}</div>
            </div>
        </dialog>
    }
}
