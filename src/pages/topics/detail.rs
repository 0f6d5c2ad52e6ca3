//! `/topics/:id`: the topic's header, its poll, the composer and the posts.
use super::composer::Composer;
use super::poll::PollCard;
use super::posts::PostList;
use super::text::tx;
use crate::api::topics::fetch_topic;
use crate::components::Remote;
use crate::hooks::use_item;
use crate::i18n::t;
use crate::models::{Post, TopicDetail};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn TopicPage() -> impl IntoView {
    let detail = use_item(|id| async move { fetch_topic(&id).await });
    view! {
        <article class="page page--narrow topic-page">
            // The section's name until the item (or its error) is known: a page always has a title.
            <Title text=t().section_topics/>
            <Remote resource=detail let:detail>
                <Topic detail/>
            </Remote>
        </article>
    }
}

#[component]
fn Topic(detail: TopicDetail) -> impl IntoView {
    let mut topic = detail;
    let poll = topic.poll.take();
    // Posts the composer just published, for the list to put on top.
    let published = RwSignal::new(None::<Post>);
    let id = topic.id.clone();
    view! {
        <Title text=topic.hashtag.clone()/>
        <header class="topic-head">
            <img class="topic-head__cover" src=topic.cover_url.clone() alt="" width="640" height="240"/>
            <p class="topic-card__hashtag" lang=crate::i18n::api_lang()>{topic.hashtag.clone()}</p>
            <h1 class="topic-head__title" data-testid="topic-title" lang=crate::i18n::api_lang()>{topic.title.clone()}</h1>
            <p class="prose" lang=crate::i18n::api_lang()>{topic.description.clone()}</p>
            <p class="topic-card__meta">
                {(tx().topic_stats)(topic.post_count, topic.participant_count)}
                {topic.closed.then(|| view! { <span class="tag">{tx().topic_closed}</span> })}
            </p>
        </header>
        {poll.map(|poll| view! { <PollCard topic_id=id.clone() poll/> })}
        <Composer topic_id=id.clone() closed=topic.closed published/>
        <PostList topic_id=id hashtag=topic.hashtag.clone() published/>
        <A href="/topics" attr:class="button button--ghost">{tx().back_to_topics}</A>
    }
}
