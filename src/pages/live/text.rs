//! The 直播 views' own words (`/live`, `/live/:id`), per locale: only the `live` section
//! uses them. They are not in `crate::i18n`'s tables because `crate::i18n::t()` reaches its
//! whole table from the first page (so every string there is in the main module), while
//! strings only a section's code reaches are cut into that section's wasm (the model:
//! `crate::pages::reservations::text`).
use crate::i18n::{locale, Locale};

pub struct Text {
    pub live_tabs_label: &'static str,
    pub tab_live: &'static str,
    pub tab_upcoming: &'static str,
    pub tab_replay: &'static str,
    pub all_days: &'static str,
    pub all_themes: &'static str,
    pub theme_filter_label: &'static str,
    pub live_empty_live: &'static str,
    pub live_empty_upcoming: &'static str,
    pub live_empty_replay: &'static str,
    pub live_empty_body: &'static str,
    pub hls_unsupported: &'static str,
    pub open_stream: &'static str,
    pub video_failed: &'static str,
    pub related_streams: &'static str,
    pub back_to_live: &'static str,
    pub stream_description: &'static str,
}

pub static ZH_CN: Text = Text {
    live_tabs_label: "直播分类",
    tab_live: "正在直播",
    tab_upcoming: "即将开始",
    tab_replay: "精彩回放",
    all_days: "全部日期",
    all_themes: "全部主题",
    theme_filter_label: "按主题筛选",
    live_empty_live: "现在没有正在进行的直播",
    live_empty_upcoming: "没有即将开始的直播",
    live_empty_replay: "还没有回放",
    live_empty_body: "换个日期或主题看看，或者切换到其他分类。",
    hls_unsupported: "这个浏览器不能直接播放该直播流。",
    open_stream: "在新窗口打开直播流",
    video_failed: "视频加载失败，请检查网络后重试。",
    related_streams: "相关直播",
    back_to_live: "返回直播列表",
    stream_description: "直播简介",
};

pub static EN: Text = Text {
    live_tabs_label: "Livestream status",
    tab_live: "Live now",
    tab_upcoming: "Upcoming",
    tab_replay: "Replays",
    all_days: "All days",
    all_themes: "All themes",
    theme_filter_label: "Filter by theme",
    live_empty_live: "Nothing is live right now",
    live_empty_upcoming: "No upcoming streams",
    live_empty_replay: "No replays yet",
    live_empty_body: "Try another day or theme, or another tab.",
    hls_unsupported: "This browser can't play this stream directly.",
    open_stream: "Open the stream in a new window",
    video_failed: "The video couldn't be loaded. Check your connection and try again.",
    related_streams: "Related streams",
    back_to_live: "Back to livestreams",
    stream_description: "About this stream",
};

/// The table for the current locale.
pub fn tx() -> &'static Text {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}
