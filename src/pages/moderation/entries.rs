//! `/moderation/entries`: the 点亮好奇心 entries waiting for review, oldest first. The item in
//! hand (opened or focused) is claimed so no one else decides it meanwhile; 通过 or 退回 with a
//! reason moves on to the next. On a wide screen A / R / J / K do the same from the keyboard.
use super::{
    china_time, conflict_message, leave_queue, load_next_when_emptied, queue_empty, use_decision,
    AuditRows, ModerationPage, REJECT_REASONS,
};
use crate::api::moderation::{claim, decide_entry, entry_queue};
use crate::api::ApiError;
use crate::components::{error_message, PagedList};
use crate::hooks::{use_paged, PagedState, UsePagedReturn};
use crate::models::ModerationEntry;
use crate::state::use_toasts;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn ModerationEntriesPage() -> impl IntoView {
    view! {
        <ModerationPage title="作品审核">
            <EntriesLoader/>
        </ModerationPage>
    }
}

#[component]
fn EntriesLoader() -> impl IntoView {
    // The queue as loaded so far (page after page, by the cursor) and the total left to review.
    let list = PagedState::<ModerationEntry, u64>::new();
    let paged = use_paged(
        list,
        Memo::new(|_| ()),
        |()| "moderation-entries".into(),
        |(), cursor| async move {
            let page = entry_queue(cursor).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    view! { <EntryQueue list paged/> }
}

/// One decision: the entry and, to reject it, the reason code and note.
type Decision = (String, Option<String>, Option<String>);

fn item_dom_id(id: &str) -> String {
    format!("mod-entry-{id}")
}

/// Moves the keyboard focus to an item (after the DOM has caught up).
fn focus_item(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&item_dom_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

#[component]
fn EntryQueue(list: PagedState<ModerationEntry, u64>, paged: UsePagedReturn) -> impl IntoView {
    let toasts = use_toasts();
    let items = list.items;
    // The item in hand: the first one until another is opened.
    let current = RwSignal::new(None::<String>);
    // Items someone else holds (from the list, or learnt when claiming).
    let held_by_other = RwSignal::new(Vec::<String>::new());
    // Each page as it arrives: what others hold, and the first item into hand if none is.
    Effect::new(move |_| {
        items.with(|v| {
            let others = v
                .iter()
                .filter(|e| e.claimed_by_other)
                .map(|e| e.id.clone());
            held_by_other.update(|h| {
                for id in others {
                    if !h.contains(&id) {
                        h.push(id);
                    }
                }
            });
            if current.with_untracked(Option::is_none) {
                if let Some(first) = v.first() {
                    current.set(Some(first.id.clone()));
                }
            }
        });
    });
    load_next_when_emptied(list, paged);
    let notice = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let note_error = RwSignal::new(None::<String>);

    // Claim whatever comes into hand.
    Effect::new(move |_| {
        let Some(id) = current.get() else { return };
        reason.set(String::new());
        note.set(String::new());
        reason_error.set(None);
        note_error.set(None);
        leptos::task::spawn_local(async move {
            match claim("entry", &id).await {
                Ok(_) => held_by_other.update(|v| v.retain(|x| *x != id)),
                Err(ApiError::Conflict(p))
                    if p.kind.as_deref().is_some_and(|k| k.ends_with("/claimed")) =>
                {
                    held_by_other.update(|v| {
                        if !v.contains(&id) {
                            v.push(id.clone());
                        }
                    });
                }
                Err(_) => {}
            }
        });
    });

    // Leaves `id` behind: the next item (or the previous one at the end) comes into hand.
    let move_on = move |id: &str| {
        let next = items.with_untracked(|v| {
            let at = v.iter().position(|e| e.id == id)?;
            v.get(at + 1)
                .or_else(|| at.checked_sub(1).and_then(|p| v.get(p)))
                .map(|e| e.id.clone())
        });
        leave_queue(list, |e| e.id == id);
        current.set(next.clone());
        if let Some(next) = next {
            focus_item(next);
        }
    };

    let decide = use_decision(
        |d: Decision, key| async move { decide_entry(&d.0, d.1.as_deref(), d.2.as_deref(), &key).await },
        move |d, result| match result {
            Ok(_) => {
                notice.set(None);
                toasts.show(if d.1.is_some() {
                    "已退回"
                } else {
                    "已通过"
                });
                move_on(&d.0);
            }
            Err(e) => match conflict_message(&e) {
                Some(message) => {
                    notice.set(Some(message));
                    move_on(&d.0);
                }
                None if matches!(e, ApiError::Validation(_)) => {
                    reason_error.set(e.field_message("reason").map(str::to_string));
                    note_error.set(e.field_message("note").map(str::to_string));
                    if reason_error.get_untracked().is_none()
                        && note_error.get_untracked().is_none()
                    {
                        notice.set(Some(error_message(&e)));
                    }
                }
                None => notice.set(Some(error_message(&e))),
            },
        },
    );

    let approve = move || {
        if let Some(id) = current.get_untracked() {
            if !decide.pending().get_untracked() {
                decide.dispatch((id, None, None));
            }
        }
    };
    let reject = move || {
        let Some(id) = current.get_untracked() else {
            return;
        };
        let r = reason.get_untracked();
        let n = note.get_untracked().trim().to_string();
        reason_error.set(r.is_empty().then(|| "请选择退回原因".to_string()));
        note_error
            .set((r == "other" && n.is_empty()).then(|| "选择“其他”时请写明原因".to_string()));
        if r.is_empty() || (r == "other" && n.is_empty()) {
            return;
        }
        if !decide.pending().get_untracked() {
            decide.dispatch((id, Some(r), (!n.is_empty()).then_some(n)));
        }
    };
    let step = move |by: isize| {
        let next = items.with_untracked(|v| {
            let at = current
                .with_untracked(|c| c.as_ref().and_then(|c| v.iter().position(|e| &e.id == c)))
                .unwrap_or(0) as isize;
            // An empty queue has nowhere to go (and clamp would panic on 0..-1).
            let last = v.len().checked_sub(1)? as isize;
            let to = (at + by).clamp(0, last);
            // J past the last loaded item brings the next page (J again continues into it).
            if at + by > last {
                paged.load_more.run(());
            }
            v.get(to as usize).map(|e| e.id.clone())
        });
        if let Some(next) = next {
            current.set(Some(next.clone()));
            focus_item(next);
        }
    };

    // A approve, R reject (to the reason field), J / K next / previous; never while typing.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.is_composing() {
            return;
        }
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.closest("[contenteditable]").ok().flatten().is_some()
            });
        if typing {
            return;
        }
        match ev.key().as_str() {
            "a" | "A" => approve(),
            "r" | "R" => {
                if let Some(el) = document().get_element_by_id("mod-reason") {
                    ev.prevent_default();
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            "j" | "J" => step(1),
            "k" | "K" => step(-1),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reject();
    };

    view! {
        <p class="mod-queue__count" data-testid="queue-count">
            {move || list.meta.get().map(|total| format!("待审 {total} 条 · 最早提交的在前"))}
        </p>
        <p class="mod-keys muted">"快捷键：A 通过 · R 退回 · J 下一条 · K 上一条"</p>
        <p class="form-notice" role="status" data-testid="mod-notice">{move || notice.get()}</p>
        <PagedList list paged skeletons=2 empty=move || queue_empty(list, paged, "没有待审作品")>
            <ol class="mod-list" data-testid="entry-queue">
                <For each=move || items.get() key=|e| e.id.clone() let:entry>
                    {
                        let id = entry.id.clone();
                        let here = {
                            let id = id.clone();
                            Memo::new(move |_| current.read().as_deref() == Some(id.as_str()))
                        };
                        let other = {
                            let id = id.clone();
                            move || held_by_other.read().contains(&id)
                        };
                        let take = {
                            let id = id.clone();
                            move || {
                                if !here.get_untracked() {
                                    current.set(Some(id.clone()));
                                }
                            }
                        };
                        let take_too = take.clone();
                        view! {
                            <li class="mod-item" class:mod-item--current=move || here.get() id=item_dom_id(&id) tabindex="0"
                                aria-label=entry.title.clone() data-testid="mod-entry"
                                on:focusin=move |_| take() on:click=move |_| take_too()>
                                <EntryDetails entry=entry.clone()/>
                                {move || other().then(|| view! { <p class="tag tag--warn" data-testid="claimed-by-other">"他人正在审核"</p> })}
                                <Show when=move || here.get()>
                                    <div class="mod-actions">
                                        <button type="button" class="button button--primary mod-actions__main" data-testid="approve"
                                            prop:disabled=move || decide.pending().get() on:click=move |_| approve()>"通过"</button>
                                        <form class="mod-reject" on:submit=on_reject novalidate>
                                            <div class="field">
                                                <label class="field__label" for="mod-reason">"退回原因"</label>
                                                <select id="mod-reason" class="field__input" prop:value=move || reason.get()
                                                    on:change=move |ev| { reason.set(event_target_value(&ev)); reason_error.set(None); }
                                                    aria-invalid=move || reason_error.read().is_some().to_string() aria-describedby="mod-reason-error">
                                                    <option value="">"请选择"</option>
                                                    {REJECT_REASONS.iter().map(|(code, label)| view! { <option value=*code>{*label}</option> }).collect_view()}
                                                </select>
                                                <p id="mod-reason-error" class="field__error">{move || reason_error.get()}</p>
                                            </div>
                                            <div class="field">
                                                <label class="field__label" for="mod-note">"说明（选“其他”时必填，作者可见）"</label>
                                                <textarea id="mod-note" class="field__input" rows="2" maxlength="500" prop:value=move || note.get()
                                                    on:input=move |ev| { note.set(event_target_value(&ev)); note_error.set(None); }
                                                    aria-invalid=move || note_error.read().is_some().to_string() aria-describedby="mod-note-error"></textarea>
                                                <p id="mod-note-error" class="field__error">{move || note_error.get()}</p>
                                            </div>
                                            <button type="submit" class="button button--danger mod-actions__main" data-testid="reject"
                                                prop:disabled=move || decide.pending().get()>"退回"</button>
                                        </form>
                                    </div>
                                </Show>
                                <AuditRows rows=entry.audit.clone()/>
                            </li>
                        }
                    }
                </For>
            </ol>
        </PagedList>
    }
}

/// What a moderator needs to judge an entry: the video in place and what the entrant wrote.
#[component]
fn EntryDetails(entry: ModerationEntry) -> impl IntoView {
    let e = entry;
    let duration = e.duration_seconds.map(|d| format!("{d:.0} 秒"));
    let size = e
        .size_bytes
        .map(|b| format!("{:.1} MB", b as f64 / 1_048_576.0));
    let facts = [Some(e.category.name.clone()), duration, size]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <div class="mod-entry">
            <video class="mod-entry__video" src=e.playback_url.clone() poster=e.cover_url.clone()
                controls preload="none" playsinline aria-label=format!("{} 的视频", e.title)></video>
            <div class="mod-entry__text">
                <h2 class="mod-item__title" data-testid="mod-entry-title">{e.title.clone()}</h2>
                <p class="muted">{facts}</p>
                <p class="muted">{format!("{} · {} · 提交于 {}", e.submitter.display_name, e.submitter.phone_masked, china_time(&e.created_at))}</p>
                {(!e.description.is_empty()).then(|| view! { <p class="prose mod-item__body">{e.description.clone()}</p> })}
            </div>
        </div>
    }
}
