use crate::i18n::t;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// How long typing must pause before a search is sent.
pub const DEBOUNCE_MS: u32 = 350;

/// A search field that reports its text after typing pauses (or at once on Enter). While an IME
/// composition is open (拼音 being typed) it neither reports nor rewrites the field, so the caret
/// never jumps; a value from outside (back/forward) replaces the text when not composing.
#[component]
pub fn SearchBox(
    #[prop(into)] value: Signal<String>,
    on_search: Callback<String>,
    /// The field's label and placeholder (activity search when not given).
    #[prop(optional)]
    label: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
) -> impl IntoView {
    let s = t();
    let draft = RwSignal::new(value.get_untracked());
    let composing = RwSignal::new(false);
    let timer: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = Rc::default();

    Effect::new(move |_| {
        let v = value.get();
        if !composing.get_untracked() && draft.get_untracked().trim() != v {
            draft.set(v);
        }
    });

    let schedule = {
        let timer = timer.clone();
        move |delay: u32| {
            let text = draft.get_untracked().trim().to_string();
            *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(delay, move || {
                if text != value.get_untracked() {
                    on_search.run(text);
                }
            }));
        }
    };
    let on_input = {
        let schedule = schedule.clone();
        move |ev: leptos::ev::Event| {
            draft.set(event_target_value(&ev));
            if !composing.get_untracked() {
                schedule(DEBOUNCE_MS);
            }
        }
    };
    let on_composition_end = {
        let schedule = schedule.clone();
        move |ev: leptos::ev::CompositionEvent| {
            composing.set(false);
            draft.set(event_target_value(&ev));
            schedule(DEBOUNCE_MS);
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        schedule(0);
    };

    view! {
        <form class="search-box" role="search" on:submit=on_submit>
            <label class="visually-hidden" for="activity-search">{label.unwrap_or(s.search_label)}</label>
            <input
                id="activity-search"
                class="search-box__input"
                type="search"
                enterkeyhint="search"
                autocomplete="off"
                placeholder=placeholder.unwrap_or(s.search_placeholder)
                prop:value=move || draft.get()
                on:input=on_input
                on:compositionstart=move |_| composing.set(true)
                on:compositionend=on_composition_end
            />
            <button type="submit" class="search-box__button">{s.search_submit}</button>
        </form>
    }
}
