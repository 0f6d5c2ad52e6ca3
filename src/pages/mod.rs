//! One file per route, named after it.
pub mod activities;
pub mod activity_detail;
pub mod home;
pub mod not_found;

pub use activities::ActivitiesPage;
pub use activity_detail::ActivityDetailPage;
pub use home::HomePage;
pub use not_found::NotFoundPage;
