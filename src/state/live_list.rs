//! The /live list, kept for the whole visit so that coming back from a watch page shows the same tab at the
//! same scroll position, and the live viewer counts as last refreshed.
use crate::hooks::PagedState;
use crate::models::Livestream;
use crate::state::use_section_state;
use leptos::prelude::*;
use std::collections::HashMap;

/// The list; its meta is the tab's total.
pub type LiveList = PagedState<Livestream, Option<u64>>;

/// Viewer counts newer than the list's own, by stream id (from `GET /livestreams/viewers`).
#[derive(Clone, Copy)]
pub struct LiveViewers(pub RwSignal<HashMap<String, u64>>);

pub fn use_live_list() -> LiveList {
    use_section_state(LiveList::new)
}

pub fn use_live_viewers() -> LiveViewers {
    use_section_state(|| LiveViewers(RwSignal::new(HashMap::new())))
}
