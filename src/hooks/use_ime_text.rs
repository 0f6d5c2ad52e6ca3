//! `use_ime_text`: a controlled text field that leaves an IME composition alone. While 拼音 (or
//! any composition) is being typed, the field's value is not taken into the model, so the model
//! does not change and `prop:value` does not write the field back (which moves the caret or ends
//! the composition on some phones); the composed text is taken when the composition ends.
//!
//! ```ignore
//! let text = RwSignal::new(String::new());
//! let ime = use_ime_text(move |v: String| text.set(v));
//! view! {
//!     <textarea prop:value=move || text.get() {..ime.handlers()}></textarea>
//! }
//! ```
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct UseImeTextReturn {
    composing: RwSignal<bool>,
    on_text: Callback<String>,
}

/// `on_text` gets the field's text after every input outside a composition, and once at the end
/// of each composition.
pub fn use_ime_text(on_text: impl Fn(String) + Send + Sync + 'static) -> UseImeTextReturn {
    UseImeTextReturn {
        composing: RwSignal::new(false),
        on_text: Callback::new(on_text),
    }
}

impl UseImeTextReturn {
    /// Whether a composition is open (untracked).
    pub fn composing(&self) -> bool {
        self.composing.get_untracked()
    }

    /// The field's `input` and composition handlers, to spread onto it:
    /// `<textarea prop:value=… {..ime.handlers()}>`.
    pub fn handlers(self) -> impl leptos::attr::Attribute {
        view! { <{..}
            on:input=move |ev| self.input(&ev)
            on:compositionstart=move |_| self.composition_start()
            on:compositionend=move |ev| self.composition_end(&ev)
        /> }
    }

    /// For `on:input`.
    pub fn input(&self, ev: &leptos::ev::Event) {
        if !self.composing() {
            self.on_text.run(event_target_value(ev));
        }
    }

    /// For `on:compositionstart`.
    pub fn composition_start(&self) {
        self.composing.set(true);
    }

    /// For `on:compositionend`.
    pub fn composition_end(&self, ev: &leptos::ev::CompositionEvent) {
        self.composing.set(false);
        self.on_text.run(event_target_value(ev));
    }
}
