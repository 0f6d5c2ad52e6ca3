use crate::hooks::use_ime_text;
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
    let timer: Rc<RefCell<Option<gloo_timers::callback::Timeout>>> = Rc::default();

    let schedule = {
        let timer = send_wrapper::SendWrapper::new(timer.clone());
        move |delay: u32| {
            let text = draft.get_untracked().trim().to_string();
            *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(delay, move || {
                if text != value.get_untracked() {
                    on_search.run(text);
                }
            }));
        }
    };
    let ime = use_ime_text({
        let schedule = schedule.clone();
        move |text: String| {
            draft.set(text);
            schedule(DEBOUNCE_MS);
        }
    });
    Effect::new(move |_| {
        let v = value.get();
        if !ime.composing() && draft.get_untracked().trim() != v {
            draft.set(v);
        }
    });

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
                {..ime.handlers()}
            />
            <button type="submit" class="search-box__button">{s.search_submit}</button>
        </form>
    }
}
