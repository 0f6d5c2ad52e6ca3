//! 登记填报: organising units, the activities they register, and their review (issue 15).
use super::RegionRef;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::{Deserialize, Serialize};

/// The kinds of organising unit, as the contract names them (`UnitKind`), with their labels.
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

pub fn unit_kind_label(kind: &str) -> &str {
    UNIT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, label)| label)
}

/// Where a unit (`pending`, `approved`, `returned`) or an activity (`draft`, `submitted`,
/// `returned`, `published`, `cancelled`) stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Draft,
    Pending,
    Submitted,
    Returned,
    Approved,
    Published,
    Cancelled,
}

impl ReviewStatus {
    /// The order an organiser's list groups activities in.
    pub const ACTIVITY_GROUPS: [ReviewStatus; 5] = [
        Self::Draft,
        Self::Submitted,
        Self::Returned,
        Self::Published,
        Self::Cancelled,
    ];
    /// What a reviewer's activity queue can show (never drafts).
    pub const REVIEW_ACTIVITY: [ReviewStatus; 4] = [
        Self::Submitted,
        Self::Returned,
        Self::Published,
        Self::Cancelled,
    ];
    pub const UNIT: [ReviewStatus; 3] = [Self::Pending, Self::Approved, Self::Returned];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Pending => "pending",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
            Self::Published => "published",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Pending,
            Self::Submitted,
            Self::Returned,
            Self::Approved,
            Self::Published,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Pending | Self::Submitted => "待审核",
            Self::Returned => "已退回",
            Self::Approved => "已通过",
            Self::Published => "已发布",
            Self::Cancelled => "已取消",
        }
    }

    /// Whether the organiser may still change it.
    pub fn editable(self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// `GET /me/roles`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MyRoles {
    pub admin: bool,
    pub reviewer: bool,
    pub moderator: bool,
    pub units: Vec<UnitMembership>,
    pub review_scopes: Vec<ReviewScope>,
    /// Until when a muted user may not post (RFC 3339), from 内容审核.
    pub muted_until: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitMembership {
    pub id: String,
    pub name: String,
    pub status: ReviewStatus,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewScope {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub name: String,
}

/// `Unit`: an organising unit as its organisers and reviewers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub region: RegionRef,
    pub contact_name: String,
    pub contact_phone: String,
    #[serde(default)]
    pub society: Option<UnitRef>,
    pub status: ReviewStatus,
    #[serde(default)]
    pub return_reason: Option<String>,
}

impl Unit {
    pub fn input(&self) -> UnitInput {
        UnitInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            credit_code: self.credit_code.clone(),
            province_code: self.region.province_code.clone(),
            city_code: self.region.city_code.clone().unwrap_or_default(),
            contact_name: self.contact_name.clone(),
            contact_phone: self.contact_phone.clone(),
            society_id: self
                .society
                .as_ref()
                .map(|s| s.id.clone())
                .unwrap_or_default(),
        }
    }
}

/// `UnitInput` as the form holds it (no society: empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitInput {
    pub name: String,
    pub kind: String,
    pub credit_code: String,
    pub province_code: String,
    pub city_code: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub society_id: String,
}

/// A page of units or of activities (`UnitPage`, `OrganiserActivityPage`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

/// `OrganiserActivity`: an activity in any status, as its organiser and reviewers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganiserActivity {
    pub id: String,
    pub unit: UnitRef,
    pub status: ReviewStatus,
    #[serde(default)]
    pub version: u64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub event_kind: Option<String>,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub venue_name: Option<String>,
    #[serde(default)]
    pub venue_address: Option<String>,
    #[serde(default)]
    pub province_code: Option<String>,
    #[serde(default)]
    pub city_code: Option<String>,
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub online_url: Option<String>,
    #[serde(default)]
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub ends_at: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub cover_upload_id: Option<String>,
    #[serde(default)]
    pub cover_url: Option<String>,
    #[serde(default)]
    pub marks_confirmed: bool,
    #[serde(default)]
    pub return_reason: Option<String>,
    #[serde(default)]
    pub incomplete: Vec<crate::models::FieldError>,
    #[serde(default)]
    pub warnings: Vec<crate::models::FieldError>,
}

impl OrganiserActivity {
    pub fn display_title(&self) -> String {
        match self.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => "（未命名活动）".to_string(),
        }
    }

    /// The activity as the form holds it.
    pub fn fields(&self) -> ActivityFields {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        ActivityFields {
            title: text(&self.title),
            summary: text(&self.summary),
            description: text(&self.description),
            event_kind_id: text(&self.event_kind),
            theme_ids: self.themes.clone(),
            audience: text(&self.audience),
            format: text(&self.format),
            venue_address: text(&self.venue_address),
            province_code: text(&self.province_code),
            city_code: text(&self.city_code),
            capacity: self.capacity.map(|c| c.to_string()).unwrap_or_default(),
            online_url: text(&self.online_url),
            starts_at: self
                .starts_at
                .as_ref()
                .map(time_to_cst_input)
                .unwrap_or_default(),
            ends_at: self
                .ends_at
                .as_ref()
                .map(time_to_cst_input)
                .unwrap_or_default(),
            cover_upload_id: self.cover_upload_id.clone(),
            cover_url: self.cover_url.clone(),
            marked: self.marks_confirmed,
        }
    }
}

/// One step of a unit's or an activity's history (`HistoryEntry`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub at: DateTime<FixedOffset>,
    pub actor: HistoryActor,
    #[serde(default)]
    pub from: Option<ReviewStatus>,
    pub to: ReviewStatus,
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryActor {
    pub display_name: String,
    #[serde(default)]
    pub role: String,
}

/// The registration window, as a 409 `window-closed` carries it (`closes_at` exclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct SubmitWindow {
    pub opens_at: DateTime<FixedOffset>,
    pub closes_at: DateTime<FixedOffset>,
}

/// `GET /organiser/deadlines`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadlines {
    pub items: Vec<Deadline>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub starts_at: Option<DateTime<FixedOffset>>,
    pub ends_at: DateTime<FixedOffset>,
    pub last_day: NaiveDate,
}

/// `ReviewSummary`: counts in the reviewer's scope.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewSummary {
    pub units: StatusCounts,
    pub activities: StatusCounts,
}

/// How many are in each status (the ones a list does not have stay 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusCounts {
    pub pending: u64,
    pub approved: u64,
    pub submitted: u64,
    pub returned: u64,
    pub published: u64,
    pub cancelled: u64,
}

impl StatusCounts {
    pub fn of(&self, status: ReviewStatus) -> u64 {
        match status {
            ReviewStatus::Pending => self.pending,
            ReviewStatus::Approved => self.approved,
            ReviewStatus::Submitted => self.submitted,
            ReviewStatus::Returned => self.returned,
            ReviewStatus::Published => self.published,
            ReviewStatus::Cancelled => self.cancelled,
            ReviewStatus::Draft => 0,
        }
    }
}

/// `BatchDecisionResult`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchDecisionResult {
    pub done: u64,
    pub items: Vec<BatchOutcome>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchOutcome {
    pub id: String,
    pub outcome: String,
    #[serde(default)]
    pub detail: Option<String>,
}

/// `datetime-local` text (`2021-09-13T09:30`) read as China time, whatever the device's zone.
pub fn cst_input_to_time(local: &str) -> Option<DateTime<FixedOffset>> {
    // By hand (`YYYY-MM-DDTHH:MM`, seconds ignored): chrono's format parser is much larger.
    let (date, time) = local.split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let mut t = time
        .splitn(3, ':')
        .map(|p| p.get(..2).and_then(|p| p.parse::<u32>().ok()));
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let (h, min) = (t.next()??, t.next()??);
    let naive: NaiveDateTime = NaiveDate::from_ymd_opt(y as i32, m, day)?.and_hms_opt(h, min, 0)?;
    crate::format::cst().from_local_datetime(&naive).single()
}

/// An instant as `datetime-local` text in China time.
pub fn time_to_cst_input(t: &DateTime<FixedOffset>) -> String {
    crate::format::to_cst(t)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// Whether an activity from `start` to `end` (China time) leaves the edition week `days`.
pub fn outside_week(
    start: &DateTime<FixedOffset>,
    end: &DateTime<FixedOffset>,
    first: NaiveDate,
    last: NaiveDate,
) -> bool {
    let (s, e) = (
        crate::format::to_cst(start).date_naive(),
        crate::format::to_cst(end).date_naive(),
    );
    s < first || e > last
}

/// Whether `url` is an `https://` address with a host.
pub fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .is_some_and(|host| !host.is_empty() && !host.contains(char::is_whitespace))
}

/// An activity's form as typed: every value as the field holds it, so a half-typed one (a
/// capacity of "3", a start without an end) is kept exactly, locally and in conflicts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActivityFields {
    pub title: String,
    pub summary: String,
    pub description: String,
    pub event_kind_id: String,
    /// 1–3 `/themes` ids; the first is the public theme.
    pub theme_ids: Vec<String>,
    pub audience: String,
    /// `online`, `offline`, `hybrid`, or empty before one is chosen.
    pub format: String,
    pub venue_address: String,
    pub province_code: String,
    pub city_code: String,
    pub capacity: String,
    pub online_url: String,
    /// China time, as `datetime-local` text.
    pub starts_at: String,
    pub ends_at: String,
    pub cover_upload_id: Option<String>,
    pub cover_url: Option<String>,
    /// 已标注"2021年全国科普日活动"并使用统一标识.
    pub marked: bool,
}

/// The steps of the activity form, in order.
pub const ACTIVITY_STEPS: [&str; 4] = ["基本信息", "形式与地点", "时间", "封面与确认"];

/// A field that is missing or wrong: which field, on which step, its label and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub step: usize,
    pub label: &'static str,
    pub message: &'static str,
}

impl ActivityFields {
    fn needs_venue(&self) -> bool {
        matches!(self.format.as_str(), "offline" | "hybrid")
    }

    fn needs_url(&self) -> bool {
        matches!(self.format.as_str(), "online" | "hybrid")
    }

    /// Everything still missing or wrong before the activity can be submitted, in form order.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        let mut add = |field, step, label, message| {
            out.push(FieldProblem {
                field,
                step,
                label,
                message,
            })
        };
        let len = |s: &str| s.trim().chars().count();
        match len(&self.title) {
            0 => add("title", 0, "活动名称", "请填写活动名称"),
            n if n > 60 => add("title", 0, "活动名称", "活动名称不超过 60 个字"),
            _ => {}
        }
        match len(&self.summary) {
            0 => add("summary", 0, "活动简介", "请填写活动简介"),
            n if n > 80 => add("summary", 0, "活动简介", "活动简介不超过 80 个字"),
            _ => {}
        }
        match len(&self.description) {
            0 => add("description", 0, "活动详情", "请填写活动详情"),
            n if n > 5000 => add("description", 0, "活动详情", "活动详情不超过 5000 个字"),
            _ => {}
        }
        if self.event_kind_id.is_empty() {
            add("event_kind", 0, "活动类别", "请选择活动类别");
        }
        if self.theme_ids.is_empty() {
            add("themes", 0, "活动主题", "请选择 1–3 个活动主题");
        } else if self.theme_ids.len() > 3 {
            add("themes", 0, "活动主题", "最多选择 3 个主题");
        }
        match len(&self.audience) {
            0 => add("audience", 0, "面向人群", "请填写面向人群"),
            n if n > 100 => add("audience", 0, "面向人群", "面向人群不超过 100 个字"),
            _ => {}
        }
        if self.format.is_empty() {
            add("format", 1, "活动形式", "请选择线上、线下或线上线下结合");
        }
        if self.needs_venue() {
            if len(&self.venue_address) == 0 {
                add("venue_address", 1, "活动地址", "请填写活动地址");
            }
            if self.province_code.is_empty() {
                add("province_code", 1, "所在地区", "请选择省份");
            } else if self.city_code.is_empty() {
                add("city_code", 1, "所在城市", "请选择城市");
            }
            if !self.capacity.trim().parse::<u32>().is_ok_and(|n| n > 0) {
                add("capacity", 1, "可容纳人数", "请填写可容纳人数（正整数）");
            }
        }
        if self.needs_url() && !is_https_url(self.online_url.trim()) {
            add("online_url", 1, "线上地址", "请填写以 https:// 开头的网址");
        }
        let start = cst_input_to_time(&self.starts_at);
        let end = cst_input_to_time(&self.ends_at);
        if start.is_none() {
            add("starts_at", 2, "开始时间", "请选择开始时间");
        }
        match (start, end) {
            (_, None) => add("ends_at", 2, "结束时间", "请选择结束时间"),
            (Some(s), Some(e)) if e <= s => add("ends_at", 2, "结束时间", "结束时间须晚于开始时间"),
            _ => {}
        }
        if self.cover_upload_id.is_none() {
            add("cover_upload_id", 3, "封面图片", "请上传封面图片");
        }
        if !self.marked {
            add(
                "marks_confirmed",
                3,
                "活动标识",
                "请确认已标注并使用统一标识",
            );
        }
        out
    }
}

impl ActivityFields {
    /// Every value as text, in a fixed order: what is kept locally (a `Vec<String>` costs no
    /// (de)serializer of its own in the wasm, a derived one per field would).
    pub fn to_texts(&self) -> Vec<String> {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.title.clone(),
            self.summary.clone(),
            self.description.clone(),
            self.event_kind_id.clone(),
            self.theme_ids.join(","),
            self.audience.clone(),
            self.format.clone(),
            self.venue_address.clone(),
            self.province_code.clone(),
            self.city_code.clone(),
            self.capacity.clone(),
            self.online_url.clone(),
            self.starts_at.clone(),
            self.ends_at.clone(),
            opt(&self.cover_upload_id),
            opt(&self.cover_url),
            if self.marked { "1" } else { "" }.to_string(),
        ]
    }

    /// The inverse of [`Self::to_texts`] (missing values are empty).
    pub fn from_texts(texts: &[String]) -> Self {
        let at = |i: usize| texts.get(i).cloned().unwrap_or_default();
        let opt = |i: usize| Some(at(i)).filter(|v| !v.is_empty());
        Self {
            title: at(0),
            summary: at(1),
            description: at(2),
            event_kind_id: at(3),
            theme_ids: at(4)
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect(),
            audience: at(5),
            format: at(6),
            venue_address: at(7),
            province_code: at(8),
            city_code: at(9),
            capacity: at(10),
            online_url: at(11),
            starts_at: at(12),
            ends_at: at(13),
            cover_upload_id: opt(14),
            cover_url: opt(15),
            marked: at(16) == "1",
        }
    }

    /// The body of a save (`OrganiserActivityPatch`): every field the form holds, empty ones
    /// as `null`; a capacity or a time that does not parse yet is not sent (kept locally).
    pub fn to_patch(&self) -> serde_json::Value {
        let text = |v: &str| {
            let v = v.trim();
            (!v.is_empty()).then(|| v.to_string())
        };
        let mut body = serde_json::json!({
            "title": text(&self.title),
            "summary": text(&self.summary),
            "description": text(&self.description),
            "event_kind": text(&self.event_kind_id),
            "themes": self.theme_ids,
            "audience": text(&self.audience),
            "format": text(&self.format),
            "venue_address": text(&self.venue_address),
            "province_code": text(&self.province_code),
            "city_code": text(&self.city_code),
            "online_url": text(&self.online_url),
            "marks_confirmed": self.marked,
        });
        let map = body.as_object_mut().expect("an object");
        let capacity = self.capacity.trim();
        if capacity.is_empty() {
            map.insert("capacity".into(), serde_json::Value::Null);
        } else if let Ok(n) = capacity.parse::<u32>() {
            if n > 0 {
                map.insert("capacity".into(), n.into());
            }
        }
        for (key, value) in [("starts_at", &self.starts_at), ("ends_at", &self.ends_at)] {
            if value.is_empty() {
                map.insert(key.into(), serde_json::Value::Null);
            } else if let Some(t) = cst_input_to_time(value) {
                map.insert(key.into(), t.to_rfc3339().into());
            }
        }
        if let Some(id) = &self.cover_upload_id {
            map.insert("cover_upload_id".into(), id.clone().into());
        }
        body
    }

    /// The fields that differ from `other`: label, this value, the other's value.
    pub fn differences(&self, other: &ActivityFields) -> Vec<(&'static str, String, String)> {
        let shown = |v: &str| {
            if v.trim().is_empty() {
                "（空）".to_string()
            } else {
                v.to_string()
            }
        };
        let rows: [(&'static str, String, String); 15] = [
            ("活动名称", self.title.clone(), other.title.clone()),
            ("活动简介", self.summary.clone(), other.summary.clone()),
            (
                "活动详情",
                self.description.clone(),
                other.description.clone(),
            ),
            (
                "活动类别",
                self.event_kind_id.clone(),
                other.event_kind_id.clone(),
            ),
            (
                "活动主题",
                self.theme_ids.join("、"),
                other.theme_ids.join("、"),
            ),
            ("面向人群", self.audience.clone(), other.audience.clone()),
            (
                "活动形式",
                format_label(&self.format).into(),
                format_label(&other.format).into(),
            ),
            (
                "活动地址",
                self.venue_address.clone(),
                other.venue_address.clone(),
            ),
            (
                "省份",
                self.province_code.clone(),
                other.province_code.clone(),
            ),
            ("城市", self.city_code.clone(), other.city_code.clone()),
            ("可容纳人数", self.capacity.clone(), other.capacity.clone()),
            (
                "线上地址",
                self.online_url.clone(),
                other.online_url.clone(),
            ),
            (
                "开始时间",
                self.starts_at.replace('T', " "),
                other.starts_at.replace('T', " "),
            ),
            (
                "结束时间",
                self.ends_at.replace('T', " "),
                other.ends_at.replace('T', " "),
            ),
            (
                "活动标识",
                if self.marked {
                    "已确认"
                } else {
                    "未确认"
                }
                .into(),
                if other.marked {
                    "已确认"
                } else {
                    "未确认"
                }
                .into(),
            ),
        ];
        rows.into_iter()
            .filter(|(_, a, b)| a != b)
            .map(|(l, a, b)| (l, shown(&a), shown(&b)))
            .collect()
    }
}

pub fn format_label(format: &str) -> &str {
    match format {
        "online" => "线上",
        "offline" => "线下",
        "hybrid" => "线上线下结合",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_typed_and_shown_in_china_time() {
        let t = cst_input_to_time("2021-09-13T09:30").unwrap();
        assert_eq!(t.to_rfc3339(), "2021-09-13T09:30:00+08:00");
        let utc = DateTime::parse_from_rfc3339("2021-09-13T01:30:00Z").unwrap();
        assert_eq!(time_to_cst_input(&utc), "2021-09-13T09:30");
        assert_eq!(cst_input_to_time("2021-09-13"), None);
        assert_eq!(
            cst_input_to_time("2021-09-13T09:30:15")
                .unwrap()
                .to_rfc3339(),
            "2021-09-13T09:30:00+08:00"
        );
        assert_eq!(cst_input_to_time("2021-02-30T09:30"), None);
        assert_eq!(cst_input_to_time("2021-09-13T9:3"), None);
        assert_eq!(cst_input_to_time(""), None);
    }

    #[test]
    fn the_edition_week_is_checked_in_china_dates() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (first, last) = (d("2021-09-11"), d("2021-09-17"));
        let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
        assert!(!outside_week(
            &at("2021-09-11T00:00:00+08:00"),
            &at("2021-09-17T23:59:00+08:00"),
            first,
            last
        ));
        // 23:30 UTC on the 10th is already the 11th in China.
        assert!(!outside_week(
            &at("2021-09-10T16:30:00Z"),
            &at("2021-09-11T02:00:00Z"),
            first,
            last
        ));
        assert!(outside_week(
            &at("2021-09-10T09:00:00+08:00"),
            &at("2021-09-12T09:00:00+08:00"),
            first,
            last
        ));
        assert!(outside_week(
            &at("2021-09-17T20:00:00+08:00"),
            &at("2021-09-18T01:00:00+08:00"),
            first,
            last
        ));
    }

    #[test]
    fn only_https_urls_with_a_host_pass() {
        assert!(is_https_url("https://live.example.cn/room/1"));
        assert!(is_https_url("https://a.cn"));
        assert!(!is_https_url("http://live.example.cn"));
        assert!(!is_https_url("https://"));
        assert!(!is_https_url("https:///path"));
        assert!(!is_https_url("live.example.cn"));
    }

    fn complete() -> ActivityFields {
        ActivityFields {
            title: "科学之夜".into(),
            summary: "星空观测".into(),
            event_kind_id: "ek_cloud".into(),
            description: "用望远镜看月亮".into(),
            theme_ids: vec!["space".into()],
            audience: "中小学生".into(),
            format: "online".into(),
            online_url: "https://live.example.cn/1".into(),
            starts_at: "2021-09-13T19:00".into(),
            ends_at: "2021-09-13T21:00".into(),
            cover_upload_id: Some("up_1".into()),
            marked: true,
            ..ActivityFields::default()
        }
    }

    #[test]
    fn a_complete_activity_has_no_problems() {
        assert_eq!(complete().problems(), vec![]);
        let fields: Vec<_> = ActivityFields::default()
            .problems()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                "title",
                "summary",
                "description",
                "event_kind",
                "themes",
                "audience",
                "format",
                "starts_at",
                "ends_at",
                "cover_upload_id",
                "marks_confirmed"
            ]
        );
    }

    #[test]
    fn the_format_decides_which_place_fields_are_needed() {
        let offline = ActivityFields {
            format: "offline".into(),
            online_url: String::new(),
            capacity: "0".into(),
            ..complete()
        };
        let fields: Vec<_> = offline.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["venue_address", "province_code", "capacity"]);
        let offline = ActivityFields {
            capacity: String::new(),
            ..offline
        };
        assert!(offline.problems().iter().any(|p| p.field == "capacity"));
        let hybrid = ActivityFields {
            format: "hybrid".into(),
            venue_address: "北京市海淀区".into(),
            province_code: "110000".into(),
            city_code: "110100".into(),
            capacity: "120".into(),
            online_url: "http://x.cn".into(),
            ..complete()
        };
        let fields: Vec<_> = hybrid.problems().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["online_url"]);
        let backwards = ActivityFields {
            ends_at: "2021-09-13T18:00".into(),
            ..complete()
        };
        assert_eq!(backwards.problems()[0].message, "结束时间须晚于开始时间");
    }

    #[test]
    fn a_save_sends_what_parses_and_clears_what_is_empty() {
        let body = ActivityFields {
            capacity: "12a".into(),
            ends_at: "2021-09-13".into(),
            ..complete()
        }
        .to_patch();
        assert_eq!(body["title"], "科学之夜");
        assert_eq!(body["starts_at"], "2021-09-13T19:00:00+08:00");
        assert!(body.get("ends_at").is_none());
        assert!(body.get("capacity").is_none());
        assert_eq!(body["venue_address"], serde_json::Value::Null);
        assert_eq!(body["themes"], serde_json::json!(["space"]));
        assert_eq!(body["marks_confirmed"], true);
        assert_eq!(
            ActivityFields::default().to_patch()["capacity"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn fields_survive_their_text_form() {
        let f = ActivityFields {
            theme_ids: vec!["space".into(), "ocean".into()],
            cover_url: None,
            ..complete()
        };
        assert_eq!(ActivityFields::from_texts(&f.to_texts()), f);
        assert_eq!(ActivityFields::from_texts(&[]), ActivityFields::default());
    }

    #[test]
    fn differences_name_the_fields_that_differ() {
        let mine = complete();
        let theirs = ActivityFields {
            title: "科学之夜（修订）".into(),
            marked: false,
            ..complete()
        };
        let d = mine.differences(&theirs);
        assert_eq!(d.len(), 2);
        assert_eq!(
            d[0],
            ("活动名称", "科学之夜".into(), "科学之夜（修订）".into())
        );
        assert_eq!(d[1].0, "活动标识");
    }

    #[test]
    fn statuses_use_the_contract_names() {
        assert_eq!(
            serde_json::to_string(&ReviewStatus::Pending).unwrap(),
            "\"pending\""
        );
        assert_eq!(ReviewStatus::Returned.label(), "已退回");
        assert_eq!(unit_kind_label("science-museum"), "科技馆");
        assert_eq!(
            ReviewStatus::parse("submitted"),
            Some(ReviewStatus::Submitted)
        );
        assert_eq!(unit_kind_label("x"), "x");
    }
}
