//! `/challenge`: the 「点亮好奇心」 banner, rules and deadline, category and sort in the URL, and
//! the gallery of approved entries.
mod entrant;
mod entry;
mod entry_form;
mod my_entry;
mod page_text;
mod resubmit;
mod submit;
mod text;
mod upload_progress;
mod video_field;

pub use entry::EntryPage;
pub use my_entry::MyEntry;
pub use submit::SubmitPage;

use crate::api::challenges::{fetch_challenge, list_entries};
use crate::components::PagedList;
use crate::components::Remote;
use crate::format::{clock_time, month_day, weekday};
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::models::{Challenge, Entry, EntrySort, EntryStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use page_text::page_tx;
use text::tx;

#[derive(Clone, Debug, PartialEq, Eq)]
struct GalleryQuery {
    sort: EntrySort,
    category: Option<String>,
}

impl GalleryQuery {
    fn href(&self) -> String {
        let mut parts = Vec::new();
        if self.sort != EntrySort::Latest {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if let Some(c) = &self.category {
            parts.push(format!("category={}", crate::models::encode(c)));
        }
        if parts.is_empty() {
            "/challenge".into()
        } else {
            format!("/challenge?{}", parts.join("&"))
        }
    }
}

pub fn status_label(status: EntryStatus) -> &'static str {
    match status {
        EntryStatus::PendingReview => tx().st_pending,
        EntryStatus::Approved => tx().st_approved,
        EntryStatus::Rejected => tx().st_rejected,
    }
}

#[component]
pub fn ChallengePage() -> impl IntoView {
    let s = t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let p = params.read();
        GalleryQuery {
            sort: EntrySort::from_param(p.get("sort").as_deref()),
            category: p.get("category").filter(|c| !c.is_empty()),
        }
    });
    let challenge = LocalResource::new(fetch_challenge);
    let list = PagedState::<Entry, ()>::new();
    let paged = use_paged(
        list,
        query,
        GalleryQuery::href,
        |q: GalleryQuery, cursor: Option<String>| async move {
            let page = list_entries(q.sort, q.category.as_deref(), cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, ()))
        },
    );
    view! {
        <Title text=s.section_challenge/>
        <section class="page challenge-page">
            <Remote resource=challenge let:c>
                <ChallengeHeader challenge=c query/>
            </Remote>
            <nav class="live-tabs posts__sort" aria-label=s.posts_sort_label>
                <a href=move || GalleryQuery { sort: EntrySort::Latest, ..query.get() }.href() class="live-tab"
                    aria-current=move || (query.read().sort == EntrySort::Latest).then_some("page")>{s.sort_latest}</a>
                <a href=move || GalleryQuery { sort: EntrySort::Popular, ..query.get() }.href() class="live-tab"
                    aria-current=move || (query.read().sort == EntrySort::Popular).then_some("page")>{page_tx().ch_sort_popular}</a>
            </nav>
            <PagedList list paged skeletons=2 empty=move || view! { <p class="state__body">{page_tx().ch_empty}</p> }>
                <ul class="entry-grid" data-testid="entries">
                    <For each=move || list.items.get() key=|e| e.id.clone() let:entry>
                        <li><EntryCard entry/></li>
                    </For>
                </ul>
            </PagedList>
        </section>
    }
}

#[component]
fn ChallengeHeader(challenge: Challenge, query: Memo<GalleryQuery>) -> impl IntoView {
    let s = t();
    let c = challenge;
    let day = crate::format::to_cst(&c.deadline).date_naive();
    let deadline = (page_tx().ch_deadline)(&format!(
        "{} {} {}",
        month_day(day),
        weekday(day),
        clock_time(&c.deadline)
    ));
    view! {
        <header class="challenge-head">
            <img class="topic-head__cover" src=c.banner_url.clone() alt="" width="640" height="240"/>
            <h1 class="page__title" lang=crate::i18n::api_lang()>{c.title.clone()}</h1>
            <p class="prose" lang=crate::i18n::api_lang()>{c.summary.clone()}</p>
            <p class="topic-card__meta">{deadline}" · "{(page_tx().ch_entries_count)(c.entry_count)}</p>
            {if c.open {
                view! { <a href="/challenge/submit" class="button button--primary button--block">{s.ch_submit_cta}</a> }.into_any()
            } else {
                view! { <p class="form-notice">{page_tx().ch_closed}</p> }.into_any()
            }}
            <details class="challenge-rules">
                <summary>{page_tx().ch_rules}</summary>
                <p class="prose" lang=crate::i18n::api_lang()>{c.rules.clone()}</p>
            </details>
            <ul class="day-strip" aria-label=page_tx().ch_categories_label>
                <li><a href=move || GalleryQuery { category: None, ..query.get() }.href() class="day-chip day-chip--all"
                    aria-current=move || query.read().category.is_none().then_some("page")>{page_tx().ch_all}</a></li>
                {c.categories.into_iter().map(|cat| {
                    let id = cat.id.clone();
                    let current = id.clone();
                    view! {
                        <li><a href=move || GalleryQuery { category: Some(id.clone()), ..query.get() }.href() class="day-chip day-chip--all"
                            aria-current=move || (query.read().category.as_deref() == Some(current.as_str())).then_some("page") lang=crate::i18n::api_lang()>{cat.name}</a></li>
                    }
                }).collect_view()}
            </ul>
        </header>
    }
}

#[component]
pub fn EntryCard(entry: Entry) -> impl IntoView {
    let href = format!("/challenge/entries/{}", entry.id);
    let status = (entry.status != EntryStatus::Approved).then(|| status_label(entry.status));
    view! {
        <a href=href class="entry-card">
            <img class="entry-card__cover" src=entry.cover_url alt="" width="180" height="320" loading="lazy" decoding="async"/>
            <span class="entry-card__title" lang=crate::i18n::api_lang()>{entry.title}</span>
            <span class="entry-card__meta">
                <span class="entry-card__author" lang=crate::i18n::api_lang()>{entry.author.display_name}</span>
                <span aria-label=tx().entry_like>"♥ "{entry.like_count}</span>
            </span>
            {status.map(|st| view! { <span class="tag" data-testid="entry-status">{st}</span> })}
            {entry.reject_reason.map(|r| view! { <span class="field__error">{(tx().reject_reason)(&r)}</span> })}
        </a>
    }
}
