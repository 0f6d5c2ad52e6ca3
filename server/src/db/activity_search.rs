//! Activity search: keyword, filters, disjunctive facets and keyset pagination.
//!
//! A keyword is matched once per request into the temporary table `temp.hits`: three or more
//! characters through the FTS5 trigram index (`activities_fts`); one or two characters (核,
//! 水利), which trigrams cannot match, through `activity_chars` (each activity's distinct
//! characters) — a lookup for one character, an intersection plus a `LIKE` check for two.
//! Totals and the three disjunctive facets come from one grouped pass over the rows that match
//! every filter outside those groups (a covering index serves it); `scripts/bench` measures it.
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
        if self.q.is_some() {
            out.push((
                Group::Other,
                "a.seq IN (SELECT seq FROM temp.hits)".into(),
                vec![],
            ));
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

/// Fills `temp.hits` with the activities whose text contains `q`.
fn match_keyword(conn: &Connection, q: &str) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS hits(seq INTEGER PRIMARY KEY); DELETE FROM temp.hits;",
    )?;
    let chars: Vec<char> = q.chars().collect();
    let like = r"a.title LIKE ?1 ESCAPE '\' OR a.summary LIKE ?1 ESCAPE '\' OR a.organizer_name LIKE ?1 ESCAPE '\' OR a.venue_name LIKE ?1 ESCAPE '\'";
    match chars.len() {
        0 => Ok(()),
        1 => conn
            .prepare_cached("INSERT INTO temp.hits SELECT seq FROM activity_chars WHERE ch = ?1")?
            .execute([q])
            .map(drop),
        2 => conn
            .prepare_cached(&format!(
                "INSERT INTO temp.hits SELECT a.seq FROM activities a WHERE a.seq IN
                   (SELECT seq FROM activity_chars WHERE ch = ?2 INTERSECT SELECT seq FROM activity_chars WHERE ch = ?3)
                 AND ({like})"
            ))?
            .execute(rusqlite::params![like_pattern(q), chars[0].to_string(), chars[1].to_string()])
            .map(drop),
        _ => conn
            .prepare_cached("INSERT INTO temp.hits SELECT rowid FROM activities_fts WHERE activities_fts MATCH ?1")?
            .execute([fts_phrase(q)])
            .map(drop),
    }
}

/// Builds `activity_chars` for every activity that has none yet (after seeding, or for a
/// database made before the index existed).
pub fn index_short_keywords(conn: &Connection) -> rusqlite::Result<usize> {
    let tx = conn.unchecked_transaction()?;
    let n = index_short_keywords_in(&tx)?;
    tx.commit()?;
    Ok(n)
}

fn index_short_keywords_in(conn: &Connection) -> rusqlite::Result<usize> {
    let mut read = conn.prepare(
        "SELECT seq, title || summary || organizer_name || COALESCE(venue_name, '') FROM activities
         WHERE seq > COALESCE((SELECT MAX(seq) FROM activity_chars), 0)",
    )?;
    let mut insert =
        conn.prepare("INSERT OR IGNORE INTO activity_chars(ch, seq) VALUES (?1, ?2)")?;
    let mut rows = read.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text: String = r.get(1)?;
        let mut seen = std::collections::BTreeSet::new();
        for ch in text.chars().filter(|c| !c.is_whitespace()) {
            if seen.insert(ch) {
                insert.execute(rusqlite::params![ch.to_string(), seq])?;
            }
        }
        n += 1;
    }
    Ok(n)
}

/// The whole search on one connection (items, then total and facets).
pub fn search(conn: &Connection, s: &Search) -> rusqlite::Result<Found> {
    let (items, next) = page(conn, s)?;
    let (total, facets) = totals(conn, s)?;
    Ok(Found {
        items,
        next,
        total,
        facets,
    })
}

/// The total and facets alone (the handler runs this beside [`page`] on a second connection).
pub fn totals(conn: &Connection, s: &Search) -> rusqlite::Result<(i64, Facets)> {
    if let Some(q) = &s.q {
        match_keyword(conn, q)?;
    }
    totals_and_facets(conn, s, &s.filters())
}

/// One page of items and the sort key to continue after, if there are more.
pub fn page(
    conn: &Connection,
    s: &Search,
) -> rusqlite::Result<(Vec<ActivitySummary>, Option<Vec<i64>>)> {
    if let Some(q) = &s.q {
        match_keyword(conn, q)?;
    }
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

    Ok((items, if more { last_key } else { None }))
}

/// One grouped pass over the rows that match every filter outside the facet groups; the total
/// and each group's counts (with every filter but its own) are summed from it.
fn totals_and_facets(
    conn: &Connection,
    s: &Search,
    filters: &[(Group, String, Vec<Value>)],
) -> rusqlite::Result<(i64, Facets)> {
    let base: Vec<_> = filters
        .iter()
        .filter(|(g, _, _)| *g == Group::Other)
        .collect();
    let (w, p) = where_clause(&base);
    let sql = format!(
        "SELECT a.theme_id, a.province_code, a.city_code, a.format, COUNT(*) FROM activities a{w}
         GROUP BY a.theme_id, a.province_code, a.city_code, a.format"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let groups = stmt
        .query_map(params_from_iter(p.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let eq =
        |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| Some(w) == have);
    let mut total = 0;
    let mut theme: std::collections::HashMap<String, i64> = Default::default();
    let mut province: std::collections::HashMap<String, i64> = Default::default();
    let mut format: std::collections::HashMap<String, i64> = Default::default();
    for (t, pr, city, f, n) in &groups {
        let in_theme = eq(&s.theme, Some(t));
        let in_region = eq(&s.province, pr.as_deref()) && eq(&s.city, city.as_deref());
        let in_format = eq(&s.format, Some(f));
        if in_theme && in_region && in_format {
            total += n;
        }
        if in_region && in_format {
            *theme.entry(t.clone()).or_default() += n;
        }
        if in_theme && in_format {
            if let Some(pr) = pr {
                *province.entry(pr.clone()).or_default() += n;
            }
        }
        if in_theme && in_region {
            *format.entry(f.clone()).or_default() += n;
        }
    }
    let ordered = |sql: &str,
                   counts: &std::collections::HashMap<String, i64>|
     -> rusqlite::Result<Vec<FacetCount>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids
            .into_iter()
            .filter_map(|id| {
                counts.get(&id).filter(|n| **n > 0).map(|n| FacetCount {
                    value: id,
                    count: *n,
                })
            })
            .collect())
    };
    let facets = Facets {
        theme: ordered("SELECT id FROM themes ORDER BY sort", &theme)?,
        province: ordered("SELECT code FROM provinces ORDER BY sort", &province)?,
        format: ordered(
            "SELECT 'online' UNION ALL SELECT 'offline' UNION ALL SELECT 'hybrid'",
            &format,
        )?,
    };
    Ok((total, facets))
}
