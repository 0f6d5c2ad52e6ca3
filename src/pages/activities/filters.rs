//! The filter bar (theme, region, format, date, sort — each a sheet) and the day strip.
use super::use_search_navigate;
use crate::components::region_select::{count_of, with_count};
use crate::components::{use_day_strip, DayChipLabel, DayStripParts};
use crate::components::{CitySelect, RegionSelect, Sheet};
use crate::format::month_day;
use crate::i18n::t;
use crate::models::{
    ActivityFacets, ActivityFormat, ActivityQuery, EventKind, Province, SearchSort, Theme,
};
use crate::pages::near_me::{city_name, CityPicker};
use crate::state::{use_clock, use_near_me};
use chrono::NaiveDate;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceData {
    pub themes: Vec<Theme>,
    pub kinds: Vec<EventKind>,
    pub regions: Vec<Province>,
}

fn format_name(format: ActivityFormat) -> &'static str {
    crate::pages::activity_detail::format_label(format)
}

fn sort_name(sort: SearchSort) -> &'static str {
    let s = t();
    match sort {
        SearchSort::Now => s.sort_now,
        SearchSort::Relevance => s.sort_relevance,
        SearchSort::Start => s.sort_start,
        SearchSort::Popular => s.sort_popular,
        SearchSort::Distance => s.sort_distance,
    }
}

/// One option in a sheet: a full-width button that says whether it is the current choice.
#[component]
fn SheetOption(label: String, selected: bool, on_pick: Callback<()>) -> impl IntoView {
    view! {
        <li>
            <button type="button" class="sheet-option" aria-pressed=selected.to_string() on:click=move |_| on_pick.run(())>
                {label}
            </button>
        </li>
    }
}

#[component]
pub fn FilterBar(
    query: Memo<ActivityQuery>,
    data: ReferenceData,
    #[prop(into)] facets: Signal<ActivityFacets>,
) -> impl IntoView {
    let s = t();
    let go = use_search_navigate();
    let data = StoredValue::new(data);
    let open_theme = RwSignal::new(false);
    let open_region = RwSignal::new(false);
    let open_format = RwSignal::new(false);
    let open_date = RwSignal::new(false);
    let open_sort = RwSignal::new(false);

    // Applies a change to the current query and closes every sheet.
    let apply = {
        let go = go.clone();
        move |change: &dyn Fn(&mut ActivityQuery)| {
            let mut q = query.get_untracked();
            change(&mut q);
            go(&q, false);
            for open in [open_theme, open_region, open_format, open_date, open_sort] {
                open.set(false);
            }
        }
    };
    let apply = StoredValue::new_local(apply);
    let pick = move |change: Box<dyn Fn(&mut ActivityQuery) + Send + Sync>| {
        Callback::new(move |_| apply.with_value(|f| f(&*change)))
    };

    // 距离: from the visitor's city, asked for first when there is none yet.
    let near = use_near_me();
    let open_city = RwSignal::new(false);
    let by_distance = Callback::new(move |code: Option<String>| {
        apply.with_value(|f| {
            f(&move |q: &mut ActivityQuery| {
                q.sort = SearchSort::Distance;
                q.near = code.clone();
            })
        })
    });
    let pick_distance = Callback::new(move |()| match near.city_code() {
        Some(code) => by_distance.run(Some(code)),
        None => {
            open_sort.set(false);
            open_city.set(true);
        }
    });
    let distance_from = move || {
        (query.read().sort == SearchSort::Distance)
            .then(|| near.city.get())
            .flatten()
    };

    let theme_label = move || {
        let q = query.read();
        match &q.theme {
            Some(id) => data.with_value(|d| {
                d.themes
                    .iter()
                    .find(|t| &t.id == id)
                    .map(|t| t.name.clone())
                    .unwrap_or_else(|| id.clone())
            }),
            None => match &q.event_kind {
                Some(id) => data.with_value(|d| {
                    d.kinds
                        .iter()
                        .find(|k| &k.id == id)
                        .map(|k| k.name.clone())
                        .unwrap_or_else(|| id.clone())
                }),
                None => s.filter_theme.to_string(),
            },
        }
    };
    let region_label = move || {
        let q = query.read();
        data.with_value(|d| {
            let province = q
                .province
                .as_ref()
                .and_then(|p| d.regions.iter().find(|r| &r.code == p));
            match (province, &q.city) {
                (Some(p), Some(c)) => p
                    .cities
                    .iter()
                    .find(|x| &x.code == c)
                    .map_or(p.short_name.clone(), |x| x.name.clone()),
                (Some(p), None) => p.short_name.clone(),
                _ => s.filter_region.to_string(),
            }
        })
    };
    let format_label = move || {
        query
            .read()
            .format
            .map_or(s.filter_format, format_name)
            .to_string()
    };
    let date_label = move || {
        let q = query.read();
        match (q.from, q.to) {
            (Some(f), Some(to)) if f == to => month_day(f),
            (Some(f), Some(to)) => format!("{}–{}", month_day(f), month_day(to)),
            (Some(f), None) => (s.date_from_only)(&month_day(f)),
            (None, Some(to)) => (s.date_to_only)(&month_day(to)),
            (None, None) => s.filter_date.to_string(),
        }
    };

    let button = move |label: Signal<String>,
                       active: Signal<bool>,
                       open: RwSignal<bool>,
                       name: &'static str| {
        view! {
            <button
                type="button"
                class="filter-button"
                class:filter-button--active=move || active.get()
                aria-haspopup="dialog"
                aria-label=move || match crate::i18n::locale() {
                    crate::i18n::Locale::ZhCn => format!("{name}：{}", label.get()),
                    crate::i18n::Locale::En => format!("{name}: {}", label.get()),
                }
                on:click=move |_| open.set(true)
            >
                {label}
                <span aria-hidden="true" class="filter-button__caret">"▾"</span>
            </button>
        }
    };

    view! {
        <div class="filter-bar" role="group" aria-label=s.filtered_by>
            {button(Signal::derive(theme_label), Signal::derive(move || query.read().theme.is_some() || query.read().event_kind.is_some()), open_theme, s.filter_theme)}
            {button(Signal::derive(region_label), Signal::derive(move || query.read().province.is_some()), open_region, s.filter_region)}
            {button(Signal::derive(format_label), Signal::derive(move || query.read().format.is_some()), open_format, s.filter_format)}
            {button(Signal::derive(date_label), Signal::derive(move || query.read().from.is_some() || query.read().to.is_some()), open_date, s.filter_date)}
            {button(Signal::derive(move || sort_name(query.read().sort).to_string()), Signal::derive(move || query.read().sort != SearchSort::default()), open_sort, s.filter_sort)}
        </div>
        {move || distance_from().map(|city| view! {
            <p class="distance-from" data-testid="distance-from">
                {(s.near_from)(&city_name(&city))}
                <button type="button" class="link-button" aria-haspopup="dialog" on:click=move |_| open_city.set(true)>{s.near_change}</button>
            </p>
        })}
        <CityPicker open=open_city on_pick=Some(Callback::new(move |city: crate::models::RegionRef| by_distance.run(city.city_code)))/>

        <Sheet title=s.filter_theme open=open_theme>
            <ul class="sheet-options">
                <SheetOption label=s.filter_any.to_string() selected=query.read_untracked().theme.is_none() on_pick=pick(Box::new(|q| { q.theme = None; }))/>
                {data.with_value(|d| d.themes.clone()).into_iter().map(|theme| {
                    let id = theme.id.clone();
                    let count = count_of(&facets.read_untracked().theme, &theme.id);
                    view! {
                        <SheetOption
                            label=with_count(&theme.name, count)
                            selected=query.read_untracked().theme.as_deref() == Some(theme.id.as_str())
                            on_pick=pick(Box::new(move |q| { q.theme = Some(id.clone()); }))
                        />
                    }
                }).collect_view()}
            </ul>
            <h3 class="sheet__subtitle">{s.activity_kind}</h3>
            <ul class="sheet-options">
                <SheetOption label=s.filter_any.to_string() selected=query.read_untracked().event_kind.is_none() on_pick=pick(Box::new(|q| { q.event_kind = None; }))/>
                {data.with_value(|d| d.kinds.clone()).into_iter().map(|kind| {
                    let id = kind.id.clone();
                    view! {
                        <SheetOption
                            label=kind.name.clone()
                            selected=query.read_untracked().event_kind.as_deref() == Some(kind.id.as_str())
                            on_pick=pick(Box::new(move |q| { q.event_kind = Some(id.clone()); }))
                        />
                    }
                }).collect_view()}
            </ul>
        </Sheet>

        <Sheet title=s.filter_region open=open_region>
            <RegionPicker query data=data.get_value() facets apply=Callback::new(move |(p, c): (Option<String>, Option<String>)| {
                apply.with_value(|f| f(&move |q: &mut ActivityQuery| { q.province = p.clone(); q.city = c.clone(); }));
            })/>
        </Sheet>

        <Sheet title=s.filter_format open=open_format>
            <ul class="sheet-options">
                <SheetOption label=s.filter_any.to_string() selected=query.read_untracked().format.is_none() on_pick=pick(Box::new(|q| { q.format = None; }))/>
                {ActivityFormat::ALL.into_iter().map(|f| view! {
                    <SheetOption
                        label=with_count(format_name(f), count_of(&facets.read_untracked().format, f.as_str()))
                        selected=query.read_untracked().format == Some(f)
                        on_pick=pick(Box::new(move |q| { q.format = Some(f); }))
                    />
                }).collect_view()}
            </ul>
        </Sheet>

        <Sheet title=s.filter_date open=open_date>
            <DateRange query apply=Callback::new(move |(from, to): (Option<NaiveDate>, Option<NaiveDate>)| {
                apply.with_value(|f| f(&move |q: &mut ActivityQuery| { q.from = from; q.to = to; }));
            })/>
        </Sheet>

        <Sheet title=s.filter_sort open=open_sort>
            <ul class="sheet-options">
                {[SearchSort::Now, SearchSort::Relevance, SearchSort::Start, SearchSort::Popular].into_iter().map(|sort| view! {
                    <SheetOption
                        label=sort_name(sort).to_string()
                        selected=query.read_untracked().sort == sort
                        on_pick=pick(Box::new(move |q| { q.sort = sort; q.near = None; }))
                    />
                }).collect_view()}
                <SheetOption label=s.sort_distance.to_string() selected=query.read_untracked().sort == SearchSort::Distance on_pick=pick_distance/>
            </ul>
            <Show when=move || near.city.read().is_none()>
                <p class="sheet__hint">{s.near_pick_first}</p>
            </Show>
        </Sheet>
    }
}

/// 地区: province then city (the shared selects, with each province's number of results), applied
/// together.
#[component]
fn RegionPicker(
    query: Memo<ActivityQuery>,
    data: ReferenceData,
    facets: Signal<ActivityFacets>,
    apply: Callback<(Option<String>, Option<String>)>,
) -> impl IntoView {
    let s = t();
    let province = RwSignal::new(query.read_untracked().province.clone());
    let city = RwSignal::new(query.read_untracked().city.clone());
    let city_select = CitySelect {
        value: city.into(),
        on_pick: Callback::new(move |c| city.set(c)),
        any: s.filter_any_city,
    };
    view! {
        <RegionSelect id="filter" regions=data.regions province on_province=Callback::new(move |p| province.set(p))
            any=s.filter_any city=city_select counts=facets.read_untracked().province.clone()/>
        <button type="button" class="button button--primary button--block" on:click=move |_| apply.run((province.get_untracked(), city.get_untracked()))>
            {s.apply}
        </button>
    }
}

/// A date range inside the edition's week, with the error shown next to the fields.
#[component]
fn DateRange(
    query: Memo<ActivityQuery>,
    apply: Callback<(Option<NaiveDate>, Option<NaiveDate>)>,
) -> impl IntoView {
    let s = t();
    let clock = use_clock();
    let bounds = move || {
        clock
            .edition()
            .and_then(Result::ok)
            .map(|e| (e.starts_on.to_string(), e.ends_on.to_string()))
            .unwrap_or_default()
    };
    let fmt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let from = RwSignal::new(fmt(query.read_untracked().from));
    let to = RwSignal::new(fmt(query.read_untracked().to));
    let parse = |v: String| crate::models::wire_time::parse_date(&v);
    let invalid =
        move || matches!((parse(from.get()), parse(to.get())), (Some(f), Some(t)) if f > t);
    view! {
        <div class="field">
            <label class="field__label" for="filter-from">{s.filter_from_label}</label>
            <input id="filter-from" class="field__input" type="date" min=move || bounds().0 max=move || bounds().1
                prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))
                aria-invalid=move || invalid().to_string() aria-describedby="filter-date-error"/>
        </div>
        <div class="field">
            <label class="field__label" for="filter-to">{s.filter_to_label}</label>
            <input id="filter-to" class="field__input" type="date" min=move || bounds().0 max=move || bounds().1
                prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev))
                aria-invalid=move || invalid().to_string() aria-describedby="filter-date-error"/>
            <p id="filter-date-error" class="field__error" role="alert">{move || invalid().then_some(s.filter_date_error)}</p>
        </div>
        <button type="button" class="button button--primary button--block" prop:disabled=invalid
            on:click=move |_| apply.run((parse(from.get_untracked()), parse(to.get_untracked())))>
            {s.apply}
        </button>
    }
}

/// The edition's seven days as quick picks, today marked (server clock) and in view; the chosen
/// day again clears it.
#[component]
pub fn DayStrip(query: Memo<ActivityQuery>) -> impl IntoView {
    let s = t();
    let go = use_search_navigate();
    let DayStripParts { days, today, strip } = use_day_strip();
    view! {
        <ul class="day-strip" aria-label=s.day_chip_label node_ref=strip>
            {move || days.get().into_iter().map(|day| {
                let go = go.clone();
                let selected = move || { let q = query.read(); q.from == Some(day) && q.to == Some(day) };
                view! {
                    <li>
                        <button type="button" class="day-chip" class:day-chip--today=move || today.get() == Some(day) aria-pressed=move || selected().to_string() on:click=move |_| {
                            let mut q = query.get_untracked();
                            if selected() { q.from = None; q.to = None; } else { q.from = Some(day); q.to = Some(day); }
                            go(&q, false);
                        }>
                            <DayChipLabel day today/>
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
