use serde::{Deserialize, Serialize};

/// A list wrapper for reference data (`{items}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// One of the 11 联合行动 themes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub color: Option<String>,
}

/// 北京主场 / 部委主场 / 省级主场 / 云上科普日 / 公众科学素质促进开放日.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventKind {
    pub id: String,
    pub name: String,
}

/// A province-level region (GB/T 2260 code) with its cities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub short_name: String,
    #[serde(default)]
    pub cities: Vec<City>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct City {
    pub code: String,
    pub name: String,
}
