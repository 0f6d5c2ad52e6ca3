//! Home's "what can I do now?" lists' own words, per locale: only the late pack `now`
//! uses them. They are not in `crate::i18n`'s tables because `crate::i18n::t()` reaches its
//! whole table from the first page (so every string there is in the main module), while
//! strings only a section's code reaches are cut into that section's wasm (the model:
//! `crate::pages::reservations::text`).
use crate::i18n::{locale, Locale};

pub struct Text {
    pub now_heading: &'static str,
    pub now_live: &'static str,
    pub now_live_empty: &'static str,
    pub now_soon: &'static str,
    pub now_soon_empty: &'static str,
    pub now_near: &'static str,
    pub now_near_empty: &'static str,
    pub now_near_pick: &'static str,
    pub now_see_all: fn(&str) -> String,
    pub now_starts_at: fn(&str) -> String,
    pub now_challenge_entries: fn(&str) -> String,
    pub now_challenge_left: fn(i64) -> String,
    pub now_challenge_closed: &'static str,
}

pub static ZH_CN: Text = Text {
    now_heading: "现在能做什么",
    now_live: "正在直播",
    now_live_empty: "现在没有直播，看看直播预告",
    now_soon: "即将开始",
    now_soon_empty: "接下来 6 小时没有开始的活动或直播",
    now_near: "今天在你附近",
    now_near_empty: "附近今天没有尚未结束的活动",
    now_near_pick: "选择你所在的城市，看看今天附近有哪些活动",
    now_see_all: |what| format!("查看全部{what}"),
    now_starts_at: |time| format!("{time} 开始"),
    now_challenge_entries: |n| format!("已有 {n} 件作品"),
    now_challenge_left: |d| {
        if d > 0 {
            format!("还有 {d} 天截止")
        } else {
            "今天截止".to_string()
        }
    },
    now_challenge_closed: "征集已截止，去看看作品",
};

pub static EN: Text = Text {
    now_heading: "What can I do now?",
    now_live: "Live now",
    now_live_empty: "Nothing is live now; see what is coming",
    now_soon: "Starting soon",
    now_soon_empty: "Nothing starts in the next 6 hours",
    now_near: "Today near you",
    now_near_empty: "No activities left today near you",
    now_near_pick: "Choose your city to see today's activities near you",
    now_see_all: |what| format!("All: {what}"),
    now_starts_at: |time| format!("Starts {time}"),
    now_challenge_entries: |n| format!("{n} entries so far"),
    now_challenge_left: |d| {
        if d > 0 {
            format!("{d} days left")
        } else {
            "Closes today".to_string()
        }
    },
    now_challenge_closed: "Closed; watch the entries",
};

/// The table for the current locale.
pub fn tx() -> &'static Text {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}
