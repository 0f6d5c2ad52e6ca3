//! The in-memory activity search index: what makes a search cost what its page costs, not
//! what its matches cost (issue 21).
//!
//! Every activity gets a position (its arrival order). Everything a search asks is a set of
//! positions, kept as a compressed bitmap ([`RoaringBitmap`]):
//! - keywords: the positions whose text holds a character, two or three adjacent characters
//!   (lower-cased, within one field: title, summary, organiser, venue). A keyword of one to
//!   three characters (核, 水利, 碳中和) is exactly one such set; a longer one intersects its
//!   three-character grams and checks the candidates left against the text. The title has its
//!   own sets, for relevance;
//! - filters: one set per theme, event kind, province, city, format, organiser type and China
//!   day;
//! - totals and facet counts are intersection sizes, with each facet group ignoring its own
//!   filter (disjunctive facets);
//! - the page: each order (start time; popularity) is a list of positions sorted by its key.
//!   A page walks that list from the cursor and keeps the members of the result set, stopping
//!   after `limit + 1`; when the result set is too small for the walk to pay, its members are
//!   ranked directly. Either way the work is bounded by about √(limit × activities).
//!
//! The index is built once at start-up from SQLite ([`ActivityIndex::load`]) and kept up to
//! date one activity at a time ([`ActivityIndex::refresh`], [`ActivityIndex::upsert`],
//! [`ActivityIndex::remove`]): a new or changed activity is searchable as soon as the call
//! returns.
use super::activity_search::{FacetCount, Facets, Search, Sort};
use roaring::RoaringBitmap;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::{BTreeMap, HashMap};
use std::sync::RwLock;

/// One activity as search sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDoc {
    pub seq: i64,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Where it takes place (lat, lng): see `ActivitySummary::location`.
    pub point: Option<(f64, f64)>,
    pub popularity: i64,
    pub theme: Option<String>,
    pub event_kind: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub organizer_type: Option<String>,
    pub format: Option<String>,
    pub title: String,
    pub summary: String,
    pub organizer: String,
    pub venue: Option<String>,
}

/// What a search found: the page's activities (by `seq`), the cursor key after it, the exact
/// total and the facets.
#[derive(Debug, PartialEq)]
pub struct Hits {
    pub seqs: Vec<i64>,
    pub next: Option<Vec<i64>>,
    pub total: i64,
    pub facets: Facets,
}

/// A sort key padded to three values (the pad is the same for every row, so it never decides).
pub type Key = [i64; 3];

/// The id of a missing (NULL) value.
const NONE: u16 = u16::MAX;

/// One keyed column: its values in display order, and the positions holding each.
#[derive(Default)]
struct Column {
    values: Vec<String>,
    ids: HashMap<String, u16>,
    docs: Vec<RoaringBitmap>,
}

impl Column {
    fn with_values(values: Vec<String>) -> Self {
        let mut c = Column::default();
        for v in values {
            c.intern(&v);
        }
        c
    }

    /// The id of `v`, adding it after the known values if new.
    fn intern(&mut self, v: &str) -> u16 {
        if let Some(id) = self.ids.get(v) {
            return *id;
        }
        let id = self.values.len() as u16;
        self.values.push(v.to_string());
        self.ids.insert(v.to_string(), id);
        self.docs.push(RoaringBitmap::new());
        id
    }

    fn add(&mut self, pos: u32, v: Option<&str>) -> u16 {
        match v {
            Some(v) => {
                let id = self.intern(v);
                self.docs[id as usize].insert(pos);
                id
            }
            None => NONE,
        }
    }

    fn remove(&mut self, pos: u32, id: u16) {
        if let Some(set) = self.docs.get_mut(id as usize) {
            set.remove(pos);
        }
    }

    /// The positions a filter on `v` keeps (`None`: no filter; an unknown value keeps none).
    fn filter<'a>(
        &'a self,
        v: &Option<String>,
        empty: &'a RoaringBitmap,
    ) -> Option<&'a RoaringBitmap> {
        v.as_ref()
            .map(|v| self.ids.get(v).map_or(empty, |id| &self.docs[*id as usize]))
    }

    /// Each value's count within `within` (everything when `None`), in display order.
    fn counts(&self, within: Option<&RoaringBitmap>) -> Vec<FacetCount> {
        self.values
            .iter()
            .zip(&self.docs)
            .filter_map(|(value, docs)| {
                let n = within.map_or(docs.len(), |w| w.intersection_len(docs));
                (n > 0).then(|| FacetCount {
                    value: value.clone(),
                    count: n as i64,
                })
            })
            .collect()
    }
}

/// Postings of some text fields' n-grams: each character, each two and each three adjacent
/// characters (shorter grams padded with NUL).
#[derive(Default)]
struct Grams {
    sets: HashMap<Gram, RoaringBitmap>,
}

type Gram = [char; 3];

/// Characters no gram holds (whitespace: a keyword is trimmed, and its inner spaces are
/// checked against the text; NUL pads short grams).
fn breaks_grams(c: char) -> bool {
    c.is_whitespace() || c == '\0'
}

/// The grams of runs of characters, n = 1..=3.
fn grams_in(chars: &[char], out: &mut Vec<Gram>) {
    for run in chars.split(|c| breaks_grams(*c)) {
        for (i, &c) in run.iter().enumerate() {
            out.push([c, '\0', '\0']);
            if i >= 1 {
                out.push([run[i - 1], c, '\0']);
            }
            if i >= 2 {
                out.push([run[i - 2], run[i - 1], c]);
            }
        }
    }
}

/// The distinct grams of `fields`.
fn grams_of<'a>(fields: impl Iterator<Item = &'a str>) -> Vec<Gram> {
    let mut grams = Vec::new();
    for field in fields {
        let chars: Vec<char> = field.chars().collect();
        grams_in(&chars, &mut grams);
    }
    grams.sort_unstable();
    grams.dedup();
    grams
}

/// The intersection of `sets`, smallest first (`None` when there are none: everything).
fn intersect(mut sets: Vec<&RoaringBitmap>) -> Option<RoaringBitmap> {
    sets.sort_by_key(|s| s.len());
    let (first, rest) = sets.split_first()?;
    let mut out = (*first).clone();
    for s in rest {
        if out.is_empty() {
            break;
        }
        out &= *s;
    }
    Some(out)
}

impl Grams {
    fn add(&mut self, pos: u32, fields: &[&str]) {
        for gram in grams_of(fields.iter().copied()) {
            let set = self.sets.entry(gram).or_default();
            // Loading adds positions in ascending order: appending is the cheap case.
            if set.try_push(pos).is_err() {
                set.insert(pos);
            }
        }
    }

    fn remove(&mut self, pos: u32, fields: &[&str]) {
        for gram in grams_of(fields.iter().copied()) {
            if let Some(set) = self.sets.get_mut(&gram) {
                set.remove(pos);
                if set.is_empty() {
                    self.sets.remove(&gram);
                }
            }
        }
    }

    /// The positions that may contain `needle` (lower-cased characters), and whether they all
    /// do: exact for a keyword of one to three characters without spaces; `None` means every
    /// position may.
    fn candidates(&self, needle: &[char]) -> (Option<RoaringBitmap>, bool) {
        static NOTHING: std::sync::OnceLock<RoaringBitmap> = std::sync::OnceLock::new();
        let nothing = NOTHING.get_or_init(RoaringBitmap::new);
        let mut grams = Vec::new();
        grams_in(needle, &mut grams);
        // The longest grams say the most: use only those.
        let longest = |g: &Gram| g.iter().filter(|c| **c != '\0').count();
        let n = grams.iter().map(longest).max().unwrap_or(0);
        let sets: Vec<&RoaringBitmap> = grams
            .iter()
            .filter(|g| longest(g) == n)
            .map(|g| self.sets.get(g).unwrap_or(nothing))
            .collect();
        let exact = n > 0 && needle.len() == n;
        (intersect(sets), exact)
    }
}

/// A position's text: lower-cased title, summary, organiser and venue, newline-separated.
fn text_of(doc: &ActivityDoc) -> Box<str> {
    let mut text = doc.title.to_lowercase();
    for part in [Some(&doc.summary), Some(&doc.organizer), doc.venue.as_ref()]
        .into_iter()
        .flatten()
    {
        text.push('\n');
        text.push_str(&part.to_lowercase());
    }
    text.into_boxed_str()
}

fn title_of(text: &str) -> &str {
    text.split('\n').next().unwrap_or_default()
}

/// The index proper; [`ActivityIndex`] wraps it in a lock.
#[derive(Default)]
struct Index {
    /// Per position (removed positions keep their slot, outside `live`).
    seq: Vec<i64>,
    starts_at: Vec<i64>,
    ends_at: Vec<i64>,
    points: Vec<Option<(f64, f64)>>,
    popularity: Vec<i64>,
    text: Vec<Box<str>>,
    /// Column value ids per position: theme, event kind, province, city, organiser type, format.
    ids: Vec<[u16; 6]>,
    by_seq: HashMap<i64, u32>,
    live: RoaringBitmap,
    empty: RoaringBitmap,
    themes: Column,
    kinds: Column,
    provinces: Column,
    cities: Column,
    organizer_types: Column,
    formats: Column,
    /// China day (days since 1970-01-01 in UTC+08:00) → positions starting that day.
    days: BTreeMap<i64, RoaringBitmap>,
    text_grams: Grams,
    title_grams: Grams,
    /// Live positions by (starts_at, seq) and by (−popularity, seq).
    by_start: Vec<u32>,
    by_popularity: Vec<u32>,
}

const CST: i64 = 8 * 3600;
const DAY: i64 = 86_400;

fn china_day(t: i64) -> i64 {
    t.saturating_add(CST).div_euclid(DAY)
}

#[derive(Clone, Copy)]
enum Order {
    Start,
    Popularity,
}

impl Index {
    fn columns_mut(&mut self) -> [&mut Column; 6] {
        [
            &mut self.themes,
            &mut self.kinds,
            &mut self.provinces,
            &mut self.cities,
            &mut self.organizer_types,
            &mut self.formats,
        ]
    }

    fn order_key(&self, order: Order, pos: u32) -> [i64; 2] {
        let p = pos as usize;
        match order {
            Order::Start => [self.starts_at[p], self.seq[p]],
            Order::Popularity => [-self.popularity[p], self.seq[p]],
        }
    }

    fn order(&self, order: Order) -> &[u32] {
        match order {
            Order::Start => &self.by_start,
            Order::Popularity => &self.by_popularity,
        }
    }

    /// Adds `doc` at `pos`; `in_order` also places it in the sorted orders (one at a time),
    /// which bulk loading does once at the end instead.
    fn put(&mut self, pos: u32, doc: &ActivityDoc, in_order: bool) {
        let p = pos as usize;
        if p == self.seq.len() {
            self.seq.push(doc.seq);
            self.starts_at.push(doc.starts_at);
            self.ends_at.push(doc.ends_at);
            self.points.push(doc.point);
            self.popularity.push(doc.popularity);
            self.text.push(Box::from(""));
            self.ids.push([NONE; 6]);
        }
        self.seq[p] = doc.seq;
        self.starts_at[p] = doc.starts_at;
        self.ends_at[p] = doc.ends_at;
        self.points[p] = doc.point;
        self.popularity[p] = doc.popularity;
        let values = [
            &doc.theme,
            &doc.event_kind,
            &doc.province,
            &doc.city,
            &doc.organizer_type,
            &doc.format,
        ];
        let mut ids = [NONE; 6];
        for ((column, value), id) in self.columns_mut().into_iter().zip(values).zip(&mut ids) {
            *id = column.add(pos, value.as_deref());
        }
        self.ids[p] = ids;
        let text = text_of(doc);
        self.text_grams
            .add(pos, &text.split('\n').collect::<Vec<_>>());
        self.title_grams.add(pos, &[title_of(&text)]);
        self.text[p] = text;
        self.days
            .entry(china_day(doc.starts_at))
            .or_default()
            .insert(pos);
        self.live.insert(pos);
        self.by_seq.insert(doc.seq, pos);
        if in_order {
            for order in [Order::Start, Order::Popularity] {
                let key = self.order_key(order, pos);
                let at = self
                    .order(order)
                    .partition_point(|&x| self.order_key(order, x) < key);
                match order {
                    Order::Start => self.by_start.insert(at, pos),
                    Order::Popularity => self.by_popularity.insert(at, pos),
                }
            }
        }
    }

    /// Takes `pos` out of every set and order (its slot stays, unused).
    fn take_out(&mut self, pos: u32) {
        let p = pos as usize;
        if !self.live.remove(pos) {
            return;
        }
        for order in [Order::Start, Order::Popularity] {
            let key = self.order_key(order, pos);
            let at = self
                .order(order)
                .partition_point(|&x| self.order_key(order, x) < key);
            let list = match order {
                Order::Start => &mut self.by_start,
                Order::Popularity => &mut self.by_popularity,
            };
            if list.get(at) == Some(&pos) {
                list.remove(at);
            }
        }
        let ids = self.ids[p];
        for (column, id) in self.columns_mut().into_iter().zip(ids) {
            column.remove(pos, id);
        }
        let text = std::mem::take(&mut self.text[p]);
        self.text_grams
            .remove(pos, &text.split('\n').collect::<Vec<_>>());
        self.title_grams.remove(pos, &[title_of(&text)]);
        let day = china_day(self.starts_at[p]);
        if let Some(set) = self.days.get_mut(&day) {
            set.remove(pos);
            if set.is_empty() {
                self.days.remove(&day);
            }
        }
        self.by_seq.remove(&self.seq[p]);
    }

    fn upsert(&mut self, doc: &ActivityDoc) {
        let pos = match self.by_seq.get(&doc.seq) {
            Some(&pos) => {
                self.take_out(pos);
                pos
            }
            None => self.seq.len() as u32,
        };
        self.put(pos, doc, true);
    }

    /// Adds or replaces `doc`, leaving the orders to [`Index::sort_orders`].
    fn put_unordered(&mut self, doc: &ActivityDoc) {
        match self.by_seq.get(&doc.seq) {
            Some(&pos) => {
                self.take_out(pos);
                self.put(pos, doc, false);
            }
            None => self.put(self.seq.len() as u32, doc, false),
        }
    }

    fn sort_orders(&mut self) {
        let mut by_start: Vec<u32> = self.live.iter().collect();
        by_start.sort_unstable_by_key(|&p| self.order_key(Order::Start, p));
        let mut by_popularity: Vec<u32> = self.live.iter().collect();
        by_popularity.sort_unstable_by_key(|&p| self.order_key(Order::Popularity, p));
        self.by_start = by_start;
        self.by_popularity = by_popularity;
    }

    /// The live positions starting in [from, until).
    fn starting_between(&self, from: Option<i64>, until: Option<i64>) -> RoaringBitmap {
        let lo = from.unwrap_or(i64::MIN);
        let hi = until.unwrap_or(i64::MAX);
        let mut out = RoaringBitmap::new();
        if lo >= hi {
            return out;
        }
        for (&day, set) in self.days.range(china_day(lo)..=china_day(hi - 1)) {
            let day_start = day * DAY - CST;
            if day_start >= lo && day_start + DAY <= hi {
                out |= set;
            } else {
                out.extend(set.iter().filter(|&p| {
                    let t = self.starts_at[p as usize];
                    lo <= t && t < hi
                }));
            }
        }
        out
    }

    /// The positions whose text, and whose title, contain `needle`; candidates outside
    /// `within` may be left out.
    fn keyword(
        &self,
        needle: &str,
        within: Option<&RoaringBitmap>,
    ) -> (RoaringBitmap, RoaringBitmap) {
        let chars: Vec<char> = needle.chars().collect();
        if chars.is_empty() {
            return (RoaringBitmap::new(), RoaringBitmap::new());
        }
        let (candidates, exact) = self.text_grams.candidates(&chars);
        let candidates = candidates.unwrap_or_else(|| self.live.clone());
        if exact {
            let (titles, _) = self.title_grams.candidates(&chars);
            let titles = titles.map_or_else(RoaringBitmap::new, |t| t & &candidates);
            return (candidates, titles);
        }
        if needle.contains('\n') {
            // Fields are newline-separated: no single field holds a newline-spanning phrase.
            return (RoaringBitmap::new(), RoaringBitmap::new());
        }
        let candidates = match within {
            Some(w) => candidates & w,
            None => candidates,
        };
        // The phrase lies in one field, so its first place in the joined text tells whether
        // the title (the first field) holds it.
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let mut found = RoaringBitmap::new();
        let mut titles = RoaringBitmap::new();
        for pos in &candidates {
            let text = &self.text[pos as usize];
            if let Some(at) = finder.find(text.as_bytes()) {
                found.insert(pos);
                if at < title_of(text).len() {
                    titles.insert(pos);
                }
            }
        }
        (found, titles)
    }

    /// The first `want` members of `set` in `order` whose key is above `after` and whose first
    /// key part is below `stop`, with their keys.
    fn first_in_order(
        &self,
        order: Order,
        set: &RoaringBitmap,
        after: Option<[i64; 2]>,
        stop: Option<i64>,
        want: usize,
    ) -> Vec<([i64; 2], u32)> {
        let n = set.len() as usize;
        if n == 0 || want == 0 {
            return Vec::new();
        }
        let list = self.order(order);
        let start = after.map_or(0, |a| {
            list.partition_point(|&x| self.order_key(order, x) <= a)
        });
        let rest = &list[start..];
        // Walking tests about want × rest / n positions; ranking the set costs n. Walk when it
        // is clearly cheaper, and give up on the walk when the set turns out to be clustered.
        let walk_estimate = want.saturating_mul(rest.len()) / n;
        if walk_estimate.saturating_mul(4) < n {
            let mut out = Vec::with_capacity(want);
            let mut gave_up = false;
            for (steps, &pos) in rest.iter().enumerate() {
                let key = self.order_key(order, pos);
                if stop.is_some_and(|s| key[0] >= s) {
                    return out;
                }
                if set.contains(pos) {
                    out.push((key, pos));
                    if out.len() == want {
                        return out;
                    }
                }
                if steps > n {
                    gave_up = true;
                    break;
                }
            }
            if !gave_up {
                return out;
            }
        }
        let mut ranked: Vec<([i64; 2], u32)> = set
            .iter()
            .map(|pos| (self.order_key(order, pos), pos))
            .filter(|(key, _)| after.is_none_or(|a| *key > a) && stop.is_none_or(|s| key[0] < s))
            .collect();
        if ranked.len() > want {
            ranked.select_nth_unstable(want - 1);
            ranked.truncate(want);
        }
        ranked.sort_unstable();
        ranked
    }

    /// The live positions whose time status (by `now`) is one of `keep` (upcoming, ongoing,
    /// ended): a scan, used only when a search asks for it.
    fn with_time_status(&self, now: i64, keep: [bool; 3]) -> RoaringBitmap {
        self.live
            .iter()
            .filter(|&p| keep[self.time_tier(now, p) as usize])
            .collect()
    }

    /// 0 upcoming, 1 ongoing, 2 ended (the order of `Search::time_status`).
    fn time_tier(&self, now: i64, pos: u32) -> i64 {
        let p = pos as usize;
        if now < self.starts_at[p] {
            0
        } else if now < self.ends_at[p] {
            1
        } else {
            2
        }
    }

    /// `sort=now`: ongoing (soonest end first), upcoming (by start), ended (latest end first).
    fn now_key(&self, now: i64, pos: u32) -> Key {
        let p = pos as usize;
        match self.time_tier(now, pos) {
            1 => [0, self.ends_at[p], self.seq[p]],
            0 => [1, self.starts_at[p], self.seq[p]],
            _ => [2, -self.ends_at[p], self.seq[p]],
        }
    }

    /// `sort=distance`: located activities by distance in 100 m steps, then start; the rest
    /// by start.
    fn distance_key(&self, from: (f64, f64), pos: u32) -> Key {
        let p = pos as usize;
        match self.points[p] {
            Some(at) => {
                let steps = (crate::seed::geo::distance_km(from, at) * 10.0).round() as i64;
                [
                    0,
                    (steps << 32) | self.starts_at[p].clamp(0, u32::MAX as i64),
                    self.seq[p],
                ]
            }
            None => [1, self.starts_at[p], self.seq[p]],
        }
    }

    /// The first `want` members of `set` by `key`, after `after`: ranks the whole set (the
    /// time and distance orders depend on the request, so there is no list to walk).
    fn rank_by(
        &self,
        set: &RoaringBitmap,
        key: impl Fn(u32) -> Key,
        after: Option<Key>,
        want: usize,
    ) -> Vec<(Key, u32)> {
        let mut ranked: Vec<(Key, u32)> = set
            .iter()
            .map(|pos| (key(pos), pos))
            .filter(|(k, _)| after.is_none_or(|a| *k > a))
            .collect();
        if want == 0 {
            return Vec::new();
        }
        if ranked.len() > want {
            ranked.select_nth_unstable(want - 1);
            ranked.truncate(want);
        }
        ranked.sort_unstable();
        ranked
    }

    fn query(&self, s: &Search) -> Hits {
        let empty = &self.empty;
        let needle = s.q.as_deref().map(str::to_lowercase);
        // Filters outside the facet groups, then the keyword within them.
        let dates =
            (s.from.is_some() || s.until.is_some()).then(|| self.starting_between(s.from, s.until));
        let times = s.time_status.map(|keep| self.with_time_status(s.now, keep));
        let mut outside: Vec<&RoaringBitmap> = [
            self.kinds.filter(&s.event_kind, empty),
            self.organizer_types.filter(&s.organizer_type, empty),
            dates.as_ref(),
            times.as_ref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let filtered = intersect(outside.clone());
        let keyword = needle
            .as_deref()
            .map(|q| self.keyword(q, filtered.as_ref()));
        if let Some((found, _)) = &keyword {
            outside.push(found);
        }
        let base = intersect(outside).unwrap_or_else(|| self.live.clone());

        let theme = self.themes.filter(&s.theme, empty);
        let province = self.provinces.filter(&s.province, empty);
        let city = self.cities.filter(&s.city, empty);
        let format = self.formats.filter(&s.format, empty);
        let with = |sets: &[Option<&RoaringBitmap>]| -> RoaringBitmap {
            let mut all: Vec<&RoaringBitmap> = sets.iter().flatten().copied().collect();
            all.push(&base);
            intersect(all).unwrap_or_default()
        };
        let facets = Facets {
            theme: self.themes.counts(Some(&with(&[province, city, format]))),
            province: self.provinces.counts(Some(&with(&[theme, format]))),
            format: self.formats.counts(Some(&with(&[theme, province, city]))),
        };
        let result = with(&[theme, province, city, format]);
        let total = result.len() as i64;

        let want = s.limit + 1;
        let after = s.after.as_ref().map(|a| {
            let mut k: Key = [0; 3];
            for (slot, v) in k.iter_mut().zip(a) {
                *slot = *v;
            }
            k
        });
        let mut page: Vec<(Key, u32)> = Vec::with_capacity(want);
        match (s.sort.unwrap_or(Sort::Relevance), &keyword) {
            (Sort::Now, _) => {
                page = self.rank_by(&result, |p| self.now_key(s.now, p), after, want);
            }
            (Sort::Distance, _) => {
                let from = s.point.unwrap_or_default();
                page = self.rank_by(&result, |p| self.distance_key(from, p), after, want);
            }
            (Sort::Relevance, Some((_, titles))) => {
                // Title hits (first key −1) before the rest (0), each by popularity.
                let hits = &result & titles;
                let mut rest = None;
                for tier in [-1, 0] {
                    let bound = match after {
                        Some(a) if a[0] > tier => continue,
                        Some(a) if a[0] == tier => Some([a[1], a[2]]),
                        _ => None,
                    };
                    let set: &RoaringBitmap = if tier == -1 {
                        &hits
                    } else {
                        rest.insert(&result - &hits)
                    };
                    let got =
                        self.first_in_order(Order::Popularity, set, bound, None, want - page.len());
                    page.extend(got.into_iter().map(|(k, p)| ([tier, k[0], k[1]], p)));
                    if page.len() == want {
                        break;
                    }
                }
            }
            (sort, _) => {
                let order = match sort {
                    Sort::Popular => Order::Popularity,
                    _ => Order::Start,
                };
                let mut bound = after.map(|a| [a[0], a[1]]);
                let mut stop = None;
                if let Order::Start = order {
                    // A date range is a stretch of the start order: begin and end there.
                    if let Some(from) = s.from {
                        let begin = [from.saturating_sub(1), i64::MAX];
                        bound = Some(bound.map_or(begin, |b| b.max(begin)));
                    }
                    stop = s.until;
                }
                let got = self.first_in_order(order, &result, bound, stop, want);
                page.extend(got.into_iter().map(|(k, p)| ([k[0], k[1], 0], p)));
            }
        }
        let more = page.len() > s.limit;
        page.truncate(s.limit);
        let next = page
            .last()
            .filter(|_| more)
            .map(|(key, _)| key[..s.key_len()].to_vec());
        Hits {
            seqs: page.iter().map(|(_, p)| self.seq[*p as usize]).collect(),
            next,
            total,
            facets,
        }
    }
}

/// The in-memory search index (see the module docs), safe to share between requests.
#[derive(Default)]
pub struct ActivityIndex {
    inner: RwLock<Index>,
}

/// The columns [`ActivityIndex::load`] and [`ActivityIndex::refresh`] read.
const DOC_COLUMNS: &str = "a.seq, a.starts_at, a.popularity, a.theme_id, a.event_kind_id,
    a.province_code, a.city_code, a.organizer_type, a.format, a.title, a.summary,
    a.organizer_name, a.venue_name, a.ends_at, vp.lat, vp.lng, c.lat, c.lng";

/// Activities with their city's centre and their venue's position (as
/// `db::activities::FROM_ACTIVITIES` joins them).
const DOC_FROM: &str = "activities a
    LEFT JOIN cities c ON c.code = a.city_code
    LEFT JOIN venue_points vp ON vp.name = a.venue_name";

fn doc_from_row(r: &Row) -> rusqlite::Result<ActivityDoc> {
    let format: Option<String> = r.get(8)?;
    let venue: Option<(f64, f64)> = match (r.get(14)?, r.get(15)?) {
        (Some(lat), Some(lng)) => Some((lat, lng)),
        _ => None,
    };
    let city: Option<(f64, f64)> = match (r.get(16)?, r.get(17)?) {
        (Some(lat), Some(lng)) => Some((lat, lng)),
        _ => None,
    };
    // As `ActivitySummary::location`: the venue's position, else (not online) the city's.
    let point = venue.or(city.filter(|_| format.as_deref() != Some("online")));
    Ok(ActivityDoc {
        seq: r.get(0)?,
        starts_at: r.get(1)?,
        ends_at: r.get(13)?,
        point,
        popularity: r.get(2)?,
        theme: r.get(3)?,
        event_kind: r.get(4)?,
        province: r.get(5)?,
        city: r.get(6)?,
        organizer_type: r.get(7)?,
        format,
        title: r.get(9)?,
        summary: r.get(10)?,
        organizer: r.get(11)?,
        venue: r.get(12)?,
    })
}

fn column_list(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    conn.prepare(sql)?.query_map([], |r| r.get(0))?.collect()
}

impl ActivityIndex {
    /// An empty index whose facets list values in these orders (values first seen later
    /// follow them).
    pub fn new(
        themes: Vec<String>,
        provinces: Vec<String>,
        cities: Vec<String>,
        kinds: Vec<String>,
    ) -> Self {
        let index = Index {
            themes: Column::with_values(themes),
            provinces: Column::with_values(provinces),
            cities: Column::with_values(cities),
            kinds: Column::with_values(kinds),
            formats: Column::with_values(
                ["online", "offline", "hybrid"].map(String::from).to_vec(),
            ),
            ..Index::default()
        };
        ActivityIndex {
            inner: RwLock::new(index),
        }
    }

    /// Adds or replaces many activities at once (the orders are sorted once, at the end).
    pub fn extend(&self, docs: impl IntoIterator<Item = ActivityDoc>) {
        let mut index = self.write();
        for doc in docs {
            index.put_unordered(&doc);
        }
        index.sort_orders();
    }

    /// Reads every published activity from SQLite (cancelled ones are not searchable).
    pub fn load(conn: &Connection) -> rusqlite::Result<Self> {
        let index = ActivityIndex::new(
            column_list(conn, "SELECT id FROM themes ORDER BY sort")?,
            column_list(conn, "SELECT code FROM provinces ORDER BY sort")?,
            column_list(conn, "SELECT code FROM cities")?,
            column_list(conn, "SELECT id FROM event_kinds ORDER BY sort")?,
        );
        let mut stmt = conn.prepare(&format!(
            "SELECT {DOC_COLUMNS} FROM {DOC_FROM} WHERE a.status = 'published' ORDER BY a.seq"
        ))?;
        let mut rows = stmt.query([])?;
        {
            let mut inner = index.write();
            while let Some(r) = rows.next()? {
                inner.put_unordered(&doc_from_row(r)?);
            }
            inner.sort_orders();
        }
        Ok(index)
    }

    /// Adds or replaces one activity; searchable when this returns.
    pub fn upsert(&self, doc: &ActivityDoc) {
        self.write().upsert(doc);
    }

    /// Takes an activity out of search.
    pub fn remove(&self, seq: i64) {
        let mut index = self.write();
        if let Some(&pos) = index.by_seq.get(&seq) {
            index.take_out(pos);
        }
    }

    /// Brings one activity up to date from SQLite after it was inserted, changed or deleted
    /// (what a write path calls after committing).
    pub fn refresh(&self, conn: &Connection, seq: i64) -> rusqlite::Result<()> {
        let doc = conn
            .prepare_cached(&format!(
                "SELECT {DOC_COLUMNS} FROM {DOC_FROM} WHERE a.seq = ?1 AND a.status = 'published'"
            ))?
            .query_row([seq], doc_from_row)
            .optional()?;
        match doc {
            Some(doc) => self.upsert(&doc),
            None => self.remove(seq),
        }
        Ok(())
    }

    /// How many activities are searchable.
    pub fn len(&self) -> usize {
        self.read().live.len() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Runs a search (see the module docs): the page's `seq`s, cursor, total and facets.
    pub fn query(&self, s: &Search) -> Hits {
        self.read().query(s)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Index> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Index> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    //! The index against a straightforward full scan, on random queries over generated
    //! catalogues built both at once and one change at a time.
    use super::*;
    use crate::seed::rng::Rng;

    const THEMES: [&str; 4] = ["space", "water", "nuclear", "health"];
    const PROVINCES: [&str; 3] = ["110000", "330000", "440000"];
    const CITIES: [&str; 4] = ["110100", "330100", "330200", "440100"];
    const KINDS: [&str; 3] = ["cloud", "open-day", "provincial-main"];
    const ORGANIZER_TYPES: [&str; 3] = ["museum", "university", "society"];
    const FORMATS: [&str; 3] = ["online", "offline", "hybrid"];
    const ALPHABET: [char; 14] = [
        '科', '普', '核', '水', '利', '天', '文', '航', 'a', 'B', 'c', 'D', ' ', '·',
    ];
    /// 2021-09-11 00:00 in UTC+08:00.
    const FIRST_DAY: i64 = 1_631_289_600;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    fn empty_index() -> ActivityIndex {
        ActivityIndex::new(
            strings(&THEMES),
            strings(&PROVINCES),
            strings(&CITIES),
            strings(&KINDS),
        )
    }

    fn words(rng: &mut Rng, min: usize, max: usize) -> String {
        let n = min + rng.below(max - min + 1);
        (0..n).map(|_| *rng.pick(&ALPHABET)).collect()
    }

    fn maybe(rng: &mut Rng, percent: u64, values: &[&str]) -> Option<String> {
        rng.chance(percent).then(|| rng.pick(values).to_string())
    }

    fn doc(rng: &mut Rng, seq: i64, clustered: bool) -> ActivityDoc {
        let theme = rng.below(THEMES.len());
        let starts_at = FIRST_DAY + rng.below(5 * 24 * 4) as i64 * 900;
        ActivityDoc {
            seq,
            starts_at,
            ends_at: starts_at + 3600,
            point: None,
            // Few distinct values (ties fall back to seq); sometimes clustered by theme, which
            // makes a theme's results one stretch of the popularity order.
            popularity: if clustered {
                theme as i64 * 100 + rng.below(5) as i64
            } else {
                rng.below(30) as i64
            },
            theme: Some(THEMES[theme].to_string()),
            event_kind: maybe(rng, 95, &KINDS),
            province: maybe(rng, 90, &PROVINCES),
            city: maybe(rng, 80, &CITIES),
            organizer_type: maybe(rng, 95, &ORGANIZER_TYPES),
            format: maybe(rng, 95, &FORMATS),
            title: words(rng, 1, 6),
            summary: words(rng, 0, 20),
            organizer: words(rng, 1, 5),
            venue: rng.chance(60).then(|| words(rng, 1, 5)),
        }
    }

    fn random_search(rng: &mut Rng, docs: &[ActivityDoc]) -> Search {
        let q = match rng.below(10) {
            0..=2 => None,
            3..=6 if !docs.is_empty() => {
                // A piece of some activity's text, sometimes in the other case.
                let d = rng.pick(docs);
                let field: Vec<char> = [&d.title, &d.summary, &d.organizer][rng.below(3)]
                    .chars()
                    .collect();
                let len = 1 + rng.below(4);
                let from = rng.below(field.len().max(1));
                let piece: String = field.iter().skip(from).take(len).collect();
                Some(if rng.chance(30) {
                    piece.to_uppercase()
                } else {
                    piece
                })
            }
            _ => Some(words(rng, 1, 4)),
        }
        .filter(|q| !q.trim().is_empty())
        .map(|q| q.trim().to_string());
        let day = |rng: &mut Rng| FIRST_DAY + rng.below(6) as i64 * DAY;
        let (from, until) = match rng.below(6) {
            0 => (Some(day(rng)), None),
            1 => {
                let f = day(rng);
                (Some(f), Some(f + DAY * (1 + rng.below(2) as i64)))
            }
            // Not on day boundaries: partial days.
            2 => {
                let f = FIRST_DAY + rng.below(5 * 24) as i64 * 3600;
                (Some(f), Some(f + rng.below(48) as i64 * 3600))
            }
            _ => (None, None),
        };
        Search {
            q,
            theme: maybe(rng, 25, &[THEMES.as_slice(), &["astrology"]].concat()),
            event_kind: maybe(rng, 15, &KINDS),
            province: maybe(rng, 20, &PROVINCES),
            city: maybe(rng, 10, &CITIES),
            format: maybe(rng, 25, &FORMATS),
            organizer_type: maybe(rng, 15, &ORGANIZER_TYPES),
            from,
            until,
            sort: *rng.pick(&[
                None,
                Some(Sort::Relevance),
                Some(Sort::Start),
                Some(Sort::Popular),
            ]),
            limit: 1 + rng.below(12),
            after: None,
            ..Search::default()
        }
    }

    /// The specification, as a scan over every activity.
    fn full_scan(docs: &[ActivityDoc], s: &Search) -> Hits {
        let needle = s.q.as_deref().map(str::to_lowercase);
        let eq = |filter: &Option<String>, v: &Option<String>| filter.is_none() || filter == v;
        let mut counts: [Vec<i64>; 3] = [
            vec![0; THEMES.len()],
            vec![0; PROVINCES.len()],
            vec![0; FORMATS.len()],
        ];
        let mut rows: Vec<(Key, i64)> = Vec::new();
        for d in docs {
            let fields = [
                Some(&d.title),
                Some(&d.summary),
                Some(&d.organizer),
                d.venue.as_ref(),
            ];
            let hit = |f: &Option<&String>| {
                f.is_some_and(|f| {
                    f.to_lowercase()
                        .contains(needle.as_deref().unwrap_or_default())
                })
            };
            let matched = match &needle {
                None => true,
                Some(n) if n.is_empty() => false,
                Some(_) => fields.iter().any(hit),
            };
            if !matched
                || !eq(&s.event_kind, &d.event_kind)
                || !eq(&s.organizer_type, &d.organizer_type)
                || s.from.is_some_and(|f| d.starts_at < f)
                || s.until.is_some_and(|u| d.starts_at >= u)
            {
                continue;
            }
            let in_theme = eq(&s.theme, &d.theme);
            let in_region = eq(&s.province, &d.province) && eq(&s.city, &d.city);
            let in_format = eq(&s.format, &d.format);
            let index_of = |values: &[&str], v: &Option<String>| {
                v.as_deref()
                    .and_then(|v| values.iter().position(|x| *x == v))
            };
            if in_region && in_format {
                if let Some(i) = index_of(&THEMES, &d.theme) {
                    counts[0][i] += 1;
                }
            }
            if in_theme && in_format {
                if let Some(i) = index_of(&PROVINCES, &d.province) {
                    counts[1][i] += 1;
                }
            }
            if in_theme && in_region {
                if let Some(i) = index_of(&FORMATS, &d.format) {
                    counts[2][i] += 1;
                }
            }
            if in_theme && in_region && in_format {
                let key = match (s.sort.unwrap_or(Sort::Relevance), &needle) {
                    (Sort::Relevance, Some(_)) => {
                        [-i64::from(hit(&fields[0])), -d.popularity, d.seq]
                    }
                    (Sort::Popular, _) => [-d.popularity, d.seq, 0],
                    _ => [d.starts_at, d.seq, 0],
                };
                rows.push((key, d.seq));
            }
        }
        let total = rows.len() as i64;
        rows.sort_unstable();
        if let Some(a) = &s.after {
            let mut after: Key = [0; 3];
            after[..a.len()].copy_from_slice(a);
            rows.retain(|(k, _)| *k > after);
        }
        let more = rows.len() > s.limit;
        rows.truncate(s.limit);
        let facet = |values: &[&str], counts: &[i64]| -> Vec<FacetCount> {
            values
                .iter()
                .zip(counts)
                .filter(|(_, n)| **n > 0)
                .map(|(v, n)| FacetCount {
                    value: v.to_string(),
                    count: *n,
                })
                .collect()
        };
        Hits {
            next: more.then(|| rows[rows.len() - 1].0[..s.key_len()].to_vec()),
            seqs: rows.iter().map(|(_, seq)| *seq).collect(),
            total,
            facets: Facets {
                theme: facet(&THEMES, &counts[0]),
                province: facet(&PROVINCES, &counts[1]),
                format: facet(&FORMATS, &counts[2]),
            },
        }
    }

    /// Every page of `s` from the index equals the full scan's.
    fn agree(index: &ActivityIndex, docs: &[ActivityDoc], mut s: Search, pages: usize) {
        for page in 0..pages {
            let want = full_scan(docs, &s);
            let got = index.query(&s);
            assert_eq!(got, want, "page {page} of {s:?}");
            match want.next {
                Some(next) => s.after = Some(next),
                None => break,
            }
        }
    }

    #[test]
    fn the_index_agrees_with_a_full_scan_on_random_searches() {
        let mut rng = Rng::new(21);
        for (round, size) in [0, 1, 7, 40, 300, 1_500, 5_000].into_iter().enumerate() {
            let clustered = round % 2 == 1;
            // Seqs with gaps, arriving in order (as loading reads them).
            let mut docs: Vec<ActivityDoc> = (0..size)
                .map(|i| doc(&mut rng, 1 + i as i64 * 3, clustered))
                .collect();
            let bulk = empty_index();
            bulk.extend(docs.clone());

            // The same catalogue one change at a time, out of order, with replaced and
            // withdrawn activities along the way.
            let incremental = empty_index();
            let mut order: Vec<usize> = (0..docs.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            for &i in &order {
                if rng.chance(10) {
                    incremental.upsert(&doc(&mut rng, docs[i].seq, clustered));
                }
                incremental.upsert(&docs[i]);
                if rng.chance(5) {
                    incremental.remove(docs[i].seq);
                    incremental.upsert(&docs[i]);
                }
            }
            let mut withdrawn = Vec::new();
            for _ in 0..size / 20 {
                let i = rng.below(docs.len());
                withdrawn.push(docs.remove(i).seq);
            }
            for seq in &withdrawn {
                bulk.remove(*seq);
                incremental.remove(*seq);
            }
            for _ in 0..size / 20 {
                let i = rng.below(docs.len());
                docs[i] = doc(&mut rng, docs[i].seq, clustered);
                bulk.upsert(&docs[i]);
                incremental.upsert(&docs[i]);
            }
            assert_eq!(bulk.len(), docs.len());
            assert_eq!(incremental.len(), docs.len());

            let searches = if size > 2_000 { 30 } else { 60 };
            for _ in 0..searches {
                let s = random_search(&mut rng, &docs);
                agree(&bulk, &docs, s.clone(), 3);
                agree(&incremental, &docs, s, 3);
            }
        }
    }

    #[test]
    fn broad_searches_page_through_every_result_once() {
        let mut rng = Rng::new(4);
        let docs: Vec<ActivityDoc> = (1..=3_000).map(|seq| doc(&mut rng, seq, false)).collect();
        let index = empty_index();
        index.extend(docs.clone());
        for (q, sort) in [
            (Some("科"), None),
            (Some("a"), Some(Sort::Popular)),
            (None, Some(Sort::Start)),
            (Some("科普"), Some(Sort::Start)),
        ] {
            let mut s = Search {
                q: q.map(String::from),
                sort,
                limit: 50,
                ..Search::default()
            };
            let total = full_scan(&docs, &s).total;
            assert!(total > 100, "{q:?} is broad");
            let mut seen = std::collections::HashSet::new();
            loop {
                let hits = index.query(&s);
                assert_eq!(hits.total, total);
                seen.extend(hits.seqs);
                match hits.next {
                    Some(next) => s.after = Some(next),
                    None => break,
                }
            }
            assert_eq!(seen.len() as i64, total, "{q:?}: every result once");
        }
    }

    /// The write path: an activity inserted, changed and deleted in SQLite is found (or not)
    /// right after `refresh`, exactly as a freshly loaded index finds it.
    #[test]
    fn refresh_follows_sqlite_one_activity_at_a_time() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        crate::seed::seed_if_empty(&mut conn, 1).unwrap();
        let index = ActivityIndex::load(&conn).unwrap();
        let search = |q: &str| Search {
            q: Some(q.to_string()),
            limit: 20,
            ..Search::default()
        };
        assert_eq!(index.query(&search("量子雷达")).total, 0);

        conn.execute(
            "INSERT INTO activities(seq, id, title, summary, description, theme_id, event_kind_id,
               format, starts_at, ends_at, organizer_name, organizer_type, province_code,
               city_code, popularity)
             SELECT 5000, 'act_new', '量子雷达开放日', '新登记的活动', '', theme_id, event_kind_id,
               'offline', starts_at, ends_at, '量子所', 'institute', province_code, city_code, 99999
             FROM activities WHERE seq = 1",
            [],
        )
        .unwrap();
        index.refresh(&conn, 5000).unwrap();
        let found = index.query(&search("量子雷达"));
        assert_eq!((found.total, found.seqs.clone()), (1, vec![5000]));
        assert_eq!(
            index.query(&search("雷")).seqs.first(),
            Some(&5000),
            "title hit, most popular"
        );

        conn.execute(
            "UPDATE activities SET title = '引力波开放日' WHERE seq = 5000",
            [],
        )
        .unwrap();
        index.refresh(&conn, 5000).unwrap();
        assert_eq!(index.query(&search("量子雷达")).total, 0);
        assert_eq!(index.query(&search("引力波")).seqs, vec![5000]);

        let fresh = ActivityIndex::load(&conn).unwrap();
        for q in [
            Search {
                limit: 20,
                ..Search::default()
            },
            search("开放日"),
            Search {
                sort: Some(Sort::Popular),
                limit: 5,
                ..search("科")
            },
            Search {
                sort: Some(Sort::Start),
                theme: Some("space".into()),
                limit: 7,
                ..Search::default()
            },
        ] {
            assert_eq!(index.query(&q), fresh.query(&q), "{q:?}");
        }

        conn.execute("DELETE FROM activities WHERE seq = 5000", [])
            .unwrap();
        index.refresh(&conn, 5000).unwrap();
        assert_eq!(index.query(&search("引力波")).total, 0);
        assert_eq!(index.len(), 1_200);
    }
}
