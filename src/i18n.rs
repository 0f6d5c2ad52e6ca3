//! Every piece of UI text, in one table per locale. Chinese is the default; English is second.
//! A field per string keeps keys checked by the compiler; strings with values are functions.
use std::cell::Cell;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Locale {
    ZhCn,
    En,
}

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
    pub fn from_tag(tag: &str) -> Option<Self> {
        match tag {
            "zh-CN" | "zh" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }
}

pub struct Strings {
    pub app_name: &'static str,
    pub edition_mark: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_activities: &'static str,
    pub nav_live: &'static str,
    pub nav_challenge: &'static str,
    pub nav_volunteers: &'static str,
    pub nav_topics: &'static str,
    pub nav_me: &'static str,
    pub switch_language: &'static str,
    // states
    pub loading: &'static str,
    pub retry: &'static str,
    pub empty: &'static str,
    pub error_title: &'static str,
    pub error_network: &'static str,
    pub error_timeout: &'static str,
    pub error_server: &'static str,
    pub error_not_found: &'static str,
    pub error_unexpected: &'static str,
    pub panic_banner: &'static str,
    // home
    pub home_title: &'static str,
    pub home_dates: fn(&str) -> String,
    pub countdown_label: &'static str,
    pub unit_days: &'static str,
    pub unit_hours: &'static str,
    pub unit_minutes: &'static str,
    pub unit_seconds: &'static str,
    pub day_of: fn(u32, u32) -> String,
    pub during_hint: &'static str,
    pub ended: &'static str,
    pub ended_hint: &'static str,
    pub sections_heading: &'static str,
    pub section_activities: &'static str,
    pub section_activities_desc: &'static str,
    pub section_open_day: &'static str,
    pub section_open_day_desc: &'static str,
    pub section_live: &'static str,
    pub section_live_desc: &'static str,
    pub section_challenge: &'static str,
    pub section_challenge_desc: &'static str,
    pub section_volunteers: &'static str,
    pub section_volunteers_desc: &'static str,
    pub section_topics: &'static str,
    pub section_topics_desc: &'static str,
    pub themes_heading: &'static str,
    pub themes_hint: &'static str,
    // placeholders and 404
    pub coming_soon: &'static str,
    pub coming_soon_body: &'static str,
    pub back_home: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    // activities
    pub activities_title: &'static str,
    pub filtered_by: &'static str,
    pub activity_time: &'static str,
    pub activity_place: &'static str,
    pub activity_organizer: &'static str,
    pub activity_theme: &'static str,
    pub activity_kind: &'static str,
    pub activity_format: &'static str,
    pub activity_registration: &'static str,
    pub registration_open: fn(u32, Option<u32>) -> String,
    pub registration_not_needed: &'static str,
    pub format_online: &'static str,
    pub format_offline: &'static str,
    pub format_hybrid: &'static str,
    pub open_online: &'static str,
    pub back_to_activities: &'static str,
    pub popularity: fn(&str) -> String,
}

pub static ZH_CN: Strings = Strings {
    app_name: "云上科普日",
    edition_mark: "2021全国科普日",
    skip_to_content: "跳到主要内容",
    nav_label: "主导航",
    nav_home: "首页",
    nav_activities: "活动",
    nav_live: "直播",
    nav_challenge: "短视频",
    nav_volunteers: "志愿者",
    nav_topics: "话题",
    nav_me: "我的",
    switch_language: "English",
    loading: "加载中…",
    retry: "重试",
    empty: "暂无内容",
    error_title: "没能加载",
    error_network: "网络连接失败，请检查网络后重试。",
    error_timeout: "请求超时，请稍后重试。",
    error_server: "服务器开小差了，请稍后重试。",
    error_not_found: "内容不存在或已下线。",
    error_unexpected: "出现了意外的错误，请重试。",
    panic_banner: "出错了，点击重新加载",
    home_title: "百年再出发，迈向高水平科技自立自强",
    home_dates: |span| format!("2021年{span}"),
    countdown_label: "距全国科普日开幕还有",
    unit_days: "天",
    unit_hours: "时",
    unit_minutes: "分",
    unit_seconds: "秒",
    day_of: |day, days| format!("第{day}天 / 共{days}天"),
    during_hint: "全国科普日正在进行，一起点亮好奇心！",
    ended: "已结束",
    ended_hint: "本届全国科普日已圆满结束，精彩回放仍可观看。",
    sections_heading: "参与方式",
    section_activities: "活动查询",
    section_activities_desc: "找到身边的科普活动",
    section_open_day: "公众科学素质促进开放日",
    section_open_day_desc: "科研院所、高校、科技馆向公众开放",
    section_live: "科普直播",
    section_live_desc: "正在直播、即将开始与精彩回放",
    section_challenge: "点亮好奇心",
    section_challenge_desc: "短视频征集，拍下你的科学瞬间",
    section_volunteers: "点赞科技志愿",
    section_volunteers_desc: "为身边的科技志愿者点赞",
    section_topics: "话题互动",
    section_topics_desc: "#百年再出发# 等热门话题",
    themes_heading: "11个联合行动",
    themes_hint: "按主题查找活动",
    coming_soon: "即将上线",
    coming_soon_body: "这个栏目正在建设中，先去看看其他精彩内容吧。",
    back_home: "返回首页",
    not_found_title: "页面不存在",
    not_found_body: "你访问的页面不存在或已被移除。",
    activities_title: "活动查询",
    filtered_by: "当前筛选",
    activity_time: "时间",
    activity_place: "地点",
    activity_organizer: "主办方",
    activity_theme: "主题",
    activity_kind: "类别",
    activity_format: "形式",
    activity_registration: "报名",
    registration_open: |registered, capacity| match capacity {
        Some(c) => format!("需报名 · 已报名 {registered} / 名额 {c}"),
        None => format!("需报名 · 已报名 {registered}"),
    },
    registration_not_needed: "无需报名",
    format_online: "线上",
    format_offline: "线下",
    format_hybrid: "线上+线下",
    open_online: "进入线上活动",
    back_to_activities: "返回活动查询",
    popularity: |n| format!("{n} 人关注"),
};

pub static EN: Strings = Strings {
    app_name: "Cloud Science Day",
    edition_mark: "National Science Day 2021",
    skip_to_content: "Skip to main content",
    nav_label: "Main navigation",
    nav_home: "Home",
    nav_activities: "Events",
    nav_live: "Live",
    nav_challenge: "Videos",
    nav_volunteers: "Volunteers",
    nav_topics: "Topics",
    nav_me: "Me",
    switch_language: "中文",
    loading: "Loading…",
    retry: "Retry",
    empty: "Nothing here yet",
    error_title: "Couldn't load",
    error_network: "Network error. Check your connection and try again.",
    error_timeout: "The request timed out. Please try again.",
    error_server: "The server had a problem. Please try again shortly.",
    error_not_found: "This content doesn't exist or was removed.",
    error_unexpected: "Something unexpected went wrong. Please try again.",
    panic_banner: "Something went wrong — tap to reload",
    home_title: "A new century's start: towards high-level self-reliance in science and technology",
    home_dates: |span| format!("2021 · {span}"),
    countdown_label: "National Science Day opens in",
    unit_days: "d",
    unit_hours: "h",
    unit_minutes: "m",
    unit_seconds: "s",
    day_of: |day, days| format!("Day {day} of {days}"),
    during_hint: "National Science Day is on — light up your curiosity!",
    ended: "Ended",
    ended_hint: "This year's National Science Day has ended; replays are still available.",
    sections_heading: "Take part",
    section_activities: "Find events",
    section_activities_desc: "Science events near you",
    section_open_day: "Public Science Open Day",
    section_open_day_desc: "Institutes, universities and museums open their doors",
    section_live: "Livestreams",
    section_live_desc: "Live now, upcoming and replays",
    section_challenge: "Light Up Curiosity",
    section_challenge_desc: "Short-video challenge",
    section_volunteers: "Cheer volunteers",
    section_volunteers_desc: "Like the science volunteers near you",
    section_topics: "Topics",
    section_topics_desc: "Join the conversation",
    themes_heading: "11 joint actions",
    themes_hint: "Find events by theme",
    coming_soon: "Coming soon",
    coming_soon_body: "This section is being built. Explore the others meanwhile.",
    back_home: "Back to home",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for doesn't exist or was removed.",
    activities_title: "Find events",
    filtered_by: "Filters",
    activity_time: "When",
    activity_place: "Where",
    activity_organizer: "Organiser",
    activity_theme: "Theme",
    activity_kind: "Kind",
    activity_format: "Format",
    activity_registration: "Registration",
    registration_open: |registered, capacity| match capacity {
        Some(c) => format!("Required · {registered} of {c} places taken"),
        None => format!("Required · {registered} registered"),
    },
    registration_not_needed: "Not required",
    format_online: "Online",
    format_offline: "In person",
    format_hybrid: "Online + in person",
    open_online: "Join online",
    back_to_activities: "Back to events",
    popularity: |n| format!("{n} interested"),
};

thread_local! {
    static LOCALE: Cell<Locale> = const { Cell::new(Locale::ZhCn) };
}

const STORAGE_KEY: &str = "kepuri.locale";

/// The table for the current locale.
pub fn t() -> &'static Strings {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

pub fn locale() -> Locale {
    LOCALE.with(Cell::get)
}

/// Reads the saved choice (Chinese unless the user chose English) and sets `<html lang>`.
pub fn init_from_storage() {
    let saved = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or(Locale::ZhCn);
    LOCALE.with(|l| l.set(saved));
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", saved.tag());
    }
}

/// Saves the choice and reloads, so every view is rendered in the new language.
pub fn switch_to(locale: Locale) {
    if let Some(w) = web_sys::window() {
        if let Ok(Some(s)) = w.local_storage() {
            let _ = s.set_item(STORAGE_KEY, locale.tag());
        }
        let _ = w.location().reload();
    }
}
