use super::ActivitySummary;
use serde::{Deserialize, Serialize};

/// `GET /me/saved/ids`: every activity the caller saved, the latest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedIds {
    pub ids: Vec<String>,
    #[serde(default)]
    pub limit: u32,
}

/// One item of 我的收藏 (`SavedActivity`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedActivity {
    pub activity: ActivitySummary,
    pub saved_at: String,
    /// `published` or `cancelled` (已取消 since it was saved).
    #[serde(default)]
    pub status: String,
}

impl SavedActivity {
    pub fn cancelled(&self) -> bool {
        self.status == "cancelled"
    }
}

/// `GET /me/saved`.
pub type SavedPage = super::Page<SavedActivity>;
