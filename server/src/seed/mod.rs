//! Deterministic seed data: the same scale always gives the same rows, and activity N is the
//! same at every scale (each is drawn from its own seeded generator).
mod catalog;
pub mod challenges;
pub mod english;
pub mod geo;
pub mod livestreams;
pub mod regions;
pub mod registration;
pub mod reservations;
pub mod rng;
pub mod topics;
mod volunteers;

use catalog::*;
pub use catalog::{EVENT_KINDS, THEMES};
use chrono::{Datelike, NaiveDate, TimeZone};
use regions::{regions, Region};
use rng::Rng;
use rusqlite::{params, Connection};

/// Activities at scale 1.
pub const ACTIVITIES_PER_SCALE: usize = 1_200;

/// The data of each feature added after the activities (volunteers, livestreams, challenges,
/// topics, 登记填报, the moderator and 预约报名), each seeded once: an older database gets what
/// it lacks.
fn seed_features_if_empty(conn: &mut Connection) -> rusqlite::Result<()> {
    volunteers::seed_if_empty(conn)?;
    livestreams::seed_if_empty(conn)?;
    challenges::seed_if_empty(conn)?;
    topics::seed_if_empty(conn)?;
    registration::seed_if_empty(conn)?;
    registration::seed_moderator(conn)?;
    reservations::seed_if_empty(conn)?;
    upgrade(conn)
}

/// Seeds an empty database; does nothing when reference data is already there.
pub fn seed_if_empty(conn: &mut Connection, scale: usize) -> rusqlite::Result<Option<usize>> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM themes", [], |r| r.get(0))?;
    if existing > 0 {
        seed_features_if_empty(conn)?;
        return Ok(None);
    }
    // Large seeds (500,000 activities) insert into eight indexes and the trigram index in
    // random key order; SQLite's default 2 MB page cache keeps evicting and re-reading their
    // pages. A larger cache (½ KiB per activity, at most 512 MiB) for the bulk insert, then
    // the default again.
    let count = ACTIVITIES_PER_SCALE * scale.max(1);
    let cache_kib = (count as i64 / 2).clamp(2_000, 512 * 1024);
    conn.pragma_update(None, "cache_size", -cache_kib)?;
    let tx = conn.transaction()?;
    let regions = regions();
    seed_reference(&tx, &regions)?;
    seed_activities(&tx, &regions, count)?;
    tx.commit()?;
    conn.pragma_update(None, "cache_size", -2_000)?;
    seed_features_if_empty(conn)?;
    // Statistics for the query planner (issue 4's search picks between the indexes), and the
    // write-ahead log folded back into the database file.
    conn.execute_batch("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(Some(count))
}

/// Idempotent corrections applied on every start, so databases seeded earlier get them too:
/// positions for 附近 and the challenge's non-overlapping age groups (issue 20).
fn upgrade(conn: &Connection) -> rusqlite::Result<()> {
    geo::apply(conn)?;
    challenges::apply_ages(conn)
}

fn seed_reference(tx: &Connection, regions: &[Region]) -> rusqlite::Result<()> {
    let mut province =
        tx.prepare("INSERT INTO provinces(code, name, short_name, sort) VALUES (?1, ?2, ?3, ?4)")?;
    let mut city =
        tx.prepare("INSERT INTO cities(code, province_code, name, sort) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, r) in regions.iter().enumerate() {
        province.execute(params![r.code, r.name, r.short_name, i as i64])?;
        for (j, (code, name)) in r.cities.iter().enumerate() {
            city.execute(params![code, r.code, name, j as i64])?;
        }
    }
    let mut theme = tx.prepare(
        "INSERT INTO themes(id, name, description, color, sort) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, t) in THEMES.iter().enumerate() {
        theme.execute(params![t.id, t.name, t.description, t.color, i as i64])?;
    }
    let mut kind = tx.prepare("INSERT INTO event_kinds(id, name, sort) VALUES (?1, ?2, ?3)")?;
    for (i, (id, name)) in EVENT_KINDS.iter().enumerate() {
        kind.execute(params![id, name, i as i64])?;
    }
    Ok(())
}

fn fill(template: &str, province: &Region, city: &str) -> String {
    template
        .replace("{province}", province.name)
        .replace("{city}", city)
}

/// Strips the administrative suffix for friendlier names (`杭州市` → `杭州`).
fn short_city(name: &str) -> &str {
    name.strip_suffix('市').unwrap_or(name)
}

fn seed_activities(tx: &Connection, regions: &[Region], count: usize) -> rusqlite::Result<()> {
    let mut insert = tx.prepare(
        "INSERT INTO activities(seq, id, title, summary, description, theme_id, event_kind_id, format,
           starts_at, ends_at, organizer_name, organizer_type, province_code, city_code, venue_name,
           venue_address, online_url, registration_required, capacity, registered, popularity)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    let mut fts = tx.prepare("INSERT INTO activities_fts(rowid, title, summary, organizer, venue) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let cst = crate::clock::cst();
    let first_day = NaiveDate::from_ymd_opt(2021, 9, 11).expect("valid date");
    const STARTS: [(u32, u32); 10] = [
        (8, 30),
        (9, 0),
        (9, 30),
        (10, 0),
        (13, 30),
        (14, 0),
        (14, 30),
        (15, 0),
        (19, 0),
        (19, 30),
    ];
    const MINUTES: [i64; 5] = [60, 90, 120, 150, 180];

    for seq in 1..=count {
        let mut rng =
            Rng::new(0x4B45_5055_5249_2021 ^ (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let theme = rng.pick(THEMES);
        let region = rng.pick(regions);
        let (city_code, city_name) = *rng.pick(&region.cities);
        let format = match rng.below(100) {
            0..=34 => "online",
            35..=74 => "offline",
            _ => "hybrid",
        };
        let (organizer, organizer_type) = if rng.chance(55) {
            let (n, t) = rng.pick(theme.organizers);
            (n.to_string(), *t)
        } else {
            let (n, t) = rng.pick(LOCAL_ORGANIZERS);
            (fill(n, region, short_city(city_name)), *t)
        };
        let open_day = rng.chance(15);
        let kind = if open_day {
            "open-day"
        } else if region.code == "110000" && rng.chance(35) {
            "beijing-main"
        } else if organizer_type == "government" {
            "ministry-main"
        } else if format == "online" && rng.chance(60) {
            "cloud"
        } else {
            "provincial-main"
        };
        let subject = rng.pick(theme.subjects);
        let suffix = match (open_day, format) {
            (true, "online") => "云开放日",
            (true, _) => "开放日",
            (false, "online") => rng.pick(ONLINE_SUFFIXES),
            (false, _) => rng.pick(OFFLINE_SUFFIXES),
        };
        let title = if format == "online" {
            format!("{subject}{suffix}")
        } else {
            format!("{}·{subject}{suffix}", short_city(city_name))
        };
        let day = first_day + chrono::Duration::days(rng.below(7) as i64);
        let (h, m) = *rng.pick(&STARTS);
        let start = cst
            .from_local_datetime(&day.and_hms_opt(h, m, 0).expect("valid time"))
            .single()
            .expect("fixed offset");
        // Everything is over by 21:00: late starts only get the shorter lengths.
        let room = i64::from(21 * 60 - (h * 60 + m));
        let lengths: Vec<i64> = MINUTES.iter().copied().filter(|&l| l <= room).collect();
        let end = start + chrono::Duration::minutes(*rng.pick(&lengths));
        let landmark = LANDMARK_VENUES
            .iter()
            .find(|(code, _, _)| *code == city_code);
        let (venue_name, venue_address) = if format == "online" {
            (None, None)
        } else if let Some((_, name, address)) = landmark.filter(|_| rng.chance(30)) {
            (Some(name.to_string()), Some(address.to_string()))
        } else {
            let venue: String = fill(rng.pick::<&str>(VENUES), region, short_city(city_name));
            let address = format!(
                "{}{}{}{}号",
                region.name,
                city_name,
                rng.pick(ROADS),
                1 + rng.below(300)
            );
            (Some(venue), Some(address))
        };
        let id = format!("act_{seq:06}");
        let online_url =
            (format != "offline").then(|| format!("https://live.kepuri.example/a/{id}"));
        let registration = format != "online" && rng.chance(60);
        let capacity = registration.then(|| [50, 80, 100, 200, 300, 500][rng.below(6)]);
        let registered = capacity.map_or(0, |c| rng.below(c as usize + 1) as i64);
        let popularity = (rng.below(1000) * rng.below(60) + rng.below(500)) as i64;
        // Two different sentences from the theme's bank; the first also makes the summary.
        let n = theme.sentences.len();
        let i = rng.below(n);
        let (first, second) = (
            theme.sentences[i],
            theme.sentences[(i + 1 + rng.below(n - 1)) % n],
        );
        let summary = format!("{organizer}主办的{}活动：{first}", theme.name);
        let summary: String = summary.chars().take(80).collect();
        let when = format!(
            "活动时间：{}月{}日 {:02}:{:02}–{}。",
            start.month(),
            start.day(),
            h,
            m,
            end.format("%H:%M")
        );
        let place = match (&venue_name, &venue_address, format) {
            (Some(v), Some(a), _) => format!("活动地点：{v}（{a}）。"),
            _ => "活动形式：线上直播，观众可通过活动链接观看并参与互动问答。".to_string(),
        };
        let mut paragraphs = vec![
            format!("{title}由{organizer}主办，是2021年全国科普日“百年再出发，迈向高水平科技自立自强”主题活动之一。"),
            first.to_string(),
            second.to_string(),
            format!("{when}{place}"),
        ];
        if open_day {
            paragraphs.push(OPEN_DAY_SENTENCE.to_string());
        }
        if format == "hybrid" {
            paragraphs.push(ONLINE_SENTENCE.to_string());
        }
        if registration {
            paragraphs.push(REGISTRATION_SENTENCE.to_string());
        }
        paragraphs.push(rng.pick(AUDIENCES).to_string());
        let description = paragraphs.join("\n");
        let (province_code, city_code) = (Some(region.code), Some(city_code));
        insert.execute(params![
            seq as i64,
            id,
            title,
            summary,
            description,
            theme.id,
            kind,
            format,
            start.timestamp(),
            end.timestamp(),
            organizer,
            organizer_type,
            province_code,
            city_code,
            venue_name,
            venue_address,
            online_url,
            registration,
            capacity,
            registered,
            popularity
        ])?;
        fts.execute(params![
            seq as i64,
            title,
            summary,
            organizer,
            venue_name.unwrap_or_default()
        ])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Timelike};

    fn seeded(scale: usize) -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        assert_eq!(
            seed_if_empty(&mut conn, scale).unwrap(),
            Some(1_200 * scale)
        );
        conn
    }

    /// WCAG relative luminance of `#rrggbb`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    #[test]
    fn theme_colours_carry_white_text_at_aa() {
        for t in THEMES {
            let ratio = 1.05 / (luminance(t.color) + 0.05);
            assert!(ratio >= 4.5, "{} {} contrast {ratio:.2}", t.id, t.color);
        }
    }

    #[test]
    fn seeding_twice_does_nothing() {
        let mut conn = seeded(1);
        assert_eq!(seed_if_empty(&mut conn, 1).unwrap(), None);
    }

    #[test]
    fn activities_are_realistic() {
        let conn = seeded(1);
        let mut stmt = conn
            .prepare("SELECT id, summary, starts_at, ends_at, format, venue_name, online_url, event_kind_id FROM activities")
            .unwrap();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        let cst = crate::clock::cst();
        let mut open_days = 0;
        for (id, summary, starts, ends, format, venue, url, kind) in &rows {
            assert!(summary.chars().count() <= 80, "{id}: {summary}");
            let (s, e) = (
                DateTime::from_timestamp(*starts, 0)
                    .unwrap()
                    .with_timezone(&cst),
                DateTime::from_timestamp(*ends, 0)
                    .unwrap()
                    .with_timezone(&cst),
            );
            assert!(s.date_naive() >= NaiveDate::from_ymd_opt(2021, 9, 11).unwrap());
            assert!(s.date_naive() <= NaiveDate::from_ymd_opt(2021, 9, 17).unwrap());
            assert!(
                (8 * 60 + 30..=21 * 60).contains(&(s.hour() * 60 + s.minute())),
                "{id} starts {s}"
            );
            assert!(
                e.hour() * 60 + e.minute() <= 21 * 60 && e.date_naive() == s.date_naive(),
                "{id} ends {e}"
            );
            let hours = (ends - starts) / 60;
            assert!((60..=180).contains(&hours), "{id} lasts {hours} min");
            assert_eq!(venue.is_none(), format == "online", "{id} venue");
            assert_eq!(url.is_none(), format == "offline", "{id} url");
            if let Some(url) = url {
                assert!(url.starts_with("https://"));
            }
            open_days += usize::from(kind == "open-day");
        }
        let share = open_days as f64 / rows.len() as f64;
        assert!((0.10..=0.20).contains(&share), "open-day share {share}");
    }

    #[test]
    fn keyword_search_finds_the_right_themes() {
        let conn = seeded(1);
        for (keyword, theme) in [
            ("核电站", "nuclear"),
            ("水利工", "water"),
            ("空间站", "space"),
            ("碳中和", "carbon"),
        ] {
            let themes: Vec<String> = conn
                .prepare(
                    "SELECT DISTINCT a.theme_id FROM activities_fts f JOIN activities a ON a.seq = f.rowid
                     WHERE activities_fts MATCH ?1",
                )
                .unwrap()
                .query_map([format!("\"{keyword}\"")], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(themes.contains(&theme.to_string()), "{keyword}: {themes:?}");
        }
    }
}
