//! A cursor-paginated list driven by a reactive query: the first page loads whenever the query
//! changes (an older response never overwrites a newer one), `load_more` appends the next page,
//! and the state outlives the page so that coming back restores the list and scroll position.
use crate::api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
use std::future::Future;

#[derive(Clone, Debug, PartialEq)]
pub enum PagedStatus {
    Loading,
    Ready,
    Error(ApiError),
}

/// One fetched page: its items, the cursor of the next page, and whatever else the API sent
/// with it (totals, facets).
pub type PageParts<T, M> = (Vec<T>, Option<String>, M);

/// The list's state. Create it where it should live (app-wide, to survive navigation).
pub struct PagedState<T: Send + Sync + 'static, M: Send + Sync + 'static> {
    pub key: RwSignal<Option<String>>,
    pub items: RwSignal<Vec<T>>,
    pub meta: RwSignal<Option<M>>,
    pub next_cursor: RwSignal<Option<String>>,
    pub first: RwSignal<PagedStatus>,
    pub more: RwSignal<PagedStatus>,
    pub scroll_y: StoredValue<f64>,
    /// Measured heights of the rendered blocks of a long list (see `WindowedList`), so that
    /// coming back can stand in for far-away blocks before they are drawn.
    pub block_heights: StoredValue<Vec<f64>>,
    generation: StoredValue<u64>,
    retry_tick: RwSignal<u64>,
}

impl<T: Send + Sync + 'static, M: Send + Sync + 'static> Clone for PagedState<T, M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: Send + Sync + 'static, M: Send + Sync + 'static> Copy for PagedState<T, M> {}

impl<T: Send + Sync + 'static, M: Send + Sync + 'static> Default for PagedState<T, M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Send + Sync + 'static, M: Send + Sync + 'static> PagedState<T, M> {
    pub fn new() -> Self {
        Self {
            key: RwSignal::new(None),
            items: RwSignal::new(Vec::new()),
            meta: RwSignal::new(None),
            next_cursor: RwSignal::new(None),
            first: RwSignal::new(PagedStatus::Loading),
            more: RwSignal::new(PagedStatus::Ready),
            scroll_y: StoredValue::new(0.0),
            block_heights: StoredValue::new(Vec::new()),
            generation: StoredValue::new(0),
            retry_tick: RwSignal::new(0),
        }
    }

    fn bump(&self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn is_current(&self, generation: u64) -> bool {
        self.generation.try_get_value() == Some(generation)
    }

    /// Whether the list was loaded for `key` and can be shown again as it is.
    pub fn holds(&self, key: &str) -> bool {
        self.key.get_untracked().as_deref() == Some(key)
            && self.first.get_untracked() == PagedStatus::Ready
    }
}

#[derive(Clone, Copy)]
pub struct UsePagedReturn {
    pub load_more: Callback<()>,
    pub retry: Callback<()>,
    /// Loads the first page again (e.g. after "有 N 条新内容").
    pub reload: Callback<()>,
}

/// Keeps `state` loaded for `query`. `key` names a query (its URL form); `fetch` gets one page.
pub fn use_paged<Q, T, M, F, Fut>(
    state: PagedState<T, M>,
    query: Memo<Q>,
    key: fn(&Q) -> String,
    fetch: F,
) -> UsePagedReturn
where
    Q: Clone + PartialEq + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
    M: Clone + Send + Sync + 'static,
    F: Fn(Q, Option<String>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<PageParts<T, M>, ApiError>> + 'static,
{
    let first_fetch = fetch.clone();
    Effect::new(move |previous: Option<()>| {
        let q = query.get();
        let retrying = state.retry_tick.get() > 0 && previous.is_some();
        let k = key(&q);
        if !retrying && state.holds(&k) {
            return;
        }
        let generation = state.bump();
        state.key.set(Some(k));
        state.block_heights.set_value(Vec::new());
        state.first.set(PagedStatus::Loading);
        state.more.set(PagedStatus::Ready);
        let fetch = first_fetch.clone();
        // Scoped to this effect run: a newer query cancels the older request.
        spawn_local_scoped_with_cancellation(async move {
            let result = fetch(q, None).await;
            if !state.is_current(generation) {
                return;
            }
            match result {
                Ok((items, cursor, meta)) => {
                    state.items.set(items);
                    state.next_cursor.set(cursor);
                    state.meta.set(Some(meta));
                    state.first.set(PagedStatus::Ready);
                }
                Err(ApiError::Aborted) => {}
                Err(e) => state.first.set(PagedStatus::Error(e)),
            }
        });
    });

    let load_more = Callback::new(move |_| {
        let Some(cursor) = state.next_cursor.get_untracked() else {
            return;
        };
        if state.more.get_untracked() == PagedStatus::Loading
            || state.first.get_untracked() != PagedStatus::Ready
        {
            return;
        }
        let generation = state.generation.get_value();
        state.more.set(PagedStatus::Loading);
        let q = query.get_untracked();
        let fetch = fetch.clone();
        leptos::task::spawn_local(async move {
            let result = fetch(q, Some(cursor)).await;
            if !state.is_current(generation) {
                return;
            }
            match result {
                Ok((items, cursor, _)) => {
                    state.items.update(|all| all.extend(items));
                    state.next_cursor.set(cursor);
                    state.more.set(PagedStatus::Ready);
                }
                Err(e) => state.more.set(PagedStatus::Error(e)),
            }
        });
    });

    let retry = Callback::new(move |_| {
        if matches!(state.first.get_untracked(), PagedStatus::Error(_)) {
            state.retry_tick.update(|t| *t += 1);
        } else {
            state.more.set(PagedStatus::Ready);
            load_more.run(());
        }
    });

    let reload = Callback::new(move |_| state.retry_tick.update(|t| *t += 1));

    UsePagedReturn {
        load_more,
        retry,
        reload,
    }
}
