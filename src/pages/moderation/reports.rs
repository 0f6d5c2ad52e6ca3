//! `/moderation/reports`: reported posts, one item per post (held ones first), with the reasons
//! and how many people reported it; 隐藏 (with a reason the author sees), 恢复, 驳回举报, and 禁言
//! the author for 1–30 days.
use super::{
    conflict_message, leave_queue, load_next_when_emptied, queue_empty, use_decision, AuditRows,
    ModerationPage,
};
use crate::api::moderation::{claim, decide_post, mute, report_queue};
use crate::api::ApiError;
use crate::components::{error_message, PagedList};
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::models::ReportedPost;
use crate::state::use_toasts;
use leptos::prelude::*;

#[component]
pub fn ModerationReportsPage() -> impl IntoView {
    view! {
        <ModerationPage title="举报处理">
            <ReportsLoader/>
        </ModerationPage>
    }
}

#[component]
fn ReportsLoader() -> impl IntoView {
    let list = PagedState::<ReportedPost, u64>::new();
    // Posts decided since the last page came: the queue's cursor is a position in it, which
    // every decision shifts.
    let decided = StoredValue::new(0usize);
    let paged = use_paged(
        list,
        Memo::new(|_| ()),
        |()| "moderation-reports".into(),
        move |(), cursor| next_reports(list, decided, cursor),
    );
    let on_done = Callback::new(move |id: String| {
        leave_queue(list, |p| p.id == id);
        decided.update_value(|d| *d += 1);
    });
    load_next_when_emptied(list, paged);
    view! {
        <p class="mod-queue__count" data-testid="queue-count">
            {move || list.meta.get().map(|total| format!("待处理 {total} 条 · 已自动隐藏的在前"))}
        </p>
        <PagedList list paged skeletons=2 empty=move || queue_empty(list, paged, "没有待处理的举报")>
            <ol class="mod-list" data-testid="report-queue">
                <For each=move || list.items.get() key=|p| p.id.clone() let:post>
                    <ReportItem post on_done/>
                </For>
            </ol>
        </PagedList>
    }
}

/// The next page of the report queue. Its cursor counts positions, so once posts were decided
/// (and left the queue) it would skip as many: then the queue is read again from the start and
/// only the posts not loaded yet are added.
async fn next_reports(
    list: PagedState<ReportedPost, u64>,
    decided: StoredValue<usize>,
    cursor: Option<String>,
) -> Result<(Vec<ReportedPost>, Option<String>, u64), ApiError> {
    let Some(cursor) = cursor else {
        decided.try_set_value(0);
        let page = report_queue(None).await?;
        return Ok((page.items, page.next_cursor, page.total));
    };
    let shifted = decided.try_get_value().unwrap_or(0) > 0;
    let mut next = if shifted { None } else { Some(cursor) };
    loop {
        let page = report_queue(next).await?;
        let known = list
            .items
            .try_with_untracked(|v| v.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
            .unwrap_or_default();
        let fresh: Vec<_> = page
            .items
            .into_iter()
            .filter(|p| !known.contains(&p.id))
            .collect();
        if !fresh.is_empty() || page.next_cursor.is_none() || !shifted {
            if shifted {
                decided.try_set_value(0);
            }
            return Ok((fresh, page.next_cursor, page.total));
        }
        next = page.next_cursor;
    }
}

fn report_reason_label(code: &str) -> &'static str {
    t().report_reasons
        .iter()
        .find(|(c, _)| *c == code)
        .map_or("其他", |(_, l)| l)
}

/// What a moderator does with one post: `hide`, `restore`, `dismiss`, or `mute` its author.
#[derive(Clone, PartialEq)]
enum PostAction {
    Decide(&'static str, Option<String>),
    Mute(u32, String),
}

#[component]
fn ReportItem(post: ReportedPost, on_done: Callback<String>) -> impl IntoView {
    let toasts = use_toasts();
    let id = post.id.clone();
    let author = post.author.id.clone();
    let status = post.status.clone();
    let claimed_by_other = RwSignal::new(post.claimed_by_other);
    let hide_reason = RwSignal::new(String::new());
    let mute_days = RwSignal::new("7".to_string());
    let mute_reason = RwSignal::new(String::new());
    let hide_error = RwSignal::new(None::<String>);
    let days_error = RwSignal::new(None::<String>);
    let mute_reason_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let claimed = StoredValue::new(false);

    let send = {
        let id = id.clone();
        let author = author.clone();
        move |a: PostAction, key: String| {
            let (id, author) = (id.clone(), author.clone());
            async move {
                match &a {
                    PostAction::Decide(what, reason) => {
                        decide_post(&id, what, reason.as_deref(), &key)
                            .await
                            .map(|_| String::new())
                    }
                    PostAction::Mute(days, reason) => mute(&author, *days, reason, &key)
                        .await
                        .map(|m| super::china_time(&m.muted_until)),
                }
            }
        }
    };
    let act = use_decision(send, {
        let id = id.clone();
        move |a, result| match result {
            Ok(until) => {
                notice.set(None);
                match a {
                    PostAction::Decide(what, _) => {
                        toasts.show(match what {
                            "hide" => "已隐藏",
                            "restore" => "已恢复",
                            _ => "已驳回举报",
                        });
                        on_done.run(id.clone());
                    }
                    PostAction::Mute(..) => {
                        mute_reason.set(String::new());
                        notice.set(Some(format!("已禁言至 {until}（北京时间）")));
                    }
                }
            }
            Err(e) => {
                if let Some(m) = conflict_message(&e) {
                    notice.set(Some(m.replace("，已跳到下一条", "")));
                } else {
                    hide_error.set(
                        e.field_message("reason")
                            .filter(|_| matches!(a, PostAction::Decide(..)))
                            .map(str::to_string),
                    );
                    days_error.set(e.field_message("days").map(str::to_string));
                    if matches!(a, PostAction::Mute(..)) {
                        mute_reason_error.set(e.field_message("reason").map(str::to_string));
                    }
                    if e.field_errors().is_empty() {
                        notice.set(Some(error_message(&e)));
                    }
                }
            }
        }
    });

    let take = {
        let id = id.clone();
        move || {
            if claimed.get_value() {
                return;
            }
            claimed.set_value(true);
            let id = id.clone();
            leptos::task::spawn_local(async move {
                if let Err(crate::api::ApiError::Conflict(p)) = claim("post", &id).await {
                    if p.kind.as_deref().is_some_and(|k| k.ends_with("/claimed")) {
                        claimed_by_other.set(true);
                    }
                }
            });
        }
    };

    let on_hide = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = hide_reason.get_untracked().trim().to_string();
        if r.is_empty() {
            hide_error.set(Some("请写明隐藏原因（作者可见）".into()));
            return;
        }
        hide_error.set(None);
        act.dispatch(PostAction::Decide("hide", Some(r)));
    };
    let on_mute = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days = mute_days
            .get_untracked()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=30).contains(d));
        let r = mute_reason.get_untracked().trim().to_string();
        days_error.set(
            days.is_none()
                .then(|| "请填写 1 到 30 之间的天数".to_string()),
        );
        mute_reason_error.set(r.is_empty().then(|| "请写明禁言原因".to_string()));
        if let (Some(days), false) = (days, r.is_empty()) {
            act.dispatch(PostAction::Mute(days, r));
        }
    };

    let p = post;
    let f = |name: &str| format!("{name}-{}", p.id);
    let (hide_id, days_id, mreason_id) = (f("hide-reason"), f("mute-days"), f("mute-reason"));
    let status_tag = match status.as_str() {
        "held" => Some("已自动隐藏待审"),
        "hidden" => Some("已隐藏"),
        _ => None,
    };
    let restorable = status != "visible";
    let busy = move || act.pending().get();
    view! {
        <li class="mod-item" tabindex="0" data-testid="mod-report" aria-label=format!("{} 的帖子", p.author.display_name)
            on:focusin={let take = take.clone(); move |_| take()} on:click=move |_| take()>
            <p class="mod-item__meta">
                {status_tag.map(|s| view! { <span class="tag tag--warn" data-testid="report-status">{s}</span> })}
                {move || claimed_by_other.get().then(|| view! { <span class="tag tag--warn">"他人正在审核"</span> })}
            </p>
            <p class="prose mod-item__body" data-testid="reported-text">{p.text.clone()}</p>
            {p.image_url.clone().map(|src| view! { <img class="mod-item__image" src=src alt="帖子图片" width="320" height="180" loading="lazy"/> })}
            <p class="muted">{format!("{} · {}", p.author.display_name, p.author.phone_masked)}</p>
            <p class="mod-item__meta" data-testid="report-counts">
                {format!("{} 人举报 · 共 {} 次", p.reporter_count, p.report_count)}
            </p>
            <ul class="chips" aria-label="举报原因">
                {p.reasons.iter().map(|r| view! { <li class="tag">{format!("{} × {}", report_reason_label(&r.reason), r.count)}</li> }).collect_view()}
            </ul>
            {(!p.notes.is_empty()).then(|| view! {
                <ul class="mod-notes" aria-label="举报说明">{p.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            })}
            <p class="form-notice" role="status">{move || notice.get()}</p>
            <form class="mod-form" on:submit=on_hide novalidate>
                <div class="field">
                    <label class="field__label" for=hide_id.clone()>"隐藏原因（作者可见）"</label>
                    <input id=hide_id.clone() class="field__input" type="text" maxlength="200" prop:value=move || hide_reason.get()
                        on:input=move |ev| { hide_reason.set(event_target_value(&ev)); hide_error.set(None); }
                        aria-invalid=move || hide_error.read().is_some().to_string() aria-describedby=format!("{hide_id}-error")/>
                    <p id=format!("{hide_id}-error") class="field__error">{move || hide_error.get()}</p>
                </div>
                <div class="mod-actions">
                    <button type="submit" class="button button--danger mod-actions__main" data-testid="hide" prop:disabled=busy>"隐藏"</button>
                    {restorable.then(|| view! {
                        <button type="button" class="button button--ghost mod-actions__main" prop:disabled=busy
                            on:click=move |_| { act.dispatch(PostAction::Decide("restore", None)); }>"恢复"</button>
                    })}
                    <button type="button" class="button button--ghost mod-actions__main" data-testid="dismiss" prop:disabled=busy
                        on:click=move |_| { act.dispatch(PostAction::Decide("dismiss", None)); }>"驳回举报"</button>
                </div>
            </form>
            <details class="mod-mute">
                <summary>"禁言作者"</summary>
                <form class="mod-form" on:submit=on_mute novalidate>
                    <div class="field">
                        <label class="field__label" for=days_id.clone()>"禁言天数（1–30）"</label>
                        <input id=days_id.clone() class="field__input" type="number" min="1" max="30" inputmode="numeric" prop:value=move || mute_days.get()
                            on:input=move |ev| { mute_days.set(event_target_value(&ev)); days_error.set(None); }
                            aria-invalid=move || days_error.read().is_some().to_string() aria-describedby=format!("{days_id}-error")/>
                        <p id=format!("{days_id}-error") class="field__error">{move || days_error.get()}</p>
                    </div>
                    <div class="field">
                        <label class="field__label" for=mreason_id.clone()>"禁言原因"</label>
                        <input id=mreason_id.clone() class="field__input" type="text" maxlength="200" prop:value=move || mute_reason.get()
                            on:input=move |ev| { mute_reason.set(event_target_value(&ev)); mute_reason_error.set(None); }
                            aria-invalid=move || mute_reason_error.read().is_some().to_string() aria-describedby=format!("{mreason_id}-error")/>
                        <p id=format!("{mreason_id}-error") class="field__error">{move || mute_reason_error.get()}</p>
                    </div>
                    <button type="submit" class="button button--danger mod-actions__main" prop:disabled=busy>"禁言"</button>
                </form>
            </details>
            <AuditRows rows=p.audit.clone()/>
        </li>
    }
}
