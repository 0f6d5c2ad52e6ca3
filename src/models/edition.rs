use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// `GET /edition`: the edition being shown and the server's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub year: i32,
    pub name: String,
    pub theme: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub utc_offset: String,
    pub server_time: DateTime<FixedOffset>,
}
