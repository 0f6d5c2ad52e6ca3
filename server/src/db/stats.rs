//! 统计: published activities, their reserved places, the participants and online views their
//! organisers reported (活动回顾) and their ratings by province, theme,
//! event kind and China day, for everyone or for a reviewer's scope. One SQL aggregate over
//! (province, theme, kind, day) with the ratings summed per activity first; the four
//! dimensions are folded from its rows. Names are added per language by the route.
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::BTreeMap;

/// Whose activities count: everyone's (`/stats`, an admin's `/review/stats`), or those of a
/// reviewer's scopes: activities held in one of `provinces` or whose unit is there, and those
/// of units affiliated with (or being) one of `societies`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    All,
    Of {
        provinces: Vec<String>,
        societies: Vec<String>,
    },
}

/// The figures of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub activities: i64,
    /// Places reserved (`activities.registered`).
    pub participants: i64,
    /// Participants the organisers reported in 活动回顾 (offline and hybrid activities).
    pub participants_offline: i64,
    /// Online views the organisers reported in 活动回顾.
    pub views_online: i64,
    pub ratings: i64,
    /// Sum of the ratings' stars (for the average).
    pub stars: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
        self.activities += o.activities;
        self.participants += o.participants;
        self.participants_offline += o.participants_offline;
        self.views_online += o.views_online;
        self.ratings += o.ratings;
        self.stars += o.stars;
    }
}

/// Figures per dimension, keyed by id: province code (`""` for activities without one, i.e.
/// online), theme id, event-kind id, China date (`YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Raw {
    pub totals: Figures,
    pub by_province: BTreeMap<String, Figures>,
    pub by_theme: BTreeMap<String, Figures>,
    pub by_event_kind: BTreeMap<String, Figures>,
    pub by_day: BTreeMap<String, Figures>,
}

fn in_list(column: &str, n: usize, args: &mut Vec<Value>, values: &[String]) -> String {
    if n == 0 {
        return "0".into();
    }
    let marks: Vec<String> = values
        .iter()
        .map(|v| {
            args.push(Value::Text(v.clone()));
            format!("?{}", args.len())
        })
        .collect();
    format!("{column} IN ({})", marks.join(", "))
}

/// The WHERE part selecting `scope`'s activities (alias `a`, its unit `u`), with its arguments.
fn scope_filter(scope: &Scope, args: &mut Vec<Value>) -> String {
    match scope {
        Scope::All => "1".into(),
        Scope::Of {
            provinces,
            societies,
        } => {
            let p1 = in_list("a.province_code", provinces.len(), args, provinces);
            let p2 = in_list("u.province_code", provinces.len(), args, provinces);
            let s1 = in_list("u.society_id", societies.len(), args, societies);
            let s2 = in_list("u.id", societies.len(), args, societies);
            format!("({p1} OR {p2} OR {s1} OR {s2})")
        }
    }
}

/// Computes the figures of `scope`: only `published` public activities count (drafts,
/// submitted, returned and rejected ones never reach the public table; cancelled ones are left
/// out); a rating counts whatever its comment's moderation.
pub fn compute(conn: &Connection, scope: &Scope) -> rusqlite::Result<Raw> {
    let mut args = Vec::new();
    let filter = scope_filter(scope, &mut args);
    let sql = format!(
        "WITH f AS (SELECT activity_id, COUNT(*) AS n, SUM(stars) AS s FROM feedback
                    GROUP BY activity_id)
         SELECT COALESCE(a.province_code, ''), a.theme_id, a.event_kind_id,
                date(a.starts_at + 28800, 'unixepoch') AS day,
                COUNT(*), COALESCE(SUM(a.registered), 0), COALESCE(SUM(f.n), 0),
                COALESCE(SUM(f.s), 0), COALESCE(SUM(r.participants_offline), 0),
                COALESCE(SUM(r.views_online), 0)
         FROM activities a
         LEFT JOIN f ON f.activity_id = a.id
         LEFT JOIN activity_results r ON r.activity_id = a.id
         LEFT JOIN units u ON u.id = a.unit_id
         WHERE a.status = 'published' AND {filter}
         GROUP BY 1, 2, 3, 4"
    );
    let mut raw = Raw::default();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let f = Figures {
            activities: r.get(4)?,
            participants: r.get(5)?,
            ratings: r.get(6)?,
            stars: r.get(7)?,
            participants_offline: r.get(8)?,
            views_online: r.get(9)?,
        };
        raw.totals.add(&f);
        raw.by_province.entry(r.get(0)?).or_default().add(&f);
        raw.by_theme.entry(r.get(1)?).or_default().add(&f);
        raw.by_event_kind.entry(r.get(2)?).or_default().add(&f);
        raw.by_day.entry(r.get(3)?).or_default().add(&f);
    }
    Ok(raw)
}

/// Reference names in Chinese, in their reference order: `(id, name)` of provinces, themes and
/// event kinds.
pub type Names = [Vec<(String, String)>; 3];

pub fn names(conn: &Connection) -> rusqlite::Result<Names> {
    let list = |sql: &str| -> rusqlite::Result<Vec<(String, String)>> {
        conn.prepare_cached(sql)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    };
    Ok([
        list("SELECT code, name FROM provinces ORDER BY sort")?,
        list("SELECT id, name FROM themes ORDER BY sort")?,
        list("SELECT id, name FROM event_kinds ORDER BY sort")?,
    ])
}
