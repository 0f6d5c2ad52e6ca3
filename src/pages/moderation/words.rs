//! `/moderation/words`: the banned words posts are checked against, by category; adding one
//! takes effect at the next post.
use super::ModerationPage;
use crate::api::client::new_idempotency_key;
use crate::api::moderation::{add_word, list_words, remove_word};
use crate::api::ApiError;
use crate::components::{error_message, Remote};
use crate::models::BannedWord;
use crate::state::use_toasts;
use leptos::prelude::*;

#[component]
pub fn ModerationWordsPage() -> impl IntoView {
    view! {
        <ModerationPage title="敏感词">
            <Words/>
        </ModerationPage>
    }
}

#[component]
fn Words() -> impl IntoView {
    let toasts = use_toasts();
    let words = LocalResource::new(list_words);
    let word = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let word_error = RwSignal::new(None::<String>);
    let category_error = RwSignal::new(None::<String>);
    let key = StoredValue::new(new_idempotency_key());

    let add = Action::new_local(move |(w, c): &(String, String)| {
        let (w, c, k) = (w.clone(), c.clone(), key.get_value());
        async move { add_word(&w, &c, &k).await }
    });
    Effect::new(move |_| match add.value().get() {
        Some(Ok(added)) => {
            key.set_value(new_idempotency_key());
            word.set(String::new());
            toasts.show(format!("已添加「{}」", added.word));
            words.refetch();
        }
        Some(Err(e)) => {
            word_error.set(e.field_message("word").map(str::to_string));
            category_error.set(e.field_message("category").map(str::to_string));
            if e.field_errors().is_empty() {
                word_error.set(Some(error_message(&e)));
            }
        }
        None => {}
    });
    let remove = Action::new_local(|w: &BannedWord| {
        let w = w.clone();
        async move { remove_word(&w.word, &w.category).await.map(|()| w.word) }
    });
    Effect::new(move |_| match remove.value().get() {
        Some(Ok(w)) => {
            toasts.show(format!("已删除「{w}」"));
            words.refetch();
        }
        // Someone removed it already: the list catches up.
        Some(Err(ApiError::NotFound(_))) => words.refetch(),
        Some(Err(e)) => toasts.show(error_message(&e)),
        None => {}
    });

    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (w, c) = (
            word.get_untracked().trim().to_string(),
            category.get_untracked().trim().to_string(),
        );
        word_error.set(w.is_empty().then(|| "请填写敏感词".to_string()));
        category_error.set(c.is_empty().then(|| "请填写分类".to_string()));
        if !w.is_empty() && !c.is_empty() {
            add.dispatch((w, c));
        }
    };

    view! {
        <form class="form-card mod-form" on:submit=on_add novalidate data-testid="word-form">
            <div class="field">
                <label class="field__label" for="word-word">"敏感词"</label>
                <input id="word-word" class="field__input" type="text" maxlength="40" prop:value=move || word.get()
                    on:input=move |ev| { word.set(event_target_value(&ev)); word_error.set(None); }
                    aria-invalid=move || word_error.read().is_some().to_string() aria-describedby="word-word-error"/>
                <p id="word-word-error" class="field__error">{move || word_error.get()}</p>
            </div>
            <div class="field">
                <label class="field__label" for="word-category">"分类"</label>
                <input id="word-category" class="field__input" type="text" maxlength="20" list="word-categories" prop:value=move || category.get()
                    on:input=move |ev| { category.set(event_target_value(&ev)); category_error.set(None); }
                    aria-invalid=move || category_error.read().is_some().to_string() aria-describedby="word-category-error"/>
                <p id="word-category-error" class="field__error">{move || category_error.get()}</p>
            </div>
            <button type="submit" class="button button--primary button--block" prop:disabled=move || add.pending().get()>"添加"</button>
        </form>
        <Remote resource=words let:list>
            {if list.items.is_empty() {
                view! { <div class="state"><p class="state__title">"还没有敏感词"</p></div> }.into_any()
            } else {
                let mut groups: Vec<(String, Vec<BannedWord>)> = Vec::new();
                for w in list.items {
                    match groups.iter_mut().find(|(c, _)| *c == w.category) {
                        Some((_, ws)) => ws.push(w),
                        None => groups.push((w.category.clone(), vec![w])),
                    }
                }
                view! {
                    <datalist id="word-categories">
                        {groups.iter().map(|(c, _)| view! { <option value=c.clone()></option> }).collect_view()}
                    </datalist>
                    {groups.into_iter().map(|(c, ws)| view! {
                        <section class="mod-words" data-testid="word-group">
                            <h2 class="section-heading">{format!("{c}（{}）", ws.len())}</h2>
                            <ul class="mod-words__list">
                                {ws.into_iter().map(|w| {
                                    let label = format!("删除「{}」", w.word);
                                    view! {
                                        <li class="mod-words__item">
                                            <span>{w.word.clone()}</span>
                                            <button type="button" class="button button--ghost mod-words__remove" aria-label=label
                                                prop:disabled=move || remove.pending().get()
                                                on:click=move |_| { remove.dispatch(w.clone()); }>"删除"</button>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    }).collect_view()}
                }.into_any()
            }}
        </Remote>
    }
}
