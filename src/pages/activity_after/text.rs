//! The after-the-week views' own words, per locale (not in `crate::i18n`: only the late pack
//! `after` reaches them, so they are cut into it rather than into the first load).
use crate::i18n::{locale, Locale};

pub struct Text {
    pub heading: &'static str,
    pub average_of: fn(&str) -> String,
    pub ratings: fn(u64) -> String,
    pub no_ratings: &'static str,
    pub distribution: &'static str,
    pub stars: fn(u8) -> String,
    pub people: fn(u64) -> String,
    pub mine_legend: &'static str,
    pub rate_legend: &'static str,
    pub comment_label: &'static str,
    pub comment_hint: &'static str,
    pub comment_too_long: fn(usize) -> String,
    pub pick_stars: &'static str,
    pub submit: &'static str,
    pub update: &'static str,
    pub submitting: &'static str,
    pub login_and_rate: &'static str,
    pub delete: &'static str,
    pub deleting: &'static str,
    pub deleted: &'static str,
    pub saved: &'static str,
    pub saved_after_login: &'static str,
    pub pending: &'static str,
    pub rejected: &'static str,
    pub approved: &'static str,
    pub not_open: &'static str,
    pub comments: fn(u64) -> String,
    pub comments_empty: &'static str,
    pub rated: fn(u8) -> String,
}

pub static ZH_CN: Text = Text {
    heading: "反馈评价",
    average_of: |avg| format!("平均 {avg} 分（满分 5 分）"),
    ratings: |n| format!("{n} 人评价"),
    no_ratings: "还没有人评价，来做第一个吧。",
    distribution: "评分分布",
    stars: |n| format!("{n} 星"),
    people: |n| format!("{n} 人"),
    mine_legend: "我的评分",
    rate_legend: "给活动打分",
    comment_label: "评价内容（选填）",
    comment_hint: "不超过 200 字，不能包含链接；评价内容审核通过后公开显示。",
    comment_too_long: |over| format!("超出 {over} 字，请删减"),
    pick_stars: "请选择 1 到 5 颗星",
    submit: "提交评价",
    update: "更新评价",
    submitting: "提交中…",
    login_and_rate: "登录并评价",
    delete: "删除我的评价",
    deleting: "删除中…",
    deleted: "已删除你的评价",
    saved: "评价已提交",
    saved_after_login: "已提交你登录前写的评价",
    pending: "评价内容待审核，审核通过后公开显示。",
    rejected: "评价内容未通过审核，未公开显示；评分仍然计入。",
    approved: "评价内容已公开显示。",
    not_open: "活动已取消，不能评价。",
    comments: |n| format!("大家的评价（{n}）"),
    comments_empty: "还没有公开的评价内容。",
    rated: |n| format!("{n} 星（满分 5 星）"),
};

pub static EN: Text = Text {
    heading: "Feedback",
    average_of: |avg| format!("Average {avg} out of 5"),
    ratings: |n| {
        if n == 1 {
            "1 rating".to_string()
        } else {
            format!("{n} ratings")
        }
    },
    no_ratings: "No ratings yet — be the first.",
    distribution: "Ratings by stars",
    stars: |n| {
        if n == 1 {
            "1 star".to_string()
        } else {
            format!("{n} stars")
        }
    },
    people: |n| n.to_string(),
    mine_legend: "My rating",
    rate_legend: "Rate this activity",
    comment_label: "Comment (optional)",
    comment_hint: "Up to 200 characters, no links; shown publicly once approved.",
    comment_too_long: |over| format!("{over} characters too long"),
    pick_stars: "Choose 1 to 5 stars",
    submit: "Submit",
    update: "Update",
    submitting: "Submitting…",
    login_and_rate: "Log in and rate",
    delete: "Delete my rating",
    deleting: "Deleting…",
    deleted: "Your rating was deleted",
    saved: "Rating submitted",
    saved_after_login: "The rating you wrote before logging in was submitted",
    pending: "Your comment awaits moderation and shows publicly once approved.",
    rejected: "Your comment was not approved and is not shown; your stars still count.",
    approved: "Your comment is shown publicly.",
    not_open: "This activity was cancelled and cannot be rated.",
    comments: |n| format!("Comments ({n})"),
    comments_empty: "No public comments yet.",
    rated: |n| format!("{n} of 5 stars"),
};

pub fn tx() -> &'static Text {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}
