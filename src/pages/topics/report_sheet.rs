//! 举报: the sheet that asks why a post is reported.
use super::text::tx;
use crate::api::idempotency::IntentKey;
use crate::api::topics::report_post;
use crate::components::{error_message, Sheet};
use crate::i18n::t;
use crate::state::use_toasts;
use leptos::prelude::*;

/// Why a post is reported: a sheet with the contract's reasons.
#[component]
pub fn ReportSheet(report: RwSignal<Option<String>>) -> impl IntoView {
    let s = t();
    let online = crate::state::use_online();
    let toasts = use_toasts();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    // A report tried again (after a lost answer) is the same report: same Idempotency-Key.
    let intent = StoredValue::new(IntentKey::<(String, String)>::default());
    // A post to report opens the sheet; closing it forgets the post. Each side only writes when
    // the value really changes, so the two never wake each other up in a loop.
    Effect::new(move |_| {
        if report.read().is_some() && !open.get_untracked() {
            reason.set(String::new());
            error.set(None);
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() && report.get_untracked().is_some() {
            report.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(id), r) = (report.get_untracked(), reason.get_untracked()) else {
            return;
        };
        if r.is_empty() {
            error.set(Some(tx().poll_pick_one.into()));
            return;
        }
        sending.set(true);
        let key = intent
            .try_update_value(|k| k.key_for(&(id.clone(), r.clone())))
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            match report_post(&id, &r, &key).await {
                Ok(_) => {
                    intent.try_update_value(IntentKey::done);
                    open.try_set(false);
                    toasts.show(tx().reported);
                }
                Err(e) => {
                    error.try_set(Some(error_message(&e)));
                }
            }
            sending.try_set(false);
        });
    };
    view! {
        <Sheet title=tx().report_title open>
            <form class="report-form" on:submit=submit>
                <fieldset class="poll-card__options">
                    <legend class="visually-hidden">{tx().report_title}</legend>
                    {s.report_reasons.iter().map(|(value, label)| view! {
                        <label class="poll-option">
                            <input type="radio" name="report-reason" value=*value
                                prop:checked=move || reason.read().as_str() == *value
                                on:change=move |_| reason.set(value.to_string())/>
                            <span>{*label}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <p class="field__error" role="alert">{move || error.get()}</p>
                <button type="submit" class="button button--primary button--block" prop:disabled=move || sending.get() || !online.get()>{tx().report_submit}</button>
                <crate::state::OfflineNote/>
            </form>
        </Sheet>
    }
}
