//! App-wide state, provided once in `App` as typed contexts with `provide_x()` / `use_x()`.
pub mod activity_search;
pub mod clock;

pub use activity_search::{provide_activity_search, use_activity_search, ActivitySearch, SearchMeta};
pub use clock::{provide_clock, use_clock, ServerClock};
