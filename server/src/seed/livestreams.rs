//! Seeded livestreams: the same 126 streams on every database, 18 a day over the edition
//! (2021-09-11..17, China time) from a 07:30 morning read to a 23:30 late show, across every theme.
//! At the demo clock (2021-09-13T10:00+08:00) four are live, two start within the hour, the
//! first two days and that morning are replays and the rest are upcoming.
use super::catalog::{AUDIENCES, THEMES};
use super::rng::Rng;
use chrono::{Datelike, NaiveDate, TimeZone};
use rusqlite::{params, Connection};

/// The day's schedule: (hour, minute, minutes long).
const SLOTS: [(u32, u32, i64); 18] = [
    (7, 30, 30),
    (8, 30, 120),
    (9, 0, 120),
    (9, 30, 90),
    (10, 0, 60),
    (10, 30, 60),
    (10, 45, 75),
    (13, 30, 90),
    (14, 0, 60),
    (14, 30, 90),
    (15, 0, 90),
    (15, 30, 60),
    (16, 0, 60),
    (19, 0, 90),
    (19, 30, 60),
    (20, 0, 60),
    (20, 30, 60),
    (23, 30, 60),
];

const DAYS: i64 = 7;

/// The sample clips in server/media/ that streams play.
pub const CLIPS: [&str; 3] = ["stream-a", "stream-b", "stream-c"];

struct Series {
    name: &'static str,
    /// The theme the series is always about, if any.
    theme: Option<&'static str>,
    /// Who makes it; `None` = an organiser of the stream's theme.
    organizer: Option<(&'static str, &'static str)>,
    /// What its episodes are about; `None` = the subjects of the stream's theme.
    subjects: Option<&'static [&'static str]>,
    /// How many times the usual audience it draws.
    draw: i64,
}

const SERIES: &[Series] = &[
    Series {
        name: "科学家讲科学",
        theme: None,
        organizer: None,
        subjects: None,
        draw: 2,
    },
    Series {
        name: "院士开讲",
        theme: Some("self-reliance"),
        organizer: Some(("中国科学院学部", "institute")),
        subjects: None,
        draw: 3,
    },
    Series {
        name: "中国空间站天宫课堂",
        theme: Some("space"),
        organizer: Some(("中国载人航天工程办公室", "government")),
        subjects: Some(&[
            "太空授课：失重环境里的物理实验",
            "航天员的一天",
            "空间站里的植物生长",
            "太空中的水球与泡腾片",
            "天地对话：和航天员面对面",
        ]),
        draw: 5,
    },
    Series {
        name: "国家自然博物馆云游",
        theme: Some("ecology"),
        organizer: Some(("国家自然博物馆", "museum")),
        subjects: Some(&[
            "走进恐龙时代",
            "生命的演化之路",
            "昆虫的隐秘世界",
            "湿地里的鸟类",
            "大熊猫的故事",
        ]),
        draw: 2,
    },
    Series {
        name: "科技馆里的科学课",
        theme: None,
        organizer: Some(("中国科学技术馆", "museum")),
        subjects: None,
        draw: 1,
    },
    Series {
        name: "科普中国直播间",
        theme: None,
        organizer: Some(("中国科协科普部", "association")),
        subjects: None,
        draw: 1,
    },
    Series {
        name: "走进国家重点实验室",
        theme: None,
        organizer: None,
        subjects: None,
        draw: 1,
    },
    Series {
        name: "云上科普大讲堂",
        theme: None,
        organizer: None,
        subjects: None,
        draw: 1,
    },
];

const MORNING: Series = Series {
    name: "科学晨读",
    theme: None,
    organizer: Some(("科普中国", "association")),
    subjects: None,
    draw: 1,
};

const LATE: Series = Series {
    name: "深夜科学馆",
    theme: None,
    organizer: Some(("中国科普作家协会", "society")),
    subjects: None,
    draw: 1,
};

/// Seeds the streams when there are none (a database created before livestreams gets them on
/// its next start); returns how many were added. Needs the themes.
pub fn seed_if_empty(conn: &Connection) -> rusqlite::Result<usize> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM livestreams", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(0);
    }
    seed(conn)
}

fn seed(conn: &Connection) -> rusqlite::Result<usize> {
    let mut insert = conn.prepare(
        "INSERT INTO livestreams(seq, id, title, description, theme_id, organizer_name,
           organizer_type, starts_at, ends_at, audience, clip)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let cst = crate::clock::cst();
    let first_day = NaiveDate::from_ymd_opt(2021, 9, 11).expect("valid date");
    let mut seq = 0i64;
    for day in 0..DAYS {
        let date = first_day + chrono::Duration::days(day);
        for (slot, &(h, m, minutes)) in SLOTS.iter().enumerate() {
            seq += 1;
            let mut rng =
                Rng::new(0x4C49_5645_2021_0913 ^ (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let series = match slot {
                0 => &MORNING,
                17 => &LATE,
                _ => rng.pick(SERIES),
            };
            // Themes take turns (each day starts one further on), unless the series has its own.
            let theme = match series.theme {
                Some(id) => THEMES.iter().find(|t| t.id == id).expect("known theme"),
                None => &THEMES[(slot + day as usize * 5) % THEMES.len()],
            };
            let (organizer, organizer_type) = match series.organizer {
                Some(o) => o,
                None => *rng.pick(theme.organizers),
            };
            let subject = rng.pick(series.subjects.unwrap_or(theme.subjects));
            let title = format!("{}｜{subject}", series.name);
            let start = cst
                .from_local_datetime(&date.and_hms_opt(h, m, 0).expect("valid time"))
                .single()
                .expect("fixed offset");
            let end = start + chrono::Duration::minutes(minutes);
            let n = theme.sentences.len();
            let i = rng.below(n);
            let (first, second) = (
                theme.sentences[i],
                theme.sentences[(i + 1 + rng.below(n - 1)) % n],
            );
            let description = [
                format!(
                    "「{}」系列直播由{organizer}出品，是2021年全国科普日“百年再出发，迈向高水平科技自立自强”线上活动之一。",
                    series.name
                ),
                first.to_string(),
                second.to_string(),
                format!(
                    "直播时间：{}月{}日 {:02}:{:02}–{}，直播结束后可观看回放。",
                    start.month(),
                    start.day(),
                    h,
                    m,
                    end.format("%H:%M")
                ),
                rng.pick(AUDIENCES).to_string(),
            ]
            .join("\n");
            let audience = (800 + rng.below(400) * rng.below(100)) as i64 * series.draw;
            let id = format!("ls_{seq:04}");
            insert.execute(params![
                seq,
                id,
                title,
                description,
                theme.id,
                organizer,
                organizer_type,
                start.timestamp(),
                end.timestamp(),
                audience,
                CLIPS[seq as usize % CLIPS.len()],
            ])?;
        }
    }
    Ok(seq as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::livestreams::Status;

    #[test]
    fn the_demo_clock_sees_live_upcoming_and_replays() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        crate::seed::seed_if_empty(&mut conn, 1).unwrap();
        assert_eq!(seed_if_empty(&conn).unwrap(), 0, "seeded with the rest");
        let now = chrono::DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00")
            .unwrap()
            .timestamp();
        let rows: Vec<(i64, i64, String)> = conn
            .prepare("SELECT starts_at, ends_at, theme_id FROM livestreams")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 126);
        let count = |s| {
            rows.iter()
                .filter(|(a, b, _)| Status::at(now, *a, *b) == s)
                .count()
        };
        assert!(count(Status::Live) >= 3);
        assert!(count(Status::Upcoming) >= 40);
        assert!(count(Status::Replay) >= 30);
        let soon = rows
            .iter()
            .filter(|(a, _, _)| *a > now && *a <= now + 3600)
            .count();
        assert!(soon >= 2, "{soon} start within the hour");
        for t in THEMES {
            assert!(rows.iter().any(|(_, _, id)| id == t.id), "{}", t.id);
        }
    }
}
