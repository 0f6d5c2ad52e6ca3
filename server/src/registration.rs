//! 登记填报 (issue 15), the rules without the database: the 统一社会信用代码 check character, unit
//! kinds, the submission window and deadlines of the notice (§五), and what an activity needs
//! before it can be submitted.
use crate::clock::{cst, rfc3339_cst};
use crate::problem::FieldError;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde::Serialize;

/// The 31 characters of a 统一社会信用代码 (GB 32100-2015: no I, O, S, V, Z), in value order.
const CREDIT_CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weights of the first 17 characters (3^i mod 31).
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// The check character for the first 17 characters of a 统一社会信用代码, or `None` when they
/// are not 17 characters of the code's character set.
pub fn credit_check_char(first17: &str) -> Option<char> {
    let bytes = first17.as_bytes();
    if bytes.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in bytes.iter().zip(CREDIT_WEIGHTS) {
        let value = CREDIT_CHARSET.iter().position(|c| c == b)? as u32;
        sum += value * w;
    }
    let check = (31 - sum % 31) % 31;
    Some(CREDIT_CHARSET[check as usize] as char)
}

/// Whether `code` (upper case) is 18 characters whose last is the right check character.
pub fn is_valid_credit_code(code: &str) -> bool {
    code.len() == 18
        && code.is_char_boundary(17)
        && credit_check_char(&code[..17]).is_some_and(|c| code[17..].starts_with(c))
}

/// The unit kinds (slug, name), in display order.
pub const UNIT_KINDS: [(&str, &str); 10] = [
    ("national-society", "全国学会"),
    ("local-association", "地方科协"),
    ("research-institute", "科研院所"),
    ("university", "高校"),
    ("school", "中小学"),
    ("enterprise", "企业"),
    ("science-museum", "科技馆"),
    ("science-base", "科普基地"),
    ("civilization-center", "新时代文明实践中心"),
    ("other", "其他"),
];

pub fn is_unit_kind(kind: &str) -> bool {
    UNIT_KINDS.iter().any(|(k, _)| *k == kind)
}

/// The public `organizer.type` of a unit kind (the search's organiser facet keeps its eight
/// values: schools count with universities as education, the rest as associations).
pub fn organizer_type(kind: &str) -> &'static str {
    match kind {
        "national-society" => "society",
        "research-institute" => "institute",
        "university" | "school" => "university",
        "enterprise" => "enterprise",
        "science-museum" => "museum",
        "science-base" | "civilization-center" => "base",
        _ => "association",
    }
}

/// An instant given as a China date and time.
fn china(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    cst()
        .with_ymd_and_hms(y, m, d, 0, 0, 0)
        .single()
        .expect("a valid China date")
        .with_timezone(&Utc)
}

/// The submission window: from 2021-08-16 00:00:00 (inclusive) to 2021-09-25 00:00:00
/// (exclusive) China time, i.e. through 9月24日 23:59:59.
pub fn submission_window() -> (DateTime<Utc>, DateTime<Utc>) {
    (china(2021, 8, 16), china(2021, 9, 25))
}

pub fn submission_open(now: DateTime<Utc>) -> bool {
    let (opens, closes) = submission_window();
    opens <= now && now < closes
}

#[derive(Debug, Clone, Serialize)]
pub struct Deadline {
    pub id: &'static str,
    pub name: &'static str,
    pub starts_at: Option<String>,
    /// Exclusive.
    pub ends_at: String,
    pub last_day: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionWindow {
    pub opens_at: String,
    pub closes_at: String,
    pub open: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deadlines {
    pub server_time: String,
    pub submission: SubmissionWindow,
    pub items: Vec<Deadline>,
}

/// The deadlines of §五 as seen at `now`.
pub fn deadlines(now: DateTime<Utc>) -> Deadlines {
    let (opens, closes) = submission_window();
    let item = |id, name, starts: Option<DateTime<Utc>>, last: (u32, u32)| {
        let last_day = NaiveDate::from_ymd_opt(2021, last.0, last.1).expect("a valid date");
        let end = china(2021, last.0, last.1) + chrono::Duration::days(1);
        Deadline {
            id,
            name,
            starts_at: starts.map(rfc3339_cst),
            ends_at: rfc3339_cst(end),
            last_day: last_day.format("%Y-%m-%d").to_string(),
        }
    };
    Deadlines {
        server_time: now
            .with_timezone(&cst())
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, false),
        submission: SubmissionWindow {
            opens_at: rfc3339_cst(opens),
            closes_at: rfc3339_cst(closes),
            open: submission_open(now),
        },
        items: vec![
            item("registration", "活动登记", Some(opens), (9, 24)),
            item("completion", "活动信息完善", None, (10, 22)),
            item("summary", "工作总结", None, (10, 22)),
            item("recommendation", "优秀活动推荐", None, (10, 29)),
        ],
    }
}

/// The fields of a registered activity as stored (times in Unix seconds), serialized as the
/// contract's `OrganiserActivity` carries them (times in RFC 3339, China time).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActivityFields {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub event_kind: Option<String>,
    pub themes: Vec<String>,
    pub audience: Option<String>,
    pub format: Option<String>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub province_code: Option<String>,
    pub city_code: Option<String>,
    pub capacity: Option<i64>,
    pub online_url: Option<String>,
    #[serde(serialize_with = "cst_time")]
    pub starts_at: Option<i64>,
    #[serde(serialize_with = "cst_time")]
    pub ends_at: Option<i64>,
    pub cover_upload_id: Option<String>,
    pub marks_confirmed: bool,
}

fn cst_time<S: serde::Serializer>(t: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    t.map(crate::db::organisers::time).serialize(s)
}

fn err(field: &str, message: &str) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// Whether `url` is an absolute `https://` URL with a host and no spaces.
pub fn is_https_url(url: &str) -> bool {
    let Some(rest) = url
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .map(|_| &url[8..])
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// What submitting `f` would refuse, one entry per field. `city_of_province` says whether the
/// city lies in the province (asked of the reference data by the caller).
pub fn incomplete(f: &ActivityFields, city_of_province: bool) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let missing = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    for (field, value, message) in [
        ("title", &f.title, "请填写活动标题"),
        ("summary", &f.summary, "请填写活动简介"),
        ("description", &f.description, "请填写活动详情"),
        ("event_kind", &f.event_kind, "请选择活动类型"),
    ] {
        if missing(value) {
            errors.push(err(field, message));
        }
    }
    if f.themes.is_empty() {
        errors.push(err("themes", "请至少选择一个主题"));
    }
    if missing(&f.audience) {
        errors.push(err("audience", "请填写适合人群"));
    }
    match f.format.as_deref() {
        None => errors.push(err("format", "请选择活动形式（线上、线下或线上线下结合）")),
        Some(format) => {
            if format != "online" {
                if missing(&f.venue_address) {
                    errors.push(err("venue_address", "线下活动须填写活动地址"));
                }
                if f.province_code.is_none() {
                    errors.push(err("province_code", "线下活动须选择所在省份"));
                }
                match &f.city_code {
                    None => errors.push(err("city_code", "线下活动须选择所在城市")),
                    Some(_) if f.province_code.is_some() && !city_of_province => {
                        errors.push(err("city_code", "所选城市不属于所选省份"))
                    }
                    Some(_) => {}
                }
                if f.capacity.is_none_or(|c| c < 1) {
                    errors.push(err("capacity", "线下活动须填写可容纳人数（大于0）"));
                }
            }
            if format != "offline" && !f.online_url.as_deref().is_some_and(is_https_url) {
                errors.push(err("online_url", "线上活动须填写以 https:// 开头的网址"));
            }
        }
    }
    match (f.starts_at, f.ends_at) {
        (None, _) => errors.push(err("starts_at", "请填写开始时间")),
        (Some(_), None) => errors.push(err("ends_at", "请填写结束时间")),
        (Some(s), Some(e)) if e <= s => errors.push(err("ends_at", "结束时间须晚于开始时间")),
        _ => {}
    }
    if f.cover_upload_id.is_none() {
        errors.push(err("cover_upload_id", "请上传活动封面图"));
    }
    if !f.marks_confirmed {
        errors.push(err(
            "marks_confirmed",
            "请确认活动已标注“2021年全国科普日活动”并使用官方标识",
        ));
    }
    errors
}

/// Accepted but worth a look: a start or end outside 2021-09-11..=17 China days.
pub fn warnings(f: &ActivityFields) -> Vec<FieldError> {
    let (first, after) = (
        china(2021, 9, 11).timestamp(),
        china(2021, 9, 18).timestamp(),
    );
    [("starts_at", f.starts_at), ("ends_at", f.ends_at)]
        .into_iter()
        .filter_map(|(field, t)| {
            t.filter(|t| *t < first || *t >= after)
                .map(|_| err(field, "活动时间不在全国科普日（9月11日至17日）期间，请确认"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_is_open_from_its_first_second_through_its_last() {
        let (opens, closes) = submission_window();
        assert_eq!(rfc3339_cst(opens), "2021-08-16T00:00:00+08:00");
        assert_eq!(rfc3339_cst(closes), "2021-09-25T00:00:00+08:00");
        let second = chrono::Duration::seconds(1);
        assert!(!submission_open(opens - second));
        assert!(submission_open(opens));
        assert!(submission_open(closes - second));
        assert!(!submission_open(closes));
    }

    #[test]
    fn a_complete_activity_has_nothing_missing() {
        let mut f = ActivityFields {
            title: Some("走进量子世界".into()),
            summary: Some("简介".into()),
            description: Some("详情".into()),
            event_kind: Some("open-day".into()),
            themes: vec!["space".into()],
            audience: Some("公众".into()),
            format: Some("online".into()),
            online_url: Some("https://live.example.org/a".into()),
            starts_at: Some(china(2021, 9, 12).timestamp()),
            ends_at: Some(china(2021, 9, 12).timestamp() + 3600),
            cover_upload_id: Some("up_x".into()),
            marks_confirmed: true,
            ..ActivityFields::default()
        };
        assert_eq!(incomplete(&f, true), vec![]);
        assert_eq!(warnings(&f), vec![]);
        f.online_url = Some("http://live.example.org/a".into());
        f.format = Some("hybrid".into());
        f.starts_at = Some(china(2021, 9, 1).timestamp());
        let fields: Vec<String> = incomplete(&f, true).into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "venue_address",
                "province_code",
                "city_code",
                "capacity",
                "online_url"
            ]
        );
        assert_eq!(warnings(&f)[0].field, "starts_at");
    }
}
