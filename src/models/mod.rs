//! Serde types for the API's JSON, one file per resource (see `api/openapi.yaml`). No signals here.
pub mod account;
pub mod activity;
pub mod activity_query;
pub mod challenge;
pub mod credit_code;
pub mod edition;
pub mod feedback;
pub mod like;
pub mod livestream;
pub mod moderation;
pub mod now;
pub mod organiser;
pub mod problem;
pub mod recap;
pub mod recommend;
pub mod reference;
pub mod reservation;
pub mod saved;
pub mod stats; // stats
pub mod summary;
pub mod topic;
pub mod volunteer;
pub mod wire_time;
// results
pub mod results;

pub use account::*;
pub use activity::*;
pub use activity_query::*;
pub use challenge::*;
pub use credit_code::*;
pub use edition::*;
pub use feedback::*;
pub use like::*;
pub use livestream::*;
pub use moderation::*;
pub use now::*;
pub use organiser::*;
pub use problem::*;
pub use recap::*;
pub use recommend::*;
pub use reference::*;
pub use reservation::*;
pub use saved::*;
pub use stats::*; // stats
pub use summary::*;
pub use topic::*;
pub use volunteer::*;
// results
pub use results::*;
