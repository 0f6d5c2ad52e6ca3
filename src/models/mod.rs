//! Serde types for the API's JSON, one file per resource (see `api/openapi.yaml`). No signals here.
pub mod account;
pub mod activity;
pub mod activity_query;
pub mod challenge;
pub mod edition;
pub mod like;
pub mod livestream;
pub mod moderation;
pub mod problem;
pub mod reference;
pub mod topic;
pub mod volunteer;
pub mod wire_time;

pub use account::*;
pub use activity::*;
pub use activity_query::*;
pub use challenge::*;
pub use edition::*;
pub use like::*;
pub use livestream::*;
pub use moderation::*;
pub use problem::*;
pub use reference::*;
pub use topic::*;
pub use volunteer::*;
