//! The reservation views' own words, per locale. They live here rather than in `crate::i18n`'s
//! tables because only these views (the `activities` and `account` sections) use them: strings
//! that only a section's code reaches are cut into that section's wasm, not the first page's.
//! (What an activity card shows, `seats_line`, is on the first page and so in `crate::i18n`.)
use crate::format::Countdown;
use crate::i18n::{locale, Locale};
use crate::models::ReservationStatus;

pub struct Text {
    pub heading: &'static str,
    pub party_legend: &'static str,
    pub people: fn(u8) -> String,
    pub opens_in: &'static str,
    pub stale: fn(&str) -> String,
    pub login_to_reserve: &'static str,
    pub login_and_reserve: &'static str,
    pub login_and_waitlist: &'static str,
    pub code_label: &'static str,
    pub code_alt: fn(&str) -> String,
    pub ics_description: &'static str,
    pub reserved: &'static str,
    pub promoted: &'static str,
    pub already: fn(&str) -> String,
    pub held_for: fn(&str) -> String,
    pub waitlisted: fn(Option<u32>) -> String,
    pub waitlist_note: fn(&str) -> String,
    pub mine: &'static str,
    pub waitlist_hint: &'static str,
    pub submitting: &'static str,
    pub join_waitlist: &'static str,
    pub reserve: &'static str,
    pub err_already: &'static str,
    pub see_mine: &'static str,
    pub err_full: fn(Option<String>) -> String,
    pub err_not_open: fn(Option<String>) -> String,
    pub err_closed: &'static str,
    pub err_session: &'static str,
    pub login: &'static str,
    pub err_retry: fn(&str) -> String,
    pub none_yet: &'static str,
    pub see_offline: &'static str,
    pub upcoming: &'static str,
    pub upcoming_empty: &'static str,
    pub waiting: &'static str,
    pub waiting_empty: &'static str,
    pub past: &'static str,
    pub past_empty: &'static str,
    pub cancel_title: &'static str,
    pub activity_cancelled: &'static str,
    pub waitlist_place: fn(u32) -> String,
    pub no_ics: &'static str,
    pub cancel: &'static str,
    pub cancelled_toast: &'static str,
    pub err_started: &'static str,
    pub err_gone: &'static str,
    pub cancel_leaves_waitlist: &'static str,
    pub cancel_frees_place: &'static str,
    pub cancel_confirm: fn(&str, u8, &str) -> String,
    pub cancelling: &'static str,
    pub confirm_cancel: &'static str,
    pub countdown: fn(Countdown) -> String,
    pub status: fn(ReservationStatus) -> &'static str,
}

pub static ZH_CN: Text = Text {
    heading: "预约报名",
    party_legend: "预约人数（含本人）",
    people: |n| format!("{n} 人"),
    opens_in: "距开放还有 ",
    stale: |e| format!("名额信息暂未更新（{e}），稍后自动重试。"),
    login_to_reserve: "登录后预约",
    login_and_reserve: "登录并预约",
    login_and_waitlist: "登录并加入候补",
    code_label: "签到码（到场出示）",
    code_alt: |code| format!("签到二维码：{code}"),
    ics_description: "已预约（云上科普日）",
    reserved: "预约成功",
    promoted: "候补成功，已为你保留名额",
    already: |people| format!("你已预约 · {people}"),
    held_for: |people| format!("已为 {people} 保留名额。"),
    waitlisted: |n| match n {
        Some(n) => format!("已加入候补 · 第 {n} 位"),
        None => "已加入候补".to_string(),
    },
    waitlist_note: |people| {
        format!("{people}。有人取消时按顺序递补，递补成功后可在“我的预约”中查看签到码。")
    },
    mine: "我的预约",
    waitlist_hint:
        "名额不足，可加入候补：有人取消时按顺序递补，递补成功后可在“我的预约”中查看签到码。",
    submitting: "提交中…",
    join_waitlist: "加入候补",
    reserve: "预约",
    err_already: "你已预约过该活动（每人每个活动限一次）。",
    see_mine: "查看我的预约",
    err_full: |detail| {
        format!(
            "{}。可选择“加入候补”。",
            detail.unwrap_or_else(|| "名额不足".into())
        )
    },
    err_not_open: |detail| {
        format!(
            "预约尚未开放：{}",
            detail.unwrap_or_else(|| "请稍后再来".into())
        )
    },
    err_closed: "预约已截止，不能再预约。",
    err_session: "登录已失效，请重新登录。",
    login: "登录",
    err_retry: |e| format!("{e}，请再点一次（不会重复预约）。"),
    none_yet: "还没有预约活动。",
    see_offline: "去看看线下活动",
    upcoming: "即将参加",
    upcoming_empty: "暂无即将参加的活动",
    waiting: "候补中",
    waiting_empty: "暂无候补",
    past: "已结束 / 已取消",
    past_empty: "暂无",
    cancel_title: "取消预约",
    activity_cancelled: "活动已取消",
    waitlist_place: |n| format!(" · 候补第 {n} 位"),
    no_ics: "无法生成日历文件",
    cancel: "取消预约",
    cancelled_toast: "已取消预约",
    err_started: "活动已开始，不能取消预约。",
    err_gone: "没有找到这条预约，可能已被取消。",
    cancel_leaves_waitlist: "取消后将退出候补队列。",
    cancel_frees_place: "取消后名额将让给候补的人，签到码随之失效。",
    cancel_confirm: |title, n, tail| format!("确定取消「{title}」的预约（{n} 人）吗？{tail}"),
    cancelling: "取消中…",
    confirm_cancel: "确认取消预约",
    countdown: |c| {
        let clock = format!("{:02}时{:02}分{:02}秒", c.hours, c.minutes, c.seconds);
        if c.days > 0 {
            format!("{}天{clock}", c.days)
        } else {
            clock
        }
    },
    status: |s| match s {
        ReservationStatus::Confirmed => "已预约",
        ReservationStatus::Waitlisted => "候补中",
        ReservationStatus::Cancelled => "已取消",
        ReservationStatus::CheckedIn => "已签到",
    },
};

pub static EN: Text = Text {
    heading: "Reservations",
    party_legend: "People (including you)",
    people: |n| match n {
        1 => "1 person".to_string(),
        n => format!("{n} people"),
    },
    opens_in: "Opens in ",
    stale: |e| format!("Places not updated ({e}); retrying shortly."),
    login_to_reserve: "Log in to reserve",
    login_and_reserve: "Log in and reserve",
    login_and_waitlist: "Log in and join the waitlist",
    code_label: "Check-in code (show at the door)",
    code_alt: |code| format!("Check-in QR code: {code}"),
    ics_description: "Reserved (云上科普日 Science Day online)",
    reserved: "Reserved",
    promoted: "Off the waitlist: your place is held",
    already: |people| format!("You have reserved · {people}"),
    held_for: |people| format!("Places held for {people}."),
    waitlisted: |n| match n {
        Some(n) => format!("On the waitlist · no. {n}"),
        None => "On the waitlist".to_string(),
    },
    waitlist_note: |people| {
        format!("{people}. Places freed by cancellations go to the waitlist in order; once you have one, your check-in code is under “My reservations”.")
    },
    mine: "My reservations",
    waitlist_hint: "Not enough places left; you can join the waitlist. Places freed by cancellations go to it in order; once you have one, your check-in code is under “My reservations”.",
    submitting: "Sending…",
    join_waitlist: "Join the waitlist",
    reserve: "Reserve",
    err_already: "You have already reserved this activity (one reservation per person). ",
    see_mine: "See my reservations",
    err_full: |_| "Not enough places left. You can join the waitlist.".to_string(),
    err_not_open: |_| "Reservations are not open yet. Please come back later.".to_string(),
    err_closed: "Reservations have closed.",
    err_session: "Your session has expired; please log in again. ",
    login: "Log in",
    err_retry: |e| format!("{e}. Please tap again (you will not reserve twice)."),
    none_yet: "No reservations yet. ",
    see_offline: "Browse on-site activities",
    upcoming: "Coming up",
    upcoming_empty: "Nothing coming up",
    waiting: "Waitlisted",
    waiting_empty: "No waitlist places",
    past: "Past / cancelled",
    past_empty: "None",
    cancel_title: "Cancel reservation",
    activity_cancelled: "Activity cancelled",
    waitlist_place: |n| format!(" · waitlist no. {n}"),
    no_ics: "Could not make the calendar file",
    cancel: "Cancel reservation",
    cancelled_toast: "Reservation cancelled",
    err_started: "The activity has started; the reservation can no longer be cancelled.",
    err_gone: "This reservation was not found; it may already be cancelled.",
    cancel_leaves_waitlist: "You will leave the waitlist.",
    cancel_frees_place: "Your places go to the waitlist and the check-in code stops working.",
    cancel_confirm: |title, n, tail| {
        let people = (EN.people)(n);
        format!("Cancel the reservation for “{title}” ({people})? {tail}")
    },
    cancelling: "Cancelling…",
    confirm_cancel: "Confirm cancellation",
    countdown: |c| {
        let clock = format!("{:02}:{:02}:{:02}", c.hours, c.minutes, c.seconds);
        if c.days > 0 {
            format!("{}d {clock}", c.days)
        } else {
            clock
        }
    },
    status: |s| match s {
        ReservationStatus::Confirmed => "Reserved",
        ReservationStatus::Waitlisted => "Waitlisted",
        ReservationStatus::Cancelled => "Cancelled",
        ReservationStatus::CheckedIn => "Checked in",
    },
};

/// The table for the current locale.
pub fn tx() -> &'static Text {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}
