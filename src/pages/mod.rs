//! One file per route, named after it.
pub mod activities;
pub mod activity_after;
pub mod activity_detail;
pub mod challenge;
pub mod home;
pub mod legal;
pub mod live;
pub mod login;
pub mod me;
pub mod moderation;
pub mod near_me;
pub mod not_found;
pub mod now;
pub mod organiser;
pub mod reservations;
pub mod review;
pub mod saved;
pub mod stats; // stats
pub mod topics;
pub mod volunteers;

pub use activities::{ActivitiesPage, ActivitiesPages};
pub use activity_detail::ActivityDetailPage;
pub use challenge::{ChallengePage, EntryPage, SubmitPage};
pub use home::HomePage;
pub use legal::LegalPage;
pub use live::{LivePage, WatchPage};
pub use login::LoginPage;
pub use me::MePage;
pub use moderation::ModerationPages;
pub use not_found::NotFoundPage;
pub use organiser::{CheckInPage, EditActivityPage, NewActivityPage, OrganiserPage, UnitPage};
// results
pub use organiser::ResultsPage;
// modfb
pub use organiser::OrganiserAfterPage;
pub use review::{ReviewActivityPage, ReviewPage, ReviewUnitPage};
pub use stats::StatsPage; // stats
pub use topics::{TopicPage, TopicsPage};
pub use volunteers::{VolunteerDetailPage, VolunteerLeaderboardPage, VolunteersPage};
