//! In-browser component tests (wasm-bindgen-test in headless Chromium). Each test mounts into its
//! own `<div>` and asserts on text and `data-testid`s after the reactive system has run.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, NaiveDate, Utc};
use kepuri::api::ApiError;
use kepuri::components::{ActivityCard, EditionStatus, ErrorView, ThemeChips};
use kepuri::models::{Activity, Edition, RegistrationState, Theme};
use leptos::prelude::*;
use leptos_router::components::Router;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn edition() -> Edition {
    Edition {
        year: 2021,
        name: "2021年全国科普日".into(),
        theme: "百年再出发，迈向高水平科技自立自强".into(),
        starts_on: NaiveDate::from_ymd_opt(2021, 9, 11).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(2021, 9, 17).unwrap(),
        utc_offset: "+08:00".into(),
        server_time: DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap(),
        legal: None,
    }
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn text(el: &web_sys::HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn edition_status_follows_the_injected_clock() {
    let el = container();
    let now = RwSignal::new(Some(at("2021-09-09T23:00:00+08:00")));
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <EditionStatus edition=edition() now=now/> }
    });
    leptos::task::tick().await;
    let before = text(&el);
    assert!(before.contains("距全国科普日开幕还有"), "{before}");
    assert!(before.contains("01天01时00分00秒"), "{before}");

    now.set(Some(at("2021-09-13T10:00:00+08:00")));
    leptos::task::tick().await;
    assert!(text(&el).contains("第3天 / 共7天"), "{}", text(&el));

    now.set(Some(at("2021-09-18T00:00:01+08:00")));
    leptos::task::tick().await;
    assert!(text(&el).contains("已结束"), "{}", text(&el));

    now.set(None);
    leptos::task::tick().await;
    assert!(text(&el).contains("加载中"), "{}", text(&el));
}

#[wasm_bindgen_test]
async fn a_not_found_error_has_a_way_back_and_no_retry() {
    let el = container();
    let error = ApiError::NotFound(Box::default());
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=error.clone() on_retry=Callback::new(|_| {})/> }
    });
    leptos::task::tick().await;
    assert!(el.query_selector("button").unwrap().is_none(), "no 重试");
    let back = el.query_selector("a").unwrap().expect("a way back");
    assert!(back
        .get_attribute("href")
        .is_some_and(|h| h.starts_with('/')));
}

#[wasm_bindgen_test]
async fn error_view_says_what_failed_and_retries() {
    let el = container();
    let retries = Arc::new(AtomicUsize::new(0));
    let counter = retries.clone();
    let on_retry = Callback::new(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let error = ApiError::Timeout;
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=error.clone() on_retry/> }
    });
    leptos::task::tick().await;
    assert!(text(&el).contains(kepuri::i18n::t().error_timeout));
    let button: web_sys::HtmlElement = el
        .query_selector("button")
        .unwrap()
        .expect("a retry button")
        .unchecked_into();
    assert_eq!(text(&button), "重试");
    button.click();
    button.click();
    assert_eq!(retries.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
async fn network_errors_get_a_chinese_message() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <ErrorView error=ApiError::Network on_retry=Callback::new(|_| ())/> }
    });
    leptos::task::tick().await;
    assert!(text(&el).contains("网络连接失败"), "{}", text(&el));
}

#[wasm_bindgen_test]
async fn theme_chips_link_to_the_filtered_search() {
    let el = container();
    let themes = vec![
        Theme {
            id: "nuclear".into(),
            name: "核科普".into(),
            description: String::new(),
            color: Some("#2f6fde".into()),
        },
        Theme {
            id: "water".into(),
            name: "水利科普".into(),
            description: String::new(),
            color: None,
        },
    ];
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        let themes = themes.clone();
        view! { <Router><ThemeChips themes/></Router> }
    });
    leptos::task::tick().await;
    let links = el
        .query_selector_all("[data-testid=theme-chips] a")
        .unwrap();
    assert_eq!(links.length(), 2);
    let first: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("href").as_deref(),
        Some("/activities?theme=nuclear")
    );
    assert_eq!(first.text_content().as_deref(), Some("核科普"));
}

fn input_event(el: &web_sys::HtmlInputElement, value: &str) {
    el.set_value(value);
    let ev = web_sys::Event::new("input").unwrap();
    el.dispatch_event(&ev).unwrap();
}

fn composition_event(el: &web_sys::HtmlInputElement, kind: &str) {
    let ev = web_sys::CompositionEvent::new(kind).unwrap();
    el.dispatch_event(&ev).unwrap();
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

#[wasm_bindgen_test]
async fn search_box_waits_for_typing_to_pause_and_for_ime_to_finish() {
    use kepuri::components::search_box::{SearchBox, DEBOUNCE_MS};
    let el = container();
    let searches = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = searches.clone();
    let on_search = Callback::new(move |q: String| seen.lock().unwrap().push(q));
    let value = RwSignal::new(String::new());
    let _handle =
        leptos::mount::mount_to(el.clone(), move || view! { <SearchBox value on_search/> });
    leptos::task::tick().await;
    let input: web_sys::HtmlInputElement = el
        .query_selector("input")
        .unwrap()
        .unwrap()
        .unchecked_into();

    // Quick keystrokes: one search, for the last text, after the pause.
    for text in ["h", "ha", "han"] {
        input_event(&input, text);
        sleep(50).await;
    }
    assert!(
        searches.lock().unwrap().is_empty(),
        "no request per keystroke"
    );
    sleep(DEBOUNCE_MS + 100).await;
    assert_eq!(*searches.lock().unwrap(), vec!["han".to_string()]);

    // During an IME composition (拼音) nothing is sent, and the field is not rewritten.
    composition_event(&input, "compositionstart");
    input_event(&input, "hangtian");
    sleep(DEBOUNCE_MS + 100).await;
    assert_eq!(searches.lock().unwrap().len(), 1);
    value.set("something else".into());
    leptos::task::tick().await;
    assert_eq!(
        input.value(),
        "hangtian",
        "a composition in progress is never overwritten"
    );
    input.set_value("航天");
    composition_event(&input, "compositionend");
    sleep(DEBOUNCE_MS + 100).await;
    assert_eq!(
        searches.lock().unwrap().last().map(String::as_str),
        Some("航天")
    );
}

/// What the app provides to every card: its 收藏 button reads the session and 收藏's state.
fn provide_card_contexts() {
    kepuri::state::provide_session();
    kepuri::state::provide_toasts();
    kepuri::state::provide_section_states();
}

/// A search result as the contract's example writes it, with `registration` as given.
fn activity(registration: serde_json::Value) -> Activity {
    serde_json::from_value(serde_json::json!({
        "id": "act_000072", "title": "丰台区·人工智能开放日", "summary": "",
        "theme": { "id": "tech", "name": "科技自立自强" },
        "event_kind": { "id": "open_day", "name": "开放日" },
        "format": "hybrid",
        "starts_at": "2021-09-15T14:00:00+08:00", "ends_at": "2021-09-15T16:30:00+08:00",
        "organizer": { "name": "丰台区科技馆", "type": "museum" },
        "cover_url": "/media/covers/act_000072.svg",
        "registration": registration,
    }))
    .unwrap()
}

#[wasm_bindgen_test]
async fn activity_cards_show_the_places_the_search_result_carries() {
    let reg = |remaining: u32, state: &str| {
        serde_json::json!({ "required": true, "capacity": 3, "registered": 3 - remaining,
            "remaining": remaining, "waitlisted": 0, "opens_at": null,
            "closes_at": "2021-09-15T14:00:00+08:00", "state": state })
    };
    for (registration, expected) in [
        (reg(2, "open"), Some("剩余 2 个名额")),
        (reg(0, "full"), Some("已约满 · 可候补")),
        (serde_json::Value::Null, None),
    ] {
        let el = container();
        let a = activity(registration);
        if let Some(r) = &a.registration {
            assert!(matches!(
                r.state,
                Some(RegistrationState::Open | RegistrationState::Full)
            ));
        }
        let _handle = leptos::mount::mount_to(el.clone(), move || {
            provide_card_contexts();
            let activity = a.clone();
            view! { <Router><ActivityCard activity/></Router> }
        });
        leptos::task::tick().await;
        let seats = el
            .query_selector("[data-testid=card-seats]")
            .unwrap()
            .and_then(|e| e.text_content());
        assert_eq!(seats.as_deref(), expected);
        // A visitor's card: 收藏, not pressed.
        let save = el
            .query_selector("[data-testid=save-button]")
            .unwrap()
            .expect("every card has a 收藏 button");
        assert_eq!(save.get_attribute("aria-pressed").as_deref(), Some("false"));
    }
}

#[wasm_bindgen_test]
async fn activity_cards_show_their_time_status_by_the_server_clock() {
    use kepuri::state::clock::provide_fixed_clock;
    let open = serde_json::json!({ "required": true, "capacity": 3, "registered": 1,
        "remaining": 2, "waitlisted": 0, "opens_at": null,
        "closes_at": "2021-09-15T14:00:00+08:00", "state": "open" });
    // The answer said 未开始 (upcoming); the server-corrected clock moves on from there.
    for (now, expected, seats) in [
        (Some("2021-09-13T10:00:00+08:00"), "未开始", true),
        (Some("2021-09-15T14:00:00+08:00"), "进行中", true),
        (Some("2021-09-15T16:30:00+08:00"), "已结束", false),
        (None, "未开始", true), // no clock: the API's own status
    ] {
        let el = container();
        let mut a = activity(open.clone());
        a.time_status = Some(kepuri::models::TimeStatus::Upcoming);
        let _handle = leptos::mount::mount_to(el.clone(), move || {
            if let Some(now) = now {
                provide_fixed_clock(edition(), at(now));
            }
            provide_card_contexts();
            let activity = a.clone();
            view! { <Router><ActivityCard activity/></Router> }
        });
        leptos::task::tick().await;
        let badge = el
            .query_selector("[data-testid=time-status]")
            .unwrap()
            .and_then(|e| e.text_content());
        assert_eq!(badge.as_deref(), Some(expected), "at {now:?}");
        let has_seats = el
            .query_selector("[data-testid=card-seats]")
            .unwrap()
            .is_some();
        assert_eq!(has_seats, seats, "seats at {now:?}");
    }
}

/// Answers every `fetch` with `{"ok":true}`, and with `X-Kepuri-Cached-At` (as the service
/// worker marks an answer it gives from its cache) while `window.__cachedAt` is set.
fn fake_fetch() -> wasm_bindgen::JsValue {
    let window = web_sys::window().unwrap();
    let real = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
    let fake = js_sys::Function::new_with_args(
        "input",
        "const headers = { 'Content-Type': 'application/json' };
         if (window.__cachedAt) headers['X-Kepuri-Cached-At'] = window.__cachedAt;
         return Promise.resolve(new Response('{\"ok\":true}', { headers }));",
    );
    js_sys::Reflect::set(&window, &"fetch".into(), &fake).unwrap();
    real
}

fn set_cached_at(at: Option<&str>) {
    let value = at.map_or(
        wasm_bindgen::JsValue::UNDEFINED,
        wasm_bindgen::JsValue::from,
    );
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__cachedAt".into(), &value).unwrap();
}

fn page_is_stale() -> bool {
    let root = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    root.class_list().contains("is-stale")
}

#[wasm_bindgen_test]
async fn answers_from_the_service_worker_cache_are_labelled_with_when_they_were_stored() {
    use kepuri::state::{provide_connection, ConnectionBanner};
    let real_fetch = fake_fetch();
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), || {
        provide_connection();
        view! { <ConnectionBanner/> }
    });
    leptos::task::tick().await;
    assert!(!page_is_stale(), "nothing came from the cache yet");

    set_cached_at(Some("2021-09-13T02:02:00.000Z"));
    let answer = kepuri::api::client::get::<serde_json::Value>("/topics/tp_1").await;
    assert_eq!(
        answer.unwrap()["ok"],
        true,
        "the cached answer is decoded as usual"
    );
    let label: web_sys::HtmlElement = el
        .query_selector("[data-testid=stale-label]")
        .unwrap()
        .expect("the stale label")
        .unchecked_into();
    assert!(page_is_stale());
    assert_eq!(text(&label), "离线数据 · 更新于 9月13日 10:02");

    // The same read answered by the server again: fresh, no label.
    set_cached_at(None);
    kepuri::api::client::get::<serde_json::Value>("/topics/tp_1")
        .await
        .unwrap();
    assert!(!page_is_stale());
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &real_fetch).unwrap();
}
