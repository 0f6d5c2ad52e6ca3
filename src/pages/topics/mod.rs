//! `/topics`: the list of 话题 (open ones first), each opening its page.
mod composer;
mod detail;
mod image_pick;
mod poll;
mod posts;
mod report_sheet;
mod text;

pub use detail::TopicPage;

use crate::api::topics::list_topics;
use crate::components::PagedList;
use crate::hooks::{use_paged, PagedState};
use crate::i18n::t;
use crate::models::Topic;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use text::tx;

#[component]
pub fn TopicsPage() -> impl IntoView {
    let s = t();
    let list = PagedState::<Topic, ()>::new();
    let query = Memo::new(|_| ());
    let paged = use_paged(
        list,
        query,
        |_: &()| String::new(),
        |_: (), cursor: Option<String>| async move {
            let page = list_topics(cursor.as_deref()).await?;
            Ok((page.items, page.next_cursor, ()))
        },
    );
    view! {
        <Title text=s.section_topics/>
        <section class="page topics-page">
            <h1 class="page__title">{s.section_topics}</h1>
            <PagedList list paged skeletons=3 infinite=false empty=move || view! { <div class="state"><p class="state__title">{tx().topics_empty}</p></div> }>
                <ul class="topic-list" data-testid="topics">
                    <For each=move || list.items.get() key=|tp| tp.id.clone() let:topic>
                        <li><TopicCard topic/></li>
                    </For>
                </ul>
            </PagedList>
        </section>
    }
}

#[component]
fn TopicCard(topic: Topic) -> impl IntoView {
    let href = format!("/topics/{}", topic.id);
    view! {
        <A href=href attr:class="topic-card">
            <img class="topic-card__cover" src=topic.cover_url alt="" width="320" height="140" loading="lazy" decoding="async"/>
            <span class="topic-card__body">
                <span class="topic-card__hashtag" lang=crate::i18n::api_lang()>{topic.hashtag}</span>
                <span class="topic-card__title" lang=crate::i18n::api_lang()>{topic.title}</span>
                <span class="topic-card__desc" lang=crate::i18n::api_lang()>{topic.description}</span>
                <span class="topic-card__meta">
                    {(tx().topic_stats)(topic.post_count, topic.participant_count)}
                    {topic.has_poll.then(|| view! { <span class="tag tag--theme">{tx().poll_vote}</span> })}
                    {topic.closed.then(|| view! { <span class="tag">{tx().topic_closed}</span> })}
                </span>
            </span>
        </A>
    }
}
