//! A unit's own figures (工作总结 pre-fills them, reviewers compare them under 推荐) and the
//! reviewers' indicator tables: one set of aggregate queries over a whole scope, never one
//! query per unit, so the table over 100,000 activities / 1,000,000 ratings stays cheap
//! (routes::recommend caches it per minute as well).
//!
//! Where each figure lives (the schema has no direct link for some of them):
//! - activities by status, 网络活动 and 联合行动 themes: `registered_activities` of the unit
//!   (its `themes` JSON array, published ones only);
//! - offline participants and online views: `activity_result_figures` (the 活动回顾 of its
//!   published public activities);
//! - livestreams: `livestreams` whose organiser is the unit (by its registered name);
//! - 点亮好奇心 entries: approved `entries` whose author is a member of the unit;
//! - volunteers: `volunteers` whose organisation is the unit (by its registered name);
//! - ratings: `feedback` on its public activities.
use super::activities::NamedRef;
use super::organisers::UnitRef;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;

/// A unit's activities per registration status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub draft: i64,
    pub submitted: i64,
    pub returned: i64,
    pub published: i64,
    pub cancelled: i64,
}

/// The API's `UnitFigures`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitFigures {
    pub activities: StatusCounts,
    pub participants_offline: i64,
    pub views_online: i64,
    pub livestreams: i64,
    pub challenge_entries: i64,
    pub volunteers: i64,
    pub themes: Vec<NamedRef>,
    pub online_activities: i64,
}

/// Which units (and so which activities) a question is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every approved unit (the admin).
    All,
    /// The approved units of a province (a 省级科协's reviewer).
    Province(String),
    /// The approved units affiliated with a 全国学会 (its reviewer).
    Society(String),
    /// One unit, whatever its status (its own summary).
    Unit(String),
}

impl Scope {
    /// A condition on units aliased `u`, with its one parameter `?1`.
    fn filter(&self) -> &'static str {
        match self {
            Scope::All => "u.status = 'approved' AND ?1 = ''",
            Scope::Province(_) => "u.status = 'approved' AND u.province_code = ?1",
            Scope::Society(_) => "u.status = 'approved' AND u.society_id = ?1",
            Scope::Unit(_) => "u.id = ?1",
        }
    }

    fn param(&self) -> &str {
        match self {
            Scope::All => "",
            Scope::Province(id) | Scope::Society(id) | Scope::Unit(id) => id,
        }
    }
}

/// One row of the units' indicator table (before the live `recommended` flag).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub seq: i64,
    pub unit: UnitRef,
    pub province: NamedRef,
    pub figures: UnitFigures,
    pub rating_sum: i64,
    pub ratings: i64,
    /// `none`, `draft` or `submitted`.
    pub summary_status: String,
}

/// One row of the activities' indicator table (before the live `recommended` flag).
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub seq: i64,
    pub activity: NamedRef,
    pub unit: UnitRef,
    pub province: NamedRef,
    pub participants_offline: Option<i64>,
    pub views_online: Option<i64>,
    pub rating_sum: i64,
    pub ratings: i64,
    pub photos: i64,
    pub links: i64,
}

/// Runs `sql` (grouped by unit id in column 0) over the scope and hands each row to `f`.
fn each_unit(
    conn: &Connection,
    scope: &Scope,
    sql: &str,
    mut f: impl FnMut(&str, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let sql = sql.replace("{SCOPE}", scope.filter());
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([scope.param()])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        f(&id, row)?;
    }
    Ok(())
}

/// The units of `scope` (approved ones unless `Scope::Unit`) with their figures, ratings and
/// summary status, in unit order: seven aggregate queries whatever the number of units.
pub fn unit_rows(conn: &Connection, scope: &Scope) -> rusqlite::Result<Vec<UnitRow>> {
    let mut rows: Vec<UnitRow> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    each_unit(
        conn,
        scope,
        "SELECT u.id, u.seq, u.name, p.code, p.name, COALESCE(s.status, 'none')
         FROM units u JOIN provinces p ON p.code = u.province_code
         LEFT JOIN unit_summary_status s ON s.unit_id = u.id
         WHERE {SCOPE} ORDER BY u.seq",
        |id, r| {
            at.insert(id.to_string(), rows.len());
            rows.push(UnitRow {
                seq: r.get(1)?,
                unit: UnitRef {
                    id: id.to_string(),
                    name: r.get(2)?,
                },
                province: NamedRef {
                    id: r.get(3)?,
                    name: r.get(4)?,
                },
                figures: UnitFigures::default(),
                rating_sum: 0,
                ratings: 0,
                summary_status: r.get(5)?,
            });
            Ok(())
        },
    )?;
    if rows.is_empty() {
        return Ok(rows);
    }
    let mut with = |sql: &str,
                    f: &mut dyn FnMut(&mut UnitRow, &rusqlite::Row<'_>) -> rusqlite::Result<()>|
     -> rusqlite::Result<()> {
        each_unit(conn, scope, sql, |id, r| match at.get(id) {
            Some(&i) => f(&mut rows[i], r),
            None => Ok(()),
        })
    };
    with(
        "SELECT r.unit_id, SUM(r.status = 'draft'), SUM(r.status = 'submitted'),
           SUM(r.status = 'returned'), SUM(r.status = 'published'), SUM(r.status = 'cancelled'),
           SUM(r.status = 'published' AND r.format IN ('online', 'hybrid'))
         FROM units u JOIN registered_activities r ON r.unit_id = u.id
         WHERE {SCOPE} GROUP BY r.unit_id",
        &mut |row, r| {
            row.figures.activities = StatusCounts {
                draft: r.get(1)?,
                submitted: r.get(2)?,
                returned: r.get(3)?,
                published: r.get(4)?,
                cancelled: r.get(5)?,
            };
            row.figures.online_activities = r.get(6)?;
            Ok(())
        },
    )?;
    with(
        "SELECT a.unit_id, COALESCE(SUM(f.participants_offline), 0),
           COALESCE(SUM(f.views_online), 0)
         FROM units u JOIN activities a ON a.unit_id = u.id AND a.status = 'published'
         JOIN activity_result_figures f ON f.activity_id = a.id
         WHERE {SCOPE} GROUP BY a.unit_id",
        &mut |row, r| {
            row.figures.participants_offline = r.get(1)?;
            row.figures.views_online = r.get(2)?;
            Ok(())
        },
    )?;
    with(
        "SELECT u.id, COUNT(*) FROM units u JOIN livestreams l ON l.organizer_name = u.name
         WHERE {SCOPE} GROUP BY u.id",
        &mut |row, r| {
            row.figures.livestreams = r.get(1)?;
            Ok(())
        },
    )?;
    with(
        "SELECT u.id, COUNT(*) FROM units u JOIN unit_members m ON m.unit_id = u.id
         JOIN entries e ON e.author_id = m.user_id AND e.status = 'approved'
         WHERE {SCOPE} GROUP BY u.id",
        &mut |row, r| {
            row.figures.challenge_entries = r.get(1)?;
            Ok(())
        },
    )?;
    with(
        "SELECT u.id, COUNT(*) FROM units u JOIN volunteers v ON v.organization = u.name
         WHERE {SCOPE} GROUP BY u.id",
        &mut |row, r| {
            row.figures.volunteers = r.get(1)?;
            Ok(())
        },
    )?;
    with(
        "SELECT DISTINCT u.id, t.id, t.name, t.sort
         FROM units u JOIN registered_activities r ON r.unit_id = u.id AND r.status = 'published'
         JOIN json_each(r.themes) j JOIN themes t ON t.id = j.value
         WHERE {SCOPE} ORDER BY u.id, t.sort",
        &mut |row, r| {
            row.figures.themes.push(NamedRef {
                id: r.get(1)?,
                name: r.get(2)?,
            });
            Ok(())
        },
    )?;
    with(
        "SELECT u.id, COALESCE(SUM(f.stars), 0), COUNT(*)
         FROM units u JOIN activities a ON a.unit_id = u.id
         JOIN feedback f ON f.activity_id = a.id
         WHERE {SCOPE} GROUP BY u.id",
        &mut |row, r| {
            row.rating_sum = r.get(1)?;
            row.ratings = r.get(2)?;
            Ok(())
        },
    )?;
    Ok(rows)
}

/// One unit's figures (any status); `None` for an unknown unit.
pub fn unit_figures(conn: &Connection, unit_id: &str) -> rusqlite::Result<Option<UnitFigures>> {
    Ok(unit_rows(conn, &Scope::Unit(unit_id.to_string()))?
        .pop()
        .map(|r| r.figures))
}

/// The published public activities of the scope's units, with their results and ratings, in
/// activity order: one query.
pub fn activity_rows(conn: &Connection, scope: &Scope) -> rusqlite::Result<Vec<ActivityRow>> {
    let sql = format!(
        "SELECT a.seq, a.id, a.title, u.id, u.name, p.code, p.name,
           f.participants_offline, f.views_online, COALESCE(f.photos, 0), COALESCE(f.links, 0),
           COALESCE(SUM(fb.stars), 0), COUNT(fb.stars)
         FROM units u JOIN activities a ON a.unit_id = u.id AND a.status = 'published'
         JOIN provinces p ON p.code = u.province_code
         LEFT JOIN activity_result_figures f ON f.activity_id = a.id
         LEFT JOIN feedback fb ON fb.activity_id = a.id
         WHERE {} GROUP BY a.seq ORDER BY a.seq",
        scope.filter()
    );
    conn.prepare_cached(&sql)?
        .query_map([scope.param()], |r| {
            Ok(ActivityRow {
                seq: r.get(0)?,
                activity: NamedRef {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
                unit: UnitRef {
                    id: r.get(3)?,
                    name: r.get(4)?,
                },
                province: NamedRef {
                    id: r.get(5)?,
                    name: r.get(6)?,
                },
                participants_offline: r.get(7)?,
                views_online: r.get(8)?,
                photos: r.get(9)?,
                links: r.get(10)?,
                rating_sum: r.get(11)?,
                ratings: r.get(12)?,
            })
        })?
        .collect()
}

/// Whether unit `id` is approved and in `scope`.
pub fn unit_in_scope(conn: &Connection, scope: &Scope, id: &str) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT 1 FROM units u WHERE u.id = ?2 AND {}",
        scope.filter()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![scope.param(), id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether public activity `id` is published and its unit in `scope`.
pub fn activity_in_scope(conn: &Connection, scope: &Scope, id: &str) -> rusqlite::Result<bool> {
    let sql = format!(
        "SELECT 1 FROM activities a JOIN units u ON u.id = a.unit_id
         WHERE a.id = ?2 AND a.status = 'published' AND {}",
        scope.filter()
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![scope.param(), id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// How many approved units and published activities the scope holds (the quotas' base).
pub fn scope_sizes(conn: &Connection, scope: &Scope) -> rusqlite::Result<(i64, i64)> {
    let units: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM units u WHERE {}",
            scope.filter()
        ))?
        .query_row([scope.param()], |r| r.get(0))?;
    let activities: i64 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM units u JOIN activities a ON a.unit_id = u.id
             AND a.status = 'published' WHERE {}",
            scope.filter()
        ))?
        .query_row([scope.param()], |r| r.get(0))?;
    Ok((units, activities))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        crate::seed::seed_if_empty(&mut conn, 1).unwrap();
        conn
    }

    fn count(conn: &Connection, sql: &str, id: &str) -> i64 {
        conn.query_row(sql, [id], |r| r.get(0)).unwrap()
    }

    /// Gives the dev organiser's unit activities of every status, published ones with themes
    /// and ratings, a livestream, a volunteer and an approved entry by a member.
    fn fill(conn: &Connection, unit: &str, name: &str) {
        let statuses = [
            ("draft", "offline", "[]"),
            ("submitted", "online", "[\"space\"]"),
            ("published", "online", "[\"space\",\"health\"]"),
            ("published", "hybrid", "[\"space\"]"),
            ("published", "offline", "[\"health\"]"),
            ("cancelled", "online", "[]"),
            ("returned", "offline", "[]"),
        ];
        for (i, (status, format, themes)) in statuses.iter().enumerate() {
            let id = format!("act_t{unit}{i}");
            conn.execute(
                "INSERT INTO registered_activities(id, unit_id, status, title, format, themes,
                   created_at, updated_at) VALUES (?1, ?2, ?3, '测试活动', ?4, ?5, 0, 0)",
                params![id, unit, status, format, themes],
            )
            .unwrap();
            if *status == "published" {
                conn.execute(
                    "INSERT INTO activities(id, title, summary, description, theme_id, event_kind_id,
                       format, starts_at, ends_at, organizer_name, organizer_type, status, unit_id)
                     SELECT ?1, '测试活动', '', '', (SELECT id FROM themes LIMIT 1),
                       (SELECT id FROM event_kinds LIMIT 1), ?2, 0, 1, ?3, 'museum', 'published', ?4",
                    params![id, format, name, unit],
                )
                .unwrap();
                for (k, stars) in [5, 4, 4].iter().enumerate().take(i) {
                    conn.execute(
                        "INSERT INTO feedback(activity_id, user_id, stars, created_at, updated_at)
                         SELECT ?1, id, ?2, 0, 0 FROM users ORDER BY id LIMIT 1 OFFSET ?3",
                        params![id, stars, k],
                    )
                    .unwrap();
                }
            }
        }
        conn.execute(
            "INSERT INTO livestreams(id, title, description, theme_id, organizer_name,
               organizer_type, starts_at, ends_at, audience, clip)
             SELECT 'ls_t' || ?1, '直播', '', (SELECT id FROM themes LIMIT 1), ?2, 'museum', 0, 1,
               10, 'stream-a'",
            params![unit, name],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO volunteers(id, name, kind, organization, province_code, service_areas,
               service_hours, story, joined_at)
             VALUES ('vol_t' || ?1, '志愿者', 'person', ?2, '110000', '[]', 1, '', 0)",
            params![unit, name],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO entries(id, challenge_seq, category_id, author_id, title, description,
               container, created_at, status)
             SELECT 'ent_t' || ?1, c.challenge_seq, c.id, m.user_id, '作品', '', 'mp4', 0, 'approved'
             FROM challenge_categories c, unit_members m WHERE m.unit_id = ?1 LIMIT 1",
            params![unit],
        )
        .unwrap();
    }

    fn independent(conn: &Connection, unit: &str) -> UnitFigures {
        let by_status = |s: &str| {
            conn.query_row(
                "SELECT COUNT(*) FROM registered_activities WHERE unit_id = ?1 AND status = ?2",
                [unit, s],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
        };
        let mut themes: Vec<NamedRef> = Vec::new();
        let mut stmt = conn
            .prepare(
                "SELECT id, name FROM themes WHERE id IN (SELECT j.value FROM registered_activities r,
                   json_each(r.themes) j WHERE r.unit_id = ?1 AND r.status = 'published')
                 ORDER BY sort",
            )
            .unwrap();
        let mut rows = stmt.query([unit]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            themes.push(NamedRef {
                id: r.get(0).unwrap(),
                name: r.get(1).unwrap(),
            });
        }
        UnitFigures {
            activities: StatusCounts {
                draft: by_status("draft"),
                submitted: by_status("submitted"),
                returned: by_status("returned"),
                published: by_status("published"),
                cancelled: by_status("cancelled"),
            },
            participants_offline: count(
                conn,
                "SELECT COALESCE(SUM(participants_offline), 0) FROM activity_result_figures
                 WHERE activity_id IN (SELECT id FROM activities WHERE unit_id = ?1
                   AND status = 'published')",
                unit,
            ),
            views_online: count(
                conn,
                "SELECT COALESCE(SUM(views_online), 0) FROM activity_result_figures
                 WHERE activity_id IN (SELECT id FROM activities WHERE unit_id = ?1
                   AND status = 'published')",
                unit,
            ),
            livestreams: count(
                conn,
                "SELECT COUNT(*) FROM livestreams
                 WHERE organizer_name = (SELECT name FROM units WHERE id = ?1)",
                unit,
            ),
            challenge_entries: count(
                conn,
                "SELECT COUNT(*) FROM entries WHERE status = 'approved'
                 AND author_id IN (SELECT user_id FROM unit_members WHERE unit_id = ?1)",
                unit,
            ),
            volunteers: count(
                conn,
                "SELECT COUNT(*) FROM volunteers
                 WHERE organization = (SELECT name FROM units WHERE id = ?1)",
                unit,
            ),
            themes,
            online_activities: count(
                conn,
                "SELECT COUNT(*) FROM registered_activities WHERE unit_id = ?1
                 AND status = 'published' AND format IN ('online', 'hybrid')",
                unit,
            ),
        }
    }

    fn units(conn: &Connection) -> Vec<(String, String)> {
        conn.prepare("SELECT id, name FROM units ORDER BY seq")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn a_units_figures_equal_independent_sql_alone_and_batched() {
        let conn = db();
        let units = units(&conn);
        assert!(units.len() >= 2, "{units:?}");
        let (unit, _) = &units[0];
        // (The dev unit has the seed's own two published activities already.)
        let seeded = unit_figures(&conn, unit).unwrap().unwrap();
        assert_eq!(seeded, independent(&conn, unit));
        fill(&conn, &units[0].0, &units[0].1);
        let figures = unit_figures(&conn, unit).unwrap().unwrap();
        let expected = independent(&conn, unit);
        assert_eq!(figures, expected);
        // The filled unit really has something more to count.
        assert_eq!(
            figures.activities.published - seeded.activities.published,
            3
        );
        assert_eq!(figures.online_activities - seeded.online_activities, 2);
        assert_eq!(figures.livestreams - seeded.livestreams, 1);
        assert_eq!(figures.challenge_entries - seeded.challenge_entries, 1);
        assert!(figures.volunteers >= 1);
        for theme in ["space", "health"] {
            assert!(figures.themes.iter().any(|t| t.id == theme), "{theme}");
        }
        // The batched form gives every unit of the scope the same figures as alone.
        let all = unit_rows(&conn, &Scope::All).unwrap();
        assert_eq!(all.len(), units.len());
        for row in &all {
            assert_eq!(
                row.figures,
                independent(&conn, &row.unit.id),
                "{}",
                row.unit.id
            );
        }
        let beijing = unit_rows(&conn, &Scope::Province("110000".into())).unwrap();
        assert!(beijing.iter().any(|r| &r.unit.id == unit));
        let shanghai = unit_rows(&conn, &Scope::Province("310000".into())).unwrap();
        assert!(shanghai.iter().all(|r| &r.unit.id != unit));
        assert!(unit_figures(&conn, "unit_nope").unwrap().is_none());
    }

    #[test]
    fn activity_rows_carry_their_ratings_and_stay_in_scope() {
        let conn = db();
        let units = units(&conn);
        fill(&conn, &units[0].0, &units[0].1);
        let rows = activity_rows(&conn, &Scope::Province("110000".into())).unwrap();
        let published = count(
            &conn,
            "SELECT COUNT(*) FROM activities a JOIN units u ON u.id = a.unit_id
             WHERE a.status = 'published' AND u.status = 'approved' AND u.province_code = ?1",
            "110000",
        );
        assert!(published >= 3);
        assert_eq!(rows.len() as i64, published);
        for row in &rows {
            let (sum, n): (i64, i64) = conn
                .query_row(
                    "SELECT COALESCE(SUM(stars), 0), COUNT(*) FROM feedback WHERE activity_id = ?1",
                    [&row.activity.id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((row.rating_sum, row.ratings), (sum, n));
        }
        assert!(rows.iter().any(|r| r.ratings > 0));
        let unit_row = &unit_rows(&conn, &Scope::Unit(units[0].0.clone())).unwrap()[0];
        assert_eq!(
            unit_row.ratings,
            rows.iter().map(|r| r.ratings).sum::<i64>()
        );
        assert!(activity_rows(&conn, &Scope::Province("310000".into()))
            .unwrap()
            .is_empty());
        assert_eq!(
            scope_sizes(&conn, &Scope::Province("110000".into())).unwrap(),
            (units.len() as i64, published)
        );
        assert!(activity_in_scope(&conn, &Scope::All, &rows[0].activity.id).unwrap());
        assert!(!activity_in_scope(
            &conn,
            &Scope::Province("310000".into()),
            &rows[0].activity.id
        )
        .unwrap());
    }
}
