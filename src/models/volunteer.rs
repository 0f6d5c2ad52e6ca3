//! 点赞科技志愿: volunteers, likes and the leaderboard (see `api/openapi.yaml`), the URL forms of
//! the list and leaderboard, and the optimistic-like arithmetic.
use super::{encode, RegionRef};
use serde::Deserialize;

/// A person (科技志愿者) or a team (科技志愿服务队).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VolunteerKind {
    #[default]
    Person,
    Team,
}

impl VolunteerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            VolunteerKind::Person => "person",
            VolunteerKind::Team => "team",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Volunteer {
    pub id: String,
    pub name: String,
    pub kind: VolunteerKind,
    pub organization: String,
    pub region: RegionRef,
    #[serde(default)]
    pub service_areas: Vec<String>,
    #[serde(default)]
    pub service_hours: f64,
    #[serde(default)]
    pub story: String,
    pub photo_url: String,
    pub like_count: u64,
    #[serde(default)]
    pub liked_by_me_today: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VolunteerPage {
    pub items: Vec<Volunteer>,
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

/// `POST /volunteers/{id}/likes` → 200.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VolunteerLikeResult {
    pub like_count: u64,
    pub liked_today: bool,
    pub remaining_likes_today: u32,
}

/// The volunteer fields a leaderboard row (or a line of 我今天的点赞) shows.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct VolunteerBrief {
    pub id: String,
    pub name: String,
    pub kind: VolunteerKind,
    #[serde(default)]
    pub organization: String,
    #[serde(default)]
    pub region: Option<RegionRef>,
    pub photo_url: String,
    #[serde(default)]
    pub like_count: u64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LeaderboardEntry {
    pub rank: u32,
    pub likes: u64,
    pub volunteer: VolunteerBrief,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Leaderboard {
    pub items: Vec<LeaderboardEntry>,
    #[serde(default)]
    pub my_remaining_likes: Option<u32>,
}

/// `GET /me/likes`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MyLikesToday {
    pub daily_limit: u32,
    pub used: u32,
    pub remaining: u32,
    pub items: Vec<MyVolunteerLike>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MyVolunteerLike {
    pub volunteer: VolunteerBrief,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

fn province_code(v: Option<String>) -> Option<String> {
    non_empty(v).filter(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()))
}

/// `/volunteers?q=李&province=330000&kind=team&sort=newest`: the list's whole state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolunteerQuery {
    pub q: String,
    pub province: Option<String>,
    pub kind: Option<VolunteerKind>,
    /// `sort=newest`; the default is most liked.
    pub newest: bool,
}

impl VolunteerQuery {
    /// Reads the query from URL parameters; unknown or malformed values are dropped.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            q: non_empty(get("q"))
                .map(|q| q.chars().take(50).collect())
                .unwrap_or_default(),
            province: province_code(get("province")),
            kind: match get("kind").as_deref() {
                Some("person") => Some(VolunteerKind::Person),
                Some("team") => Some(VolunteerKind::Team),
                _ => None,
            },
            newest: get("sort").as_deref() == Some("newest"),
        }
    }

    /// `q=%E6%9D%8E&kind=team` in a stable order, only what is set (empty when nothing is).
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        let mut add = |k: &str, v: &str| {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(&encode(v));
        };
        if !self.q.is_empty() {
            add("q", &self.q);
        }
        if let Some(p) = &self.province {
            add("province", p);
        }
        if let Some(k) = self.kind {
            add("kind", k.as_str());
        }
        if self.newest {
            add("sort", "newest");
        }
        out
    }

    /// `/volunteers?…` for this query.
    pub fn href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/volunteers".to_string()
        } else {
            format!("/volunteers?{qs}")
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// `/volunteers/leaderboard?scope=province&province=330000&period=day`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaderboardQuery {
    /// The province when the board is for one province; nationwide otherwise.
    pub province: Option<String>,
    /// `period=day` (今日); the default is the week (本周).
    pub today: bool,
}

impl LeaderboardQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            province: province_code(get("province"))
                .filter(|_| get("scope").as_deref() == Some("province")),
            today: get("period").as_deref() == Some("day"),
        }
    }

    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        if let Some(p) = &self.province {
            out.push_str("scope=province&province=");
            out.push_str(p);
        }
        if self.today {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str("period=day");
        }
        out
    }

    pub fn href(&self) -> String {
        let qs = self.to_query_string();
        if qs.is_empty() {
            "/volunteers/leaderboard".to_string()
        } else {
            format!("/volunteers/leaderboard?{qs}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> VolunteerQuery {
        let map: HashMap<_, _> = pairs.iter().map(|(k, v)| (*k, v.to_string())).collect();
        VolunteerQuery::from_params(|k| map.get(k).cloned())
    }

    #[test]
    fn the_list_query_round_trips_through_the_url() {
        let q = parse(&[
            ("q", " 李 "),
            ("province", "330000"),
            ("kind", "team"),
            ("sort", "newest"),
        ]);
        assert_eq!(q.q, "李");
        assert_eq!(q.kind, Some(VolunteerKind::Team));
        let qs = q.to_query_string();
        assert_eq!(qs, "q=%E6%9D%8E&province=330000&kind=team&sort=newest");
        assert_eq!(
            parse(&[
                ("q", "李"),
                ("province", "330000"),
                ("kind", "team"),
                ("sort", "newest")
            ]),
            q
        );
        assert_eq!(VolunteerQuery::default().href(), "/volunteers");
    }

    #[test]
    fn malformed_list_values_are_dropped() {
        let q = parse(&[("province", "33"), ("kind", "robot"), ("sort", "likes")]);
        assert!(q.is_empty());
    }

    #[test]
    fn the_leaderboard_query_needs_scope_for_a_province() {
        let map: HashMap<_, _> = [("province", "330000".to_string())].into_iter().collect();
        let only_province = LeaderboardQuery::from_params(|k| map.get(k).cloned());
        assert_eq!(only_province.province, None);
        let q = LeaderboardQuery {
            province: Some("330000".into()),
            today: true,
        };
        assert_eq!(
            q.href(),
            "/volunteers/leaderboard?scope=province&province=330000&period=day"
        );
        assert_eq!(
            LeaderboardQuery::default().href(),
            "/volunteers/leaderboard"
        );
    }

    #[test]
    fn volunteers_decode_from_the_contract_example() {
        let json = r#"{"items":[{"id":"vol_0012","name":"星火科普志愿服务队","kind":"team","organization":"杭州市科学技术协会","region":{"province_code":"330000","province_name":"浙江省","city_code":"330100","city_name":"杭州市"},"service_areas":["青少年科学教育"],"service_hours":12600.5,"story":"十年来","photo_url":"/media/photos/vol_0012.svg","like_count":5821,"liked_by_me_today":false}],"next_cursor":null,"total":1}"#;
        let page: VolunteerPage = serde_json::from_str(json).unwrap();
        assert_eq!(page.items[0].kind, VolunteerKind::Team);
        let board = r#"{"scope":"all","province_code":null,"period":"week","starts_on":"2021-09-07","ends_on":"2021-09-13","items":[{"rank":1,"likes":3,"volunteer":{"id":"vol_0007","name":"王建华","kind":"person","organization":"中国科学院","region":{"province_code":"110000","province_name":"北京市"},"photo_url":"/media/photos/vol_0007.svg","like_count":3902}}],"my_remaining_likes":null}"#;
        let board: Leaderboard = serde_json::from_str(board).unwrap();
        assert_eq!(board.items[0].rank, 1);
        assert_eq!(board.my_remaining_likes, None);
    }
}
