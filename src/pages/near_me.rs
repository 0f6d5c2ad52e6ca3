//! 附近: the city picker (provinces → cities from `GET /regions`, or 「使用我的位置」: the browser's
//! position mapped to the nearest city by `GET /regions/locate`) and the button that opens it.
//! Shared by home's lists, the activity search (距离 sort) and the volunteer leaderboard (本省).
use crate::api::reference::{fetch_regions, locate_city};
use crate::components::error_view::error_message;
use crate::components::{CitySelect, Icon, IconName, RegionSelect, Remote, Sheet};
use crate::i18n::t;
use crate::models::{Province, RegionRef};
use crate::state::use_near_me;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Why the browser gave no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GeoFailure {
    Denied,
    Unavailable,
}

/// The device's position once (`getCurrentPosition`), as `(lat, lng)`.
async fn current_position() -> Result<(f64, f64), GeoFailure> {
    let geolocation = web_sys::window()
        .and_then(|w| w.navigator().geolocation().ok())
        .ok_or(GeoFailure::Unavailable)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let options = web_sys::PositionOptions::new();
        options.set_timeout(15_000);
        options.set_maximum_age(600_000);
        if geolocation
            .get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options)
            .is_err()
        {
            let _ = reject.call0(&JsValue::NULL);
        }
    });
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(position) => {
            // The browser's class is GeolocationPosition now (web-sys' stable name is Position;
            // its getters work on either).
            let coords = position.unchecked_into::<web_sys::Position>().coords();
            Ok((coords.latitude(), coords.longitude()))
        }
        // GeolocationPositionError.code: 1 is PERMISSION_DENIED.
        Err(error) => Err(
            match js_sys::Reflect::get(&error, &JsValue::from_str("code"))
                .ok()
                .and_then(|c| c.as_f64())
            {
                Some(1.0) => GeoFailure::Denied,
                _ => GeoFailure::Unavailable,
            },
        ),
    }
}

/// The chosen city in a few words: `上海市 · 徐汇区` (a municipality's district with its city).
pub fn city_name(city: &RegionRef) -> String {
    match &city.city_name {
        Some(c) => format!("{} · {c}", city.province_name),
        None => city.province_name.clone(),
    }
}

/// A province's usual short name (上海, 广西, 新疆) from its full name, for tight places like
/// 本省（上海）.
pub fn province_short(name: &str) -> &str {
    const SUFFIXES: [&str; 7] = [
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "特别行政区",
        "省",
        "市",
    ];
    SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s).filter(|rest| !rest.is_empty()))
        .unwrap_or(name)
}

/// 「我的城市：上海市 · 徐汇区 更换」 or 「选择城市」: opens the picker; `on_pick` runs after a
/// city was chosen (and remembered).
#[component]
pub fn CityButton(
    #[prop(optional)] on_pick: Option<Callback<RegionRef>>,
    /// Opens the picker from outside (e.g. choosing 距离 with no city yet).
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let s = t();
    let near = use_near_me();
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    view! {
        <div class="city-button">
            {move || match near.city.get() {
                Some(city) => view! {
                    <span class="city-button__name" data-testid="near-city"><Icon name=IconName::Pin/>{(s.near_city_label)(&city_name(&city))}</span>
                    <button type="button" class="link-button city-button__change" aria-haspopup="dialog" on:click=move |_| open.set(true)>
                        {s.near_change}
                    </button>
                }.into_any(),
                None => view! {
                    <button type="button" class="button button--ghost button--small" aria-haspopup="dialog" data-testid="choose-city" on:click=move |_| open.set(true)>
                        <Icon name=IconName::Pin/>{s.near_choose}
                    </button>
                }.into_any(),
            }}
        </div>
        <CityPicker open on_pick/>
    }
}

/// What the picker's body is built from: the sheet's open state and what runs after a choice.
#[derive(Clone, Copy)]
pub struct CityPickerArgs {
    pub open: RwSignal<bool>,
    pub on_pick: Option<Callback<RegionRef>>,
}

/// The picker sheet. What it shows is built when it opens: its code (the late section `near`,
/// shared by home, the activity search and the leaderboard, so none of their packs carries it)
/// and the region list are fetched then.
#[component]
pub fn CityPicker(open: RwSignal<bool>, on_pick: Option<Callback<RegionRef>>) -> impl IntoView {
    let s = t();
    let args = CityPickerArgs { open, on_pick };
    view! {
        <Sheet title=s.near_pick_title open>
            <Show when=move || open.get()>
                {Suspend::new(crate::sections::city_picker(args))}
            </Show>
        </Sheet>
    }
}

/// The picker's body (see [`CityPicker`]): 使用我的位置, then province and city.
pub fn city_picker_body(args: CityPickerArgs) -> AnyView {
    view! { <CityPickerBody open=args.open on_pick=args.on_pick/> }.into_any()
}

#[component]
fn CityPickerBody(open: RwSignal<bool>, on_pick: Option<Callback<RegionRef>>) -> impl IntoView {
    let s = t();
    let near = use_near_me();
    let choose = move |city: RegionRef| {
        near.choose(city.clone());
        open.set(false);
        if let Some(cb) = on_pick {
            cb.run(city);
        }
    };
    let choose = StoredValue::new(choose);

    // 使用我的位置: position → nearest city; failures are said next to the button.
    let locating = RwSignal::new(false);
    let geo_error = RwSignal::new(None::<String>);
    let locate = move |_| {
        locating.set(true);
        geo_error.set(None);
        leptos::task::spawn_local(async move {
            let found = match current_position().await {
                Ok((lat, lng)) => locate_city(lat, lng).await.map_err(|e| error_message(&e)),
                Err(GeoFailure::Denied) => Err(s.near_geo_denied.to_string()),
                Err(GeoFailure::Unavailable) => Err(s.near_geo_unavailable.to_string()),
            };
            // `try_set` hands the value back when the sheet has closed meanwhile.
            if locating.try_set(false).is_some() {
                return;
            }
            match found {
                Ok(city) => choose.with_value(|f| f(city.into())),
                Err(message) => {
                    geo_error.set(Some(message));
                }
            }
        });
    };

    let regions = LocalResource::new(fetch_regions);
    view! {
        <div class="city-picker">
            <button type="button" class="button button--primary button--block" data-testid="use-location"
                prop:disabled=move || locating.get() aria-describedby="near-geo-status" on:click=locate>
                <Icon name=IconName::Pin/>{s.near_use_location}
            </button>
            <p id="near-geo-status" class="city-picker__status" class:field__error=move || geo_error.read().is_some() role="status" data-testid="geo-status">
                {move || geo_error.get().or_else(|| locating.get().then(|| s.near_locating.to_string()))}
            </p>
            <Remote resource=regions compact=true skeleton=|| view! { <div class="skeleton skeleton--line" aria-busy="true"></div> } let:list>
                <ProvinceCity regions=list on_choose=Callback::new(move |c| choose.with_value(|f| f(c)))/>
            </Remote>
        </div>
    }
}

/// Province then city (the shared selects), starting on the chosen city, confirmed by 确定.
#[component]
fn ProvinceCity(regions: Vec<Province>, on_choose: Callback<RegionRef>) -> impl IntoView {
    let s = t();
    let near = use_near_me();
    let current = near.city.get_untracked();
    let province = RwSignal::new(current.as_ref().map(|c| c.province_code.clone()));
    let city = RwSignal::new(current.and_then(|c| c.city_code));
    let regions = StoredValue::new(regions);
    let chosen = move || {
        let (p, c) = (province.get()?, city.get()?);
        regions.with_value(|rs| {
            let prov = rs.iter().find(|r| r.code == p)?;
            let found = prov.cities.iter().find(|x| x.code == c)?;
            Some(RegionRef {
                province_code: prov.code.clone(),
                province_name: prov.name.clone(),
                city_code: Some(found.code.clone()),
                city_name: Some(found.name.clone()),
            })
        })
    };
    let city_select = CitySelect {
        value: city.into(),
        on_pick: Callback::new(move |c| city.set(c)),
        any: s.near_choose,
    };
    view! {
        <RegionSelect id="near" regions=regions.get_value() province on_province=Callback::new(move |p| province.set(p))
            any=s.near_choose city=city_select/>
        <button type="button" class="button button--primary button--block" data-testid="confirm-city"
            prop:disabled=move || chosen().is_none()
            on:click=move |_| { if let Some(c) = chosen() { on_choose.run(c); } }>
            {s.apply}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::province_short;

    #[test]
    fn province_short_names() {
        assert_eq!(province_short("上海市"), "上海");
        assert_eq!(province_short("广东省"), "广东");
        assert_eq!(province_short("新疆维吾尔自治区"), "新疆");
        assert_eq!(province_short("内蒙古自治区"), "内蒙古");
        assert_eq!(province_short("香港特别行政区"), "香港");
        assert_eq!(province_short("新疆生产建设兵团"), "新疆生产建设兵团");
    }
}
