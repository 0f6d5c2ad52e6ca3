//! `/organiser/activities/new` and `/organiser/activities/:id/edit`: the activity form in four
//! steps, one hand on a phone. Nothing typed is lost: every change is kept locally at once (with
//! the step), and saved to the server as a draft 800 ms after the typing stops (`PATCH` with
//! `If-Match`); a reload, a dropped connection or a closed tab comes back to the same step with
//! every field. When the server's copy changed meanwhile (412) both versions are shown and the
//! user chooses; when the registration window is closed (409) it says when it opens, counted down
//! on the server's clock.
use super::access::{staff_data, RoleGate};
use super::autosave::{SaveTimer, RETRY_AFTER, SAVE_AFTER};
use super::cover::CoverField;
use super::fields::{region_options, SelectField, TextField};
use super::history::HistoryList;
use super::window::WindowClosed;
use crate::api::client::{new_idempotency_key, Versioned};
use crate::api::organiser::{
    activity_history, create_activity, fetch_activity, my_units, submit_activity, update_activity,
    window_closed,
};
use crate::api::reference::{fetch_event_kinds, fetch_regions, fetch_themes};
use crate::api::ApiError;
use crate::components::error_message;
use crate::models::{
    ActivityFields, EventKind, HistoryEntry, OrganiserActivity, Province, ReviewStatus,
    SubmitWindow, Theme, Unit, ACTIVITY_STEPS,
};
use crate::state::storage::{self, StorageKey};
use crate::state::use_clock;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// What is kept in local storage for one activity (`new` until the server gave it an id).
#[derive(Clone, Debug, Default)]
struct LocalDraft {
    id: Option<String>,
    /// The unit a new draft is created for.
    unit_id: Option<String>,
    /// The server version the local fields are based on.
    etag: Option<String>,
    step: usize,
    fields: ActivityFields,
    /// Changed since the last save the server confirmed.
    dirty: bool,
    /// The Idempotency-Key of the draft's creation, so a retried first save is not two drafts.
    key: Option<String>,
}

impl LocalDraft {
    /// Kept as a list of texts (see `ActivityFields::to_texts`).
    fn save(&self) {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut texts = vec![
            opt(&self.id),
            opt(&self.unit_id),
            opt(&self.etag),
            self.step.to_string(),
            if self.dirty { "1" } else { "" }.to_string(),
            opt(&self.key),
        ];
        texts.extend(self.fields.to_texts());
        storage::save(&draft_key(self.id.as_deref()), &texts);
    }

    fn load(id: Option<&str>) -> Option<Self> {
        let texts = storage::load::<Vec<String>>(&draft_key(id))?;
        let opt = |i: usize| texts.get(i).filter(|v| !v.is_empty()).cloned();
        Some(Self {
            id: opt(0),
            unit_id: opt(1),
            etag: opt(2),
            step: opt(3).and_then(|s| s.parse().ok()).unwrap_or_default(),
            dirty: opt(4).is_some(),
            key: opt(5),
            fields: ActivityFields::from_texts(texts.get(6..).unwrap_or_default()),
        })
    }
}

fn draft_key(id: Option<&str>) -> StorageKey {
    StorageKey::ActivityDraft(id.unwrap_or("new").to_string())
}

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Saved,
    Waiting,
    Saving,
    /// Kept on this phone only; tried again shortly.
    Offline,
    Failed(String),
    /// The server's copy changed since ours: both are shown.
    Conflict(Box<Versioned<OrganiserActivity>>),
    Closed(SubmitWindow),
    Submitted,
}

/// Reference lists the form needs.
#[derive(Clone)]
struct Lists {
    themes: Vec<Theme>,
    kinds: Vec<EventKind>,
    regions: Vec<Province>,
}

async fn fetch_lists() -> Result<Lists, ApiError> {
    Ok(Lists {
        themes: fetch_themes().await?,
        kinds: fetch_event_kinds().await?,
        regions: fetch_regions().await?,
    })
}

#[component]
pub fn NewActivityPage() -> impl IntoView {
    form_page("登记活动", || None)
}

#[component]
pub fn EditActivityPage() -> impl IntoView {
    let params = use_params_map();
    form_page("编辑活动", move || {
        Some(params.read().get("id").unwrap_or_default())
    })
}

/// The page around the activity form: `title`, the way back, and the form of the activity `id`
/// gives (a new one for `None`), rebuilt when it changes.
fn form_page(
    title: &'static str,
    id: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    crate::pages::organiser::use_organiser_style();
    let id = Signal::derive(id);
    view! {
        <Title text=title/>
        <section class="page page--narrow org-page">
            <A href="/organiser" attr:class="link-button">"‹ 举办单位"</A>
            <h1 class="page__title">{title}</h1>
            <RoleGate what=title>
                {move || view! { <Loader id=id.get()/> }}
            </RoleGate>
        </section>
    }
}

#[derive(Clone)]
struct Loaded {
    lists: Lists,
    server: Option<Versioned<OrganiserActivity>>,
    history: Vec<HistoryEntry>,
    /// The caller's units (for a new draft: the one it is created for).
    units: Vec<Unit>,
}

#[component]
fn Loader(id: Option<String>) -> impl IntoView {
    let local = LocalDraft::load(id.as_deref());
    // A new draft the server already has continues as that draft.
    let server_id = id
        .clone()
        .or_else(|| local.as_ref().and_then(|d| d.id.clone()));
    let loaded = LocalResource::new(move || {
        let server_id = server_id.clone();
        async move {
            let lists = fetch_lists().await?;
            let (server, history, units) = match server_id {
                Some(id) => (
                    Some(fetch_activity(&id).await?),
                    activity_history(&id).await?,
                    Vec::new(),
                ),
                None => (None, Vec::new(), my_units().await?),
            };
            Ok::<_, ApiError>(Loaded {
                lists,
                server,
                history,
                units,
            })
        }
    });
    move || match staff_data(loaded.get(), move || loaded.refetch(), "/organiser") {
        Err(waiting) => waiting,
        Ok(data) if data.server.is_none() && data.units.is_empty() => view! {
            <div class="state" data-testid="no-unit">
                <p class="state__title">"请先登记举办单位"</p>
                <p class="state__body">"活动须以举办单位的名义登记。"</p>
                <A href="/organiser/unit" attr:class="button button--primary">"登记举办单位"</A>
            </div>
        }
        .into_any(),
        Ok(data) => untrack(|| view! { <Editor data local=local.clone()/> }.into_any()),
    }
}

/// Where the editor starts: the local copy when it holds typing the server has not seen (and is
/// based on the server's current version), otherwise the server's copy at the local step.
fn starting_point(
    local: Option<LocalDraft>,
    server: Option<&Versioned<OrganiserActivity>>,
) -> (LocalDraft, bool) {
    match (local, server) {
        (Some(l), Some(s)) if l.dirty && l.etag != s.etag => {
            // Typed here, changed there: keep ours and let the user choose (conflict).
            (l, true)
        }
        (Some(l), Some(_)) if l.dirty => (l, false),
        (l, Some(s)) => (
            LocalDraft {
                id: Some(s.value.id.clone()),
                unit_id: Some(s.value.unit.id.clone()),
                etag: s.etag.clone(),
                step: l.map(|l| l.step).unwrap_or_default(),
                fields: s.value.fields(),
                dirty: false,
                key: None,
            },
            false,
        ),
        (Some(l), None) => (l, false),
        (None, None) => (LocalDraft::default(), false),
    }
}

#[component]
fn Editor(data: Loaded, local: Option<LocalDraft>) -> impl IntoView {
    let clock = use_clock();
    let Loaded {
        lists,
        server,
        history,
        units,
    } = data;
    let (start, conflict) = starting_point(local, server.as_ref());
    let status = server.as_ref().map(|s| s.value.status);
    let return_reason = server
        .as_ref()
        .filter(|s| s.value.status == ReviewStatus::Returned)
        .and_then(|s| s.value.return_reason.clone());
    let editable = status.is_none_or(ReviewStatus::editable);
    // A new draft belongs to the unit chosen before, else the approved one, else the first.
    let unit_id = StoredValue::new(start.unit_id.clone().or_else(|| {
        units
            .iter()
            .find(|u| u.status == ReviewStatus::Approved)
            .or(units.first())
            .map(|u| u.id.clone())
    }));
    let server_errors = RwSignal::new(Vec::<(String, String)>::new());

    let fields = RwSignal::new(start.fields.clone());
    let step = RwSignal::new(start.step.min(ACTIVITY_STEPS.len() - 1));
    let id = RwSignal::new(start.id.clone());
    let etag = RwSignal::new(start.etag.clone());
    let dirty = RwSignal::new(start.dirty);
    let create_key = StoredValue::new(start.key.clone().unwrap_or_else(new_idempotency_key));
    let state = RwSignal::new(match (&server, conflict) {
        (Some(s), true) => SaveState::Conflict(Box::new(s.clone())),
        _ if start.dirty => SaveState::Waiting,
        _ => SaveState::Saved,
    });
    let shown = RwSignal::new(Vec::<&'static str>::new());
    let timer = SaveTimer::new();

    let keep_locally = move || {
        let draft = LocalDraft {
            id: id.get_untracked(),
            unit_id: unit_id.get_value(),
            etag: etag.get_untracked(),
            step: step.get_untracked(),
            fields: fields.get_untracked(),
            dirty: dirty.get_untracked(),
            key: Some(create_key.get_value()),
        };
        draft.save();
    };

    let schedule = move |after| timer.schedule(after);
    let handle_save = move |result: Result<Versioned<OrganiserActivity>, ApiError>,
                            sent: ActivityFields,
                            was: Option<String>| {
        if state.try_get_untracked().is_none() {
            return; // the page is gone; the local copy keeps everything
        }
        match result {
            Ok(saved) => {
                if was.is_none() {
                    // The "new" copy becomes the draft's own, and the address its edit page's
                    // (without a navigation, which would rebuild the form under the user).
                    storage::forget(&draft_key(None));
                    let path = format!("/organiser/activities/{}/edit", saved.value.id);
                    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ =
                            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
                    }
                }
                id.set(Some(saved.value.id.clone()));
                etag.set(saved.etag.clone());
                let changed_since = fields.with_untracked(|f| *f != sent);
                dirty.set(changed_since);
                state.set(if changed_since {
                    SaveState::Waiting
                } else {
                    SaveState::Saved
                });
                keep_locally();
                if changed_since {
                    schedule(SAVE_AFTER);
                }
            }
            Err(e) if e.status() == Some(412) => {
                let Some(current) = was else { return };
                leptos::task::spawn_local(async move {
                    match fetch_activity(&current).await {
                        Ok(theirs) => _ = state.try_set(SaveState::Conflict(Box::new(theirs))),
                        Err(e) => _ = state.try_set(SaveState::Failed(error_message(&e))),
                    }
                });
            }
            Err(e) => {
                server_errors.set(
                    e.field_errors()
                        .iter()
                        .map(|f| (f.field.clone(), f.message.clone()))
                        .collect(),
                );
                if let Some(window) = window_closed(&e) {
                    state.set(SaveState::Closed(window));
                } else if e.is_transient() {
                    state.set(SaveState::Offline);
                    schedule(RETRY_AFTER);
                } else {
                    state.set(SaveState::Failed(error_message(&e)));
                }
            }
        }
    };

    // The draft goes to the server: created on the first save, then patched on its version.
    let save_now = move || {
        if matches!(
            state.get_untracked(),
            SaveState::Saving | SaveState::Conflict(_) | SaveState::Submitted
        ) || !dirty.get_untracked()
        {
            return;
        }
        state.set(SaveState::Saving);
        let sent = fields.get_untracked();
        let current = id.get_untracked();
        let version = etag.get_untracked();
        let key = create_key.get_value();
        leptos::task::spawn_local(async move {
            let result = match &current {
                None => {
                    let unit = unit_id.get_value().unwrap_or_default();
                    create_activity(&unit, &sent, &key).await
                }
                Some(id) => update_activity(id, &sent, version.as_deref()).await,
            };
            handle_save(result, sent, current);
        });
    };
    timer.on_tick(save_now);
    let edit = move |f: &dyn Fn(&mut ActivityFields)| {
        fields.update(|x| f(x));
        if !server_errors.read_untracked().is_empty() {
            server_errors.set(Vec::new());
        }
        dirty.set(true);
        if matches!(
            state.get_untracked(),
            SaveState::Saved | SaveState::Offline | SaveState::Failed(_)
        ) {
            state.set(SaveState::Waiting);
        }
        keep_locally();
        schedule(SAVE_AFTER);
    };
    let go_to = move |n: usize| {
        step.set(n);
        keep_locally();
        if let Some(el) = document().get_element_by_id("activity-steps") {
            el.scroll_into_view();
        }
    };

    if start.dirty && !conflict {
        schedule(SAVE_AFTER);
    }

    let problems = Memo::new(move |_| fields.with(ActivityFields::problems));
    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            let server =
                server_errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()));
            if server.is_some() {
                return server;
            }
            if !shown.with(|s| s.contains(&field)) {
                return None;
            }
            problems.with(|p| {
                p.iter()
                    .find(|p| p.field == field)
                    .map(|p| p.message.to_string())
            })
        })
    };
    let touch = move |field: &'static str| {
        Callback::new(move |()| {
            shown.update(|s| {
                if !s.contains(&field) {
                    s.push(field)
                }
            })
        })
    };
    let show_step = move |n: usize| {
        let list = problems.get_untracked();
        shown.update(|s| s.extend(list.iter().filter(|p| p.step == n).map(|p| p.field)));
        !list.iter().any(|p| p.step == n)
    };

    let submit = move |_| {
        let list = problems.get_untracked();
        shown.update(|s| s.extend(list.iter().map(|p| p.field)));
        if let Some(first) = list.first() {
            go_to(first.step);
            return;
        }
        let sent = fields.get_untracked();
        let known = id.get_untracked();
        let version = etag.get_untracked();
        let key = create_key.get_value();
        state.set(SaveState::Saving);
        leptos::task::spawn_local(async move {
            // Whatever is still unsaved goes first (creating the draft when the server has none
            // yet: tapping 提交审核 before the first save must not just save), then the
            // submission on that version.
            let (current, version) = match known {
                None => {
                    let unit = unit_id.get_value().unwrap_or_default();
                    match create_activity(&unit, &sent, &key).await {
                        Ok(created) => {
                            let pair = (created.value.id.clone(), created.etag.clone());
                            handle_save(Ok(created), sent.clone(), None);
                            pair
                        }
                        Err(e) => {
                            handle_save(Err(e), sent, None);
                            return;
                        }
                    }
                }
                Some(current) if dirty.get_untracked() => {
                    match update_activity(&current, &sent, version.as_deref()).await {
                        Ok(s) => (current, s.etag),
                        Err(e) => {
                            handle_save(Err(e), sent, Some(current));
                            return;
                        }
                    }
                }
                Some(current) => (current, version),
            };
            match submit_activity(&current, version.as_deref()).await {
                Ok(_) => {
                    storage::forget(&draft_key(Some(&current)));
                    storage::forget(&draft_key(None));
                    dirty.try_set(false);
                    state.try_set(SaveState::Submitted);
                }
                Err(e) => handle_save(Err(e), sent, Some(current)),
            }
        });
    };

    let Lists {
        themes,
        kinds,
        regions,
    } = lists;
    let kind_options: Vec<(String, String)> = kinds.into_iter().map(|k| (k.id, k.name)).collect();
    let theme_options: Vec<(String, String)> = themes.into_iter().map(|t| (t.id, t.name)).collect();
    let field = move |get: fn(&ActivityFields) -> String| Signal::derive(move || fields.with(get));
    let (province_options, city_options) =
        region_options(regions, field(|f| f.province_code.clone()));
    let setter = move |set: fn(&mut ActivityFields, String)| {
        Callback::new(move |v: String| edit(&|f| set(f, v.clone())))
    };
    let week = move || {
        let days = clock.edition_days();
        Some((*days.first()?, *days.last()?))
    };
    let outside_week = move || {
        let f = fields.read();
        let (Some(s), Some(e)) = (
            crate::models::cst_input_to_time(&f.starts_at),
            crate::models::cst_input_to_time(&f.ends_at),
        ) else {
            return false;
        };
        week().is_some_and(|(a, b)| crate::models::outside_week(&s, &e, a, b))
    };
    let format_choice = move |value: &'static str, label: &'static str| {
        view! {
            <label class="choice">
                <input type="radio" name="activity-format" value=value
                    prop:checked=move || fields.read().format == value
                    on:change=move |_| { edit(&|f| f.format = value.to_string()); touch("format").run(()); }/>
                <span>{label}</span>
            </label>
        }
    };
    let needs_venue = move || matches!(fields.read().format.as_str(), "offline" | "hybrid");
    let needs_url = move || matches!(fields.read().format.as_str(), "online" | "hybrid");
    let missing_text = move || {
        let list = problems.get();
        if list.is_empty() {
            "提交审核".to_string()
        } else {
            let names: Vec<&str> = list.iter().map(|p| p.label).collect();
            format!("还缺 {} 项：{}", names.len(), names.join("、"))
        }
    };

    view! {
        {return_reason.map(|r| view! {
            <div class="notice notice--warning" role="note" data-testid="return-reason">
                <p class="notice__title">"审核退回"</p>
                <p>{r}</p>
            </div>
        })}
        {move || match state.get() {
            SaveState::Submitted => view! {
                <div class="state" data-testid="submitted">
                    <p class="state__title">"已提交审核"</p>
                    <p class="state__body">"所在地区的审核员通过后，活动将出现在活动查询中。"</p>
                    <A href="/organiser" attr:class="button button--primary">"返回举办单位"</A>
                </div>
            }.into_any(),
            SaveState::Conflict(theirs) => view! {
                <ConflictView mine=fields.get_untracked() theirs=*theirs
                    on_mine=Callback::new(move |version: Option<String>| {
                        etag.set(version);
                        dirty.set(true);
                        state.set(SaveState::Waiting);
                        keep_locally();
                        save_now();
                    })
                    on_theirs=Callback::new(move |v: Versioned<OrganiserActivity>| {
                        fields.set(v.value.fields());
                        etag.set(v.etag);
                        dirty.set(false);
                        state.set(SaveState::Saved);
                        keep_locally();
                    })/>
            }.into_any(),
            SaveState::Closed(window) => view! {
                <WindowClosed window/>
                <p class="muted">"填写的内容已保存在本机，开放后可继续提交。"</p>
            }.into_any(),
            _ => ().into_any(),
        }}
        <div class="activity-form" class:is-hidden=move || matches!(state.get(), SaveState::Submitted | SaveState::Conflict(_))>
            {(!editable).then(|| view! {
                <p class="notice" role="note">"该活动当前状态不可编辑。"</p>
            })}
            <ol class="stepper" id="activity-steps" aria-label="填写步骤">
                {ACTIVITY_STEPS.iter().enumerate().map(|(n, name)| view! {
                    <li>
                        <button type="button" class="stepper__step"
                            class:stepper__step--done=move || n < step.get()
                            aria-current=move || (step.get() == n).then_some("step")
                            on:click=move |_| go_to(n)>
                            <span class="stepper__num" aria-hidden="true">{n + 1}</span>
                            <span class="stepper__name">{*name}</span>
                        </button>
                    </li>
                }).collect_view()}
            </ol>
            <p class="save-state" role="status" data-testid="save-state">{move || match state.get() {
                SaveState::Saved if id.get().is_some() => "草稿已保存".to_string(),
                SaveState::Saved => "填写内容会自动保存".to_string(),
                SaveState::Waiting => "已保存在本机，稍后同步…".to_string(),
                SaveState::Saving => "正在保存…".to_string(),
                SaveState::Offline => "网络不通，已保存在本机，恢复后自动同步".to_string(),
                SaveState::Failed(m) => format!("保存失败：{m}"),
                _ => String::new(),
            }}</p>
            <form class="form-card activity-form__step" novalidate on:submit=|ev| ev.prevent_default()>
                <fieldset class="activity-form__fields" disabled=!editable>
                <legend class="section-heading">{move || ACTIVITY_STEPS[step.get()]}</legend>
                <div class="form-stack" class:is-hidden=move || step.get() != 0>
                    <TextField id="act-title" label="活动名称" maxlength=60 value=field(|f| f.title.clone())
                        on_text=setter(|f, v| f.title = v) error=error_of("title") on_blur=touch("title")/>
                    <TextField id="act-summary" label="活动简介" hint="一两句话，显示在活动查询的结果中（不超过 80 字）" multiline=true maxlength=80
                        value=field(|f| f.summary.clone()) on_text=setter(|f, v| f.summary = v) error=error_of("summary") on_blur=touch("summary")/>
                    <TextField id="act-description" label="活动详情" multiline=true maxlength=5000
                        value=field(|f| f.description.clone()) on_text=setter(|f, v| f.description = v) error=error_of("description")/>
                    <SelectField id="act-kind" label="活动类别" placeholder="请选择" options=kind_options
                        value=field(|f| f.event_kind_id.clone()) on_change=setter(|f, v| f.event_kind_id = v) error=error_of("event_kind")/>
                    <div class="field" role="group" aria-labelledby="act-themes-label" aria-describedby="act-themes-error">
                        <p class="field__label" id="act-themes-label">"活动主题（1–3 个）"</p>
                        <ul class="chips">
                            {theme_options.into_iter().map(|(tid, name)| {
                                let chosen = tid.clone();
                                let on = move || fields.read().theme_ids.contains(&chosen);
                                view! {
                                    <li><button type="button" class="chip" class:chip--selected=on.clone() aria-pressed=move || on().to_string()
                                        on:click=move |_| {
                                            let tid = tid.clone();
                                            edit(&|f| {
                                                if let Some(i) = f.theme_ids.iter().position(|x| *x == tid) {
                                                    f.theme_ids.remove(i);
                                                } else if f.theme_ids.len() < 3 {
                                                    f.theme_ids.push(tid.clone());
                                                }
                                            });
                                            touch("themes").run(());
                                        }>{name}</button></li>
                                }
                            }).collect_view()}
                        </ul>
                        <p id="act-themes-error" class="field__error">{move || error_of("themes").get()}</p>
                    </div>
                    <TextField id="act-audience" label="面向人群" hint="例如：中小学生、社区居民、公众" maxlength=60
                        value=field(|f| f.audience.clone()) on_text=setter(|f, v| f.audience = v) error=error_of("audience") on_blur=touch("audience")/>
                </div>
                <div class="form-stack" class:is-hidden=move || step.get() != 1>
                    <div class="field" role="radiogroup" aria-labelledby="act-format-label" aria-describedby="act-format-error">
                        <p class="field__label" id="act-format-label">"活动形式"</p>
                        <div class="choices">
                            {format_choice("online", "线上")}
                            {format_choice("offline", "线下")}
                            {format_choice("hybrid", "线上线下结合")}
                        </div>
                        <p id="act-format-error" class="field__error">{move || error_of("format").get()}</p>
                    </div>
                    <Show when=needs_venue>
                        <TextField id="act-venue" label="活动地址" maxlength=120 value=field(|f| f.venue_address.clone())
                            on_text=setter(|f, v| f.venue_address = v) error=error_of("venue_address") on_blur=touch("venue_address")/>
                        <SelectField id="act-province" label="所在省份" placeholder="请选择省份" options=province_options.clone()
                            value=field(|f| f.province_code.clone())
                            on_change=setter(|f, v| { f.province_code = v; f.city_code.clear(); })
                            error=error_of("province_code")/>
                        <SelectField id="act-city" label="所在城市" placeholder="请选择城市" options=city_options
                            value=field(|f| f.city_code.clone()) on_change=setter(|f, v| f.city_code = v) error=error_of("city_code")/>
                        <TextField id="act-capacity" label="可容纳人数" input_type="text" inputmode="numeric" maxlength=7
                            value=field(|f| f.capacity.clone()) on_text=setter(|f, v| f.capacity = v) error=error_of("capacity") on_blur=touch("capacity")/>
                    </Show>
                    <Show when=needs_url>
                        <TextField id="act-url" label="线上地址" hint="直播或活动页面，以 https:// 开头" input_type="url" inputmode="url" maxlength=500
                            value=field(|f| f.online_url.clone()) on_text=setter(|f, v| f.online_url = v) error=error_of("online_url") on_blur=touch("online_url")/>
                    </Show>
                </div>
                <div class="form-stack" class:is-hidden=move || step.get() != 2>
                    <p class="field__hint">"时间均为北京时间（UTC+8），与手机所在时区无关。"</p>
                    <TimeField id="act-start" label="开始时间" value=field(|f| f.starts_at.clone())
                        on_change=setter(|f, v| f.starts_at = v) error=error_of("starts_at")/>
                    <TimeField id="act-end" label="结束时间" value=field(|f| f.ends_at.clone())
                        on_change=setter(|f, v| f.ends_at = v) error=error_of("ends_at")/>
                    <Show when=outside_week>
                        <p class="notice notice--warning" role="note" data-testid="outside-week">
                            "提示：活动时间不在全国科普日活动周（9月11日—17日）内，仍可提交。"
                        </p>
                    </Show>
                </div>
                <div class="form-stack" class:is-hidden=move || step.get() != 3>
                    <CoverField url=Signal::derive(move || fields.read().cover_url.clone())
                        has_cover=Signal::derive(move || fields.read().cover_upload_id.is_some())
                        error=error_of("cover_upload_id")
                        on_uploaded=Callback::new(move |upload_id: String| edit(&|f| { f.cover_upload_id = Some(upload_id.clone()); }))/>
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" aria-describedby="act-marked-error" data-testid="marks-confirmed"
                                prop:checked=move || fields.read().marked
                                on:change=move |ev| { let on = event_target_checked(&ev); edit(&|f| f.marked = on); }/>
                            <span>"已标注“2021年全国科普日活动”并使用统一标识"</span>
                        </label>
                        <p id="act-marked-error" class="field__error">{move || error_of("marks_confirmed").get()}</p>
                    </div>
                </div>
                </fieldset>
            </form>
            <div class="step-bar">
                <button type="button" class="button button--ghost" prop:disabled=move || step.get() == 0
                    on:click=move |_| go_to(step.get_untracked().saturating_sub(1))>"上一步"</button>
                {move || if step.get() + 1 < ACTIVITY_STEPS.len() {
                    view! {
                        <button type="button" class="button button--primary" data-testid="next-step"
                            on:click=move |_| { let n = step.get_untracked(); if show_step(n) { go_to(n + 1); } }>"下一步"</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button--primary step-bar__submit" data-testid="submit-activity"
                            prop:disabled=move || !editable || state.get() == SaveState::Saving
                            on:click=submit>{missing_text}</button>
                    }.into_any()
                }}
            </div>
            {(!history.is_empty()).then(|| view! {
                <section class="org-section">
                    <h2 class="section-heading">"审核记录"</h2>
                    <HistoryList items=history/>
                </section>
            })}
        </div>
    }
}

/// A start or end time typed in China time (a `datetime-local` holds no zone; it is read as
/// +08:00).
#[component]
fn TimeField(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    on_change: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}"（北京时间）"</label>
            <input id=id class="field__input" type="datetime-local" min="2021-08-16T00:00" max="2021-12-31T23:59"
                aria-describedby=error_id.clone() aria-invalid=move || error.read().is_some().to_string()
                prop:value=move || value.get()
                on:change=move |ev| on_change.run(event_target_value(&ev))/>
            <p id=error_id class="field__error">{move || error.get()}</p>
        </div>
    }
}

/// Both versions side by side (stacked on a phone), field by field where they differ.
#[component]
fn ConflictView(
    mine: ActivityFields,
    theirs: Versioned<OrganiserActivity>,
    /// Keep mine: saved again on the server's current version.
    on_mine: Callback<Option<String>>,
    on_theirs: Callback<Versioned<OrganiserActivity>>,
) -> impl IntoView {
    let differences = mine.differences(&theirs.value.fields());
    let version = theirs.etag.clone();
    let theirs = StoredValue::new(theirs);
    view! {
        <div class="conflict" role="alert" data-testid="conflict">
            <p class="conflict__title">"这份草稿在别处被修改过"</p>
            <p class="muted">"请选择保留哪个版本。"</p>
            <dl class="conflict__list">
                {differences.into_iter().map(|(label, a, b)| view! {
                    <div class="conflict__row">
                        <dt>{label}</dt>
                        <dd><span class="conflict__who">"我的："</span>{a}</dd>
                        <dd><span class="conflict__who">"服务器上："</span>{b}</dd>
                    </div>
                }).collect_view()}
            </dl>
            <div class="action-row">
                <button type="button" class="button button--primary" data-testid="keep-mine"
                    on:click=move |_| on_mine.run(version.clone())>"保留我的版本"</button>
                <button type="button" class="button button--ghost" data-testid="keep-theirs"
                    on:click=move |_| on_theirs.run(theirs.get_value())>"使用服务器上的版本"</button>
            </div>
        </div>
    }
}
