//! Seeded 科技志愿者 and 科技志愿服务队: ≈300, spread over every province, each drawn from its own
//! seeded generator (so volunteer N is always the same), with a week of like history
//! (2021-09-07 … 2021-09-13) in `volunteer_like_days` that their `like_count` includes.
use super::regions::{regions, Region};
use super::rng::Rng;
use chrono::{NaiveDate, TimeZone};
use rusqlite::{params, Connection};
use std::collections::HashSet;

pub const VOLUNTEERS: usize = 300;

/// Days of seeded like history, ending on the day `scripts/dev` starts on.
const HISTORY_FROM: (i32, u32, u32) = (2021, 9, 7);
const HISTORY_DAYS: i64 = 7;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
    "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶",
    "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖",
    "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯",
    "欧阳", "司马",
];

const GIVEN_NAMES: &[&str] = &[
    "建华", "晓梅", "海峰", "志强", "秀英", "丽华", "国强", "春燕", "文博", "思远", "雨桐", "明轩",
    "俊杰", "佳怡", "建国", "卫东", "红梅", "玉兰", "德明", "振华", "立新", "宏伟", "静", "敏",
    "磊", "洋", "勇", "军", "杰", "娟", "涛", "超", "芳", "颖", "鹏", "琳", "晨曦", "子豪", "淑珍",
    "桂英", "永明", "学军", "向阳", "海燕", "亚楠", "晓东", "天宇", "若溪", "嘉怡", "浩然", "光明",
    "志远", "秋菊", "冬梅", "新民", "长青", "瑞华", "丹丹", "一鸣", "梓萱",
];

/// A service area: its name, the short form team names use, and what the volunteers do.
struct Area {
    name: &'static str,
    short: &'static str,
    doing: &'static str,
}

const AREAS: &[Area] = &[
    Area {
        name: "青少年科学教育",
        short: "青少年科学教育",
        doing: "带孩子们动手做科学实验",
    },
    Area {
        name: "应急安全",
        short: "应急救护",
        doing: "教居民心肺复苏和火场逃生",
    },
    Area {
        name: "航天科普",
        short: "航天",
        doing: "讲解中国空间站和火星探测",
    },
    Area {
        name: "科学家精神",
        short: "科学家精神宣讲",
        doing: "讲述老一辈科学家的报国故事",
    },
    Area {
        name: "防灾减灾",
        short: "防震减灾",
        doing: "开展地震应急避险演练",
    },
    Area {
        name: "健康科普",
        short: "健康",
        doing: "普及慢病防治和合理膳食知识",
    },
    Area {
        name: "生态环保",
        short: "生态环保",
        doing: "组织垃圾分类和湿地观鸟活动",
    },
    Area {
        name: "气象科普",
        short: "气象",
        doing: "讲解天气预报和极端天气防御",
    },
    Area {
        name: "天文观测",
        short: "天文",
        doing: "架起望远镜带大家观测月面和土星环",
    },
    Area {
        name: "农业技术推广",
        short: "农技",
        doing: "到田间地头传授种养殖新技术",
    },
    Area {
        name: "人工智能",
        short: "人工智能",
        doing: "用编程机器人启蒙青少年",
    },
    Area {
        name: "碳达峰碳中和",
        short: "低碳",
        doing: "宣讲节能降碳和绿色生活方式",
    },
    Area {
        name: "核与辐射安全",
        short: "核科普",
        doing: "解答公众关于核电和辐射的疑问",
    },
    Area {
        name: "水利与节水",
        short: "节水",
        doing: "讲解水资源保护和防汛知识",
    },
    Area {
        name: "网络安全",
        short: "网络安全",
        doing: "帮助老年人识别电信网络诈骗",
    },
    Area {
        name: "老年人数字技能",
        short: "银龄数字",
        doing: "手把手教老年人使用智能手机",
    },
    Area {
        name: "地质科普",
        short: "地质",
        doing: "带领公众认识岩石矿物和化石",
    },
    Area {
        name: "海洋科普",
        short: "海洋",
        doing: "介绍海洋生物和深海探测装备",
    },
    Area {
        name: "医学急救",
        short: "红十字急救",
        doing: "培训群众掌握自动体外除颤器的使用",
    },
];

/// Organisations in a region (`{province}`, `{city}` are filled in).
const LOCAL_ORGS: &[&str] = &[
    "{city}科学技术协会",
    "{province}科学技术协会",
    "{city}科技馆",
    "{city}气象局",
    "{province}气象学会",
    "{city}地震局",
    "{city}人民医院",
    "{city}疾病预防控制中心",
    "{province}农业科学院",
    "{city}第一中学",
    "{city}实验小学",
    "{city}青少年活动中心",
    "{city}消防救援支队",
    "{city}应急管理局",
    "{city}图书馆",
    "{province}林学会",
    "{city}天文爱好者协会",
    "{city}供电公司",
    "{province}地质调查院",
    "{city}红十字会",
];

/// National organisations, for volunteers in Beijing.
const NATIONAL_ORGS: &[&str] = &[
    "中国科学院老科学家科普演讲团",
    "中国科学技术馆",
    "中国气象局气象宣传与科普中心",
    "中国地震局地球物理研究所",
    "中国航天科技集团有限公司",
    "国家天文台",
    "中国农业大学",
    "中国疾病预防控制中心",
];

const TEAM_BRANDS: &[&str] = &[
    "星火",
    "萤火虫",
    "蒲公英",
    "启明星",
    "向日葵",
    "追光",
    "小水滴",
    "绿芽",
    "北斗",
    "银河",
    "火种",
    "青苗",
    "繁星",
    "知行",
];

const MEMBER_SOURCES: &[&str] = &[
    "高校教师和研究生",
    "退休科技工作者",
    "一线医护人员",
    "中小学科学教师",
    "企业工程师",
    "气象和应急系统的业务骨干",
    "科技馆讲解员和大学生志愿者",
];

const PLACES: &[&str] = &[
    "乡村学校",
    "城市社区",
    "偏远山区",
    "养老机构",
    "企业车间",
    "田间地头",
    "边疆牧区",
];

const QUOTES: &[&str] = &[
    "“让孩子们眼里有光，是最大的回报。”",
    "“科学不是高高在上的，它就在每个人的生活里。”",
    "“能用自己所学帮到身边的人，我觉得很值得。”",
    "“只要还有人愿意听，我就一直讲下去。”",
    "“一次科普，也许就在一个孩子心里种下了梦想。”",
];

fn fill(template: &str, region: &Region, city: &str) -> String {
    template
        .replace("{province}", region.name)
        .replace("{city}", city)
}

/// `杭州市` → `杭州`; districts and prefectures keep their names.
fn short_city(name: &str) -> &str {
    name.strip_suffix('市').unwrap_or(name)
}

struct Seeded {
    name: String,
    kind: &'static str,
    organization: String,
    province: &'static str,
    city: &'static str,
    areas: Vec<&'static str>,
    hours: f64,
    story: String,
    joined_at: i64,
    /// Likes before the seeded week.
    earlier_likes: i64,
    /// Likes on each day of the seeded week.
    week: [i64; HISTORY_DAYS as usize],
}

fn volunteer(seq: usize, regions: &[Region], taken: &mut HashSet<String>) -> Seeded {
    let mut rng =
        Rng::new(0x564F_4C55_4E54_2021 ^ (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let region = rng.pick(regions);
    let (city_code, city_name) = *rng.pick(&region.cities);
    let team = rng.chance(35);
    let mut areas: Vec<&'static Area> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let a = rng.pick(AREAS);
        if !areas.iter().any(|x| x.name == a.name) {
            areas.push(a);
        }
    }
    let main = areas[0];
    let organization = if region.code == "110000" && rng.chance(40) {
        rng.pick(NATIONAL_ORGS).to_string()
    } else {
        fill(rng.pick::<&str>(LOCAL_ORGS), region, city_name)
    };
    let years = 2 + rng.below(15);
    let name = loop {
        let candidate = if team {
            match rng.below(3) {
                0 => format!(
                    "{}{}科普志愿服务队",
                    short_city(city_name),
                    rng.pick(TEAM_BRANDS)
                ),
                1 => format!("{organization}科技志愿服务队"),
                _ => format!("{}{}科技志愿服务队", short_city(city_name), main.short),
            }
        } else {
            format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN_NAMES))
        };
        if taken.insert(candidate.clone()) {
            break candidate;
        }
    };
    let story = if team {
        let members = 12 + rng.below(300);
        let events = 20 + rng.below(400);
        let reach = 1 + rng.below(30);
        format!(
            "队伍现有志愿者{members}名，多为{}。\n{years}年来深入{}{}，开展活动{events}场，惠及群众{reach}万人次。",
            rng.pick(MEMBER_SOURCES),
            rng.pick(PLACES),
            main.doing,
        )
    } else {
        let events = 10 + rng.below(600);
        let schools = 3 + rng.below(120);
        let opening = if rng.chance(30) {
            format!("退休后的{years}年里，")
        } else {
            format!("从事{}工作之余，{years}年来", main.name)
        };
        format!(
            "{opening}走进{schools}所学校和社区{}，累计开展科普活动{events}场。\n{}",
            main.doing,
            rng.pick(QUOTES)
        )
    };
    let hours = if team {
        (2_000 + rng.below(28_000)) as f64 + 0.5 * rng.below(2) as f64
    } else {
        (40 + rng.below(3_000)) as f64 + 0.5 * rng.below(2) as f64
    };
    let joined = NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid date")
        + chrono::Duration::days(rng.below(2_080) as i64);
    let joined_at = crate::clock::cst()
        .from_local_datetime(
            &joined
                .and_hms_opt(9 + rng.below(9) as u32, rng.below(60) as u32, 0)
                .expect("valid time"),
        )
        .single()
        .expect("fixed offset")
        .timestamp();
    // Popularity is heavy-tailed: a few favourites, a long tail of quieter volunteers.
    let pull = (rng.below(40) * rng.below(40) + rng.below(20)) as i64;
    let earlier_likes = pull * (20 + rng.below(40) as i64) + rng.below(50) as i64;
    let mut week = [0; HISTORY_DAYS as usize];
    for day in &mut week {
        *day = if rng.chance(15) {
            0
        } else {
            pull * (1 + rng.below(6) as i64) / 4 + rng.below(3) as i64
        };
    }
    Seeded {
        name,
        kind: if team { "team" } else { "person" },
        organization,
        province: region.code,
        city: city_code,
        areas: areas.iter().map(|a| a.name).collect(),
        hours,
        story,
        joined_at,
        earlier_likes,
        week,
    }
}

/// Seeds the volunteers when there are none (also into a database made before they existed).
/// Needs the regions seeded first.
pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<Option<usize>> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM volunteers", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(None);
    }
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO volunteers(seq, id, name, kind, organization, province_code, city_code,
               service_areas, service_hours, story, joined_at, like_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut day = tx.prepare(
            "INSERT INTO volunteer_like_days(china_date, volunteer_seq, likes) VALUES (?1, ?2, ?3)",
        )?;
        let first = NaiveDate::from_ymd_opt(HISTORY_FROM.0, HISTORY_FROM.1, HISTORY_FROM.2)
            .expect("valid date");
        let regions = regions();
        let mut taken = HashSet::new();
        for seq in 1..=VOLUNTEERS {
            let v = volunteer(seq, &regions, &mut taken);
            let total = v.earlier_likes + v.week.iter().sum::<i64>();
            let areas = serde_json::to_string(&v.areas).unwrap_or_else(|_| "[]".into());
            insert.execute(params![
                seq as i64,
                format!("vol_{seq:04}"),
                v.name,
                v.kind,
                v.organization,
                v.province,
                v.city,
                areas,
                v.hours,
                v.story,
                v.joined_at,
                total
            ])?;
            for (i, likes) in v.week.iter().enumerate().filter(|(_, l)| **l > 0) {
                let date = first + chrono::Duration::days(i as i64);
                day.execute(params![date.to_string(), seq as i64, likes])?;
            }
        }
    }
    tx.commit()?;
    Ok(Some(VOLUNTEERS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::db::migrate(&mut conn).unwrap();
        crate::seed::seed_if_empty(&mut conn, 1).unwrap();
        conn
    }

    #[test]
    fn volunteers_are_seeded_once_across_provinces_with_consistent_likes() {
        let mut conn = seeded();
        assert_eq!(seed_if_empty(&mut conn).unwrap(), None);
        let (count, teams, provinces, names): (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT COUNT(*), SUM(kind = 'team'), COUNT(DISTINCT province_code), COUNT(DISTINCT name) FROM volunteers",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(count, VOLUNTEERS as i64);
        assert!((60..=150).contains(&teams), "{teams} teams");
        assert!(provinces >= 30, "{provinces} provinces");
        assert_eq!(names, count, "names are unique");
        // Every day of history is part of the all-time count.
        let short: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM volunteers v WHERE like_count <
                   (SELECT COALESCE(SUM(likes), 0) FROM volunteer_like_days d WHERE d.volunteer_seq = v.seq)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(short, 0);
    }

    #[test]
    fn the_same_seed_gives_the_same_volunteers() {
        let dump = |conn: &Connection| -> Vec<(String, String, i64)> {
            conn.prepare("SELECT name, story, like_count FROM volunteers ORDER BY seq")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(dump(&seeded()), dump(&seeded()));
    }
}
