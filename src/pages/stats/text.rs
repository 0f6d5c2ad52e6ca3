//! The 统计 views' own words, per locale (as `crate::pages::reservations::text`): only the
//! `stats` section reaches them, so they travel in its wasm, not the first page's.
use crate::i18n::{locale, Locale};

pub struct Text {
    pub title: &'static str,
    pub intro: &'static str,
    pub updated: fn(&str) -> String,
    pub scope: fn(&str) -> String,
    pub empty: &'static str,
    pub totals: &'static str,
    pub activities: &'static str,
    pub participants: &'static str,
    pub participants_offline: &'static str,
    pub views_online: &'static str,
    pub ratings: &'static str,
    pub average: &'static str,
    pub name: &'static str,
    pub by_province: &'static str,
    pub by_theme: &'static str,
    pub by_event_kind: &'static str,
    pub by_day: &'static str,
    pub day: &'static str,
    /// The chart's accessible name: what it shows (`heading`), and that the table has it all.
    pub chart_label: fn(&str) -> String,
    pub table_caption: fn(&str) -> String,
    pub link: &'static str,
}

pub static ZH_CN: Text = Text {
    title: "统计",
    intro: "已发布活动的数量、预约人数、举办单位在活动回顾中填报的参与人数和线上观看，以及观众评价，按省份、主题、活动类型和日期统计。",
    updated: |at| format!("数据更新于 {at}（每分钟更新）"),
    scope: |s| format!("统计范围：{s}"),
    empty: "暂无已发布的活动。",
    totals: "合计",
    activities: "活动数",
    participants: "预约人数",
    participants_offline: "线下参与人数",
    views_online: "线上观看",
    ratings: "评价数",
    average: "平均星级",
    name: "名称",
    by_province: "按省份",
    by_theme: "按主题",
    by_event_kind: "按活动类型",
    by_day: "按日期",
    day: "日期",
    chart_label: |h| format!("{h}的活动数柱状图，数字见下表"),
    table_caption: |h| format!("{h}统计"),
    link: "活动统计",
};

pub static EN: Text = Text {
    title: "Statistics",
    intro: "Published activities, places reserved, the participants and online views organisers reported afterwards, and visitors' ratings by province, theme, event kind and day.",
    updated: |at| format!("Figures as of {at} (updated every minute)"),
    scope: |s| format!("Scope: {s}"),
    empty: "No published activities yet.",
    totals: "Totals",
    activities: "Activities",
    participants: "Reserved",
    participants_offline: "Took part",
    views_online: "Online views",
    ratings: "Ratings",
    average: "Avg. stars",
    name: "Name",
    by_province: "By province",
    by_theme: "By theme",
    by_event_kind: "By event kind",
    by_day: "By day",
    day: "Day",
    chart_label: |h| format!("Bar chart of activities {}; the table below has the figures", h.to_lowercase()),
    table_caption: |h| format!("Statistics {}", h.to_lowercase()),
    link: "Statistics",
};

/// The table for the current locale.
pub fn tx() -> &'static Text {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}
