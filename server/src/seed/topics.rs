//! Seeded 话题互动: six topics (one closed), ≈40 seeded users who post in them, three polls (two
//! open — one single, one multiple choice — and one closed by hand). Everything is drawn from
//! fixed-seed generators, so every fresh database holds the same topics and posts. Posts are
//! dated before the demo clock (2021-09-13T10:00:00+08:00) and their ids follow their times.
use super::rng::Rng;
use chrono::{NaiveDate, TimeZone};
use rusqlite::{params, Connection};

struct TopicSeed {
    title: &'static str,
    description: &'static str,
    color: &'static str,
    closed: bool,
    /// Posts seeded, and the China dates `(first, last)` they fall on.
    posts: usize,
    days: ((u32, u32), (u32, u32)),
    /// What people write; a post is one or two of these.
    lines: &'static [&'static str],
}

const TOPICS: &[TopicSeed] = &[
    TopicSeed {
        title: "百年再出发",
        description: "建党百年，科技自立自强正当时。说说你心中的“科技强国”。",
        color: "#B71C1C",
        closed: false,
        posts: 48,
        days: ((9, 8), (9, 13)),
        lines: &[
            "从“两弹一星”到“嫦娥”“天问”，每一步都是自立自强。致敬科学家！",
            "今天带孩子在云上看了天问一号的直播，孩子说长大要去火星！",
            "祝融号在火星上跑了一百多天，中国人的脚印总有一天也会留在那里。",
            "看完院士开讲，最感动的是那句“科学没有国界，但科学家有祖国”。",
            "我们厂的数控机床从进口换成了国产，精度一点不差，这就是自立自强。",
            "奋斗者号万米深潜，海底也插上了五星红旗，太燃了！",
            "作为一名中学物理老师，我会把这些航天故事讲给学生们听。",
            "北斗导航已经用在我们村的农机上了，播种又快又直。",
            "百年前连火柴都叫“洋火”，今天我们有了自己的空间站。",
            "希望更多年轻人愿意坐“冷板凳”，把关键核心技术攥在自己手里。",
            "FAST天眼又发现了新的脉冲星，为贵州的科研人员点赞！",
            "杂交水稻让我们端稳了饭碗，袁老永远活在我们心中。",
            "云上科普日的直播太方便了，在家就能听到一线科学家讲课。",
            "科技强国，我的理解是：每个人都有科学的头脑和好奇心。",
        ],
    },
    TopicSeed {
        title: "碳达峰碳中和",
        description: "2030年前碳达峰、2060年前碳中和，你的低碳生活小妙招是什么？",
        color: "#1B5E20",
        closed: false,
        posts: 40,
        days: ((9, 9), (9, 13)),
        lines: &[
            "我家换了一级能效的空调，夏天电费少了三分之一。",
            "上班改骑共享单车，一个月下来腿有劲了，也少排了不少碳。",
            "垃圾分类坚持一年了，厨余垃圾单独放，小区的堆肥还能种花。",
            "买菜自带布袋，能不用塑料袋就不用。",
            "原来一度电大约对应零点八千克二氧化碳，随手关灯真的有意义。",
            "我们单位楼顶装了光伏板，晴天基本能满足白天的用电。",
            "衣服穿旧了送到旧衣回收箱，比扔掉强多了。",
            "空调调高一度，全国加起来就是好几个电站的发电量。",
            "今年家里换了新能源车，在小区充电很方便。",
            "孩子学校开了“双碳”科普课，回家就监督我们节约用水。",
            "碳中和不是不排放，而是排放和吸收抵消，我终于弄明白了。",
            "周末带孩子去植树，一棵树一年能吸收不少二氧化碳。",
        ],
    },
    TopicSeed {
        title: "点亮好奇心",
        description: "晒出你和孩子一起做过的小实验，说说你们发现了什么。",
        color: "#4A148C",
        closed: false,
        posts: 52,
        days: ((9, 10), (9, 13)),
        lines: &[
            "用柠檬和铜片、锌片做了个水果电池，点亮了小灯泡！",
            "把鸡蛋泡在白醋里两天，蛋壳没了，变成了一个软软的“弹力蛋”。",
            "女儿问为什么天是蓝的，我们用手电筒和牛奶水做了个小实验。",
            "用吸管和气球做了个小火箭，沿着绳子嗖地一下就飞过去了。",
            "紫甘蓝汁遇到白醋变红、遇到小苏打变绿，孩子说像魔法一样。",
            "在冰块上撒盐，再放一根棉线，居然能把冰块提起来。",
            "儿子用放大镜观察蚂蚁，记了整整一页观察日记。",
            "把一张纸折成扇子形状，竟然能撑起一本书，结构的力量真神奇。",
            "用矿泉水瓶做了个简易净水器，浑水过滤后清了很多（当然不能喝）。",
            "晚上一起看月亮，记录了一个月的月相变化，孩子终于明白了初一十五。",
            "做了个“会跳舞的盐”：鼓面上撒盐，对着说话盐就跳起来。",
            "孩子问为什么船是铁做的却不沉，我们用锡纸折小船试了一下。",
            "<实验记录> 温度计放在阳光下和树荫下，差了整整六度。",
        ],
    },
    TopicSeed {
        title: "天宫课堂",
        description: "中国空间站里的科学课：你最想看航天员在太空做什么实验？",
        color: "#0D47A1",
        closed: false,
        posts: 36,
        days: ((9, 10), (9, 13)),
        lines: &[
            "神舟十二号的三位航天员已经在空间站住了快三个月，太了不起了。",
            "最想看失重环境下的水球，听说能包住一个气泡。",
            "航天员在太空怎么睡觉？是不是要把自己绑在睡袋里？",
            "希望能看到太空里点蜡烛，火焰会是圆的吗？",
            "孩子说想知道太空里的陀螺能转多久。",
            "空间站每九十分钟绕地球一圈，一天能看到十几次日出。",
            "天和核心舱的机械臂太厉害了，能像人的手臂一样灵活。",
            "在太空里种水稻和拟南芥，为以后去火星种菜做准备。",
            "航天员每天都要锻炼两个小时，不然肌肉和骨骼会流失。",
            "期待太空授课早日开讲，全班同学一起看直播！",
        ],
    },
    TopicSeed {
        title: "我身边的科技志愿者",
        description: "社区里教老人用智能手机的、进校园讲科学的……讲讲你身边的科技志愿者。",
        color: "#004D40",
        closed: false,
        posts: 30,
        days: ((9, 11), (9, 13)),
        lines: &[
            "小区的王阿姨退休前是工程师，现在每周给孩子们讲一次科学小实验。",
            "大学生志愿者来社区教老人用健康码和视频通话，我妈终于会了。",
            "气象站的志愿者给我们讲了台风预警信号的颜色，很实用。",
            "医院的志愿者在门口讲心肺复苏，我也上去练了一次按压。",
            "科技馆的讲解员小哥讲得太生动了，孩子听完还想再去。",
            "县里的农技志愿者帮我们装了滴灌，省水又省力。",
            "乡村学校来了天文志愿者，孩子们第一次用望远镜看到了土星环。",
            "感谢所有科技志愿者，你们让科学走进了千家万户。",
        ],
    },
    TopicSeed {
        title: "科普日倒计时",
        description:
            "距离2021年全国科普日还有几天？说说你最期待的活动。（活动已开幕，本话题已结束）",
        color: "#BF360C",
        closed: true,
        posts: 20,
        days: ((9, 1), (9, 10)),
        lines: &[
            "还有十天！最期待北京主场的航天展区。",
            "已经在日历上圈好了9月11日，到时候带孩子去科技馆。",
            "今年有云上科普日，外地的朋友也能一起看直播了。",
            "听说今年有很多科研院所开放日，想去看看实验室长什么样。",
            "倒计时开始！希望今年能抢到天文台开放日的名额。",
            "最期待“点亮好奇心”短视频征集，准备和孩子拍一个小实验。",
        ],
    },
];

const NICKNAMES: &[&str] = &[
    "爱看火箭的小王",
    "小小科学家朵朵",
    "低碳生活家",
    "星空下的阿杰",
    "物理老师老陈",
    "朵朵妈妈",
    "天问粉丝",
    "北斗农机手",
    "好奇宝宝乐乐",
    "绿色出行者",
    "航天迷小李",
    "气象站的小赵",
    "深海探索者",
    "科技馆讲解员阿宁",
    "爱做实验的豆豆",
    "光伏工程师老周",
    "退休工程师王阿姨",
    "宇宙尽头的猫",
    "化学课代表",
    "种水稻的小林",
    "追光少年",
    "数学爸爸",
    "月相观察员",
    "机械臂爱好者",
    "社区志愿者小黄",
    "天文爱好者老刘",
    "喜欢问为什么的小雨",
    "山区支教老师",
    "数控车间的老马",
    "垃圾分类达人",
];

/// Seeded users: `(phone, display name)`. Their phones start `100`, which no login accepts, so
/// nobody can sign in as them.
fn seeded_users() -> Vec<(String, String)> {
    let mut users: Vec<(String, String)> = NICKNAMES
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("100{:08}", i + 1), n.to_string()))
        .collect();
    // A few who kept the default name, as real users do.
    for (i, tail) in [
        "5678", "2046", "0911", "3721", "8848", "1024", "6174", "1949", "2021", "0417",
    ]
    .iter()
    .enumerate()
    {
        users.push((
            format!("100{:08}", NICKNAMES.len() + i + 1),
            format!("科普爱好者{tail}"),
        ));
    }
    users
}

struct PollSeed {
    topic: usize,
    question: &'static str,
    max_choices: i64,
    closes_at: Option<&'static str>,
    closed: bool,
    voters: i64,
    options: &'static [(&'static str, i64)],
}

const POLLS: &[PollSeed] = &[
    PollSeed {
        topic: 1,
        question: "你最期待中国航天的哪项任务？",
        max_choices: 1,
        closes_at: Some("2021-09-17T23:59:59+08:00"),
        closed: false,
        voters: 7000,
        options: &[
            ("中国空间站全面建成", 3120),
            ("载人登月", 1876),
            ("火星采样返回", 1404),
            ("小行星探测", 600),
        ],
    },
    PollSeed {
        topic: 2,
        question: "你的日常通勤方式是？",
        max_choices: 1,
        closes_at: None,
        closed: true,
        voters: 800,
        options: &[
            ("公交地铁", 410),
            ("骑行步行", 230),
            ("新能源汽车", 96),
            ("燃油车", 64),
        ],
    },
    PollSeed {
        topic: 4,
        question: "空间站里的科学课，你最想看哪些实验？（最多选2项）",
        max_choices: 2,
        closes_at: Some("2021-09-17T23:59:59+08:00"),
        closed: false,
        voters: 1200,
        options: &[
            ("失重环境下的水球", 702),
            ("太空中的陀螺", 388),
            ("植物在太空怎么长", 540),
            ("航天员怎么吃饭喝水", 610),
        ],
    },
];

const HASHTAGS_TOO: &[&str] = &["#点亮好奇心#", "#百年再出发#", "#全国科普日#"];

/// Seeds topics, their posts and polls when there are none. Needs `users` (adds its own).
pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<Option<usize>> {
    let existing: i64 = conn.query_row("SELECT COUNT(*) FROM topics", [], |r| r.get(0))?;
    if existing > 0 {
        return Ok(None);
    }
    let tx = conn.transaction()?;
    let cst = crate::clock::cst();
    let at = |date: NaiveDate, secs: i64| {
        cst.from_local_datetime(&date.and_hms_opt(0, 0, 0).expect("midnight"))
            .single()
            .expect("fixed offset")
            .timestamp()
            + secs
    };

    // Users, after any that exist (a database from before topics keeps its ids).
    let first_user: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM users", [], |r| {
        r.get(0)
    })?;
    let joined = at(
        NaiveDate::from_ymd_opt(2021, 8, 20).expect("date"),
        9 * 3600,
    );
    let mut user_ids = Vec::new();
    for (i, (phone, name)) in seeded_users().into_iter().enumerate() {
        let seq = first_user + i as i64;
        let id = format!("usr_{seq:06}");
        tx.execute(
            "INSERT INTO users(seq, id, phone, display_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![seq, id, phone, name, joined + i as i64 * 3_600],
        )?;
        user_ids.push(id);
    }

    // Topics, then every post drawn, then sorted by time so ids follow times.
    let mut posts: Vec<(i64, i64, usize, String, i64)> = Vec::new();
    for (i, t) in TOPICS.iter().enumerate() {
        let seq = i as i64 + 1;
        let id = format!("tp_{seq:03}");
        tx.execute(
            "INSERT INTO topics(seq, id, title, hashtag, description, color, closed, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                seq,
                id,
                t.title,
                format!("#{}#", t.title),
                t.description,
                t.color,
                t.closed,
                at(
                    NaiveDate::from_ymd_opt(2021, 8, 25).expect("date"),
                    8 * 3600
                )
            ],
        )?;
        let mut rng =
            Rng::new(0x544F_5049_4353_2021 ^ (seq as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let ((m1, d1), (m2, d2)) = t.days;
        let from = NaiveDate::from_ymd_opt(2021, m1, d1).expect("date");
        let to = NaiveDate::from_ymd_opt(2021, m2, d2).expect("date");
        let span = (to - from).num_days() + 1;
        let demo = at(
            NaiveDate::from_ymd_opt(2021, 9, 13).expect("date"),
            10 * 3600,
        );
        for _ in 0..t.posts {
            let day = from + chrono::Duration::days(rng.below(span as usize) as i64);
            // 07:00–23:00, and never after the demo clock.
            let secs = 7 * 3600 + rng.below(16 * 3600) as i64;
            let mut when = at(day, secs);
            if when >= demo {
                when = demo - 60 - rng.below(9 * 3600) as i64;
            }
            let first = rng.below(t.lines.len());
            let mut text = t.lines[first].to_string();
            if rng.chance(30) {
                let second = (first + 1 + rng.below(t.lines.len() - 1)) % t.lines.len();
                text.push_str(t.lines[second]);
            }
            if rng.chance(55) {
                text.push_str(&format!("\n#{}#", t.title));
                if rng.chance(25) {
                    let extra = rng.pick(HASHTAGS_TOO);
                    if !text.contains(extra) {
                        text.push(' ');
                        text.push_str(extra);
                    }
                }
            }
            let author = rng.below(user_ids.len());
            let likes = (rng.below(40) * rng.below(8) + rng.below(5)) as i64;
            posts.push((
                when * 1000 + rng.below(1000) as i64,
                seq,
                author,
                text,
                likes,
            ));
        }
    }
    posts.sort_by_key(|p| (p.0, p.1));
    for (i, (ms, topic, author, text, likes)) in posts.iter().enumerate() {
        let seq = i as i64 + 1;
        tx.execute(
            "INSERT INTO posts(seq, id, topic_seq, user_id, text, image_url, like_count, created_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6, ?7)",
            params![
                seq,
                format!("po_{seq:06}"),
                topic,
                user_ids[*author],
                text,
                likes,
                ms
            ],
        )?;
    }

    let mut option_seq = 0;
    for (i, p) in POLLS.iter().enumerate() {
        let seq = i as i64 + 1;
        let closes_at = p.closes_at.map(|t| {
            chrono::DateTime::parse_from_rfc3339(t)
                .expect("valid time")
                .timestamp()
        });
        tx.execute(
            "INSERT INTO polls(seq, id, topic_seq, question, max_choices, closes_at, closed, voters)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                seq,
                format!("poll_{seq:03}"),
                p.topic as i64,
                p.question,
                p.max_choices,
                closes_at,
                p.closed,
                p.voters
            ],
        )?;
        for (sort, (label, votes)) in p.options.iter().enumerate() {
            option_seq += 1;
            tx.execute(
                "INSERT INTO poll_options(seq, id, poll_seq, label, sort, votes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    option_seq,
                    format!("opt_{option_seq}"),
                    seq,
                    label,
                    sort as i64,
                    votes
                ],
            )?;
        }
    }
    tx.commit()?;
    Ok(Some(posts.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moderation::{check_post, BannedWords};

    #[test]
    fn seeded_posts_pass_moderation_and_polls_add_up() {
        let words = BannedWords::default();
        for t in TOPICS {
            for line in t.lines {
                assert!(check_post(line, &words).is_ok(), "{line}");
            }
        }
        for p in POLLS {
            let sum: i64 = p.options.iter().map(|o| o.1).sum();
            if p.max_choices == 1 {
                assert_eq!(sum, p.voters, "{}", p.question);
            } else {
                assert!(sum <= p.voters * p.max_choices && sum >= p.voters);
            }
            assert!(p.topic >= 1 && p.topic <= TOPICS.len());
        }
        let users = seeded_users();
        assert!(users
            .iter()
            .all(|(phone, _)| !crate::auth::is_mainland_mobile(phone)));
    }

    #[test]
    fn seeding_is_deterministic_and_happens_once() {
        let dump = || {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::db::migrate(&mut conn).unwrap();
            assert!(seed_if_empty(&mut conn).unwrap().is_some());
            assert_eq!(seed_if_empty(&mut conn).unwrap(), None);
            let rows: Vec<(String, String, i64, i64)> = conn
                .prepare("SELECT id, text, like_count, created_ms FROM posts ORDER BY seq")
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows
        };
        let a = dump();
        assert_eq!(a, dump());
        // Ids follow times.
        assert!(a.windows(2).all(|w| w[0].3 <= w[1].3));
        let demo = chrono::DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00")
            .unwrap()
            .timestamp_millis();
        assert!(a.iter().all(|r| r.3 < demo));
    }
}
