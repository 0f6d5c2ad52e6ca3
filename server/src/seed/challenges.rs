//! The 2021 challenge 「点亮好奇心」 (`ch_2021`), its three categories, and a gallery of approved
//! entries that play the sample clips livestreams already serve (`/media/videos/ls_NNNN.mp4`),
//! by a few seeded authors. Those authors' phone numbers (`100…`) are not mainland mobiles, so
//! nobody can log in as them.
use super::livestreams::CLIPS;
use chrono::TimeZone;
use rusqlite::{params, Connection, OptionalExtension};

pub const CHALLENGE_ID: &str = "ch_2021";

const RULES: &str = "1. 作品须为原创，时长不超过180秒。\n2. 支持 MP4、MOV、WebM 格式，文件不超过500MB。\n3. 作品经审核通过后展示，点赞数作为人气奖参考。\n4. 每位用户可提交多个作品，请选择符合年龄的组别。";

/// (id, name, description, min age, max age): the age groups do not overlap (issue 20).
type CategorySeed = (
    &'static str,
    &'static str,
    &'static str,
    Option<i64>,
    Option<i64>,
);
const CATEGORIES: [CategorySeed; 3] = [
    ("kids", "少儿组", "12岁及以下", None, Some(12)),
    ("teens", "青少年组", "13至17岁", Some(13), Some(17)),
    ("adults", "成人组", "18岁及以上", Some(18), None),
];

/// Writes the age groups onto the seeded challenge's categories (a database seeded before
/// issue 20 had 青少年组 13至18岁 overlapping 成人组 18岁以上).
pub fn apply_ages(conn: &Connection) -> rusqlite::Result<()> {
    let mut update = conn.prepare(
        "UPDATE challenge_categories SET description = ?2, min_age = ?3, max_age = ?4
         WHERE id = ?1 AND challenge_seq = (SELECT seq FROM challenges WHERE id = ?5)",
    )?;
    for (id, _, description, min, max) in CATEGORIES {
        update.execute(params![id, description, min, max, CHALLENGE_ID])?;
    }
    Ok(())
}

const AUTHORS: [&str; 6] = [
    "小小科学家朵朵",
    "航天迷小林",
    "爱看火箭的小王",
    "物理老师老周",
    "厨房实验室",
    "追星星的阿杰",
];

/// (title, description, category, author index, created (September day, hour, minute), likes).
type SeedEntry = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    (u32, u32, u32),
    i64,
);

const ENTRIES: [SeedEntry; 12] = [
    (
        "彩虹是怎么来的",
        "用一杯水和手电筒，在家里做出一道彩虹。",
        "kids",
        0,
        (2, 19, 30),
        318,
    ),
    (
        "为什么航天员能在太空“飘”",
        "用一个下落的水瓶演示失重。",
        "teens",
        1,
        (3, 18, 2),
        1024,
    ),
    (
        "厨房里的火山爆发",
        "小苏打遇上白醋会发生什么？",
        "kids",
        2,
        (4, 9, 41),
        87,
    ),
    (
        "一张纸能托住一杯水吗",
        "大气压强的小实验，一张卡片就够了。",
        "adults",
        3,
        (5, 20, 15),
        562,
    ),
    (
        "鸡蛋浮起来了",
        "往水里加盐，密度变了，鸡蛋就浮起来了。",
        "kids",
        4,
        (6, 17, 5),
        241,
    ),
    (
        "自制简易电动机",
        "一节电池、一块磁铁和一段铜线。",
        "teens",
        5,
        (7, 21, 12),
        733,
    ),
    (
        "会“跳舞”的盐粒",
        "声音让盐粒在保鲜膜上跳起舞来。",
        "kids",
        0,
        (8, 10, 20),
        156,
    ),
    (
        "看得见的声波",
        "用激光笔和气球膜把声音画出来。",
        "adults",
        3,
        (9, 19, 48),
        419,
    ),
    (
        "筷子提米",
        "摩擦力有多大？一根筷子提起一瓶米。",
        "kids",
        2,
        (10, 8, 30),
        98,
    ),
    (
        "纸飞机为什么能飞远",
        "改变机翼形状，比比谁飞得远。",
        "teens",
        1,
        (11, 15, 0),
        377,
    ),
    (
        "叶子里的秘密",
        "用酒精提取叶绿素，看看叶子的颜色。",
        "adults",
        4,
        (12, 20, 15),
        205,
    ),
    (
        "自制“火箭”发射",
        "水火箭的原理：作用力与反作用力。",
        "teens",
        5,
        (13, 8, 45),
        64,
    ),
];

/// Seeds the challenge and its gallery when there is none (also into an older database).
pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<Option<usize>> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM challenges", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(None);
    }
    let cst = crate::clock::cst();
    let at = |d: u32, h: u32, m: u32, s: u32| {
        cst.with_ymd_and_hms(2021, 9, d, h, m, s)
            .single()
            .expect("a valid China time")
            .timestamp()
    };
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO challenges(seq, id, title, summary, rules, starts_at, deadline,
           accepted_containers, max_bytes, max_duration_seconds)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, '[\"mp4\",\"mov\",\"webm\"]', 524288000, 180)",
        params![
            CHALLENGE_ID,
            "「点亮好奇心」短视频征集",
            "用一段3分钟以内的短视频，记录你身边的科学瞬间。",
            RULES,
            at(1, 0, 0, 0),
            at(17, 23, 59, 59)
        ],
    )?;
    for (i, (id, name, description, _, _)) in CATEGORIES.iter().enumerate() {
        tx.execute(
            "INSERT INTO challenge_categories(challenge_seq, id, name, description, sort)
             VALUES (1, ?1, ?2, ?3, ?4)",
            params![id, name, description, i as i64],
        )?;
    }
    let mut authors = Vec::new();
    for (i, name) in AUTHORS.iter().enumerate() {
        let phone = format!("100202100{:02}", i + 1);
        let existing: Option<String> = tx
            .query_row("SELECT id FROM users WHERE phone = ?1", [&phone], |r| {
                r.get(0)
            })
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                let seq: i64 =
                    tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM users", [], |r| {
                        r.get(0)
                    })?;
                let id = format!("usr_{seq:06}");
                tx.execute(
                    "INSERT INTO users(seq, id, phone, display_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![seq, id, phone, name, at(1, 8, 0, 0)],
                )?;
                id
            }
        };
        authors.push(id);
    }
    for (i, (title, description, category, author, (d, h, m), likes)) in ENTRIES.iter().enumerate()
    {
        let seq = i as i64 + 1;
        // ls_0001 plays stream-b, ls_0002 stream-c, ls_0003 stream-a (seq % 3).
        let stream = 1 + i % CLIPS.len();
        tx.execute(
            "INSERT INTO entries(seq, id, challenge_seq, category_id, author_id, title, description,
               container, playback_url, duration_seconds, like_count, created_at, status)
             VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, 'mp4', ?7, 5.0, ?8, ?9, 'approved')",
            params![
                seq,
                format!("ent_{seq:04}"),
                category,
                authors[*author],
                title,
                description,
                format!("/media/videos/ls_{stream:04}.mp4"),
                likes,
                at(*d, *h, *m, (seq * 7 % 60) as u32)
            ],
        )?;
    }
    tx.commit()?;
    Ok(Some(ENTRIES.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_and_its_gallery_are_seeded_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        crate::seed::seed_if_empty(&mut conn, 1).unwrap();
        let approved: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM entries WHERE status = 'approved'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(approved, ENTRIES.len() as i64);
        assert_eq!(seed_if_empty(&mut conn).unwrap(), None);
        // Every seeded entry plays a livestream's clip.
        let urls: Vec<String> = conn
            .prepare("SELECT playback_url FROM entries")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(urls.iter().all(|u| u.starts_with("/media/videos/ls_000")));
    }
}
