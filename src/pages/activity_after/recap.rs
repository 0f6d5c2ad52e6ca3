//! 活动回顾 on an activity's page (the late pack `after`): the figures, a strip of photos that
//! opens a full-screen viewer, and the titled news links. The viewer is a modal `<dialog>`
//! (focus stays inside while it is open and returns to the photo it opened from; Esc closes it),
//! with ←/→ keys and 上一张/下一张, and a sideways swipe on a touch screen.
use super::text::tx;
use crate::format::count;
use crate::models::{ActivityRecap, Recap, RecapPhoto};
use leptos::html::Dialog;
use leptos::prelude::*;

/// How far (CSS px) a finger must move sideways to turn the photo.
const SWIPE_PX: i32 = 40;

/// `activity_json`: the page's read of the activity (its JSON text), whose `results` this reads,
/// so the activity is not asked for twice. Nothing is shown when the organiser reported
/// nothing (the page's own read has already shown any error).
#[component]
pub fn RecapSection(activity_json: String) -> impl IntoView {
    serde_json::from_str::<ActivityRecap>(&activity_json)
        .ok()
        .and_then(|found| found.results)
        .filter(|r| !r.is_empty())
        .map(|recap| view! { <RecapView recap/> })
}

#[component]
fn RecapView(recap: Recap) -> impl IntoView {
    let t = tx();
    let photos = StoredValue::new(recap.photos);
    let total = photos.with_value(Vec::len);
    // The photo shown full screen.
    let shown = RwSignal::new(None::<usize>);
    let figures = [
        recap
            .participants_offline
            .map(|n| (t.recap_participants, count(n))),
        recap.views_online.map(|n| (t.recap_views, count(n))),
    ];
    view! {
        <section class="recap" aria-labelledby="recap-heading" data-testid="recap">
            <h2 class="recap__heading" id="recap-heading">{t.recap_heading}</h2>
            <dl class="recap__figures">
                {figures.into_iter().flatten().map(|(label, value)| view! {
                    <div class="recap__figure"><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
            {(total > 0).then(|| view! {
                <ul class="recap__strip" aria-label=t.recap_photos data-testid="recap-strip">
                    {photos.with_value(|all| all.iter().enumerate().map(|(i, p)| view! {
                        <li>
                            <button type="button" class="recap__thumb" on:click=move |_| shown.set(Some(i))
                                aria-label=(t.recap_open)(i + 1, total)>
                                <img src=p.url.clone() alt="" width=p.width.to_string() height=p.height.to_string() loading="lazy"/>
                            </button>
                        </li>
                    }).collect_view())}
                </ul>
                <PhotoViewer photos shown/>
            })}
            {(!recap.links.is_empty()).then(|| view! {
                <h3 class="recap__subheading">{t.recap_links}</h3>
                <ul class="recap__links" data-testid="recap-links">
                    {recap.links.into_iter().map(|l| view! {
                        <li><a href=l.url target="_blank" rel="noopener noreferrer">{l.title}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn PhotoViewer(
    photos: StoredValue<Vec<RecapPhoto>>,
    shown: RwSignal<Option<usize>>,
) -> impl IntoView {
    let t = tx();
    let dialog = NodeRef::<Dialog>::new();
    let total = photos.with_value(Vec::len);
    let opened_from = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if shown.get().is_some() {
            if !el.open() {
                opened_from.set_value(active_element());
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
        }
    });
    let step = move |by: isize| {
        shown.update(|s| {
            if let Some(i) = s {
                *i = (*i as isize + by).rem_euclid(total as isize) as usize;
            }
        })
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        // Tab and Shift+Tab go round the viewer's buttons (the modal alone lets focus leave
        // for the browser's own controls).
        "Tab" => {
            ev.prevent_default();
            if let Some(el) = dialog.get_untracked() {
                cycle_focus(&el, ev.shift_key());
            }
        }
        "ArrowRight" => {
            ev.prevent_default();
            step(1);
        }
        "ArrowLeft" => {
            ev.prevent_default();
            step(-1);
        }
        _ => {}
    };
    // A sideways swipe: where the finger went down, compared where it leaves.
    let down_x = StoredValue::new(None::<i32>);
    let photo = move || {
        shown
            .get()
            .and_then(|i| photos.with_value(|p| p.get(i).cloned()).map(|p| (i, p)))
    };
    view! {
        <dialog node_ref=dialog class="recap-viewer" aria-label=t.recap_viewer data-testid="recap-viewer"
            on:close=move |_| {
                shown.set(None);
                // Back to the photo it was opened from.
                if let Some(thumb) = opened_from.get_value() {
                    let _ = thumb.focus();
                }
            }
            on:keydown=on_key>
            <div class="recap-viewer__bar">
                <p class="recap-viewer__count" aria-live="polite">{move || shown.get().map(|i| (t.recap_position)(i + 1, total))}</p>
                <button type="button" class="button button--ghost recap-viewer__close" on:click=move |_| shown.set(None)>{t.recap_close}</button>
            </div>
            <div class="recap-viewer__stage"
                on:pointerdown=move |ev| down_x.set_value(Some(ev.client_x()))
                on:pointerup=move |ev| {
                    if let Some(x) = down_x.get_value() {
                        let dx = ev.client_x() - x;
                        if dx <= -SWIPE_PX { step(1) } else if dx >= SWIPE_PX { step(-1) }
                    }
                    down_x.set_value(None);
                }
                on:pointercancel=move |_| down_x.set_value(None)>
                {move || photo().map(|(i, p)| view! {
                    <img class="recap-viewer__img" src=p.url alt=(t.recap_alt)(i + 1, total)
                        width=p.width.to_string() height=p.height.to_string() draggable="false" data-testid="recap-viewer-img"/>
                })}
            </div>
            {(total > 1).then(|| view! {
                <div class="recap-viewer__nav">
                    <button type="button" class="button button--ghost" on:click=move |_| step(-1)>{t.recap_prev}</button>
                    <button type="button" class="button button--ghost" on:click=move |_| step(1)>{t.recap_next}</button>
                </div>
            })}
        </dialog>
    }
}

fn active_element() -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document().active_element()?.dyn_into().ok()
}

/// Moves focus to the next (or, `back`, the previous) button of `dialog`, round the end.
fn cycle_focus(dialog: &web_sys::HtmlDialogElement, back: bool) {
    use wasm_bindgen::JsCast;
    let Ok(list) = dialog.query_selector_all("button") else {
        return;
    };
    let buttons: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    if buttons.is_empty() {
        return;
    }
    let now = active_element();
    let at = buttons.iter().position(|b| Some(b) == now.as_ref());
    let n = buttons.len();
    let next = match (at, back) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, false) => 0,
        (None, true) => n - 1,
    };
    let _ = buttons[next].focus();
}
