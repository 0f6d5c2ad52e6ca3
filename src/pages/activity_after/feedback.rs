//! 反馈评价 on an activity's page (the late pack `after`): the average and the 1–5 distribution
//! as bars with their numbers, the visitor's own rating (1–5 stars and a comment; changeable and
//! deletable), and the approved comments page by page.
//!
//! The comment as typed is kept on the device (`StorageKey::FeedbackDraft`) until the server took
//! it, so neither a refusal nor a reload loses it; a logged-out visitor's choice is remembered as
//! a pending intent (`IntentKind::Rate`) and sent once they are back from logging in.
use super::text::tx;
use crate::api::feedback::{
    delete_my_feedback, feedback_comments, feedback_summary, put_my_feedback,
};
use crate::api::ApiError;
use crate::components::{error_message, PagedList, Remote};
use crate::format::{china_datetime, fixed};
use crate::hooks::{use_ime_text, use_paged, PagedState};
use crate::models::{
    post_chars, share_percent, CommentStatus, Feedback, FeedbackInput, FeedbackSummary,
    FEEDBACK_MAX_CHARS,
};
use crate::state::storage::{self, StorageKey};
use crate::state::{
    current_path, login_href, stash_intent, take_intent, use_session, use_toasts, IntentKind,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn FeedbackSection(activity_id: String) -> impl IntoView {
    let session = use_session();
    let id = StoredValue::new(activity_id);
    // Personal with a token (the caller's own rating): asked again when who is logged in changes.
    let summary = LocalResource::new(move || {
        let _who = session.user().map(|u| u.id);
        let id = id.get_value();
        async move { feedback_summary(&id).await }
    });
    view! {
        <section class="fb" aria-labelledby="fb-heading" data-testid="feedback">
            <h2 class="fb__heading" id="fb-heading">{tx().heading}</h2>
            <Remote resource=summary compact=true skeleton=|| view! { <div class="skeleton skeleton--line" aria-busy="true"></div> } let:first>
                <Feedback first activity_id=id.get_value()/>
            </Remote>
            <Comments activity_id=id.get_value()/>
        </section>
    }
}

/// The figures and the form, kept current after each write (without rebuilding the form).
#[component]
fn Feedback(first: FeedbackSummary, activity_id: String) -> impl IntoView {
    let current = RwSignal::new(first);
    let refresh = Callback::new(move |()| {
        let id = current.with_untracked(|s| s.activity_id.clone());
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = feedback_summary(&id).await {
                current.try_set(fresh);
            }
        });
    });
    let open = current.with_untracked(|s| s.open);
    let mine = current.with_untracked(|s| s.mine.clone());
    view! {
        <Figures summary=current/>
        {if open {
            view! { <MyRating activity_id mine refresh/> }.into_any()
        } else {
            view! { <p class="muted">{tx().not_open}</p> }.into_any()
        }}
    }
}

/// The average and the distribution: one bar per star count, with its number as text (the bars
/// themselves are hidden from screen readers, which read the numbers). Also the organiser's.
#[component]
pub fn Figures(summary: RwSignal<FeedbackSummary>) -> impl IntoView {
    let t = tx();
    let average = move || summary.with(|s| s.average.map(|a| fixed(a, 1)));
    let count = move || summary.with(|s| s.count);
    let rows = move || {
        summary.with(|s| {
            (1..=5u8)
                .rev()
                .map(|stars| {
                    let n = s
                        .distribution
                        .get(usize::from(stars) - 1)
                        .copied()
                        .unwrap_or(0);
                    (stars, n, share_percent(n, s.count))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="fb-figures" data-testid="feedback-figures">
            {move || match average() {
                Some(avg) => view! {
                    <p class="fb-average">
                        <span class="fb-average__value" aria-hidden="true">{avg.clone()}</span>
                        <span class="fb-average__text">
                            <span class="visually-hidden">{(t.average_of)(&avg)}</span>
                            <span class="fb-average__count" data-testid="feedback-count">{(t.ratings)(count())}</span>
                        </span>
                    </p>
                }.into_any(),
                None => view! { <p class="muted" data-testid="feedback-none">{t.no_ratings}</p> }.into_any(),
            }}
            <ul class="fb-dist" aria-label=t.distribution data-testid="feedback-distribution">
                {move || rows().into_iter().map(|(stars, n, pct)| view! {
                    <li class="fb-dist__row">
                        <span class="fb-dist__label">{(t.stars)(stars)}</span>
                        <span class="fb-dist__bar" aria-hidden="true">
                            <span class="fb-dist__fill" style=format!("width: {pct}%")></span>
                        </span>
                        <span class="fb-dist__count" data-testid=format!("feedback-dist-{stars}")>{(t.people)(n)}</span>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// What a refusal says, and next to which field.
enum Refusal {
    Stars(String),
    Comment(String),
    Other(String),
}

fn refusal(e: &ApiError) -> Refusal {
    if let Some(m) = e.field_message("stars") {
        return Refusal::Stars(m.to_string());
    }
    if let Some(m) = e.field_message("comment") {
        return Refusal::Comment(m.to_string());
    }
    // The rules of posts the server applies to the comment: too fast (429), muted (403).
    match e {
        ApiError::RateLimited { .. } | ApiError::Forbidden(_) | ApiError::Validation(_) => {
            Refusal::Comment(error_message(e))
        }
        _ => Refusal::Other(error_message(e)),
    }
}

/// The pending intent's payload: the stars, a newline, the comment.
fn intent_payload(stars: u8, comment: &str) -> String {
    format!("{stars}\n{comment}")
}

fn parse_intent(payload: &str) -> Option<(u8, String)> {
    let (stars, comment) = payload.split_once('\n')?;
    let stars = stars.parse::<u8>().ok().filter(|s| (1..=5).contains(s))?;
    Some((stars, comment.to_string()))
}

/// The visitor's own rating: the stars as a radio group, the comment, 提交/更新 and 删除.
#[component]
fn MyRating(activity_id: String, mine: Option<Feedback>, refresh: Callback<()>) -> impl IntoView {
    let t = tx();
    let session = use_session();
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let draft_key = StorageKey::FeedbackDraft(activity_id.clone());
    let id = StoredValue::new(activity_id);
    let mine = RwSignal::new(mine);
    let stars = RwSignal::new(mine.with_untracked(|m| m.as_ref().map(|m| m.stars)));
    let text = RwSignal::new(
        storage::load::<String>(&draft_key)
            .or_else(|| mine.with_untracked(|m| m.as_ref().and_then(|m| m.comment.clone())))
            .unwrap_or_default(),
    );
    let draft_key = StoredValue::new(draft_key);
    let stars_error = RwSignal::new(None::<String>);
    let comment_error = RwSignal::new(None::<String>);
    let other_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let logged_in = move || session.is_logged_in();

    let send = move |chosen: u8, comment: String, done: &'static str| {
        busy.set(true);
        other_error.set(None);
        let activity = id.get_value();
        leptos::task::spawn_local(async move {
            let input = FeedbackInput {
                stars: chosen,
                comment: comment.trim().to_string(),
            };
            match put_my_feedback(&activity, &input).await {
                Ok(saved) => {
                    draft_key.with_value(storage::forget);
                    text.try_set(saved.comment.clone().unwrap_or_default());
                    mine.try_set(Some(saved));
                    toasts.show(done);
                    refresh.run(());
                }
                Err(e) => match refusal(&e) {
                    Refusal::Stars(m) => {
                        stars_error.try_set(Some(m));
                    }
                    Refusal::Comment(m) => {
                        comment_error.try_set(Some(m));
                    }
                    Refusal::Other(m) => {
                        other_error.try_set(Some(m));
                    }
                },
            }
            busy.try_set(false);
        });
    };

    // A rating chosen before logging in: sent once, now that the visitor is back.
    if untrack(logged_in) {
        if let Some(started) = id.with_value(|id| take_intent(IntentKind::Rate, id)) {
            if let Some((chosen, comment)) = parse_intent(&started.payload) {
                stars.set(Some(chosen));
                text.set(comment.clone());
                send(chosen, comment, t.saved_after_login);
            }
        }
    }

    let ime = use_ime_text(move |value: String| {
        draft_key.with_value(|k| storage::save(k, &value));
        comment_error.set(None);
        text.set(value);
    });
    let count = move || post_chars(&text.read());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(chosen) = stars.get_untracked() else {
            stars_error.set(Some(t.pick_stars.to_string()));
            return;
        };
        let comment = text.get_untracked();
        let n = post_chars(&comment);
        if n > FEEDBACK_MAX_CHARS {
            comment_error.set(Some((t.comment_too_long)(n - FEEDBACK_MAX_CHARS)));
            return;
        }
        if !session.is_logged_in() {
            id.with_value(|id| {
                stash_intent(IntentKind::Rate, id, "-", &intent_payload(chosen, &comment));
            });
            navigate.with_value(|go| go(&login_href(&current_path()), Default::default()));
            return;
        }
        send(chosen, comment, t.saved);
    };
    let delete = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        other_error.set(None);
        let activity = id.get_value();
        leptos::task::spawn_local(async move {
            match delete_my_feedback(&activity).await {
                Ok(()) => {
                    draft_key.with_value(storage::forget);
                    mine.try_set(None);
                    stars.try_set(None);
                    text.try_set(String::new());
                    toasts.show(t.deleted);
                    refresh.run(());
                }
                Err(e) => {
                    other_error.try_set(Some(error_message(&e)));
                }
            }
            busy.try_set(false);
        });
    };
    let state_note = move || {
        mine.with(|m| {
            m.as_ref().and_then(|m| m.comment_status).map(|s| match s {
                CommentStatus::Pending => t.pending,
                CommentStatus::Rejected => t.rejected,
                CommentStatus::Approved => t.approved,
            })
        })
    };
    let has_mine = move || mine.read().is_some();
    let count_class = move || {
        if count() > FEEDBACK_MAX_CHARS {
            "fb-mine__count fb-mine__count--over"
        } else {
            "fb-mine__count"
        }
    };
    let star_class = move |n: u8| {
        move || {
            if stars.get().is_some_and(|s| s >= n) {
                "fb-star fb-star--on"
            } else {
                "fb-star"
            }
        }
    };
    view! {
        <form class="fb-mine" on:submit=submit data-testid="feedback-form" novalidate>
            <fieldset class="fb-stars" aria-describedby="fb-stars-error">
                <legend class="fb-stars__legend">{move || if has_mine() { t.mine_legend } else { t.rate_legend }}</legend>
                <div class="fb-stars__options">
                    {(1..=5u8).map(|n| view! {
                        <label class=star_class(n)>
                            <input type="radio" name="fb-stars" value=n.to_string()
                                prop:checked=move || stars.get() == Some(n)
                                on:change=move |_| { stars.set(Some(n)); stars_error.set(None); }/>
                            <span class="fb-star__icon" aria-hidden="true">"★"</span>
                            <span class="visually-hidden">{(t.stars)(n)}</span>
                        </label>
                    }).collect_view()}
                </div>
                <p id="fb-stars-error" class="field__error" role="alert">{move || stars_error.get()}</p>
            </fieldset>
            <label class="field__label" for="fb-comment">{t.comment_label}</label>
            <textarea id="fb-comment" class="field__input fb-mine__text" rows="3"
                aria-describedby="fb-comment-hint fb-comment-error"
                aria-invalid=move || comment_error.read().is_some().to_string()
                prop:value=move || text.get()
                {..ime.handlers()}></textarea>
            <div class="fb-mine__row">
                <p id="fb-comment-error" class="field__error" role="alert" data-testid="feedback-comment-error">{move || comment_error.get()}</p>
                <span class=count_class>
                    {move || format!("{}/{FEEDBACK_MAX_CHARS}", count())}
                </span>
            </div>
            <p id="fb-comment-hint" class="fb-mine__hint">{t.comment_hint}</p>
            {move || state_note().map(|note| view! {
                <p class="fb-mine__state" role="status" data-testid="feedback-state">{note}</p>
            })}
            <p class="field__error" role="alert">{move || other_error.get()}</p>
            <div class="fb-mine__actions">
                <button type="submit" class="button button--primary" data-testid="feedback-submit" prop:disabled=move || busy.get()>
                    {move || if busy.get() {
                        t.submitting
                    } else if !logged_in() {
                        t.login_and_rate
                    } else if has_mine() {
                        t.update
                    } else {
                        t.submit
                    }}
                </button>
                <Show when=has_mine>
                    <button type="button" class="button button--ghost" data-testid="feedback-delete" prop:disabled=move || busy.get() on:click=delete>
                        {move || if busy.get() { t.deleting } else { t.delete }}
                    </button>
                </Show>
            </div>
        </form>
    }
}

/// The approved comments, newest first.
#[component]
fn Comments(activity_id: String) -> impl IntoView {
    let t = tx();
    let list: PagedState<Feedback, u64> = PagedState::new();
    let paged = use_paged(
        list,
        Memo::new(move |_| activity_id.clone()),
        |id: &String| id.clone(),
        |id: String, cursor: Option<String>| async move {
            let page = feedback_comments(&id, cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, page.total))
        },
    );
    let total = move || list.meta.get().unwrap_or(0);
    let empty = ViewFn::from(
        move || view! { <p class="muted" data-testid="feedback-comments-empty">{t.comments_empty}</p> },
    );
    view! {
        <h3 class="fb__subheading">{move || (t.comments)(total())}</h3>
        <PagedList list paged empty skeletons=1 infinite=false>
            <ul class="fb-comments" data-testid="feedback-comments">
                <For each=move || list.items.get() key=|f| f.id.clone() let:item>
                    <li class="fb-comment">
                        <p class="fb-comment__head">
                            <span class="fb-comment__name">{item.user.display_name.clone()}</span>
                            <span class="fb-comment__stars" role="img" aria-label=(t.rated)(item.stars)>
                                {"★".repeat(usize::from(item.stars))}
                            </span>
                        </p>
                        <p class="fb-comment__text">{item.comment.clone().unwrap_or_default()}</p>
                        <p class="fb-comment__time">{china_datetime(&item.updated_at)}</p>
                    </li>
                </For>
            </ul>
        </PagedList>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intent_payload_round_trips_with_a_multiline_comment() {
        let payload = intent_payload(4, "很好\n第二行");
        assert_eq!(
            parse_intent(&payload),
            Some((4, "很好\n第二行".to_string()))
        );
        assert_eq!(parse_intent("6\nx"), None);
        assert_eq!(parse_intent("nope"), None);
    }
}
