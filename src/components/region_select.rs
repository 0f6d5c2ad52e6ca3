//! Province then city as native selects (the best picker on a phone): the one province→city
//! picker of the app, used by the activity filters (地区), the city picker (附近) and the
//! volunteer pages (省份, province only). It holds no state: the caller owns the values.
use crate::i18n::t;
use crate::models::{FacetCount, Province};
use leptos::prelude::*;

/// How many results a facet value would give, when the counts say.
pub fn count_of(counts: &[FacetCount], value: &str) -> Option<u64> {
    counts.iter().find(|c| c.value == value).map(|c| c.count)
}

/// `label (n)` with a count, else `label`.
pub fn with_count(label: &str, count: Option<u64>) -> String {
    match count {
        Some(n) => format!("{label} ({n})"),
        None => label.to_string(),
    }
}

/// The city half of a [`RegionSelect`]: its value, what a choice does and its empty option.
pub struct CitySelect {
    pub value: Signal<Option<String>>,
    pub on_pick: Callback<Option<String>>,
    pub any: &'static str,
}

/// `id` names the selects (`<id>-province`, `<id>-city`); `any` is the province's empty option
/// (none: a province must be chosen); choosing a province clears the city; `counts` adds each
/// province's number of results; `inline` lays label and select on one line.
#[component]
pub fn RegionSelect(
    id: &'static str,
    #[prop(into)] regions: Signal<Vec<Province>>,
    #[prop(into)] province: Signal<Option<String>>,
    on_province: Callback<Option<String>>,
    #[prop(into)] any: Option<&'static str>,
    #[prop(optional)] city: Option<CitySelect>,
    #[prop(optional)] counts: Vec<FacetCount>,
    #[prop(optional)] inline: bool,
) -> impl IntoView {
    let s = t();
    let (field, label, input) = if inline {
        ("vol-field", "vol-field__label", "vol-field__select")
    } else {
        ("field", "field__label", "field__input")
    };
    let province_id = format!("{id}-province");
    let on_city = city.as_ref().map(|c| c.on_pick);
    let province_select = view! {
        <div class=field>
            <label class=label for=province_id.clone()>{s.filter_province_label}</label>
            <select id=province_id class=input prop:value=move || province.get().unwrap_or_default() on:change=move |ev| {
                let v = event_target_value(&ev);
                on_province.run((!v.is_empty()).then_some(v));
                if let Some(on_city) = on_city {
                    on_city.run(None);
                }
            }>
                {any.map(|any| view! { <option value="" selected=province.get_untracked().is_none()>{any}</option> })}
                {move || {
                    let selected = province.get_untracked().unwrap_or_default();
                    regions.get().into_iter().map(|r| {
                        let label = with_count(&r.name, count_of(&counts, &r.code));
                        view! { <option value=r.code.clone() selected=r.code == selected>{label}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    };
    let city_select = city.map(|CitySelect { value, on_pick, any }| {
        let city_id = format!("{id}-city");
        let cities = move || {
            let p = province.get();
            regions.with(|rs| {
                rs.iter()
                    .find(|r| Some(&r.code) == p.as_ref())
                    .map(|r| r.cities.clone())
                    .unwrap_or_default()
            })
        };
        view! {
            <div class=field>
                <label class=label for=city_id.clone()>{s.filter_city_label}</label>
                <select id=city_id class=input prop:disabled=move || province.get().is_none() on:change=move |ev| {
                    let v = event_target_value(&ev);
                    on_pick.run((!v.is_empty()).then_some(v));
                }>
                    <option value="">{any}</option>
                    {move || cities().into_iter().map(|c| {
                        let selected = value.get_untracked().as_deref() == Some(c.code.as_str());
                        view! { <option value=c.code.clone() selected=selected>{c.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    });
    view! { {province_select} {city_select} }
}
