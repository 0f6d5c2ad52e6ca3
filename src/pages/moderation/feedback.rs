//! `/moderation/feedback`: 反馈评价 comments waiting for moderation, oldest first. Each shows the
//! activity, the stars and the comment (as text, never HTML); 通过 publishes the comment on the
//! activity's page, 退回 keeps it hidden (the stars count either way); an optional note goes to
//! the moderation log. Decided through the queues' one flow (`use_decision`).
use super::{
    china_time, conflict_message, leave_queue, load_next_when_emptied, queue_empty, use_decision,
    ModerationPage,
};
use crate::api::moderation::{decide_feedback, feedback_queue};
use crate::components::{error_message, PagedList};
use crate::hooks::{use_paged, PagedState};
use crate::models::Feedback;
use crate::state::use_toasts;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ModerationFeedbackPage() -> impl IntoView {
    view! {
        <ModerationPage title="评价审核">
            <FeedbackLoader/>
        </ModerationPage>
    }
}

#[component]
fn FeedbackLoader() -> impl IntoView {
    // The queue's cursor is keyed on the rating, not a position: decisions do not shift it.
    let list = PagedState::<Feedback, u64>::new();
    let paged = use_paged(
        list,
        Memo::new(|_| ()),
        |()| "moderation-feedback".into(),
        |(), cursor| async move {
            let page = feedback_queue(cursor).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    load_next_when_emptied(list, paged);
    let on_done = Callback::new(move |id: String| leave_queue(list, |f| f.id == id));
    view! {
        <p class="mod-queue__count" data-testid="queue-count">
            {move || list.meta.get().map(|total| format!("待审 {total} 条 · 最早提交的在前"))}
        </p>
        <PagedList list paged skeletons=2 empty=move || queue_empty(list, paged, "没有待审评价")>
            <ol class="mod-list" data-testid="feedback-queue">
                <For each=move || list.items.get() key=|f| f.id.clone() let:item>
                    <FeedbackItem item on_done/>
                </For>
            </ol>
        </PagedList>
    }
}

/// One decision: the rating, approve (`true`) or reject, and the note.
type Decision = (String, bool, Option<String>);

/// 1–5 as filled and empty stars (the number is read out by the label beside it).
fn star_text(stars: u8) -> String {
    let on = usize::from(stars.min(5));
    format!("{}{}", "★".repeat(on), "☆".repeat(5 - on))
}

#[component]
fn FeedbackItem(item: Feedback, on_done: Callback<String>) -> impl IntoView {
    let toasts = use_toasts();
    let note = RwSignal::new(String::new());
    let note_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let decide = use_decision(
        |d: Decision, key| async move { decide_feedback(&d.0, d.1, d.2.as_deref(), &key).await },
        move |d, result| match result {
            Ok(_) => {
                toasts.show(if d.1 { "已通过" } else { "已退回" });
                on_done.run(d.0);
            }
            Err(e) => match conflict_message(&e) {
                // Someone else decided it meanwhile: it leaves the queue, and the toast says why.
                Some(m) => {
                    toasts.show(m.replace("，已跳到下一条", ""));
                    on_done.run(d.0);
                }
                None => {
                    note_error.set(e.field_message("note").map(str::to_string));
                    if note_error.get_untracked().is_none() {
                        notice.set(Some(error_message(&e)));
                    }
                }
            },
        },
    );
    let send = {
        let id = item.id.clone();
        move |approve: bool| {
            if decide.pending().get_untracked() {
                return;
            }
            let n = note.get_untracked().trim().to_string();
            note_error.set(None);
            notice.set(None);
            decide.dispatch((id.clone(), approve, (!n.is_empty()).then_some(n)));
        }
    };
    let reject = send.clone();
    let f = item;
    let note_id = format!("fb-note-{}", f.id);
    let busy = move || decide.pending().get();
    view! {
        <li class="mod-item" data-testid="mod-feedback">
            <h2 class="mod-item__title">
                <A href=format!("/activities/{}", f.activity_id) attr:data-testid="mod-feedback-activity">{f.activity_title.clone()}</A>
            </h2>
            <p class="mod-item__meta">
                <span class="mod-stars" aria-hidden="true">{star_text(f.stars)}</span>
                " "<span data-testid="mod-feedback-stars">{format!("{} 星", f.stars)}</span>
            </p>
            // Text, never HTML: Leptos sets it as a text node.
            <p class="prose mod-item__body" data-testid="mod-feedback-comment">{f.comment.clone().unwrap_or_default()}</p>
            <p class="muted">{format!("{} · {}", f.user.display_name, china_time(&f.updated_at))}</p>
            <p class="form-notice" role="status">{move || notice.get()}</p>
            <div class="field">
                <label class="field__label" for=note_id.clone()>"审核说明（选填，记入审核记录）"</label>
                <textarea id=note_id.clone() class="field__input" rows="2" maxlength="500" prop:value=move || note.get()
                    on:input=move |ev| { note.set(event_target_value(&ev)); note_error.set(None); }
                    aria-invalid=move || note_error.read().is_some().to_string() aria-describedby=format!("{note_id}-error")></textarea>
                <p id=format!("{note_id}-error") class="field__error">{move || note_error.get()}</p>
            </div>
            <div class="mod-actions">
                <button type="button" class="button button--primary mod-actions__main" data-testid="approve"
                    prop:disabled=busy on:click=move |_| send(true)>"通过"</button>
                <button type="button" class="button button--danger mod-actions__main" data-testid="reject"
                    prop:disabled=busy on:click=move |_| reject(false)>"退回"</button>
            </div>
        </li>
    }
}
