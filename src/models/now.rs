//! `GET /now` (what is on now, for the home page) and `GET /regions/locate` (附近).
use super::{ActivitySummary, Livestream, RegionRef};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The current challenge's progress.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NowChallenge {
    pub id: String,
    pub title: String,
    pub open: bool,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub deadline: DateTime<FixedOffset>,
    pub entry_count: u64,
}

/// What is on now, by the server clock; every list holds at most 10 items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Now {
    pub live: Vec<Livestream>,
    pub streams_soon: Vec<Livestream>,
    pub starting_soon: Vec<ActivitySummary>,
    /// Today's activities not ended, nearest first (empty without a city).
    pub today_near: Vec<ActivitySummary>,
    /// The city `today_near` is near.
    #[serde(default)]
    pub near: Option<RegionRef>,
    #[serde(default)]
    pub challenge: Option<NowChallenge>,
}

/// The nearest city with a known centre to a position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocatedCity {
    pub province_code: String,
    pub province_name: String,
    pub city_code: String,
    pub city_name: String,
}

impl From<LocatedCity> for RegionRef {
    fn from(c: LocatedCity) -> Self {
        RegionRef {
            province_code: c.province_code,
            province_name: c.province_name,
            city_code: Some(c.city_code),
            city_name: Some(c.city_name),
        }
    }
}
