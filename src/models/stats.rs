//! 统计 (`api/openapi.yaml`, tag `stats`): `GET /stats` and `GET /review/stats`.
use serde::Deserialize;

/// `StatsRow`: one group's figures.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct StatsRow {
    pub id: String,
    pub name: String,
    pub activities: u64,
    /// Places reserved (预约人数).
    pub participants: u64,
    /// Participants the organisers reported in 活动回顾 (线下参与人数).
    pub participants_offline: u64,
    /// Online views the organisers reported in 活动回顾 (线上观看).
    pub views_online: u64,
    pub ratings: u64,
    pub average_stars: Option<f64>,
}

/// `Stats`: the figures, when they were taken, and whose they are.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Stats {
    pub taken_at: String,
    pub scope: String,
    pub totals: StatsRow,
    pub by_province: Vec<StatsRow>,
    pub by_theme: Vec<StatsRow>,
    pub by_event_kind: Vec<StatsRow>,
    pub by_day: Vec<StatsRow>,
}
