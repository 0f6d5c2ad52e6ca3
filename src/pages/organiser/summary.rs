//! `/organiser/summary`: the unit's 工作总结 (§五(三)). The unit's figures as the server counts
//! them at the top, then the text as blocks (标题, 正文, 列表) added, moved and deleted one by one,
//! and the attachments (PDF, DOCX, JPEG, PNG up to 20 MB, through the shared upload block).
//! Saved as typed like the activity form (kept locally at once, sent [`SAVE_AFTER`] later with
//! `If-Match`), so a reload or a dropped connection loses nothing; submitted once, with a
//! confirmation, before 10月22日 24:00 by the server's clock, read-only after.
//!
//! Blocks are plain text and shown as text nodes only, never as HTML. [`SummaryView`] (the
//! read-only rendering) is shared with the reviewers' unit page.
use super::access::{staff_data, RoleGate};
use super::autosave::{SaveTimer, RETRY_AFTER, SAVE_AFTER};
use crate::api::client::Versioned;
use crate::api::organiser::{my_units, window_closed};
use crate::api::summary::{fetch_summary, save_summary, submit_summary};
use crate::api::ApiError;
use crate::components::error_message;
use crate::format::{date_time, Countdown};
use crate::hooks::{use_download, use_upload, UploadStop, UseUploadOptions};
use crate::models::{
    BlockKind, ReviewStatus, SummaryAttachment, SummaryBlock, SummaryStatus, UnitFigures,
    UnitSummary,
};
use crate::state::storage::{self, StorageKey};
use crate::state::use_clock;
use leptos::prelude::*;
use leptos_meta::{Stylesheet, Title};
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

const MAX_ATTACHMENT_BYTES: f64 = 20.0 * 1024.0 * 1024.0;
const MAX_ATTACHMENTS: usize = 10;
const ATTACHMENT_TYPES: [&str; 4] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "image/jpeg",
    "image/png",
];

/// What is kept in local storage for the unit's summary.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct LocalDraft {
    etag: Option<String>,
    blocks: Vec<SummaryBlock>,
    attachments: Vec<SummaryAttachment>,
    /// Changed since the last save the server confirmed.
    dirty: bool,
}

fn draft_key(unit_id: &str) -> StorageKey {
    StorageKey::SummaryDraft(unit_id.to_string())
}

#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Saved,
    Waiting,
    Saving,
    Offline,
    Failed(String),
    /// Changed elsewhere (412): reload to continue from the server's copy.
    Conflict,
    Closed,
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    super::use_organiser_style();
    view! {
        <Title text="工作总结"/>
        <Stylesheet id="summary-css" href="/summary.css"/>
        <section class="page page--narrow org-page">
            <A href="/organiser" attr:class="link-button">"‹ 举办单位"</A>
            <h1 class="page__title">"工作总结"</h1>
            <RoleGate what="填写工作总结">
                <Loader/>
            </RoleGate>
        </section>
    }
}

#[component]
fn Loader() -> impl IntoView {
    let loaded = LocalResource::new(|| async {
        let units = my_units().await?;
        let unit = units
            .iter()
            .find(|u| u.status == ReviewStatus::Approved)
            .or(units.first())
            .cloned();
        match unit {
            Some(u) => Ok::<_, ApiError>(Some(fetch_summary(&u.id).await?)),
            None => Ok(None),
        }
    });
    move || match staff_data(loaded.get(), move || loaded.refetch(), "/organiser") {
        Err(waiting) => waiting,
        Ok(None) => view! {
            <div class="state" data-testid="no-unit">
                <p class="state__title">"请先登记举办单位"</p>
                <p class="state__body">"工作总结以举办单位的名义提交。"</p>
                <A href="/organiser/unit" attr:class="button button--primary">"登记举办单位"</A>
            </div>
        }
        .into_any(),
        Ok(Some(server)) => untrack(|| view! { <Editor server/> }.into_any()),
    }
}

/// The unit's figures, read-only, as the server computed them.
#[component]
pub fn FiguresView(figures: UnitFigures) -> impl IntoView {
    let a = &figures.activities;
    let rows = [
        ("已发布活动", a.published.to_string()),
        ("网络活动", figures.online_activities.to_string()),
        ("线下参与人次", figures.participants_offline.to_string()),
        ("线上观看人次", figures.views_online.to_string()),
        ("直播场次", figures.livestreams.to_string()),
        ("点亮好奇心作品", figures.challenge_entries.to_string()),
        ("科技志愿者", figures.volunteers.to_string()),
        (
            "其他状态活动",
            format!(
                "草稿 {} · 待审核 {} · 退回 {} · 取消 {}",
                a.draft, a.submitted, a.returned, a.cancelled
            ),
        ),
    ];
    let themes = figures.theme_names();
    view! {
        <dl class="summary-figures" data-testid="summary-figures">
            {rows.into_iter().map(|(k, v)| view! {
                <div class="summary-figures__item"><dt>{k}</dt><dd>{v}</dd></div>
            }).collect_view()}
            <div class="summary-figures__item summary-figures__item--wide">
                <dt>"参与的联合行动"</dt>
                <dd>{if themes.is_empty() { "无".to_string() } else { themes }}</dd>
            </div>
        </dl>
    }
}

fn file_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The blocks as text nodes (never HTML) and the attachments' names: the submitted summary.
#[component]
pub fn SummaryView(
    blocks: Vec<SummaryBlock>,
    attachments: Vec<SummaryAttachment>,
) -> impl IntoView {
    let list = |items: Vec<String>| {
        items
            .into_iter()
            .map(|i| view! { <li>{i}</li> })
            .collect_view()
    };
    view! {
        <div class="summary-text" data-testid="summary-text">
            {blocks.into_iter().map(|b| {
                let text = b.text.clone().unwrap_or_default();
                match (b.kind, b.level) {
                    (BlockKind::Heading, Some(3)) => view! { <h4>{text}</h4> }.into_any(),
                    (BlockKind::Heading, _) => view! { <h3>{text}</h3> }.into_any(),
                    (BlockKind::Paragraph, _) => view! { <p class="summary-text__p">{text}</p> }.into_any(),
                    (BlockKind::Bullets, _) => view! { <ul>{list(b.items.unwrap_or_default())}</ul> }.into_any(),
                    (BlockKind::Numbers, _) => view! { <ol>{list(b.items.unwrap_or_default())}</ol> }.into_any(),
                }
            }).collect_view()}
        </div>
        {(!attachments.is_empty()).then(|| view! {
            <ul class="summary-files" aria-label="附件">
                {attachments.into_iter().map(|a| view! { <AttachmentItem a/> }).collect_view()}
            </ul>
        })}
    }
}

/// One attachment of a submitted summary: its name and size, and 下载, which fetches the file
/// with the user's token (from the API's `url`: a plain link would go without it) and offers it
/// as a download. A failure says so next to it, and 下载 tries again.
#[component]
fn AttachmentItem(a: SummaryAttachment) -> impl IntoView {
    let file = use_download();
    let size = format!(" · {}", file_size(a.bytes));
    let label = format!("下载附件 {}", a.filename);
    let name = a.filename.clone();
    let a = StoredValue::new(a);
    let fetch = move |_| {
        a.with_value(|a| {
            let url = a.url.clone();
            file.start(a.filename.clone(), a.media_type.clone(), async move {
                crate::api::client::get_bytes(&url).await
            })
        })
    };
    view! {
        <li class="summary-files__item summary-files__item--file">
            <span>{name}<span class="muted">{size}</span></span>
            <button type="button" class="button button--ghost" aria-label=label
                disabled=move || file.busy.get() on:click=fetch data-testid="summary-file-download">
                {move || if file.busy.get() { "正在下载…" } else { "下载" }}
            </button>
            <p class="field__error" role="status">{move || file.error.get()}</p>
        </li>
    }
}

/// The field errors of a 422, by field name.
fn errors_of(e: &ApiError) -> Vec<(String, String)> {
    e.field_errors()
        .iter()
        .map(|f| (f.field.clone(), f.message.clone()))
        .collect()
}

#[component]
fn Editor(server: Versioned<UnitSummary>) -> impl IntoView {
    let clock = use_clock();
    let unit_id = StoredValue::new(server.value.unit.id.clone());
    let local = storage::load::<LocalDraft>(&draft_key(&server.value.unit.id));
    let submitted = RwSignal::new(server.value.status == SummaryStatus::Submitted);
    // Typing the server has not seen continues; otherwise the server's copy.
    let start = match local {
        Some(l) if l.dirty && !submitted.get_untracked() => l,
        _ => LocalDraft {
            etag: server.etag.clone(),
            blocks: server.value.blocks.clone(),
            attachments: server.value.attachments.clone(),
            dirty: false,
        },
    };
    let conflict = start.dirty && start.etag != server.etag;
    let summary = RwSignal::new(server.value);
    let next_key = StoredValue::new(start.blocks.len() as u32);
    let blocks = RwSignal::new(
        start
            .blocks
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, b)| (i as u32, b))
            .collect::<Vec<_>>(),
    );
    let attachments = RwSignal::new(start.attachments.clone());
    let etag = RwSignal::new(start.etag.clone());
    let dirty = RwSignal::new(start.dirty);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let state = RwSignal::new(if conflict {
        SaveState::Conflict
    } else if start.dirty {
        SaveState::Waiting
    } else {
        SaveState::Saved
    });
    let timer = SaveTimer::new();

    let plain_blocks =
        move || blocks.with_untracked(|b| b.iter().map(|(_, b)| b.clone()).collect::<Vec<_>>());
    let keep_locally = move || {
        storage::save(
            &draft_key(&unit_id.get_value()),
            &LocalDraft {
                etag: etag.get_untracked(),
                blocks: plain_blocks(),
                attachments: attachments.get_untracked(),
                dirty: dirty.get_untracked(),
            },
        );
    };
    let save_now = move || {
        if !dirty.get_untracked()
            || matches!(
                state.get_untracked(),
                SaveState::Saving | SaveState::Conflict | SaveState::Closed
            )
            || submitted.get_untracked()
        {
            return;
        }
        state.set(SaveState::Saving);
        let sent = (plain_blocks(), attachments.get_untracked());
        let ids: Vec<String> = sent.1.iter().map(|a| a.upload_id.clone()).collect();
        let version = etag.get_untracked();
        leptos::task::spawn_local(async move {
            let result =
                save_summary(&unit_id.get_value(), &sent.0, &ids, version.as_deref()).await;
            if state.try_get_untracked().is_none() {
                return; // the page is gone; the local copy keeps everything
            }
            match result {
                Ok(saved) => {
                    etag.set(saved.etag.clone());
                    let changed = plain_blocks() != sent.0
                        || attachments.with_untracked(|a| a.len() != sent.1.len());
                    if !changed {
                        attachments.set(saved.value.attachments.clone());
                    }
                    summary.set(saved.value);
                    errors.set(Vec::new());
                    dirty.set(changed);
                    state.set(if changed {
                        SaveState::Waiting
                    } else {
                        SaveState::Saved
                    });
                    keep_locally();
                    if changed {
                        timer.schedule(SAVE_AFTER);
                    }
                }
                Err(e) if e.status() == Some(412) => state.set(SaveState::Conflict),
                Err(e) if e.status() == Some(409) => {
                    errors.set(Vec::new());
                    state.set(SaveState::Closed);
                }
                Err(e) if e.is_transient() => {
                    state.set(SaveState::Offline);
                    timer.schedule(RETRY_AFTER);
                }
                Err(e) => {
                    errors.set(errors_of(&e));
                    state.set(SaveState::Failed(error_message(&e)));
                }
            }
        });
    };
    timer.on_tick(save_now);
    let changed = move || {
        dirty.set(true);
        if matches!(
            state.get_untracked(),
            SaveState::Saved | SaveState::Offline | SaveState::Failed(_)
        ) {
            state.set(SaveState::Waiting);
        }
        keep_locally();
        timer.schedule(SAVE_AFTER);
    };
    if start.dirty && !conflict {
        timer.schedule(SAVE_AFTER);
    }

    let add = move |kind: BlockKind| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        blocks.update(|b| b.push((key, SummaryBlock::new(kind))));
        changed();
        let id = format!("block-{key}");
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&id) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    };
    let edit = Callback::new(move |(key, f): (u32, Edit)| {
        blocks.update(|list| {
            let Some(i) = list.iter().position(|(k, _)| *k == key) else {
                return;
            };
            match f {
                Edit::Text(v) => list[i].1.set_edit_text(v),
                Edit::Level(l) => list[i].1.level = Some(l),
                Edit::Up if i > 0 => list.swap(i, i - 1),
                Edit::Down if i + 1 < list.len() => list.swap(i, i + 1),
                Edit::Delete => {
                    list.remove(i);
                }
                _ => {}
            }
        });
        changed();
    });

    let closes =
        summary.with_untracked(|s| chrono::DateTime::parse_from_rfc3339(&s.window.closes_at).ok());
    let left = move || {
        let (now, closes) = (clock.now()?, closes?);
        let d = closes.with_timezone(&chrono::Utc) - now;
        Some(if d.num_seconds() > 0 {
            let c = Countdown::from_duration(d);
            format!("距截止还有 {} 天 {} 小时 {} 分", c.days, c.hours, c.minutes)
        } else {
            "已截止".to_string()
        })
    };
    let confirming = RwSignal::new(false);
    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<String>);
    let submit = move |_| {
        submitting.set(true);
        submit_error.set(None);
        leptos::task::spawn_local(async move {
            let result = submit_summary(&unit_id.get_value()).await;
            if submitting.try_set(false).is_some() {
                return;
            }
            confirming.set(false);
            match result {
                Ok(done) => {
                    storage::forget(&draft_key(&unit_id.get_value()));
                    summary.set(done.value);
                    submitted.set(true);
                }
                Err(e) => {
                    errors.set(errors_of(&e));
                    if window_closed(&e).is_some() {
                        state.set(SaveState::Closed);
                    }
                    submit_error.set(Some(error_message(&e)));
                }
            }
        });
    };
    let attachment_error = Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|(f, _)| f.starts_with("attachment_upload_ids"))
                .map(|(_, m)| m.clone())
        })
    });
    let blocks_error = Signal::derive(move || {
        errors.with(|e| {
            e.iter()
                .find(|(f, _)| f == "blocks")
                .map(|(_, m)| m.clone())
        })
    });

    view! {
        <section class="org-section" aria-labelledby="figures-heading">
            <h2 class="section-heading" id="figures-heading">"本单位数据"</h2>
            <p class="field__hint">"由系统根据已登记的活动统计，随数据更新，不可修改。"</p>
            {move || view! { <FiguresView figures=summary.with(|s| s.figures.clone())/> }}
        </section>
        <p class="summary-deadline" data-testid="summary-deadline">
            "提交截止：10月22日 24:00（北京时间）" <span class="muted">{left}</span>
        </p>
        {move || submitted.get().then(|| {
            let s = summary.get();
            view! {
                <div class="notice" role="status" data-testid="summary-submitted">
                    <p class="notice__title">"工作总结已提交"</p>
                    <p>{s.submitted_at.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()).map(|t| format!("提交时间：{}", date_time(&t)))}</p>
                </div>
                <SummaryView blocks=s.blocks attachments=s.attachments/>
            }
        })}
        {move || (!submitted.get()).then(|| view! {
            {move || match state.get() {
                SaveState::Conflict => view! {
                    <div class="notice notice--warning" role="alert">
                        <p class="notice__title">"工作总结已在别处被修改"</p>
                        <p>"本机的内容仍保留在下方。刷新后将显示最新版本。"</p>
                        <button type="button" class="button button--ghost" on:click=move |_| {
                            storage::forget(&draft_key(&unit_id.get_value()));
                            let _ = window().location().reload();
                        }>"刷新并使用最新版本"</button>
                    </div>
                }.into_any(),
                SaveState::Closed => view! {
                    <div class="notice notice--warning" role="alert" data-testid="window-closed">
                        <p class="notice__title">"工作总结已截止"</p>
                        <p>"填写时间为8月16日至10月22日（北京时间）。填写的内容保留在本机。"</p>
                    </div>
                }.into_any(),
                _ => ().into_any(),
            }}
            <section class="org-section" aria-labelledby="text-heading">
                <h2 class="section-heading" id="text-heading">"总结正文"</h2>
                <p class="save-state" role="status" data-testid="save-state">{move || match state.get() {
                    SaveState::Saved => "草稿已保存".to_string(),
                    SaveState::Waiting => "已保存在本机，稍后同步…".to_string(),
                    SaveState::Saving => "正在保存…".to_string(),
                    SaveState::Offline => "网络不通，已保存在本机，恢复后自动同步".to_string(),
                    SaveState::Failed(m) => format!("保存失败：{m}"),
                    _ => String::new(),
                }}</p>
                {move || blocks.with(Vec::is_empty).then(|| view! {
                    <p class="state__body" data-testid="summary-empty">"还没有内容。请用下方按钮添加标题、正文或列表。"</p>
                })}
                <ol class="summary-blocks">
                    <For each=move || blocks.get() key=|(k, _)| *k
                        children=move |(key, block)| view! { <BlockRow key kind=block.kind blocks edit errors/> }/>
                </ol>
                <p class="field__error" role="status">{move || blocks_error.get()}</p>
                <div class="summary-add" role="group" aria-label="添加内容">
                    {[BlockKind::Heading, BlockKind::Paragraph, BlockKind::Bullets, BlockKind::Numbers].into_iter().map(|k| view! {
                        <button type="button" class="button button--ghost" on:click=move |_| add(k)>{format!("+ {}", k.label())}</button>
                    }).collect_view()}
                </div>
            </section>
            <Attachments attachments error=attachment_error on_change=Callback::new(move |()| changed())/>
            <div class="summary-submit">
                {move || if confirming.get() {
                    view! {
                        <div class="notice" role="alertdialog" aria-labelledby="confirm-title">
                            <p class="notice__title" id="confirm-title">"提交后不能再修改，确定提交工作总结吗？"</p>
                            <div class="summary-submit__actions">
                                <button type="button" class="button button--primary" disabled=move || submitting.get() on:click=submit data-testid="summary-confirm">
                                    {move || if submitting.get() { "正在提交…" } else { "确定提交" }}
                                </button>
                                <button type="button" class="button button--ghost" on:click=move |_| confirming.set(false)>"取消"</button>
                            </div>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button button--primary" data-testid="summary-submit"
                            disabled=move || dirty.get() || !matches!(state.get(), SaveState::Saved)
                            on:click=move |_| confirming.set(true)>"提交工作总结"</button>
                    }.into_any()
                }}
                <p class="field__error" role="status" data-testid="submit-error">{move || submit_error.get()}</p>
            </div>
        })}
    }
}

#[derive(Clone)]
enum Edit {
    Text(String),
    Level(u8),
    Up,
    Down,
    Delete,
}

/// One block being edited: its kind, its text (a list: one item a line), 上移/下移/删除.
#[component]
fn BlockRow(
    key: u32,
    kind: BlockKind,
    blocks: RwSignal<Vec<(u32, SummaryBlock)>>,
    edit: Callback<(u32, Edit)>,
    errors: RwSignal<Vec<(String, String)>>,
) -> impl IntoView {
    let index = Memo::new(move |_| blocks.with(|b| b.iter().position(|(k, _)| *k == key)));
    let value = Memo::new(move |_| {
        blocks.with(|b| {
            b.iter()
                .find(|(k, _)| *k == key)
                .map(|(_, b)| b.edit_text())
                .unwrap_or_default()
        })
    });
    let level = Memo::new(move |_| {
        blocks.with(|b| b.iter().find(|(k, _)| *k == key).and_then(|(_, b)| b.level))
    });
    let count = Memo::new(move |_| blocks.with(Vec::len));
    let ime = crate::hooks::use_ime_text(move |v: String| edit.run((key, Edit::Text(v))));
    let id = format!("block-{key}");
    let error_id = format!("block-{key}-error");
    let message = Signal::derive(move || {
        let at = format!("blocks[{}]", index.get()?);
        errors.with(|e| {
            e.iter()
                .find(|(f, _)| *f == at || f.starts_with(&format!("{at}.")))
                .map(|(_, m)| m.clone())
        })
    });
    let label = move || {
        format!(
            "第{}段 · {}",
            index.get().unwrap_or_default() + 1,
            kind.label()
        )
    };
    let multiline = kind != BlockKind::Heading;
    let hint = match kind {
        BlockKind::Heading => "不超过40字",
        BlockKind::Paragraph => "不超过2000字",
        _ => "每行一项，最多20项，每项不超过300字",
    };
    let control = if multiline {
        view! {
            <textarea id=id.clone() class="field__input field__textarea" rows="4"
                aria-describedby=error_id.clone() aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || value.get() {..ime.handlers()}></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() class="field__input" type="text" maxlength="40"
                aria-describedby=error_id.clone() aria-invalid=move || message.get().is_some().to_string()
                prop:value=move || value.get() {..ime.handlers()}/>
        }
        .into_any()
    };
    view! {
        <li class="summary-block" data-testid="summary-block">
            <div class="field">
                <label class="field__label" for=id.clone()>{label}<span class="field__hint">{format!("（{hint}）")}</span></label>
                {(kind == BlockKind::Heading).then(|| view! {
                    <div class="summary-block__levels" role="group" aria-label="标题级别">
                        {[(2u8, "一级标题"), (3u8, "二级标题")].into_iter().map(|(l, name)| view! {
                            <button type="button" class="chip" aria-pressed=move || (level.get() == Some(l)).to_string()
                                on:click=move |_| edit.run((key, Edit::Level(l)))>{name}</button>
                        }).collect_view()}
                    </div>
                })}
                {control}
                <p id=error_id class="field__error">{move || message.get()}</p>
            </div>
            <div class="summary-block__tools">
                <button type="button" class="button button--ghost" aria-label=move || format!("上移{}", label())
                    disabled=move || index.get() == Some(0) on:click=move |_| edit.run((key, Edit::Up))>"上移"</button>
                <button type="button" class="button button--ghost" aria-label=move || format!("下移{}", label())
                    disabled=move || index.get().is_none_or(|i| i + 1 >= count.get()) on:click=move |_| edit.run((key, Edit::Down))>"下移"</button>
                <button type="button" class="button button--ghost" aria-label=move || format!("删除{}", label())
                    on:click=move |_| edit.run((key, Edit::Delete))>"删除"</button>
            </div>
        </li>
    }
}

/// The attachments: each uploaded at once through the shared upload block, checked here for
/// type and size first (the server checks the bytes).
#[component]
fn Attachments(
    attachments: RwSignal<Vec<SummaryAttachment>>,
    #[prop(into)] error: Signal<Option<String>>,
    on_change: Callback<()>,
) -> impl IntoView {
    let upload = use_upload(UseUploadOptions {
        keep: None,
        retries: 3,
    });
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        let mime = file.type_();
        if !ATTACHMENT_TYPES.contains(&mime.as_str()) {
            problem.set(Some("附件须为 PDF、Word（DOCX）、JPEG 或 PNG 文件".into()));
            return;
        }
        if file.size() > MAX_ATTACHMENT_BYTES {
            problem.set(Some("附件不能超过 20 MB".into()));
            return;
        }
        if attachments.with_untracked(Vec::len) >= MAX_ATTACHMENTS {
            problem.set(Some("最多添加10个附件".into()));
            return;
        }
        problem.set(None);
        sending.set(true);
        let (name, bytes) = (file.name(), file.size() as u64);
        leptos::task::spawn_local(async move {
            let result = upload.send(file).await;
            if sending.try_set(false).is_some() {
                return;
            }
            match result {
                Ok(id) => {
                    attachments.update(|a| {
                        a.push(SummaryAttachment {
                            upload_id: id,
                            filename: name,
                            media_type: mime,
                            bytes,
                            url: String::new(),
                        })
                    });
                    on_change.run(());
                }
                Err(UploadStop::Left | UploadStop::Paused) => {}
                Err(UploadStop::Failed(e)) => _ = problem.try_set(Some(error_message(&e))),
            }
        });
    };
    let message = move || {
        problem
            .get()
            .or_else(|| {
                sending.get().then(|| {
                    let total = upload.total.get().max(1.0);
                    format!(
                        "正在上传 {}%",
                        (upload.sent.get() / total * 100.0).min(100.0) as u32
                    )
                })
            })
            .or_else(|| error.get())
    };
    view! {
        <section class="org-section" aria-labelledby="files-heading">
            <h2 class="section-heading" id="files-heading">"附件"</h2>
            <p class="field__hint" id="files-hint">"PDF、Word（DOCX）、JPEG 或 PNG，每个不超过 20 MB，最多10个"</p>
            <ul class="summary-files" data-testid="summary-files">
                {move || attachments.get().into_iter().map(|a| {
                    let id = a.upload_id.clone();
                    view! {
                        <li class="summary-files__item">
                            <span>{a.filename.clone()}<span class="muted">{format!(" · {}", file_size(a.bytes))}</span></span>
                            <button type="button" class="button button--ghost" aria-label=format!("删除附件 {}", a.filename)
                                on:click=move |_| {
                                    attachments.update(|list| list.retain(|x| x.upload_id != id));
                                    on_change.run(());
                                }>"删除"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label class="button button--ghost summary-files__pick">
                "添加附件"
                <input type="file" class="visually-hidden" data-testid="summary-file-input"
                    accept=".pdf,.docx,.jpg,.jpeg,.png,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/jpeg,image/png"
                    aria-describedby="files-hint files-error" disabled=move || sending.get() on:change=on_pick/>
            </label>
            <p id="files-error" class="field__error" role="status">{message}</p>
        </section>
    }
}
