//! Activity search: keyword, filters, disjunctive facets and keyset pagination.
//!
//! The in-memory [`ActivityIndex`] (compressed bitmaps per 1–3-character gram, filter value
//! and China day, and each order as a sorted list; see `activity_index.rs`) finds the page, the
//! exact total and the facets; only the page's rows are then read from SQLite. Its cost
//! follows the page asked for, not the number of matches; `scripts/bench` measures the whole
//! request.
use super::activities::{summary_from_row, ActivitySummary, FROM_ACTIVITIES, SUMMARY_COLUMNS};
pub use super::activity_index::{ActivityDoc, ActivityIndex, Hits};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    Start,
    Popular,
    /// Ongoing (soonest end), upcoming (by start), ended (latest end) by `Search::now`.
    Now,
    /// Nearest to `Search::point` first; activities without a position last, by start.
    Distance,
}

/// A validated search.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub q: Option<String>,
    pub theme: Option<String>,
    pub event_kind: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub format: Option<String>,
    pub organizer_type: Option<String>,
    /// Unix seconds: starts at or after.
    pub from: Option<i64>,
    /// Unix seconds: starts before.
    pub until: Option<i64>,
    pub sort: Option<Sort>,
    pub limit: usize,
    /// The sort key of the last row already returned.
    pub after: Option<Vec<i64>>,
    /// The server clock (unix seconds): time statuses and `Sort::Now` follow it.
    pub now: i64,
    /// Keep only these time statuses: [upcoming, ongoing, ended].
    pub time_status: Option<[bool; 3]>,
    /// The reference point (lat, lng) of `Sort::Distance` and of `distance_km`.
    pub point: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetCount {
    pub value: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Facets {
    pub theme: Vec<FacetCount>,
    pub province: Vec<FacetCount>,
    pub format: Vec<FacetCount>,
}

pub struct Found {
    pub items: Vec<ActivitySummary>,
    /// Sort key of the last item when there are more.
    pub next: Option<Vec<i64>>,
    pub total: i64,
    pub facets: Facets,
}

impl Search {
    fn sort(&self) -> Sort {
        self.sort.unwrap_or(Sort::Relevance)
    }

    /// How many keys a cursor for this search carries: the sort keys, then `seq`.
    /// Relevance with a keyword: (title miss, −popularity, seq); start: (starts_at, seq);
    /// popular or relevance without a keyword's ranking: (−popularity, seq) / (starts_at, seq).
    pub fn key_len(&self) -> usize {
        match (self.sort(), &self.q) {
            (Sort::Relevance, Some(_)) | (Sort::Now | Sort::Distance, _) => 3,
            _ => 2,
        }
    }
}

/// The whole search: the page, total and facets from the index, then the page's rows from
/// SQLite.
pub fn search(conn: &Connection, index: &ActivityIndex, s: &Search) -> rusqlite::Result<Found> {
    let hits = index.query(s);
    let mut items = read_summaries(conn, hits.seqs.into_iter(), s.now)?;
    if let Some(from) = s.point {
        set_distances(&mut items, from);
    }
    Ok(Found {
        items,
        next: hits.next,
        total: hits.total,
        facets: hits.facets,
    })
}

/// Sets `distance_km` (one decimal; null without a location) from `from`.
pub fn set_distances(items: &mut [ActivitySummary], from: (f64, f64)) {
    for item in items {
        item.distance_km =
            Some(item.location.as_ref().map(|l| {
                (crate::seed::geo::distance_km(from, (l.lat, l.lng)) * 10.0).round() / 10.0
            }));
    }
}

/// How many columns [`SUMMARY_COLUMNS`] has.
const SUMMARY_WIDTH: usize = 24;

/// The summaries of `seqs`, in that order.
pub fn read_summaries(
    conn: &Connection,
    seqs: impl Iterator<Item = i64>,
    now: i64,
) -> rusqlite::Result<Vec<ActivitySummary>> {
    let seqs: Vec<i64> = seqs.collect();
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; seqs.len()].join(", ");
    let sql =
        format!("SELECT {SUMMARY_COLUMNS}, a.seq FROM {FROM_ACTIVITIES} WHERE a.seq IN ({marks})");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut by_seq: HashMap<i64, ActivitySummary> = HashMap::with_capacity(seqs.len());
    let params = seqs.iter().map(|s| Value::Integer(*s));
    let mut rows = stmt.query(params_from_iter(params))?;
    while let Some(r) = rows.next()? {
        by_seq.insert(r.get(SUMMARY_WIDTH)?, summary_from_row(r, now)?);
    }
    Ok(seqs.iter().filter_map(|s| by_seq.remove(s)).collect())
}
