//! The poll card: pick (radio or up to `max_choices` checkboxes) and vote, then the results as
//! bars. Closed polls show the results. A visitor who is not logged in picks too: 投票 then
//! goes to login and the vote is sent on the way back (a pending intent, same Idempotency-Key).
use super::text::tx;
use crate::api::idempotency::IntentKey;
use crate::api::topics::vote;
use crate::components::error_message;
use crate::models::Poll;
use crate::state::{
    current_path, login_href, stash_intent, take_intent, use_session, use_toasts, IntentKind,
};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn PollCard(topic_id: String, poll: Poll) -> impl IntoView {
    let online = crate::state::use_online();
    let session = use_session();
    let poll = RwSignal::new(poll);
    let picked = RwSignal::new(Vec::<String>::new());
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let topic_id = StoredValue::new(topic_id);
    // A vote tried again (after a lost answer) is the same vote: same Idempotency-Key.
    let intent = StoredValue::new(IntentKey::<Vec<String>>::default());
    let toasts = use_toasts();
    let navigate = StoredValue::new_local(use_navigate());
    let can_vote = move || {
        let p = poll.read();
        p.my_vote.is_none() && !p.closed
    };
    // `done`: the toast for a vote finished after login.
    let send = move |ids: Vec<String>, key: String, done: Option<&'static str>| {
        sending.set(true);
        error.set(None);
        let topic = topic_id.get_value();
        leptos::task::spawn_local(async move {
            match vote(&topic, &ids, &key).await {
                Ok(p) => {
                    intent.try_update_value(IntentKey::done);
                    poll.try_set(p);
                    if let Some(done) = done {
                        toasts.show(done);
                    }
                }
                Err(e) => {
                    error.try_set(Some(error_message(&e)));
                }
            }
            sending.try_set(false);
        });
    };
    // Back from the login a vote was started before: send it (once) with its key.
    if session.is_logged_in() && can_vote() {
        let started = topic_id.with_value(|id| take_intent(IntentKind::Vote, id));
        if let Some(started) = started {
            let ids: Vec<String> = started.payload.lines().map(str::to_string).collect();
            if !ids.is_empty() {
                picked.set(ids.clone());
                intent.update_value(|k| {
                    k.key_with(&ids, || started.key.clone());
                });
                send(ids, started.key, Some(tx().intent_voted));
            }
        }
    }
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let ids = picked.get_untracked();
        if ids.is_empty() {
            error.set(Some(tx().poll_pick_one.into()));
            return;
        }
        let key = intent
            .try_update_value(|k| k.key_for(&ids))
            .unwrap_or_default();
        if !session.is_logged_in() {
            topic_id.with_value(|id| {
                stash_intent(IntentKind::Vote, id, &key, &ids.join("\n"));
            });
            navigate.with_value(|go| go(&login_href(&current_path()), Default::default()));
            return;
        }
        send(ids, key, None);
    };
    let toggle = move |id: String, on: bool| {
        let max = poll.read_untracked().max_choices as usize;
        picked.update(|v| {
            if max <= 1 {
                *v = vec![id];
            } else if on && !v.contains(&id) && v.len() < max {
                v.push(id);
            } else if !on {
                v.retain(|x| *x != id);
            }
        });
    };
    view! {
        <section class="poll-card" data-testid="poll" aria-labelledby="poll-question">
            <h2 class="poll-card__question" id="poll-question" lang=crate::i18n::api_lang()>{move || poll.read().question.clone()}</h2>
            {move || if can_vote() {
                let p = poll.get();
                let multi = p.max_choices > 1;
                view! {
                    <form class="poll-card__form" on:submit=submit>
                        <fieldset class="poll-card__options">
                            <legend class="visually-hidden" lang=crate::i18n::api_lang()>{p.question.clone()}</legend>
                            {multi.then(|| view! { <p class="muted">{(tx().poll_pick_up_to)(p.max_choices)}</p> })}
                            {p.options.into_iter().map(|o| {
                                let id = o.id.clone();
                                let checked_id = o.id.clone();
                                view! {
                                    <label class="poll-option">
                                        <input type=if multi { "checkbox" } else { "radio" } name="poll" value=o.id.clone()
                                            prop:checked=move || picked.read().contains(&checked_id)
                                            on:change=move |ev| toggle(id.clone(), event_target_checked(&ev))/>
                                        <span lang=crate::i18n::api_lang()>{o.label}</span>
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                        <p class="field__error" role="alert">{move || error.get()}</p>
                        <button type="submit" class="button button--primary button--block" prop:disabled=move || sending.get() || !online.get()>
                            {move || if sending.get() {
                                tx().poll_voting
                            } else if session.is_logged_in() {
                                tx().poll_vote
                            } else {
                                tx().poll_login
                            }}
                        </button>
                        <crate::state::OfflineNote/>
                    </form>
                }.into_any()
            } else {
                view! { <PollResults poll/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn PollResults(poll: RwSignal<Poll>) -> impl IntoView {
    view! {
        <ul class="poll-results" data-testid="poll-results">
            {move || {
                let p = poll.get();
                let mine = p.my_vote.clone().unwrap_or_default();
                p.options.into_iter().map(|o| {
                    let is_mine = mine.contains(&o.id);
                    let pct = format!("{:.1}%", o.percent);
                    view! {
                        <li class="poll-result" class:poll-result--mine=is_mine>
                            <span class="poll-result__label">
                                <span lang=crate::i18n::api_lang()>{o.label}</span>
                                {is_mine.then(|| view! { <span class="tag tag--theme">{tx().poll_mine}</span> })}
                            </span>
                            <span class="poll-result__pct">{pct.clone()}</span>
                            <span class="poll-result__bar" aria-hidden="true"><span style=format!("width:{pct}")></span></span>
                        </li>
                    }
                }).collect_view()
            }}
        </ul>
        <p class="muted">
            {move || (tx().poll_total)(poll.read().total_votes)}
            {move || poll.read().closed.then_some(" · ")}
            {move || poll.read().closed.then_some(tx().poll_closed)}
        </p>
    }
}
