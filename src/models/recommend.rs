//! 推荐 (issue 17): the reviewers' indicator tables, recommendations and their quotas
//! (`api/openapi.yaml`, tag `recommendations`).
use super::{NamedRef, UnitRef};
use serde::{Deserialize, Serialize};

/// A unit's registered activities per status.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ActivityStatusCounts {
    pub draft: u32,
    pub submitted: u32,
    pub returned: u32,
    pub published: u32,
    pub cancelled: u32,
}

/// `UnitFigures`: a unit's own figures (its 工作总结 and the reviewers' indicators).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitFigures {
    pub activities: ActivityStatusCounts,
    pub participants_offline: u64,
    pub views_online: u64,
    pub livestreams: u32,
    pub challenge_entries: u32,
    pub volunteers: u32,
    pub themes: Vec<NamedRef>,
    pub online_activities: u32,
}

impl UnitFigures {
    /// The 联合行动 themes the unit took part in, as one line (气象科普、航天科普).
    pub fn theme_names(&self) -> String {
        self.themes
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// `UnitIndicators`: one row of the units' table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitIndicators {
    pub unit: UnitRef,
    pub province: NamedRef,
    pub figures: UnitFigures,
    pub rating: Option<f64>,
    pub ratings: u32,
    /// `none`, `draft` or `submitted`.
    pub summary_status: String,
    pub recommended: bool,
}

/// `ActivityIndicators`: one row of the activities' table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityIndicators {
    pub activity: NamedRef,
    pub unit: UnitRef,
    pub participants_offline: Option<u64>,
    pub views_online: Option<u64>,
    pub rating: Option<f64>,
    pub ratings: u32,
    pub photos: u32,
    pub links: u32,
    pub recommended: bool,
}

/// `UnitIndicatorPage` / `ActivityIndicatorPage`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndicatorPage<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: u64,
    /// When the figures were computed (server clock, RFC 3339).
    pub taken_at: String,
}

/// `Recommendation`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// `units` or `activities`.
    pub kind: String,
    pub id: String,
    pub name: String,
    pub province: NamedRef,
    pub reason: String,
    pub recommended_by: NamedRef,
    pub recommended_at: String,
}

impl Recommendation {
    pub fn kind_label(&self) -> &'static str {
        if self.kind == "units" {
            "优秀组织单位"
        } else {
            "优秀活动"
        }
    }
}

/// `RecommendationQuota`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecommendationQuota {
    pub limit: u32,
    pub used: u32,
    pub items: Vec<Recommendation>,
}

/// `RecommendationState`: the caller's body's recommendations, quotas and deadline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecommendationState {
    pub units: RecommendationQuota,
    pub activities: RecommendationQuota,
    pub closes_at: String,
    pub open: bool,
}
