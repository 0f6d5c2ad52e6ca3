//! The /live list, kept app-wide so that coming back from a watch page shows the same tab at the
//! same scroll position, and the live viewer counts as last refreshed.
use crate::hooks::PagedState;
use crate::models::Livestream;
use leptos::prelude::*;
use std::collections::HashMap;

/// The list; its meta is the tab's total.
pub type LiveList = PagedState<Livestream, Option<u64>>;

/// Viewer counts newer than the list's own, by stream id (from `GET /livestreams/viewers`).
#[derive(Clone, Copy)]
pub struct LiveViewers(pub RwSignal<HashMap<String, u64>>);

pub fn provide_live_list() {
    provide_context(LiveList::new());
    provide_context(LiveViewers(RwSignal::new(HashMap::new())));
}

pub fn use_live_list() -> LiveList {
    expect_context::<LiveList>()
}

pub fn use_live_viewers() -> LiveViewers {
    expect_context::<LiveViewers>()
}
