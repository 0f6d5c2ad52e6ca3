//! 活动回顾 as the public activity page shows it (`Activity.results` in `api/openapi.yaml`):
//! the photos, the titled news links and the figures. Read by the late pack `after` only (the
//! activity page's own `Activity` does not decode it, so the first load carries none of it).
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RecapPhoto {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RecapLink {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Recap {
    #[serde(default)]
    pub photos: Vec<RecapPhoto>,
    #[serde(default)]
    pub links: Vec<RecapLink>,
    #[serde(default)]
    pub participants_offline: Option<u64>,
    #[serde(default)]
    pub views_online: Option<u64>,
}

impl Recap {
    pub fn is_empty(&self) -> bool {
        self.photos.is_empty()
            && self.links.is_empty()
            && self.participants_offline.is_none()
            && self.views_online.is_none()
    }
}

/// The public activity, for its `results` only.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct ActivityRecap {
    #[serde(default)]
    pub results: Option<Recap>,
}
