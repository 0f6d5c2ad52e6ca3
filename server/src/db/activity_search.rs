//! Activity search: keyword, filters, disjunctive facets and keyset pagination.
//!
//! Keywords of three or more characters go through the FTS5 trigram index (`activities_fts`).
//! The trigram tokenizer cannot index one- and two-character queries (核, 水利), so those use
//! `LIKE` over title, summary, organiser and venue, restricted first by every other filter; at
//! 60,000 activities that scan is measured by `scripts/bench` (see the README's figures).
use super::activities::{summary_from_row, ActivitySummary, FROM_ACTIVITIES, SUMMARY_COLUMNS};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    Start,
    Popular,
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Theme,
    Province,
    Format,
    Other,
}

fn like_pattern(q: &str) -> String {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// A quoted FTS5 phrase (double quotes doubled).
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

impl Search {
    fn sort(&self) -> Sort {
        self.sort.unwrap_or(Sort::Relevance)
    }

    /// WHERE fragments with their group (so facets can leave their own group out).
    fn filters(&self) -> Vec<(Group, String, Vec<Value>)> {
        let mut out = Vec::new();
        let text = |v: &String| Value::Text(v.clone());
        if let Some(t) = &self.theme {
            out.push((Group::Theme, "a.theme_id = ?".into(), vec![text(t)]));
        }
        if let Some(p) = &self.province {
            out.push((Group::Province, "a.province_code = ?".into(), vec![text(p)]));
        }
        if let Some(c) = &self.city {
            out.push((Group::Province, "a.city_code = ?".into(), vec![text(c)]));
        }
        if let Some(f) = &self.format {
            out.push((Group::Format, "a.format = ?".into(), vec![text(f)]));
        }
        if let Some(k) = &self.event_kind {
            out.push((Group::Other, "a.event_kind_id = ?".into(), vec![text(k)]));
        }
        if let Some(o) = &self.organizer_type {
            out.push((Group::Other, "a.organizer_type = ?".into(), vec![text(o)]));
        }
        if let Some(from) = self.from {
            out.push((
                Group::Other,
                "a.starts_at >= ?".into(),
                vec![Value::Integer(from)],
            ));
        }
        if let Some(until) = self.until {
            out.push((
                Group::Other,
                "a.starts_at < ?".into(),
                vec![Value::Integer(until)],
            ));
        }
        if let Some(q) = &self.q {
            if q.chars().count() >= 3 {
                out.push((
                    Group::Other,
                    "a.seq IN (SELECT rowid FROM activities_fts WHERE activities_fts MATCH ?)"
                        .into(),
                    vec![Value::Text(fts_phrase(q))],
                ));
            } else {
                let p = Value::Text(like_pattern(q));
                out.push((
                    Group::Other,
                    "(a.title LIKE ? ESCAPE '\\' OR a.summary LIKE ? ESCAPE '\\' OR a.organizer_name LIKE ? ESCAPE '\\' OR a.venue_name LIKE ? ESCAPE '\\')".into(),
                    vec![p.clone(), p.clone(), p.clone(), p],
                ));
            }
        }
        out
    }

    /// Ascending sort-key expressions before the final `a.seq` (descending keys are negated,
    /// so one row-value comparison pages through them).
    fn keys(&self) -> Vec<String> {
        match (self.sort(), &self.q) {
            // Title hits first, then the more popular; the keyword is inlined as an SQL string
            // literal (quotes doubled) so the key needs no bound parameter.
            (Sort::Relevance, Some(q)) => vec![
                format!("-(instr(a.title, '{}') > 0)", q.replace('\'', "''")),
                "-a.popularity".into(),
            ],
            (Sort::Relevance, None) | (Sort::Start, _) => vec!["a.starts_at".into()],
            (Sort::Popular, _) => vec!["-a.popularity".into()],
        }
    }

    /// How many keys a cursor for this search carries (sort keys + seq).
    pub fn key_len(&self) -> usize {
        self.keys().len() + 1
    }
}

fn where_clause(parts: &[&(Group, String, Vec<Value>)]) -> (String, Vec<Value>) {
    if parts.is_empty() {
        return (String::new(), Vec::new());
    }
    let sql = parts
        .iter()
        .map(|(_, s, _)| s.as_str())
        .collect::<Vec<_>>()
        .join(" AND ");
    let params = parts.iter().flat_map(|(_, _, p)| p.clone()).collect();
    (format!(" WHERE {sql}"), params)
}

pub fn search(conn: &Connection, s: &Search) -> rusqlite::Result<Found> {
    let filters = s.filters();
    let all: Vec<_> = filters.iter().collect();
    let (where_sql, where_params) = where_clause(&all);

    // Items: keyset pagination over (keys…, seq), all ascending.
    let keys = s.keys();
    let key_list = keys
        .iter()
        .map(String::as_str)
        .chain(["a.seq"])
        .collect::<Vec<_>>()
        .join(", ");
    let mut params = where_params.clone();
    let mut sql = format!("SELECT {SUMMARY_COLUMNS}, {key_list} FROM {FROM_ACTIVITIES}{where_sql}");
    if let Some(after) = &s.after {
        let marks = vec!["?"; after.len()].join(", ");
        sql.push_str(if where_sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        });
        sql.push_str(&format!("({key_list}) > ({marks})"));
        params.extend(after.iter().map(|v| Value::Integer(*v)));
    }
    sql.push_str(&format!(" ORDER BY {key_list} LIMIT {}", s.limit + 1));

    const SUMMARY_WIDTH: usize = 19;
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(params.iter()))?;
    let mut items = Vec::new();
    let mut last_key = None;
    let mut more = false;
    while let Some(r) = rows.next()? {
        if items.len() == s.limit {
            more = true;
            break;
        }
        items.push(summary_from_row(r)?);
        let key = (0..=keys.len())
            .map(|i| r.get::<_, i64>(SUMMARY_WIDTH + i))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        last_key = Some(key);
    }

    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM activities a{where_sql}"))?
        .query_row(params_from_iter(where_params.iter()), |r| r.get(0))?;

    let facet = |group: Group,
                 column: &str,
                 order_join: &str|
     -> rusqlite::Result<Vec<FacetCount>> {
        let parts: Vec<_> = filters.iter().filter(|(g, _, _)| *g != group).collect();
        let (w, p) = where_clause(&parts);
        let sql = format!("SELECT {column}, COUNT(*) FROM activities a {order_join}{w} GROUP BY {column} ORDER BY MIN(o.sort)");
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(p.iter()), |r| {
            Ok(FacetCount {
                value: r.get(0)?,
                count: r.get(1)?,
            })
        })?;
        rows.collect()
    };
    let facets = Facets {
        theme: facet(Group::Theme, "a.theme_id", "JOIN themes o ON o.id = a.theme_id")?,
        province: facet(Group::Province, "a.province_code", "JOIN provinces o ON o.code = a.province_code")?,
        format: facet(
            Group::Format,
            "a.format",
            "JOIN (SELECT 'online' AS f, 0 AS sort UNION ALL SELECT 'offline', 1 UNION ALL SELECT 'hybrid', 2) o ON o.f = a.format",
        )?,
    };
    Ok(Found {
        items,
        next: if more { last_key } else { None },
        total,
        facets,
    })
}
