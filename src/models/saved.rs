use serde::{Deserialize, Serialize};

/// `GET /me/saved/ids`: every activity the caller saved, the latest first. (`GET /me/saved`
/// reads as an [`super::ActivityPage`]: its items are activity summaries, and one decoder
/// serves both lists.)
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedIds {
    pub ids: Vec<String>,
    #[serde(default)]
    pub limit: u32,
}
