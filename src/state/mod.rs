//! App-wide state: typed contexts provided once in `App` (`provide_x()` / `use_x()`), and the state
//! a section keeps for the whole visit, created by that section on first use (`section_states`).
pub mod activity_search;
pub mod clock;
pub mod connection;
pub mod live_list;
pub mod near_me;
pub mod pending_intent;
pub mod reminders;
pub mod saved;
pub mod section_states;
pub mod session;
pub mod storage;
pub mod toasts;
pub mod volunteers;

pub use activity_search::{use_activity_search, ActivitySearch, SearchMeta};
pub use clock::{provide_clock, use_clock, ServerClock};
pub use connection::{
    on_back_online, provide_connection, use_online, ConnectionBanner, OfflineNote,
};
pub use live_list::{use_live_list, use_live_viewers, LiveList, LiveViewers};
pub use near_me::{use_near_me, NearMe};
pub use pending_intent::{
    held_intent, hold_intent, release_intent, stash_intent, take_intent, IntentKind, PendingIntent,
};
pub use reminders::{provide_reminders, use_reminders, Reminders};
pub use saved::{use_saved_activities, SavedActivities};
pub use section_states::{provide_section_states, use_section_state};
pub use session::{
    current_path, login_href, provide_session, safe_next, use_session, SessionExpiredBanner,
    SessionState,
};
pub use storage::StorageKey;
pub use toasts::{provide_toasts, use_toasts, ToastRegion, Toasts};
pub use volunteers::{use_volunteers, VolunteerState};
