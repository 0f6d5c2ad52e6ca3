//! `<PagedList>`: the states of a cursor-paginated list in one place — skeleton cards while the
//! first page loads, the shared error with 重试, the empty state, the items, and the footer
//! (加载更多 / loading / error / the end), which loads the next page by itself as it scrolls
//! into view when `infinite`.
use super::{ErrorView, SkeletonCards};
use crate::hooks::{use_intersection, PagedState, PagedStatus, UsePagedReturn};
use crate::i18n::t;
use leptos::html::Div;
use leptos::prelude::*;

#[component]
pub fn PagedList<T, M>(
    list: PagedState<T, M>,
    paged: UsePagedReturn,
    /// What shows when the first page is empty.
    #[prop(into)]
    empty: ViewFn,
    /// Skeleton cards while the first page loads.
    #[prop(default = 3)]
    skeletons: usize,
    /// Load the next page when the footer scrolls into view (else only by the button).
    #[prop(default = true)]
    infinite: bool,
    /// The loaded items (rendered once there are some).
    children: ChildrenFn,
) -> impl IntoView
where
    T: Send + Sync + 'static,
    M: Send + Sync + 'static,
{
    let no_items = Memo::new(move |_| list.items.read().is_empty());
    paged_list_view(
        Parts {
            first: list.first,
            more: list.more,
            next_cursor: list.next_cursor,
            no_items,
        },
        paged,
        empty,
        skeletons,
        infinite,
        children,
    )
}

/// What the view needs of the list, none of it generic: the view exists once in the wasm.
struct Parts {
    first: RwSignal<PagedStatus>,
    more: RwSignal<PagedStatus>,
    next_cursor: RwSignal<Option<String>>,
    no_items: Memo<bool>,
}

fn paged_list_view(
    parts: Parts,
    paged: UsePagedReturn,
    empty: ViewFn,
    skeletons: usize,
    infinite: bool,
    children: ChildrenFn,
) -> AnyView {
    let s = t();
    let Parts {
        first,
        more,
        next_cursor,
        no_items,
    } = parts;
    let sentinel = NodeRef::<Div>::new();
    if infinite {
        use_intersection(sentinel, paged.load_more);
    }
    view! {
        {move || match (first.get(), no_items.get()) {
            (PagedStatus::Loading, _) => view! { <SkeletonCards count=skeletons/> }.into_any(),
            (PagedStatus::Error(error), _) => view! { <ErrorView error on_retry=paged.retry/> }.into_any(),
            (PagedStatus::Ready, true) => empty.run(),
            (PagedStatus::Ready, false) => children().into_any(),
        }}
        <div node_ref=sentinel class="result-list__end">
            {move || {
                let ready = first.get() == PagedStatus::Ready && !no_items.get();
                match (ready, more.get(), next_cursor.read().is_some()) {
                    (false, _, _) => ().into_any(),
                    (true, PagedStatus::Error(error), _) => view! { <ErrorView error on_retry=paged.retry/> }.into_any(),
                    (true, PagedStatus::Loading, _) => view! { <p class="muted" aria-busy="true">{s.loading_more}</p> }.into_any(),
                    (true, PagedStatus::Ready, true) => view! {
                        <button type="button" class="button button--ghost" on:click=move |_| paged.load_more.run(())>{s.load_more}</button>
                    }.into_any(),
                    (true, PagedStatus::Ready, false) => view! { <p class="muted">{s.end_of_results}</p> }.into_any(),
                }
            }}
        </div>
    }
    .into_any()
}
