//! Every piece of UI text, in one table per locale. Chinese is the default; English is second.
//! A field per string keeps keys checked by the compiler; strings with values are functions.
//! Only what the first page's code (the main module) shows belongs here: `t()` reaches the
//! whole table, so every string in it is in the main module. Words only a section's views use
//! go in that section's own table (`pages/<section>/text.rs`, e.g. `pages/reservations/text.rs`).
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
    pub registration_required: &'static str,
    pub registration_not_needed: &'static str,
    pub format_online: &'static str,
    pub format_offline: &'static str,
    pub format_hybrid: &'static str,
    pub open_online: &'static str,
    pub back_to_activities: &'static str,
    pub activity_ended: &'static str,
    pub activity_ended_body: &'static str,
    pub time_upcoming: &'static str,
    pub time_ongoing: &'static str,
    pub time_ended: &'static str,
    pub popularity: fn(&str) -> String,
    // activity search
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_submit: &'static str,
    pub filter_theme: &'static str,
    pub filter_region: &'static str,
    pub filter_format: &'static str,
    pub filter_date: &'static str,
    pub filter_sort: &'static str,
    pub filter_any: &'static str,
    pub filter_any_city: &'static str,
    pub filter_province_label: &'static str,
    pub filter_city_label: &'static str,
    pub filter_from_label: &'static str,
    pub filter_to_label: &'static str,
    pub filter_date_error: &'static str,
    pub apply: &'static str,
    pub close: &'static str,
    pub clear_all: &'static str,
    pub sort_relevance: &'static str,
    pub sort_now: &'static str,
    pub show_ended: &'static str,
    pub sort_start: &'static str,
    pub sort_popular: &'static str,
    pub result_count: fn(u64) -> String,
    pub load_more: &'static str,
    pub loading_more: &'static str,
    pub end_of_results: &'static str,
    pub no_results_title: &'static str,
    pub no_results_body: &'static str,
    pub no_results_ended: &'static str,
    pub try_keywords: &'static str,
    pub day_chip_label: &'static str,
    pub add_to_calendar: &'static str,
    pub share: &'static str,
    pub link_copied: &'static str,
    pub share_failed: &'static str,
    pub open_map: &'static str,
    // accounts
    pub code_label: &'static str,
    pub session_expired: &'static str,
    pub login_again: &'static str,
    pub save: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub login_cta: &'static str,
    pub search_suggestions: &'static [&'static str],
    pub date_from_only: fn(&str) -> String,
    pub date_to_only: fn(&str) -> String,
    // 直播 (/live, /live/:id)
    pub badge_live: &'static str,
    pub badge_upcoming: &'static str,
    pub badge_replay: &'static str,
    pub viewers: fn(&str) -> String,
    pub views: fn(&str) -> String,
    pub starts_in: &'static str,
    pub starting_now: &'static str,
    pub tomorrow: &'static str,
    pub today: &'static str,
    pub starts_on: fn(&str, &str) -> String,
    pub remind_me: &'static str,
    pub reminder_set: &'static str,
    pub reminder_saved: &'static str,
    pub reminder_saved_notify: &'static str,
    pub notify_live_now: fn(&str) -> String,
    // 话题互动 (/topics, /topics/:id)
    pub sort_latest: &'static str,
    pub posts_sort_label: &'static str,
    pub report_reasons: &'static [(&'static str, &'static str)],
    pub muted_until: fn(&str) -> String,
    // 点亮好奇心 (/challenge…)
    pub ch_submit_cta: &'static str,
    // 点赞科技志愿 (/volunteers, /volunteers/leaderboard, /volunteers/:id)
    pub vol_kind_person: &'static str,
    pub vol_kind_team: &'static str,
    pub vol_hours: fn(&str) -> String,
    pub vol_like: &'static str,
    pub vol_already_liked: &'static str,
    pub vol_service_hours: &'static str,
    // 附近 (near me) and home's "what can I do now" lists
    pub near_sync_failed: &'static str,
    pub near_pick_title: &'static str,
    pub near_use_location: &'static str,
    pub near_locating: &'static str,
    pub near_geo_denied: &'static str,
    pub near_geo_unavailable: &'static str,
    pub near_choose: &'static str,
    pub near_change: &'static str,
    pub near_city_label: fn(&str) -> String,
    pub near_from: fn(&str) -> String,
    pub near_pick_first: &'static str,
    pub sort_distance: &'static str,
    /// The distance in km, already written (`format::km`).
    pub distance_km: fn(&str) -> String,
    pub vol_none_today: &'static str,
    // issue 20: errors, consent, finishing what was started
    pub missing_activity: &'static str,
    pub missing_stream: &'static str,
    pub missing_entry: &'static str,
    pub missing_topic: &'static str,
    pub missing_volunteer: &'static str,
    pub missing_back: &'static str,
    pub missing_home: &'static str,
    pub intent_liked: &'static str,
    pub privacy_title_quoted: &'static str,
    pub intent_reserved: &'static str,
    // offline
    pub offline_banner: &'static str,
    pub offline_data_at: fn(&str) -> String,
    pub offline_write: &'static str,
    pub offline_like: &'static str,
    // pwa
    pub update_ready: &'static str,
    // en
    /// An activity card's and the reservation panel's seats line (`pages/reservations`).
    pub seats_left: fn(u32) -> String,
    pub seats_total: fn(u32) -> String,
    pub seats_waiting: fn(u32) -> String,
    pub seats_full: &'static str,
    pub seats_no_waitlist: &'static str,
    pub seats_can_waitlist: &'static str,
    pub seats_full_badge: &'static str,
    pub seats_not_open: &'static str,
    pub seats_opens_at: fn(&str) -> String,
    pub seats_not_open_badge: &'static str,
    pub seats_closed: &'static str,
    pub seats_closed_at: fn(&str) -> String,
    pub seats_closed_badge: &'static str,
    // saved
    pub save_activity: &'static str,
    pub saved_activity: &'static str,
    pub intent_saved: &'static str,
    pub my_saved: &'static str,
    pub saved_empty: &'static str,
    pub saved_browse: &'static str,
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
    registration_required: "需预约（每次 1–3 人）",
    registration_not_needed: "无需报名",
    format_online: "线上",
    format_offline: "线下",
    format_hybrid: "线上+线下",
    open_online: "进入线上活动",
    back_to_activities: "返回活动查询",
    activity_ended: "活动已结束",
    activity_ended_body: "线上入口、添加到日历和预约都已关闭。",
    time_upcoming: "未开始",
    time_ongoing: "进行中",
    time_ended: "已结束",
    popularity: |n| format!("{n} 人关注"),
    search_label: "搜索活动",
    search_placeholder: "搜索活动、主办方、场馆，如：航天",
    search_submit: "搜索",
    filter_theme: "主题",
    filter_region: "地区",
    filter_format: "形式",
    filter_date: "日期",
    filter_sort: "排序",
    filter_any: "不限",
    filter_any_city: "全部城市",
    filter_province_label: "省份",
    filter_city_label: "城市",
    filter_from_label: "开始日期",
    filter_to_label: "结束日期",
    filter_date_error: "开始日期不能晚于结束日期",
    apply: "确定",
    close: "关闭",
    clear_all: "清除全部",
    sort_relevance: "最相关",
    sort_now: "进行中优先",
    show_ended: "已结束",
    sort_start: "最近开始",
    sort_popular: "最热门",
    result_count: |n| format!("共 {n} 个活动"),
    load_more: "加载更多",
    loading_more: "正在加载…",
    end_of_results: "没有更多了",
    no_results_title: "没有找到相关活动",
    no_results_body: "换个关键词，或减少筛选条件试试。",
    no_results_ended: "查看已结束的活动",
    try_keywords: "试试这些：",
    day_chip_label: "按日期",
    add_to_calendar: "添加到日历",
    share: "分享",
    link_copied: "链接已复制",
    share_failed: "分享失败，请手动复制地址栏中的链接",
    open_map: "在地图中查看",
    code_label: "验证码",
    session_expired: "登录已过期，请重新登录。你正在做的事不会丢失。",
    login_again: "重新登录",
    save: "保存",
    saving: "保存中…",
    saved: "已保存",
    login_cta: "登录 / 注册",
    search_suggestions: &["航天", "核", "碳中和", "水利", "气象"],
    date_from_only: |d| format!("{d}起"),
    date_to_only: |d| format!("至{d}"),
    badge_live: "直播中",
    badge_upcoming: "即将开始",
    badge_replay: "回放",
    viewers: |n| format!("{n}人在看"),
    views: |n| format!("{n}次观看"),
    starts_in: "距开播",
    starting_now: "马上开始",
    tomorrow: "明天",
    today: "今天",
    starts_on: |day, time| format!("{day} {time} 开播"),
    remind_me: "预约提醒",
    reminder_set: "已预约",
    reminder_saved: "已下载日历提醒",
    reminder_saved_notify: "已下载日历提醒；开播时本页也会通知你",
    notify_live_now: |t| format!("直播开始了：{t}"),
    sort_latest: "最新",
    posts_sort_label: "排序",
    report_reasons: &[
        ("spam", "垃圾广告"),
        ("abuse", "辱骂攻击"),
        ("false_info", "不实信息"),
        ("other", "其他"),
    ],
    muted_until: |t| format!("你已被禁言，{t}（北京时间）后可再发言"),
    ch_submit_cta: "参与投稿",
    vol_kind_person: "个人",
    vol_kind_team: "团队",
    vol_hours: |h| format!("{h} 小时"),
    vol_like: "点赞",
    vol_already_liked: "今天已经为TA点过赞了，明天再来吧",
    vol_service_hours: "服务时长",
    near_sync_failed: "城市已保存在本设备，暂未同步到账号",
    near_pick_title: "选择城市",
    near_use_location: "使用我的位置",
    near_locating: "正在获取你的位置…",
    near_geo_denied: "没有获得位置权限，请在下方选择城市",
    near_geo_unavailable: "暂时无法获取你的位置，请在下方选择城市",
    near_choose: "选择城市",
    near_change: "更换",
    near_city_label: |c| format!("我的城市：{c}"),
    near_from: |c| format!("按到{c}的距离排序"),
    near_pick_first: "按距离排序前，请先选择你所在的城市",
    sort_distance: "距离最近",
    distance_km: |d| format!("距离约 {d} 公里"),
    vol_none_today: "今天还没有点赞",
    missing_activity: "该活动不存在或已下线",
    missing_stream: "该直播不存在或已下线",
    missing_entry: "该作品不存在或已下线",
    missing_topic: "该话题不存在或已下线",
    missing_volunteer: "该志愿者不存在或已下线",
    missing_back: "返回列表",
    missing_home: "返回首页",
    intent_liked: "已登录，刚才的点赞已完成",
    privacy_title_quoted: "《隐私政策》",
    intent_reserved: "已登录，刚才的预约已提交",
    // offline
    offline_banner: "当前离线：显示的是已保存的内容",
    offline_data_at: |t| format!("离线数据 · 更新于 {t}"),
    offline_write: "离线中，联网后才能提交",
    offline_like: "离线中，联网后可点赞",
    // pwa
    update_ready: "有新版本，点击刷新",
    // en
    seats_left: |n| format!("剩余 {n} 个名额"),
    seats_total: |n| format!("共 {n} 个名额"),
    seats_waiting: |n| format!("候补 {n} 人"),
    seats_full: "已约满",
    seats_no_waitlist: "暂无候补",
    seats_can_waitlist: "可加入候补",
    seats_full_badge: "已约满 · 可候补",
    seats_not_open: "未开放",
    seats_opens_at: |t| format!("{t} 开放预约"),
    seats_not_open_badge: "预约未开放",
    seats_closed: "已截止",
    seats_closed_at: |t| format!("预约已于 {t} 截止"),
    seats_closed_badge: "预约已截止",
    // saved
    save_activity: "收藏",
    saved_activity: "已收藏",
    intent_saved: "已登录，刚才的收藏已完成",
    my_saved: "我的收藏",
    saved_empty: "还没有收藏的活动",
    saved_browse: "去看看活动",
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
    registration_required: "Reservation required (1–3 people)",
    registration_not_needed: "Not required",
    format_online: "Online",
    format_offline: "In person",
    format_hybrid: "Online + in person",
    open_online: "Join online",
    back_to_activities: "Back to events",
    activity_ended: "This event has ended",
    activity_ended_body: "Joining online, adding to the calendar and reservations are closed.",
    time_upcoming: "Upcoming",
    time_ongoing: "On now",
    time_ended: "Ended",
    popularity: |n| format!("{n} interested"),
    search_label: "Search events",
    search_placeholder: "Events, organisers, venues — e.g. space",
    search_submit: "Search",
    filter_theme: "Theme",
    filter_region: "Region",
    filter_format: "Format",
    filter_date: "Date",
    filter_sort: "Sort",
    filter_any: "Any",
    filter_any_city: "All cities",
    filter_province_label: "Province",
    filter_city_label: "City",
    filter_from_label: "From",
    filter_to_label: "To",
    filter_date_error: "The start date can't be after the end date",
    apply: "Apply",
    close: "Close",
    clear_all: "Clear all",
    sort_relevance: "Most relevant",
    sort_now: "On now first",
    show_ended: "Ended",
    sort_start: "Starting soonest",
    sort_popular: "Most popular",
    result_count: |n| format!("{n} events"),
    load_more: "Load more",
    loading_more: "Loading…",
    end_of_results: "That's all",
    no_results_title: "No matching events",
    no_results_body: "Try another keyword or fewer filters.",
    no_results_ended: "See ended events",
    try_keywords: "Try:",
    day_chip_label: "By day",
    add_to_calendar: "Add to calendar",
    share: "Share",
    link_copied: "Link copied",
    share_failed: "Couldn't share — copy the link from the address bar",
    open_map: "Open in maps",
    code_label: "Code",
    session_expired: "Your session expired. Log in again — nothing you were doing is lost.",
    login_again: "Log in again",
    save: "Save",
    saving: "Saving…",
    saved: "Saved",
    login_cta: "Log in / sign up",
    search_suggestions: &["航天", "核", "碳中和", "水利", "气象"],
    date_from_only: |d| format!("from {d}"),
    date_to_only: |d| format!("until {d}"),
    badge_live: "LIVE",
    badge_upcoming: "Upcoming",
    badge_replay: "Replay",
    viewers: |n| format!("{n} watching"),
    views: |n| format!("{n} views"),
    starts_in: "Starts in",
    starting_now: "Starting now",
    tomorrow: "Tomorrow",
    today: "Today",
    starts_on: |day, time| format!("Starts {day} {time}"),
    remind_me: "Remind me",
    reminder_set: "Reminder set",
    reminder_saved: "Calendar reminder downloaded",
    reminder_saved_notify:
        "Calendar reminder downloaded; this page will also notify you when it starts",
    notify_live_now: |t| format!("Now live: {t}"),
    sort_latest: "Latest",
    posts_sort_label: "Sort",
    report_reasons: &[
        ("spam", "Spam"),
        ("abuse", "Abuse"),
        ("false_info", "False information"),
        ("other", "Other"),
    ],
    muted_until: |t| format!("You are muted until {t} (China time)"),
    ch_submit_cta: "Submit a video",
    vol_kind_person: "Person",
    vol_kind_team: "Team",
    vol_hours: |h| format!("{h} hours"),
    vol_like: "Like",
    vol_already_liked: "You've already liked them today — come back tomorrow",
    vol_service_hours: "Service",
    near_sync_failed: "City saved on this device, not yet on your account",
    near_pick_title: "Choose your city",
    near_use_location: "Use my location",
    near_locating: "Finding your location…",
    near_geo_denied: "Location permission was not given; choose your city below",
    near_geo_unavailable: "Your location is not available right now; choose your city below",
    near_choose: "Choose city",
    near_change: "Change",
    near_city_label: |c| format!("My city: {c}"),
    near_from: |c| format!("By distance from {c}"),
    near_pick_first: "Choose your city to sort by distance",
    sort_distance: "Nearest",
    distance_km: |d| format!("About {d} km away"),
    vol_none_today: "No likes yet today",
    missing_activity: "This activity doesn't exist or was taken down",
    missing_stream: "This stream doesn't exist or was taken down",
    missing_entry: "This entry doesn't exist or was taken down",
    missing_topic: "This topic doesn't exist or was taken down",
    missing_volunteer: "This volunteer doesn't exist or was taken down",
    missing_back: "Back to the list",
    missing_home: "Back to home",
    intent_liked: "You're logged in: your like is done",
    privacy_title_quoted: "Privacy Policy",
    intent_reserved: "You're logged in: your reservation is sent",
    // offline
    offline_banner: "You're offline: showing saved content",
    offline_data_at: |t| format!("Offline data · updated {t}"),
    offline_write: "Offline: this can be sent once you're back online",
    offline_like: "Offline: you can like this once you're back online",
    // pwa
    update_ready: "A new version is ready: tap to reload",
    // en
    seats_left: |n| format!("{n} places left"),
    seats_total: |n| format!("{n} places in all"),
    seats_waiting: |n| format!("{n} waitlisted"),
    seats_full: "Fully booked",
    seats_no_waitlist: "No waitlist yet",
    seats_can_waitlist: "Waitlist open",
    seats_full_badge: "Full · waitlist open",
    seats_not_open: "Not open yet",
    seats_opens_at: |t| format!("Opens {t}"),
    seats_not_open_badge: "Reservations not open",
    seats_closed: "Closed",
    seats_closed_at: |t| format!("Closed {t}"),
    seats_closed_badge: "Reservations closed",
    // saved
    save_activity: "Save",
    saved_activity: "Saved",
    intent_saved: "You're logged in: the activity is saved",
    my_saved: "Saved activities",
    saved_empty: "No saved activities yet",
    saved_browse: "Browse activities",
};

thread_local! {
    static LOCALE: Cell<Locale> = const { Cell::new(Locale::ZhCn) };
    /// The English table once its late pack has loaded (`crate::sections::load_english`).
    static ENGLISH: Cell<Option<&'static Strings>> = const { Cell::new(None) };
}

use crate::state::storage::{self, StorageKey};

/// The `lang` of text that comes from the API (titles, names, places: Chinese) while the UI is
/// in English, so screen readers read it as Chinese (and tests can tell it from the UI's own
/// text); none in Chinese, where it is the page's language.
pub fn api_lang() -> Option<&'static str> {
    (locale() == Locale::En).then_some("zh-CN")
}

/// The table for the current locale. The English one is not in the first page's wasm: it is
/// the late pack `en`, which `main` loads before mounting when the locale is English (until
/// then, or if it cannot be had, the Chinese table answers).
pub fn t() -> &'static Strings {
    match locale() {
        Locale::ZhCn => &ZH_CN,
        Locale::En => ENGLISH.with(Cell::get).unwrap_or(&ZH_CN),
    }
}

/// Installs the English table from its pack.
pub fn set_english(table: &'static Strings) {
    ENGLISH.with(|e| e.set(Some(table)));
}

/// The English pack could not be loaded (offline on a first visit): this visit is in Chinese.
pub fn fall_back_to_chinese() {
    LOCALE.with(|l| l.set(Locale::ZhCn));
    set_html_lang(Locale::ZhCn);
}

fn set_html_lang(locale: Locale) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", locale.tag());
    }
}

pub fn locale() -> Locale {
    LOCALE.with(Cell::get)
}

/// The locale for a first visit (nothing saved) from the browser's languages, most wanted
/// first: the first Chinese or English one decides; none of them → Chinese.
pub fn pick_locale<'a>(languages: impl IntoIterator<Item = &'a str>) -> Locale {
    languages
        .into_iter()
        .find_map(|tag| {
            let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
            match primary.as_str() {
                "zh" => Some(Locale::ZhCn),
                "en" => Some(Locale::En),
                _ => None,
            }
        })
        .unwrap_or(Locale::ZhCn)
}

/// `navigator.languages` (or `navigator.language` where the list is missing).
fn browser_languages() -> Vec<String> {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// Reads the saved choice (on a first visit: the browser's languages) and sets `<html lang>`.
pub fn init_from_storage() {
    let saved = storage::load::<String>(&StorageKey::Locale)
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_else(|| pick_locale(browser_languages().iter().map(String::as_str)));
    LOCALE.with(|l| l.set(saved));
    set_html_lang(saved);
}

/// Saves the choice and reloads, so every view is rendered in the new language.
pub fn switch_to(locale: Locale) {
    if let Some(w) = web_sys::window() {
        storage::save(&StorageKey::Locale, locale.tag());
        let _ = w.location().reload();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_visit_follows_the_first_chinese_or_english_language() {
        assert_eq!(pick_locale(["en-US", "zh-CN"]), Locale::En);
        assert_eq!(pick_locale(["fr-FR", "zh-TW", "en"]), Locale::ZhCn);
        assert_eq!(pick_locale(["de", "EN_gb"]), Locale::En);
        assert_eq!(pick_locale(["ja", "ko"]), Locale::ZhCn);
        assert_eq!(pick_locale([]), Locale::ZhCn);
    }
}
