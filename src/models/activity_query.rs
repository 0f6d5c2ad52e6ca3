//! The activity search state. It lives in the URL (`/activities?q=核&theme=nuclear`), so reload,
//! back/forward and shared links restore it exactly; this type reads and writes that form.
use super::ActivityFormat;
use chrono::NaiveDate;

/// The order of results. The default is "happening now, then next" by the server clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SearchSort {
    #[default]
    Now,
    Relevance,
    Start,
    Popular,
    /// Nearest first from `near` (附近).
    Distance,
}

impl SearchSort {
    pub fn as_str(self) -> &'static str {
        match self {
            SearchSort::Now => "now",
            SearchSort::Relevance => "relevance",
            SearchSort::Start => "start",
            SearchSort::Popular => "popular",
            SearchSort::Distance => "distance",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "now" => Some(SearchSort::Now),
            "relevance" => Some(SearchSort::Relevance),
            "start" => Some(SearchSort::Start),
            "popular" => Some(SearchSort::Popular),
            "distance" => Some(SearchSort::Distance),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityQuery {
    pub q: String,
    pub theme: Option<String>,
    pub event_kind: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub format: Option<ActivityFormat>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub sort: SearchSort,
    /// Only ended activities (`time_status=ended`); otherwise ended ones are left out.
    pub ended: bool,
    /// The city distances are measured from (`sort=distance`).
    pub near: Option<String>,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

impl ActivityQuery {
    /// Reads the query from URL parameters; unknown or malformed values are dropped.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let date =
            |k: &str| non_empty(get(k)).and_then(|s| crate::models::wire_time::parse_date(&s));
        Self {
            q: non_empty(get("q")).unwrap_or_default(),
            theme: non_empty(get("theme")),
            event_kind: non_empty(get("event_kind")),
            province: non_empty(get("province")),
            city: non_empty(get("city")),
            format: non_empty(get("format")).and_then(|f| ActivityFormat::parse(&f)),
            from: date("from"),
            to: date("to"),
            sort: non_empty(get("sort"))
                .and_then(|s| SearchSort::parse(&s))
                .unwrap_or_default(),
            ended: non_empty(get("time_status")).as_deref() == Some("ended"),
            near: non_empty(get("near")),
        }
    }

    /// `(key, value)` pairs in a stable order, only for what is set.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if !self.q.is_empty() {
            out.push(("q", self.q.clone()));
        }
        let opts = [
            ("theme", &self.theme),
            ("event_kind", &self.event_kind),
            ("province", &self.province),
            ("city", &self.city),
        ];
        for (k, v) in opts {
            if let Some(v) = v {
                out.push((k, v.clone()));
            }
        }
        if let Some(f) = self.format {
            out.push(("format", f.as_str().to_string()));
        }
        if let Some(d) = self.from {
            out.push(("from", crate::models::wire_time::format_date(d)));
        }
        if let Some(d) = self.to {
            out.push(("to", crate::models::wire_time::format_date(d)));
        }
        if self.sort != SearchSort::default() {
            out.push(("sort", self.sort.as_str().to_string()));
        }
        if self.ended {
            out.push(("time_status", "ended".to_string()));
        }
        if let Some(near) = &self.near {
            out.push(("near", near.clone()));
        }
        out
    }

    /// The query as the API needs it: the app's defaults spelled out (the API's own default order
    /// is relevance and it keeps ended activities).
    pub fn to_api_query_string(&self) -> String {
        let mut pairs = self.pairs();
        pairs.retain(|(k, _)| *k != "sort" && *k != "time_status");
        pairs.push(("sort", self.sort.as_str().to_string()));
        let status = if self.ended {
            "ended"
        } else {
            "ongoing,upcoming"
        };
        pairs.push(("time_status", status.to_string()));
        join(pairs)
    }

    /// `q=%E6%A0%B8&theme=nuclear` (empty when nothing is set).
    pub fn to_query_string(&self) -> String {
        join(self.pairs())
    }

    /// How many filters (not the keyword or sort) are active.
    pub fn filter_count(&self) -> usize {
        [&self.theme, &self.event_kind, &self.province]
            .iter()
            .filter(|v| v.is_some())
            .count()
            + usize::from(self.format.is_some())
            + usize::from(self.from.is_some() || self.to.is_some())
            + usize::from(self.ended)
    }

    pub fn is_empty(&self) -> bool {
        self.q.is_empty() && self.filter_count() == 0
    }
}

fn join(pairs: Vec<(&'static str, String)>) -> String {
    pairs
        .into_iter()
        .map(|(k, v)| format!("{k}={}", encode(&v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes a query value (UTF-8), leaving only unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> ActivityQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ActivityQuery::from_params(|k| map.get(k).cloned())
    }

    #[test]
    fn round_trips_through_the_url() {
        let q = parse(&[
            ("q", "核 能"),
            ("theme", "nuclear"),
            ("province", "110000"),
            ("from", "2021-09-12"),
            ("to", "2021-09-13"),
            ("sort", "start"),
        ]);
        let s = q.to_query_string();
        assert_eq!(s, "q=%E6%A0%B8%20%E8%83%BD&theme=nuclear&province=110000&from=2021-09-12&to=2021-09-13&sort=start");
        let back: Vec<(String, String)> = q
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let again = parse(
            &back
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        );
        assert_eq!(again, q);
        assert_eq!(q.filter_count(), 3);
    }

    #[test]
    fn distance_sort_keeps_its_city() {
        let q = parse(&[("sort", "distance"), ("near", "310104")]);
        assert_eq!(q.sort, SearchSort::Distance);
        assert_eq!(q.near.as_deref(), Some("310104"));
        assert_eq!(q.to_query_string(), "sort=distance&near=310104");
        assert!(q.is_empty(), "a sort is not a filter");
    }

    #[test]
    fn drops_what_it_cannot_understand() {
        let q = parse(&[
            ("format", "teleport"),
            ("from", "9月12日"),
            ("sort", "random"),
            ("q", "   "),
        ]);
        assert_eq!(q, ActivityQuery::default());
        assert!(q.is_empty());
        assert_eq!(q.to_query_string(), "");
    }

    #[test]
    fn by_default_the_api_is_asked_for_now_then_next_without_ended_ones() {
        let q = ActivityQuery::default();
        assert_eq!(q.sort, SearchSort::Now);
        assert_eq!(
            q.to_api_query_string(),
            "sort=now&time_status=ongoing%2Cupcoming"
        );
        let ended = parse(&[("time_status", "ended"), ("sort", "start")]);
        assert!(ended.ended);
        assert_eq!(ended.to_query_string(), "sort=start&time_status=ended");
        assert_eq!(ended.to_api_query_string(), "sort=start&time_status=ended");
        assert_eq!(ended.filter_count(), 1);
        // Anything else is the default (ended ones left out), and the URL stays short.
        assert!(!parse(&[("time_status", "upcoming")]).ended);
        assert_eq!(parse(&[("sort", "now")]).to_query_string(), "");
    }
}
