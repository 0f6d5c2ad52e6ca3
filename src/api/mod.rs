//! The app's only door to the network. Every request is a typed function here returning
//! `Result<T, ApiError>`; components never call gloo-net themselves.
pub mod activities;
pub mod auth;
pub mod challenges;
pub mod client;
pub mod edition;
pub mod error;
pub mod feedback;
pub mod idempotency;
pub mod legal;
pub mod livestreams;
pub mod moderation;
pub mod now;
pub mod organiser;
pub mod query;
pub mod recommend;
pub mod reference;
pub mod reservations;
pub mod review;
pub mod saved;
pub mod stats; // stats
pub mod summary;
pub mod topics;
pub mod uploads;
pub mod volunteers;
// results
pub mod results;

pub use error::ApiError;
