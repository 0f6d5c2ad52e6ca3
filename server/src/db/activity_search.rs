//! Activity search: keyword, filters, disjunctive facets and keyset pagination.
//!
//! Two indexes share the work. SQLite matches the keyword: three or more characters through
//! the FTS5 trigram index (`activities_fts`); one or two characters (核, 水利), which trigrams
//! cannot match, through `activity_chars` (each activity's distinct characters). Everything
//! after that — filters, the relevance/start/popularity order, keyset paging, the total and
//! the three disjunctive facets — runs over [`ActivityIndex`], a compact in-memory copy of
//! the columns search needs (doc values, as search engines call them), in one pass over the
//! candidates. Only the page's rows are then read from SQLite. Activities are written only by
//! seeding, before the index is built; `scripts/bench` measures the whole request.
use super::activities::{summary_from_row, ActivitySummary, FROM_ACTIVITIES, SUMMARY_COLUMNS};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use std::collections::HashMap;

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

impl Search {
    fn sort(&self) -> Sort {
        self.sort.unwrap_or(Sort::Relevance)
    }

    /// How many keys a cursor for this search carries: the sort keys, then `seq`.
    /// Relevance with a keyword: (title miss, −popularity, seq); start: (starts_at, seq);
    /// popular or relevance without a keyword's ranking: (−popularity, seq) / (starts_at, seq).
    pub fn key_len(&self) -> usize {
        match (self.sort(), &self.q) {
            (Sort::Relevance, Some(_)) => 3,
            _ => 2,
        }
    }
}

/// The values one keyed column can take, numbered in their display order.
#[derive(Default)]
struct Vocabulary {
    values: Vec<String>,
    ids: HashMap<String, u16>,
}

/// Never the id of a value: a filter on an unknown value matches nothing.
const NO_MATCH: u16 = u16::MAX - 1;
/// The id of a missing (NULL) value.
const NONE: u16 = u16::MAX;

impl Vocabulary {
    fn from_list(values: Vec<String>) -> Self {
        let ids = values
            .iter()
            .enumerate()
            .map(|(i, v)| (v.clone(), i as u16))
            .collect();
        Vocabulary { values, ids }
    }

    /// The id of `v`, adding it if new (for columns without a reference table).
    fn intern(&mut self, v: &str) -> u16 {
        if let Some(id) = self.ids.get(v) {
            return *id;
        }
        let id = self.values.len() as u16;
        self.values.push(v.to_string());
        self.ids.insert(v.to_string(), id);
        id
    }

    fn id(&self, v: Option<&str>) -> u16 {
        v.map_or(NONE, |v| self.ids.get(v).copied().unwrap_or(NO_MATCH))
    }

    fn filter(&self, v: &Option<String>) -> Option<u16> {
        v.as_deref()
            .map(|v| self.ids.get(v).copied().unwrap_or(NO_MATCH))
    }
}

/// One activity's searchable columns.
struct Doc {
    seq: i64,
    starts_at: i64,
    popularity: i64,
    theme: u16,
    province: u16,
    city: u16,
    kind: u16,
    organizer_type: u16,
    format: u16,
    /// Lower-cased title, then summary, organiser and venue, separated by newlines.
    text: Box<str>,
    title_len: u32,
}

impl Doc {
    fn title(&self) -> &str {
        &self.text[..self.title_len as usize]
    }
}

/// The in-memory side of search (see the module docs). Built once at start-up.
#[derive(Default)]
pub struct ActivityIndex {
    docs: Vec<Doc>,
    themes: Vocabulary,
    provinces: Vocabulary,
    cities: Vocabulary,
    kinds: Vocabulary,
    organizer_types: Vocabulary,
    formats: Vocabulary,
}

fn column_list(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
}

impl ActivityIndex {
    /// Reads every activity's searchable columns (≈ 0.2 s for 60,000).
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        let mut index = ActivityIndex {
            themes: Vocabulary::from_list(column_list(
                conn,
                "SELECT id FROM themes ORDER BY sort",
            )?),
            provinces: Vocabulary::from_list(column_list(
                conn,
                "SELECT code FROM provinces ORDER BY sort",
            )?),
            cities: Vocabulary::from_list(column_list(conn, "SELECT code FROM cities")?),
            kinds: Vocabulary::from_list(column_list(conn, "SELECT id FROM event_kinds")?),
            formats: Vocabulary::from_list(
                ["online", "offline", "hybrid"].map(String::from).to_vec(),
            ),
            ..Default::default()
        };
        let mut stmt = conn.prepare(
            "SELECT seq, starts_at, popularity, theme_id, province_code, city_code, event_kind_id,
                    organizer_type, format, title, summary, organizer_name, venue_name
             FROM activities ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let title = r.get_ref(9)?.as_str()?.to_lowercase();
            let mut text = title.clone();
            for i in 10..=12 {
                if let Some(part) = r.get_ref(i)?.as_str_or_null()? {
                    text.push('\n');
                    text.push_str(&part.to_lowercase());
                }
            }
            let organizer_type = index.organizer_types.intern(r.get_ref(7)?.as_str()?);
            let doc = Doc {
                seq: r.get(0)?,
                starts_at: r.get(1)?,
                popularity: r.get(2)?,
                theme: index.themes.id(r.get_ref(3)?.as_str_or_null()?),
                province: index.provinces.id(r.get_ref(4)?.as_str_or_null()?),
                city: index.cities.id(r.get_ref(5)?.as_str_or_null()?),
                kind: index.kinds.id(r.get_ref(6)?.as_str_or_null()?),
                organizer_type,
                format: index.formats.id(r.get_ref(8)?.as_str_or_null()?),
                title_len: title.len() as u32,
                text: text.into_boxed_str(),
            };
            index.docs.push(doc);
        }
        Ok(index)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    fn position(&self, seq: i64) -> Option<usize> {
        self.docs.binary_search_by_key(&seq, |d| d.seq).ok()
    }
}

/// The activities (positions in the index, ascending) whose text contains `q`.
fn match_keyword(
    conn: &Connection,
    index: &ActivityIndex,
    q: &str,
) -> rusqlite::Result<Vec<usize>> {
    let needle = q.to_lowercase();
    let chars: Vec<char> = q.chars().collect();
    // Both cases of a character: `activity_chars` keeps the text's own case.
    let cases =
        |c: char| -> [String; 2] { [c.to_lowercase().collect(), c.to_uppercase().collect()] };
    let seqs: Vec<i64> = match chars.len() {
        0 => return Ok(Vec::new()),
        1 => {
            let [lower, upper] = cases(chars[0]);
            conn.prepare_cached("SELECT seq FROM activity_chars WHERE ch IN (?1, ?2)")?
                .query_map([lower, upper], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        }
        2 => {
            let [a, b] = cases(chars[0]);
            let [c, d] = cases(chars[1]);
            conn.prepare_cached(
                "SELECT seq FROM activity_chars WHERE ch IN (?1, ?2)
                 INTERSECT SELECT seq FROM activity_chars WHERE ch IN (?3, ?4)",
            )?
            .query_map([a, b, c, d], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
        }
        _ => conn
            .prepare_cached("SELECT rowid FROM activities_fts WHERE activities_fts MATCH ?1")?
            .query_map([fts_phrase(q)], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    };
    let mut found: Vec<usize> = seqs
        .into_iter()
        .filter_map(|seq| index.position(seq))
        // The character index only proves each character occurs somewhere; check the phrase.
        .filter(|&i| chars.len() > 2 || index.docs[i].text.contains(&needle))
        .collect();
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

/// A quoted FTS5 phrase (double quotes doubled).
fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
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

/// A sort key padded to three values (the pad is the same for every row, so it never decides).
type Key = [i64; 3];

/// The whole search: keyword candidates from SQLite, one pass over them in memory for the
/// page, the total and the facets, then the page's rows from SQLite.
pub fn search(conn: &Connection, index: &ActivityIndex, s: &Search) -> rusqlite::Result<Found> {
    let keyword = match &s.q {
        Some(q) => Some(match_keyword(conn, index, q)?),
        None => None,
    };
    let needle = s.q.as_deref().map(str::to_lowercase);
    let theme = index.themes.filter(&s.theme);
    let province = index.provinces.filter(&s.province);
    let city = index.cities.filter(&s.city);
    let format = index.formats.filter(&s.format);
    let kind = index.kinds.filter(&s.event_kind);
    let organizer_type = s.organizer_type.as_ref().map(|v| {
        index
            .organizer_types
            .ids
            .get(v)
            .copied()
            .unwrap_or(NO_MATCH)
    });
    let sort = s.sort();
    let after: Option<Key> = s.after.as_ref().map(|a| {
        let mut k = [0; 3];
        for (slot, v) in k.iter_mut().zip(a) {
            *slot = *v;
        }
        k
    });

    let mut theme_counts = vec![0i64; index.themes.values.len()];
    let mut province_counts = vec![0i64; index.provinces.values.len()];
    let mut format_counts = vec![0i64; index.formats.values.len()];
    let mut total = 0;
    let mut page: Vec<(Key, usize)> = Vec::new();

    let mut visit = |i: usize| {
        let d = &index.docs[i];
        // Filters outside the facet groups.
        if kind.is_some_and(|k| d.kind != k)
            || organizer_type.is_some_and(|o| d.organizer_type != o)
            || s.from.is_some_and(|f| d.starts_at < f)
            || s.until.is_some_and(|u| d.starts_at >= u)
        {
            return;
        }
        let in_theme = theme.is_none_or(|t| d.theme == t);
        let in_region =
            province.is_none_or(|p| d.province == p) && city.is_none_or(|c| d.city == c);
        let in_format = format.is_none_or(|f| d.format == f);
        if in_region && in_format {
            if let Some(n) = theme_counts.get_mut(d.theme as usize) {
                *n += 1;
            }
        }
        if in_theme && in_format {
            if let Some(n) = province_counts.get_mut(d.province as usize) {
                *n += 1;
            }
        }
        if in_theme && in_region {
            if let Some(n) = format_counts.get_mut(d.format as usize) {
                *n += 1;
            }
        }
        if !(in_theme && in_region && in_format) {
            return;
        }
        total += 1;
        let key: Key = match (sort, &needle) {
            (Sort::Relevance, Some(q)) => [
                -i64::from(d.title().contains(q.as_str())),
                -d.popularity,
                d.seq,
            ],
            (Sort::Relevance, None) | (Sort::Start, _) => [d.starts_at, d.seq, 0],
            (Sort::Popular, _) => [-d.popularity, d.seq, 0],
        };
        if after.is_none_or(|a| key > a) {
            page.push((key, i));
        }
    };
    match &keyword {
        Some(found) => found.iter().copied().for_each(&mut visit),
        None => (0..index.docs.len()).for_each(&mut visit),
    }

    // The first `limit + 1` keys in order (one more than the page tells whether there is more).
    let want = s.limit + 1;
    if page.len() > want {
        page.select_nth_unstable(want - 1);
        page.truncate(want);
    }
    page.sort_unstable();
    let more = page.len() > s.limit;
    page.truncate(s.limit);
    let next = more.then(|| {
        let (key, _) = page[page.len() - 1];
        key[..s.key_len()].to_vec()
    });
    let items = read_summaries(conn, page.iter().map(|(_, i)| index.docs[*i].seq))?;

    let facet = |vocab: &Vocabulary, counts: &[i64]| -> Vec<FacetCount> {
        vocab
            .values
            .iter()
            .zip(counts)
            .filter(|(_, n)| **n > 0)
            .map(|(v, n)| FacetCount {
                value: v.clone(),
                count: *n,
            })
            .collect()
    };
    Ok(Found {
        items,
        next,
        total,
        facets: Facets {
            theme: facet(&index.themes, &theme_counts),
            province: facet(&index.provinces, &province_counts),
            format: facet(&index.formats, &format_counts),
        },
    })
}

/// How many columns [`SUMMARY_COLUMNS`] has.
const SUMMARY_WIDTH: usize = 19;

/// The summaries of `seqs`, in that order.
fn read_summaries(
    conn: &Connection,
    seqs: impl Iterator<Item = i64>,
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
        by_seq.insert(r.get(SUMMARY_WIDTH)?, summary_from_row(r)?);
    }
    Ok(seqs.iter().filter_map(|s| by_seq.remove(s)).collect())
}
