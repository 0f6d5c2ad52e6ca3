//! App-wide state, provided once in `App` as typed contexts with `provide_x()` / `use_x()`.
pub mod activity_search;
pub mod clock;
pub mod live_list;
pub mod reminders;
pub mod session;
pub mod storage;
pub mod toasts;
pub mod volunteers;

pub use activity_search::{
    provide_activity_search, use_activity_search, ActivitySearch, SearchMeta,
};
pub use clock::{provide_clock, use_clock, ServerClock};
pub use live_list::{provide_live_list, use_live_list, use_live_viewers, LiveList, LiveViewers};
pub use reminders::{provide_reminders, use_reminders, Reminders};
pub use session::{
    current_path, login_href, provide_session, safe_next, use_session, SessionExpiredBanner,
    SessionState,
};
pub use storage::StorageKey;
pub use toasts::{provide_toasts, use_toasts, ToastRegion, Toasts};
pub use volunteers::{provide_volunteers, use_volunteers, VolunteerState};
