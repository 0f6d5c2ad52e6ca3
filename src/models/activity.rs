use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// `{id, name}` pair the API uses for themes and event kinds inside an activity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityFormat {
    Online,
    Offline,
    Hybrid,
}

impl ActivityFormat {
    pub const ALL: [ActivityFormat; 3] = [Self::Online, Self::Offline, Self::Hybrid];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Offline => "offline",
            Self::Hybrid => "hybrid",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organizer {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `RegionRef`: where an activity, volunteer or unit is (codes with names).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionRef {
    pub province_code: String,
    pub province_name: String,
    #[serde(default)]
    pub city_code: Option<String>,
    #[serde(default)]
    pub city_name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub name: String,
    pub address: String,
}

/// Places and reservation state of an activity that takes reservations (预约报名), by the
/// server clock when the answer was made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Registration {
    pub required: bool,
    #[serde(default)]
    pub capacity: Option<u32>,
    /// People of confirmed and checked-in reservations.
    #[serde(default)]
    pub registered: u32,
    /// 剩余 N 个名额 (null without capacity).
    #[serde(default)]
    pub remaining: Option<u32>,
    /// 候补 N 人.
    #[serde(default)]
    pub waitlisted: u32,
    #[serde(default, with = "crate::models::wire_time::rfc3339_opt")]
    pub opens_at: Option<DateTime<FixedOffset>>,
    #[serde(default, with = "crate::models::wire_time::rfc3339_opt")]
    pub closes_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub state: Option<RegistrationState>,
}

/// Whether an activity takes reservations now (`api/openapi.yaml`, `RegistrationState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    Open,
    Full,
    NotYetOpen,
    Closed,
}

/// Where an activity is in time by the server clock (`api/openapi.yaml`, *Time status*):
/// 未开始 before `starts_at`, 进行中 until `ends_at` (exclusive), 已结束 from then on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeStatus {
    Upcoming,
    Ongoing,
    Ended,
}

impl TimeStatus {
    /// The status at `now` (the same split the server makes).
    pub fn at(now: DateTime<Utc>, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Self {
        if now < starts_at {
            Self::Upcoming
        } else if now < ends_at {
            Self::Ongoing
        } else {
            Self::Ended
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Ongoing => "ongoing",
            Self::Ended => "ended",
        }
    }
}

/// `GET /activities/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub description: String,
    pub theme: NamedRef,
    pub event_kind: NamedRef,
    pub format: ActivityFormat,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub ends_at: DateTime<FixedOffset>,
    pub organizer: Organizer,
    #[serde(default)]
    pub region: Option<RegionRef>,
    #[serde(default)]
    pub venue: Option<Venue>,
    #[serde(default)]
    pub online_url: Option<String>,
    pub cover_url: String,
    #[serde(default)]
    pub registration: Option<Registration>,
    #[serde(default)]
    pub popularity: u64,
    /// By the server clock when the answer was made (the card follows the corrected clock on).
    #[serde(default)]
    pub time_status: Option<TimeStatus>,
    /// Great-circle km from the request's reference point (附近; `sort=distance`, `/now`), one
    /// decimal; None without one or without a known location.
    #[serde(default)]
    pub distance_km: Option<f64>,
}

/// A search result: an [`Activity`] without its long fields, which read as their defaults (no
/// description, online link or registration): one type, so a card and the detail page read the
/// same fields the same way.
pub type ActivitySummary = Activity;

/// One facet value and how many results it would give.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Disjunctive facets: each group counted with every filter except its own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityFacets {
    #[serde(default)]
    pub theme: Vec<FacetCount>,
    #[serde(default)]
    pub province: Vec<FacetCount>,
    #[serde(default)]
    pub format: Vec<FacetCount>,
}

/// `GET /activities`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub items: Vec<ActivitySummary>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
    #[serde(default)]
    pub facets: ActivityFacets,
}

#[cfg(test)]
mod tests {
    use super::TimeStatus;
    use chrono::{DateTime, Utc};

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn time_status_includes_the_start_and_excludes_the_end() {
        let (start, end) = (
            at("2021-09-13T10:00:00+08:00"),
            at("2021-09-13T12:00:00+08:00"),
        );
        let status = |now: &str| TimeStatus::at(at(now), start, end);
        assert_eq!(status("2021-09-13T09:59:59+08:00"), TimeStatus::Upcoming);
        assert_eq!(status("2021-09-13T10:00:00+08:00"), TimeStatus::Ongoing);
        assert_eq!(status("2021-09-13T11:59:59+08:00"), TimeStatus::Ongoing);
        assert_eq!(status("2021-09-13T12:00:00+08:00"), TimeStatus::Ended);
    }
}
