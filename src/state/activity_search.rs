//! The activity search results, kept for the whole visit so that going back from a detail page
//! shows the same list at the same scroll position without asking the server again.
use crate::hooks::PagedState;
use crate::models::{ActivityFacets, ActivitySummary};
use crate::state::use_section_state;

/// Total and facets of the current search (from its first page).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchMeta {
    pub total: Option<u64>,
    pub facets: ActivityFacets,
}

pub type ActivitySearch = PagedState<ActivitySummary, SearchMeta>;

pub fn use_activity_search() -> ActivitySearch {
    use_section_state(ActivitySearch::new)
}
