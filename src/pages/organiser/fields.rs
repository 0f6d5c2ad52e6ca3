//! The form controls the organiser and review pages share: a labelled IME-safe text field and a
//! labelled select, each with its error next to it (`aria-describedby`), and the options of the
//! province and city selects.
use crate::hooks::use_ime_text;
use crate::models::Province;
use leptos::prelude::*;

/// A labelled text input (or textarea) that leaves IME compositions alone; `error` shows under
/// it and is announced with it.
#[component]
pub fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    on_text: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let ime = use_ime_text(move |v: String| on_text.run(v));
    let error_id = format!("{id}-error");
    let described = match hint {
        Some(_) => format!("{id}-hint {error_id}"),
        None => error_id.clone(),
    };
    let invalid = move || error.read().is_some().to_string();
    let blur = move |_| {
        if let Some(cb) = on_blur {
            cb.run(())
        }
    };
    let control = if multiline {
        view! {
            <textarea id=id class="field__input field__textarea" rows="4" aria-describedby=described
                maxlength=maxlength aria-invalid=invalid
                prop:value=move || value.get()
                {..ime.handlers()}
                on:blur=blur></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id class="field__input" type=input_type aria-describedby=described
                inputmode=inputmode autocomplete=autocomplete maxlength=maxlength aria-invalid=invalid
                prop:value=move || value.get()
                {..ime.handlers()}
                on:blur=blur/>
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            {hint.map(|h| view! { <p id=format!("{id}-hint") class="field__hint">{h}</p> })}
            {control}
            <p id=error_id class="field__error">{move || error.get()}</p>
        </div>
    }
}

/// A labelled select over `(value, label)` options, with a first empty option `placeholder`.
#[component]
pub fn SelectField(
    id: &'static str,
    label: &'static str,
    placeholder: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="select field__select" aria-describedby=error_id.clone()
                aria-invalid=move || error.read().is_some().to_string()
                on:change=move |ev| on_change.run(event_target_value(&ev))>
                <option value="" selected=move || value.read().is_empty()>{placeholder}</option>
                {move || options.get().into_iter().map(|(v, l)| {
                    let chosen = v.clone();
                    view! { <option value=v selected=move || value.get() == chosen>{l}</option> }
                }).collect_view()}
            </select>
            <p id=error_id class="field__error">{move || error.get()}</p>
        </div>
    }
}

/// A select's `(value, label)` options.
pub type Options = Vec<(String, String)>;

/// The options of a 所在省份 select over `regions`, and those of its 所在城市 select, which
/// follow the province `province` reads (none before one is chosen).
pub fn region_options(
    regions: Vec<Province>,
    province: Signal<String>,
) -> (Options, Signal<Options>) {
    let provinces = regions
        .iter()
        .map(|p| (p.code.clone(), p.name.clone()))
        .collect();
    let regions = StoredValue::new(regions);
    let cities = Signal::derive(move || {
        let province = province.get();
        regions.with_value(|r| {
            r.iter()
                .find(|p| p.code == province)
                .map(|p| {
                    p.cities
                        .iter()
                        .map(|c| (c.code.clone(), c.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    });
    (provinces, cities)
}
