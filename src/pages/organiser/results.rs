//! `/organiser/activities/:id/results`: 活动回顾 (issue 17, 信息完善) — the photos, videos,
//! titled news links and the two figures of one of the unit's published activities, from its
//! start until 10月22日 24:00 (server clock). Photos and videos go up through `use_upload` (tus)
//! as soon as they are picked; the whole document is saved with `If-Match`. Everything typed is
//! kept on the phone as the activity form's draft is (its storage key, `.results` added) until
//! the server confirms the save, so a reload or a dropped connection loses nothing. Outside the
//! window the results are shown read-only with the dates.
use super::access::{staff_data, RoleGate};
use super::{use_organiser_style, use_section_style};
use crate::api::client::Versioned;
use crate::api::results::{fetch_results, save_results};
use crate::api::ApiError;
use crate::components::{error_message, focus_first_invalid};
use crate::format::date_time;
use crate::hooks::{use_upload, UploadStop, UseUploadOptions, UseUploadReturn};
use crate::models::{
    link_problem, parse_figure, ActivityResults, ActivityResultsInput, NewsLink, OrganiserActivity,
};
use crate::state::storage::{self, StorageKey};
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MAX_PHOTOS: usize = 30;
const MAX_VIDEOS: usize = 5;
const MAX_LINKS: usize = 10;
const PHOTO_MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
const PHOTO_TYPES: [&str; 3] = ["image/jpeg", "image/png", "image/webp"];
const VIDEO_MAX_BYTES: f64 = 500.0 * 1024.0 * 1024.0;
const VIDEO_TYPES: [&str; 3] = ["video/mp4", "video/quicktime", "video/webm"];

#[component]
pub fn ResultsPage() -> impl IntoView {
    use_organiser_style();
    use_section_style("results-css", "/results.css");
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    view! {
        <Title text="活动回顾"/>
        <section class="page page--narrow org-page results-page">
            <A href="/organiser" attr:class="link-button">"‹ 返回我的活动"</A>
            <h1 class="page__title">"活动回顾"</h1>
            <RoleGate what="填写活动回顾">
                <Loader id=id.clone()/>
            </RoleGate>
        </section>
    }
}

#[derive(Clone)]
struct Loaded {
    /// The registered activity (its title and format); `None` for one not registered through
    /// 登记填报, whose results are still the unit's.
    activity: Option<OrganiserActivity>,
    results: Versioned<ActivityResults>,
}

/// Which figures apply: `(offline participants, online views)` by the activity's format.
fn figures_of(format: Option<&str>) -> (bool, bool) {
    (format != Some("online"), format != Some("offline"))
}

#[component]
fn Loader(id: String) -> impl IntoView {
    let key = id.clone();
    let data = LocalResource::new(move || {
        let id = key.clone();
        async move {
            let results = fetch_results(&id).await?;
            let activity = crate::api::organiser::fetch_activity(&id)
                .await
                .ok()
                .map(|v| v.value);
            Ok::<_, ApiError>(Loaded { activity, results })
        }
    });
    let reload = Callback::new(move |()| data.refetch());
    move || match staff_data(data.get(), move || data.refetch(), "/organiser") {
        Ok(loaded) => view! { <Editor id=id.clone() loaded reload/> }.into_any(),
        Err(v) => v,
    }
}

/// A photo or video of the document: the upload that keeps it, and its server URL once saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Media {
    upload_id: String,
    url: Option<String>,
    /// A picked file's preview (this page only; not kept across reloads).
    #[serde(skip)]
    preview: Option<String>,
}

/// The document as typed (kept on the phone until saved).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    etag: Option<String>,
    photos: Vec<Media>,
    videos: Vec<Media>,
    links: Vec<NewsLink>,
    participants: String,
    views: String,
}

impl Draft {
    fn from_server(v: &Versioned<ActivityResults>) -> Self {
        let r = &v.value;
        let media = |upload_id: &Option<String>, url: &str| Media {
            upload_id: upload_id.clone().unwrap_or_default(),
            url: Some(url.to_string()),
            preview: None,
        };
        Self {
            etag: v.etag.clone(),
            photos: r
                .photos
                .iter()
                .map(|p| media(&p.upload_id, &p.url))
                .collect(),
            videos: r
                .videos
                .iter()
                .map(|x| media(&x.upload_id, &x.playback_url))
                .collect(),
            links: r.links.clone(),
            participants: r
                .participants_offline
                .map(|n| n.to_string())
                .unwrap_or_default(),
            views: r.views_online.map(|n| n.to_string()).unwrap_or_default(),
        }
    }

    /// Equal as a document (previews aside).
    fn same(&self, other: &Self) -> bool {
        let ids = |m: &[Media]| m.iter().map(|x| x.upload_id.clone()).collect::<Vec<_>>();
        ids(&self.photos) == ids(&other.photos)
            && ids(&self.videos) == ids(&other.videos)
            && self.links == other.links
            && self.participants.trim() == other.participants.trim()
            && self.views.trim() == other.views.trim()
    }
}

fn draft_key(id: &str) -> StorageKey {
    StorageKey::ActivityDraft(format!("{id}.results"))
}

/// Field errors by the server's field names (`links[0].url`, `participants_offline`, …).
type Errors = BTreeMap<String, String>;

/// Checks the document as the server will; the errors by field, or the body to send.
fn check(d: &Draft, (offline, online): (bool, bool)) -> Result<ActivityResultsInput, Errors> {
    let mut errors = Errors::new();
    for (i, link) in d.links.iter().enumerate() {
        let (title, url) = link_problem(link);
        if let Some(m) = title {
            errors.insert(format!("links[{i}].title"), m.into());
        }
        if let Some(m) = url {
            errors.insert(format!("links[{i}].url"), m.into());
        }
    }
    let mut figure = |key: &str, typed: &str, applies: bool| {
        let value = parse_figure(typed).unwrap_or_else(|m| {
            errors.insert(key.into(), m.into());
            None
        });
        value.filter(|_| applies)
    };
    let participants = figure("participants_offline", &d.participants, offline);
    let views = figure("views_online", &d.views, online);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ActivityResultsInput {
        photo_upload_ids: d.photos.iter().map(|m| m.upload_id.clone()).collect(),
        video_upload_ids: d.videos.iter().map(|m| m.upload_id.clone()).collect(),
        links: d
            .links
            .iter()
            .map(|l| NewsLink {
                title: l.title.trim().into(),
                url: l.url.trim().into(),
            })
            .collect(),
        participants_offline: participants,
        views_online: views,
    })
}

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved,
    Failed(String),
    /// The server's copy changed since this page read it.
    Stale,
}

#[component]
fn Editor(id: String, loaded: Loaded, reload: Callback<()>) -> impl IntoView {
    let Loaded { activity, results } = loaded;
    let window = results.value.window.clone();
    let base = StoredValue::new(Draft::from_server(&results));
    let restored = storage::load::<Draft>(&draft_key(&id)).filter(|d| !d.same(&base.get_value()));
    let note = RwSignal::new(restored.is_some());
    let draft = RwSignal::new(restored.unwrap_or_else(|| base.get_value()));
    let errors = RwSignal::new(Errors::new());
    let state = RwSignal::new(SaveState::Idle);
    let closed = RwSignal::new(!window.open);
    let format = figures_of(activity.as_ref().and_then(|a| a.format.as_deref()));
    let title = activity.map(|a| a.display_title());
    let toasts = use_toasts();
    let key = draft_key(&id);
    // Kept as typed: on the phone while it differs from what the server has.
    Effect::new(move |_| {
        let d = draft.get();
        if d.same(&base.get_value()) {
            storage::forget(&key);
        } else {
            storage::save(&key, &d);
        }
    });
    let save = Action::new_local(
        move |(id, input, etag): &(String, ActivityResultsInput, Option<String>)| {
            let (id, input, etag) = (id.clone(), input.clone(), etag.clone());
            async move { save_results(&id, &input, etag.as_deref()).await }
        },
    );
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            let fresh = Draft::from_server(&saved);
            base.set_value(fresh.clone());
            draft.set(fresh);
            errors.set(Errors::new());
            state.set(SaveState::Saved);
            note.set(false);
            toasts.show("活动回顾已保存");
        }
        Some(Err(e)) => show_error(&e, errors, state, closed),
        None => {}
    });
    let save_id = id.clone();
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft.get_untracked();
        match check(&d, format) {
            Err(found) => {
                errors.set(found);
                state.set(SaveState::Failed("请先改正标出的内容".into()));
                focus_first_invalid();
            }
            Ok(input) => {
                errors.set(Errors::new());
                state.set(SaveState::Saving);
                save.dispatch((save_id.clone(), input, d.etag));
            }
        }
    };
    let range = format!(
        "{} 至 {}",
        date_time(&window.opens_at),
        date_time(&window.closes_at)
    );
    let clock = crate::state::use_clock();
    let opens = window.opens_at;
    let before_start = move || clock.now().is_some_and(|now| now < opens);
    let reload_latest = {
        let id = id.clone();
        move |_| {
            storage::forget(&draft_key(&id));
            reload.run(());
        }
    };
    view! {
        {title.map(|t| view! { <p class="results-page__activity" data-testid="results-activity">{t}</p> })}
        {move || closed.get().then(|| view! {
            <div class="notice notice--warning" role="status" data-testid="results-closed">
                <p class="notice__title">{move || if before_start() { "活动开始后才能填写活动回顾" } else { "活动回顾已截止填写" }}</p>
                <p>"填写时间（北京时间）："{range.clone()}"，截止后只能查看。"</p>
            </div>
        })}
        {move || note.get().then(|| view! { <p class="notice" role="status" data-testid="draft-restored">"已恢复本机上次未保存的内容。"</p> })}
        {move || (state.get() == SaveState::Stale).then(|| view! {
            <div class="conflict" role="alert" data-testid="results-stale">
                <p class="conflict__title">"活动回顾已在别处被修改"</p>
                <p>"请载入最新版本后再修改。"</p>
                <button type="button" class="button button--primary" on:click=reload_latest.clone()>"载入最新版本"</button>
            </div>
        })}
        <form class="form-stack" novalidate on:submit=on_save>
            <Photos draft errors closed/>
            <Videos draft errors closed/>
            <Links draft errors closed/>
            <Figures draft errors closed format/>
            {move || (!closed.get()).then(|| view! {
                <div class="step-bar">
                    <button type="submit" class="button button--primary step-bar__submit" data-testid="save-results"
                        prop:disabled=move || state.get() == SaveState::Saving>"保存活动回顾"</button>
                </div>
            })}
            <p class="save-state" role="status" data-testid="results-state">{move || match state.get() {
                SaveState::Saving => "正在保存…".to_string(),
                SaveState::Saved => "已保存".to_string(),
                SaveState::Failed(m) => m,
                SaveState::Idle | SaveState::Stale => String::new(),
            }}</p>
        </form>
    }
}

/// A refused save: field errors next to their fields, the window, a stale version, or why.
fn show_error(
    e: &ApiError,
    errors: RwSignal<Errors>,
    state: RwSignal<SaveState>,
    closed: RwSignal<bool>,
) {
    if crate::api::organiser::window_closed(e).is_some() {
        closed.set(true);
        state.set(SaveState::Failed(
            "填写时间已过，未保存的内容仍保留在本机".into(),
        ));
        return;
    }
    if matches!(e, ApiError::Http { status: 412, .. }) {
        state.set(SaveState::Stale);
        return;
    }
    let fields: Errors = e
        .problem()
        .map(|p| {
            p.errors
                .iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect()
        })
        .unwrap_or_default();
    if fields.is_empty() {
        let why = match e {
            ApiError::Network | ApiError::Timeout => {
                "网络不可用，内容已保存在本机，恢复网络后请再保存".to_string()
            }
            other => error_message(other),
        };
        state.set(SaveState::Failed(why));
    } else {
        errors.set(fields);
        state.set(SaveState::Failed("请先改正标出的内容".into()));
        focus_first_invalid();
    }
}

fn error_of(
    errors: RwSignal<Errors>,
    field: String,
) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
    let field = StoredValue::new(field);
    move || errors.with(|e| e.get(&field.get_value()).cloned())
}

/// Sends `file` through `upload` (tus) and adds it to `list` when done; progress in `status`.
fn send_file(
    upload: UseUploadReturn,
    file: web_sys::File,
    list: fn(&mut Draft) -> &mut Vec<Media>,
    draft: RwSignal<Draft>,
    status: RwSignal<Option<String>>,
    preview: bool,
) -> impl std::future::Future<Output = bool> {
    let url = preview
        .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
        .flatten();
    async move {
        match upload.send(file).await {
            Ok(upload_id) => {
                draft.update(|d| {
                    list(d).push(Media {
                        upload_id,
                        url: None,
                        preview: url,
                    })
                });
                true
            }
            Err(UploadStop::Left) => false,
            Err(UploadStop::Paused) => false,
            Err(UploadStop::Failed(e)) => {
                let _ = status.try_set(Some(format!("上传失败：{}", error_message(&e))));
                false
            }
        }
    }
}

/// The upload's progress as a line of text.
fn progress(upload: UseUploadReturn) -> String {
    let total = upload.total.get().max(1.0);
    format!(
        "正在上传 {}%",
        (upload.sent.get() / total * 100.0).min(100.0) as u32
    )
}

#[component]
fn Photos(
    draft: RwSignal<Draft>,
    errors: RwSignal<Errors>,
    closed: RwSignal<bool>,
) -> impl IntoView {
    let upload = use_upload(UseUploadOptions {
        keep: None,
        retries: 3,
    });
    let status = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let photos = Memo::new(move |_| draft.with(|d| d.photos.clone()));
    let count = move || photos.with(Vec::len);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        let room = MAX_PHOTOS.saturating_sub(count());
        if picked.len() > room {
            status.set(Some(format!("最多{MAX_PHOTOS}张照片，还可以添加{room}张")));
            return;
        }
        if let Some(bad) = picked
            .iter()
            .find(|f| !PHOTO_TYPES.contains(&f.type_().as_str()))
        {
            status.set(Some(format!(
                "「{}」不是 JPEG、PNG 或 WebP 图片",
                bad.name()
            )));
            return;
        }
        if let Some(big) = picked.iter().find(|f| f.size() > PHOTO_MAX_BYTES) {
            status.set(Some(format!("「{}」超过 5 MB", big.name())));
            return;
        }
        status.set(None);
        sending.set(true);
        leptos::task::spawn_local(async move {
            for file in picked {
                if !send_file(upload, file, |d| &mut d.photos, draft, status, true).await {
                    break;
                }
            }
            let _ = sending.try_set(false);
        });
    };
    let remove = move |i: usize| {
        draft.update(|d| {
            let gone = d.photos.remove(i);
            if let Some(p) = gone.preview {
                let _ = web_sys::Url::revoke_object_url(&p);
            }
        });
        errors.set(Errors::new());
    };
    view! {
        <fieldset class="results-block" data-testid="results-photos">
            <legend class="section-heading">"活动照片"<span class="results-block__count">{move || format!("{}/{MAX_PHOTOS}", count())}</span></legend>
            {move || (count() == 0).then(|| view! { <p class="muted">"还没有照片。"</p> })}
            <ul class="results-photos">
                {move || photos.get().into_iter().enumerate().map(|(i, m)| {
                    let error = error_of(errors, format!("photo_upload_ids[{i}]"));
                    let src = m.preview.clone().or(m.url.clone());
                    view! {
                        <li class="results-photo" data-testid="results-photo">
                            {match src {
                                Some(src) => view! { <img src=src alt=format!("活动照片 {}", i + 1) width="160" height="120" loading="lazy"/> }.into_any(),
                                None => view! { <span class="results-photo__placeholder">{format!("照片 {}（已上传）", i + 1)}</span> }.into_any(),
                            }}
                            {move || (!closed.get()).then(|| view! {
                                <button type="button" class="results-photo__remove" aria-label=format!("删除照片 {}", i + 1) on:click=move |_| remove(i)>"×"</button>
                            })}
                            {move || error().map(|m| view! { <p class="field__error" role="alert">{m}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (!closed.get()).then(|| view! {
                <label class="button button--ghost results-block__add">
                    "添加照片"
                    <input type="file" class="visually-hidden" accept="image/jpeg,image/png,image/webp" multiple
                        aria-describedby="photos-status" data-testid="photos-input"
                        prop:disabled=move || { sending.get() || count() >= MAX_PHOTOS } on:change=on_pick/>
                </label>
                <p class="field__hint">"JPEG、PNG 或 WebP，每张不超过 5 MB，最多 30 张"</p>
            })}
            <p id="photos-status" class="field__error" role="status">{move || status.get().or_else(|| sending.get().then(|| progress(upload)))}</p>
        </fieldset>
    }
}

#[component]
fn Videos(
    draft: RwSignal<Draft>,
    errors: RwSignal<Errors>,
    closed: RwSignal<bool>,
) -> impl IntoView {
    let upload = use_upload(UseUploadOptions {
        keep: None,
        retries: 3,
    });
    let status = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let videos = Memo::new(move |_| draft.with(|d| d.videos.clone()));
    let count = move || videos.with(Vec::len);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if !VIDEO_TYPES.contains(&file.type_().as_str()) {
            status.set(Some("请选择 MP4、MOV 或 WebM 视频".into()));
            return;
        }
        if file.size() > VIDEO_MAX_BYTES {
            status.set(Some("视频不能超过 500 MB".into()));
            return;
        }
        status.set(None);
        sending.set(true);
        leptos::task::spawn_local(async move {
            send_file(upload, file, |d| &mut d.videos, draft, status, false).await;
            let _ = sending.try_set(false);
        });
    };
    view! {
        <fieldset class="results-block" data-testid="results-videos">
            <legend class="section-heading">"活动视频"<span class="results-block__count">{move || format!("{}/{MAX_VIDEOS}", count())}</span></legend>
            {move || (count() == 0).then(|| view! { <p class="muted">"还没有视频。"</p> })}
            <ul class="results-videos">
                {move || videos.get().into_iter().enumerate().map(|(i, m)| {
                    let error = error_of(errors, format!("video_upload_ids[{i}]"));
                    view! {
                        <li class="results-video">
                            {match m.url {
                                Some(src) => view! { <video src=src controls preload="metadata" aria-label=format!("活动视频 {}", i + 1)></video> }.into_any(),
                                None => view! { <span class="results-photo__placeholder">{format!("视频 {}（已上传，保存后可播放）", i + 1)}</span> }.into_any(),
                            }}
                            {move || (!closed.get()).then(|| view! {
                                <button type="button" class="link-button link-button--danger" on:click=move |_| {
                                    draft.update(|d| { d.videos.remove(i); });
                                    errors.set(Errors::new());
                                }>{format!("删除视频 {}", i + 1)}</button>
                            })}
                            {move || error().map(|m| view! { <p class="field__error" role="alert">{m}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (!closed.get()).then(|| view! {
                <label class="button button--ghost results-block__add">
                    "添加视频"
                    <input type="file" class="visually-hidden" accept="video/mp4,video/quicktime,video/webm"
                        aria-describedby="videos-status" data-testid="videos-input"
                        prop:disabled=move || { sending.get() || count() >= MAX_VIDEOS } on:change=on_pick/>
                </label>
                <p class="field__hint">"MP4、MOV 或 WebM，不超过 500 MB，最多 5 个；断网后可继续上传"</p>
            })}
            <p id="videos-status" class="field__error" role="status">{move || status.get().or_else(|| sending.get().then(|| progress(upload)))}</p>
        </fieldset>
    }
}

#[component]
fn Links(
    draft: RwSignal<Draft>,
    errors: RwSignal<Errors>,
    closed: RwSignal<bool>,
) -> impl IntoView {
    let count = Memo::new(move |_| draft.with(|d| d.links.len()));
    let edit = move |i: usize, title: bool, value: String| {
        draft.update(|d| {
            if let Some(l) = d.links.get_mut(i) {
                if title {
                    l.title = value
                } else {
                    l.url = value
                }
            }
        });
        let field = format!("links[{i}].{}", if title { "title" } else { "url" });
        errors.update(|e| {
            e.remove(&field);
        });
    };
    view! {
        <fieldset class="results-block" data-testid="results-links">
            <legend class="section-heading">"新闻报道"<span class="results-block__count">{move || format!("{}/{MAX_LINKS}", count.get())}</span></legend>
            {move || (count.get() == 0).then(|| view! { <p class="muted">"还没有新闻报道链接。"</p> })}
            <ol class="results-links">
                {move || (0..count.get()).map(|i| {
                    let link = draft.with_untracked(|d| d.links.get(i).cloned().unwrap_or_default());
                    let title_error = error_of(errors, format!("links[{i}].title"));
                    let url_error = error_of(errors, format!("links[{i}].url"));
                    let (tid, uid) = (format!("link-{i}-title"), format!("link-{i}-url"));
                    view! {
                        <li class="results-link" data-testid="results-link">
                            <div class="field">
                                <label class="field__label" for=tid.clone()>{format!("报道 {} 标题", i + 1)}</label>
                                <input id=tid.clone() class="field__input" type="text" maxlength="60" prop:value=link.title
                                    prop:readonly=move || closed.get()
                                    aria-invalid=move || title_error().is_some().to_string()
                                    aria-describedby=format!("{tid}-error")
                                    on:input=move |ev| edit(i, true, event_target_value(&ev))/>
                                <p id=format!("{tid}-error") class="field__error">{title_error}</p>
                            </div>
                            <div class="field">
                                <label class="field__label" for=uid.clone()>{format!("报道 {} 网址", i + 1)}</label>
                                <input id=uid.clone() class="field__input" type="url" inputmode="url" placeholder="https://" prop:value=link.url
                                    prop:readonly=move || closed.get()
                                    aria-invalid=move || url_error().is_some().to_string()
                                    aria-describedby=format!("{uid}-error")
                                    on:input=move |ev| edit(i, false, event_target_value(&ev))/>
                                <p id=format!("{uid}-error") class="field__error">{url_error}</p>
                            </div>
                            {move || (!closed.get()).then(|| view! {
                                <button type="button" class="link-button link-button--danger" on:click=move |_| {
                                    draft.update(|d| { d.links.remove(i); });
                                    errors.set(Errors::new());
                                }>{format!("删除报道 {}", i + 1)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {move || (!closed.get() && count.get() < MAX_LINKS).then(|| view! {
                <button type="button" class="button button--ghost results-block__add" data-testid="add-link"
                    on:click=move |_| draft.update(|d| d.links.push(NewsLink::default()))>"添加新闻链接"</button>
            })}
        </fieldset>
    }
}

#[component]
fn Figures(
    draft: RwSignal<Draft>,
    errors: RwSignal<Errors>,
    closed: RwSignal<bool>,
    format: (bool, bool),
) -> impl IntoView {
    let field = move |id: &'static str, label: &'static str, key: &'static str, offline: bool| {
        let error = error_of(errors, key.to_string());
        let value = move || {
            draft.with(|d| {
                if offline {
                    d.participants.clone()
                } else {
                    d.views.clone()
                }
            })
        };
        view! {
            <div class="field">
                <label class="field__label" for=id>{label}</label>
                <input id=id class="field__input" type="text" inputmode="numeric" prop:value=value
                    prop:readonly=move || closed.get()
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=format!("{id}-error")
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|d| if offline { d.participants = v } else { d.views = v });
                        errors.update(|e| { e.remove(key); });
                    }/>
                <p id=format!("{id}-error") class="field__error">{error}</p>
            </div>
        }
    };
    view! {
        <fieldset class="results-block" data-testid="results-figures">
            <legend class="section-heading">"参与情况"</legend>
            <p class="field__hint">"不填表示未统计"</p>
            {format.0.then(|| field("participants", "线下实际参与人数", "participants_offline", true))}
            {format.1.then(|| field("views", "线上观看人次", "views_online", false))}
        </fieldset>
    }
}
