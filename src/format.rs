//! Pure formatting and date logic. Every time shown to a user is in China Standard Time
//! (UTC+08:00), whatever the device's own zone.
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Timelike, Utc};

/// China Standard Time.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

pub fn to_cst<Tz: TimeZone>(t: &DateTime<Tz>) -> DateTime<FixedOffset> {
    t.with_timezone(&cst())
}

use crate::i18n::{locale, Locale};

const WEEKDAYS_ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_en(date: NaiveDate) -> &'static str {
    MONTHS_EN[date.month0() as usize]
}

/// `9月13日` / `Sep 13`
pub fn month_day(date: NaiveDate) -> String {
    month_day_in(locale(), date)
}

fn month_day_in(loc: Locale, date: NaiveDate) -> String {
    match loc {
        Locale::ZhCn => format!("{}月{}日", date.month(), date.day()),
        Locale::En => format!("{} {}", month_en(date), date.day()),
    }
}

/// `周一` / `Mon`
pub fn weekday(date: NaiveDate) -> &'static str {
    weekday_in(locale(), date)
}

fn weekday_in(loc: Locale, date: NaiveDate) -> &'static str {
    let i = date.weekday().num_days_from_monday() as usize;
    match loc {
        Locale::ZhCn => WEEKDAYS_ZH[i],
        Locale::En => WEEKDAYS_EN[i],
    }
}

/// The zone's name after a time in English (Chinese readers take China time as given).
fn zone_suffix(loc: Locale) -> &'static str {
    match loc {
        Locale::ZhCn => "",
        Locale::En => " CST",
    }
}

/// `09:30`
pub fn clock_time<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    let t = to_cst(t);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A date and a China time: `9月20日 10:00` / `Sep 20, 10:00 CST`.
pub fn date_time<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    date_time_in(locale(), t)
}

fn date_time_in<Tz: TimeZone>(loc: Locale, t: &DateTime<Tz>) -> String {
    let day = month_day_in(loc, to_cst(t).date_naive());
    match loc {
        Locale::ZhCn => format!("{day} {}", clock_time(t)),
        Locale::En => format!("{day}, {}{}", clock_time(t), zone_suffix(loc)),
    }
}

/// An RFC 3339 instant from the API as China time, `9月20日 10:00` / `Sep 20, 10:00 CST` (the
/// text as it came when it does not parse).
pub fn china_datetime(at: &str) -> String {
    match crate::models::wire_time::parse_rfc3339(at) {
        Some(t) => date_time(&t),
        None => at.to_string(),
    }
}

/// `9月13日 周一 09:30–11:30` / `Mon, Sep 13, 09:30–11:30 CST`, or with both dates when the
/// range spans days.
pub fn time_range<Tz: TimeZone>(start: &DateTime<Tz>, end: &DateTime<Tz>) -> String {
    time_range_in(locale(), start, end)
}

fn time_range_in<Tz: TimeZone>(loc: Locale, start: &DateTime<Tz>, end: &DateTime<Tz>) -> String {
    let (s, e) = (to_cst(start), to_cst(end));
    let day = |t: &DateTime<FixedOffset>| {
        let (d, w) = (
            month_day_in(loc, t.date_naive()),
            weekday_in(loc, t.date_naive()),
        );
        match loc {
            Locale::ZhCn => format!("{d} {w}"),
            Locale::En => format!("{w}, {d},"),
        }
    };
    let zone = zone_suffix(loc);
    if s.date_naive() == e.date_naive() {
        format!("{} {}–{}{zone}", day(&s), clock_time(&s), clock_time(&e))
    } else {
        format!(
            "{} {} – {} {}{zone}",
            day(&s),
            clock_time(&s),
            day(&e),
            clock_time(&e)
        )
    }
}

/// `9月11日—17日` / `Sep 11–17` (same month) or `9月30日—10月6日` / `Sep 30 – Oct 6`.
pub fn date_span(from: NaiveDate, to: NaiveDate) -> String {
    date_span_in(locale(), from, to)
}

fn date_span_in(loc: Locale, from: NaiveDate, to: NaiveDate) -> String {
    match (loc, from.month() == to.month()) {
        (Locale::ZhCn, true) => format!("{}月{}日—{}日", from.month(), from.day(), to.day()),
        (Locale::ZhCn, false) => format!("{}—{}", month_day_in(loc, from), month_day_in(loc, to)),
        (Locale::En, true) => format!("{} {}–{}", month_en(from), from.day(), to.day()),
        (Locale::En, false) => format!("{} – {}", month_day_in(loc, from), month_day_in(loc, to)),
    }
}

/// `x` with `places` decimals (`3.2`, `-0.05`), rounded, written with integer arithmetic: Rust's
/// float formatting is several KiB of wasm that no page needs for a distance or a position.
pub fn fixed(x: f64, places: u32) -> String {
    let scale = 10_i64.pow(places);
    let n = (x * scale as f64).round() as i64;
    let sign = if n < 0 { "-" } else { "" };
    let (whole, frac) = (n.abs() / scale, n.abs() % scale);
    if places == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{frac:0width$}", width = places as usize)
    }
}

/// A distance in km with one decimal (`3.2`).
pub fn km(d: f64) -> String {
    fixed(d, 1)
}

/// Counts as people read them: in Chinese `9876`, `1.2万`, `3.4亿`; in English `9,876`, `12,345`.
pub fn count(n: u64) -> String {
    count_in(locale(), n)
}

fn count_in(loc: Locale, n: u64) -> String {
    if loc == Locale::En {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        return out;
    }
    // Rounded down to tenths with integer arithmetic (as `fixed`: float formatting is several
    // KiB of wasm, and this is on every activity page).
    fn one_decimal(tenths: u64, unit: &str) -> String {
        match tenths % 10 {
            0 => format!("{}{unit}", tenths / 10),
            frac => format!("{}.{frac}{unit}", tenths / 10),
        }
    }
    match n {
        0..=9_999 => n.to_string(),
        10_000..=99_999_999 => one_decimal(n / 1_000, "万"),
        _ => one_decimal(n / 10_000_000, "亿"),
    }
}

/// Where the edition stands at `now`, in China dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditionPhase {
    /// Before the opening day: time left until 00:00 CST of the first day.
    Before {
        remaining: Countdown,
    },
    /// During the edition: `day` is 1 on the first day.
    During {
        day: u32,
        days: u32,
    },
    After,
}

/// A duration split the way a countdown shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
    pub seconds: i64,
}

impl Countdown {
    pub fn from_duration(d: Duration) -> Self {
        let total = d.num_seconds().max(0);
        Self {
            days: total / 86_400,
            hours: total % 86_400 / 3_600,
            minutes: total % 3_600 / 60,
            seconds: total % 60,
        }
    }
}

pub fn edition_phase(now: DateTime<Utc>, starts_on: NaiveDate, ends_on: NaiveDate) -> EditionPhase {
    let today = to_cst(&now).date_naive();
    if today < starts_on {
        let opening = cst()
            .from_local_datetime(&starts_on.and_hms_opt(0, 0, 0).expect("midnight exists"))
            .single()
            .expect("fixed offsets have no gaps");
        EditionPhase::Before {
            remaining: Countdown::from_duration(opening.with_timezone(&Utc) - now),
        }
    } else if today <= ends_on {
        EditionPhase::During {
            day: (today - starts_on).num_days() as u32 + 1,
            days: (ends_on - starts_on).num_days() as u32 + 1,
        }
    } else {
        EditionPhase::After
    }
}

/// How long ago something was posted, as a post list says it (in China dates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ago {
    /// Under a minute (or a clock slightly behind the post).
    JustNow,
    Minutes(i64),
    /// Today, one hour or more ago.
    Hours(i64),
    /// The China day before today, at `HH:MM`.
    Yesterday(String),
    /// Earlier: `9月11日 08:30` / `Sep 11, 08:30 CST`.
    On(String),
}

pub fn ago(now: DateTime<Utc>, at: DateTime<Utc>) -> Ago {
    let d = now - at;
    let (today, day) = (to_cst(&now).date_naive(), to_cst(&at).date_naive());
    if d < Duration::minutes(1) {
        Ago::JustNow
    } else if d < Duration::hours(1) {
        Ago::Minutes(d.num_minutes())
    } else if day == today {
        Ago::Hours(d.num_hours())
    } else if Some(day) == today.pred_opt() {
        Ago::Yesterday(clock_time(&at))
    } else {
        Ago::On(date_time(&at))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn km_has_one_decimal() {
        assert_eq!(super::km(3.0), "3.0");
        assert_eq!(super::km(12.34), "12.3");
        assert_eq!(super::km(0.05), "0.1");
        assert_eq!(super::fixed(31.20456, 4), "31.2046");
        assert_eq!(super::fixed(-0.05, 2), "-0.05");
        assert_eq!(super::fixed(121.0, 0), "121");
    }

    #[test]
    fn api_instants_read_in_china_time() {
        assert_eq!(
            super::china_datetime("2021-09-20T02:00:00Z"),
            "9月20日 10:00"
        );
        assert_eq!(
            super::china_datetime("2021-09-19T23:30:00-04:00"),
            "9月20日 11:30"
        );
        assert_eq!(super::china_datetime("soon"), "soon");
    }

    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    #[test]
    fn ago_counts_in_china_days() {
        let now = utc("2021-09-13T10:00:00+08:00");
        assert_eq!(ago(now, utc("2021-09-13T09:59:30+08:00")), Ago::JustNow);
        assert_eq!(
            ago(now, utc("2021-09-13T10:00:05+08:00")),
            Ago::JustNow,
            "a post from a clock ahead"
        );
        assert_eq!(ago(now, utc("2021-09-13T09:55:00+08:00")), Ago::Minutes(5));
        assert_eq!(ago(now, utc("2021-09-13T07:10:00+08:00")), Ago::Hours(2));
        // 23:30 the day before in China is 15:30 UTC on the 12th: 昨天, though only 10.5 h ago.
        assert_eq!(
            ago(now, utc("2021-09-12T15:30:00Z")),
            Ago::Yesterday("23:30".into())
        );
        // Under an hour it is minutes, even across midnight; later it is 昨天.
        assert_eq!(
            ago(
                utc("2021-09-14T00:01:00+08:00"),
                utc("2021-09-13T23:50:00+08:00")
            ),
            Ago::Minutes(11)
        );
        assert_eq!(
            ago(
                utc("2021-09-14T01:30:00+08:00"),
                utc("2021-09-13T23:50:00+08:00")
            ),
            Ago::Yesterday("23:50".into())
        );
        assert_eq!(
            ago(now, utc("2021-09-11T08:30:00+08:00")),
            Ago::On("9月11日 08:30".into())
        );
    }

    const START: (i32, u32, u32) = (2021, 9, 11);
    const END: (i32, u32, u32) = (2021, 9, 17);
    fn phase(now: &str) -> EditionPhase {
        edition_phase(
            utc(now),
            d(START.0, START.1, START.2),
            d(END.0, END.1, END.2),
        )
    }

    /// Day `day` of the 7-day edition.
    fn during(day: u32) -> EditionPhase {
        EditionPhase::During { day, days: 7 }
    }

    /// `[days, hours, minutes, seconds]` left before the opening.
    fn before([days, hours, minutes, seconds]: [i64; 4]) -> EditionPhase {
        EditionPhase::Before {
            remaining: Countdown {
                days,
                hours,
                minutes,
                seconds,
            },
        }
    }

    #[test]
    fn counts_down_to_midnight_china_time_before_opening() {
        assert_eq!(phase("2021-09-09T22:58:30+08:00"), before([1, 1, 1, 30]));
    }

    #[test]
    fn the_device_zone_does_not_matter() {
        // 2021-09-10T16:30Z is already 00:30 on 9月11日 in China: day 1, not a countdown.
        assert_eq!(phase("2021-09-10T16:30:00Z"), during(1));
        // The same instant written in New York time gives the same answer.
        assert_eq!(phase("2021-09-10T12:30:00-04:00"), during(1));
        // One second before midnight in China it is still counting down.
        assert_eq!(phase("2021-09-10T15:59:59Z"), before([0, 0, 0, 1]));
    }

    #[test]
    fn numbers_the_days_and_ends_after_the_last_china_day() {
        assert_eq!(phase("2021-09-13T10:00:00+08:00"), during(3));
        assert_eq!(phase("2021-09-17T23:59:59+08:00"), during(7));
        assert_eq!(phase("2021-09-18T00:00:00+08:00"), EditionPhase::After);
    }

    #[test]
    fn times_are_shown_in_china_time() {
        let s = utc("2021-09-13T01:30:00Z");
        let e = utc("2021-09-13T03:00:00Z");
        assert_eq!(time_range(&s, &e), "9月13日 周一 09:30–11:00");
        let late = utc("2021-09-13T15:30:00Z"); // 23:30 CST
        let next = utc("2021-09-13T16:30:00Z"); // 00:30 CST next day
        assert_eq!(
            time_range(&late, &next),
            "9月13日 周一 23:30 – 9月14日 周二 00:30"
        );
    }

    #[test]
    fn date_spans_and_counts() {
        assert_eq!(date_span(d(2021, 9, 11), d(2021, 9, 17)), "9月11日—17日");
        assert_eq!(date_span(d(2021, 9, 30), d(2021, 10, 6)), "9月30日—10月6日");
        assert_eq!(count(9_999), "9999");
        assert_eq!(count(12_345), "1.2万");
        assert_eq!(count(10_000), "1万");
        assert_eq!(count(350_000_000), "3.5亿");
    }

    #[test]
    fn english_dates_times_and_numbers() {
        let en = Locale::En;
        let s = utc("2021-09-13T01:30:00Z");
        let e = utc("2021-09-13T03:00:00Z");
        assert_eq!(time_range_in(en, &s, &e), "Mon, Sep 13, 09:30–11:00 CST");
        let late = utc("2021-09-13T15:30:00Z");
        let next = utc("2021-09-13T16:30:00Z");
        assert_eq!(
            time_range_in(en, &late, &next),
            "Mon, Sep 13, 23:30 – Tue, Sep 14, 00:30 CST"
        );
        // China time whatever zone the instant was written in.
        assert_eq!(
            date_time_in(en, &utc("2021-09-19T23:30:00-04:00")),
            "Sep 20, 11:30 CST"
        );
        assert_eq!(
            date_span_in(en, d(2021, 9, 11), d(2021, 9, 17)),
            "Sep 11–17"
        );
        assert_eq!(
            date_span_in(en, d(2021, 9, 30), d(2021, 10, 6)),
            "Sep 30 – Oct 6"
        );
        assert_eq!(weekday_in(en, d(2021, 9, 19)), "Sun");
        assert_eq!(count_in(en, 999), "999");
        assert_eq!(count_in(en, 12_345), "12,345");
        assert_eq!(count_in(en, 1_234_567), "1,234,567");
        assert_eq!(count_in(en, 100_000), "100,000");
    }
}
