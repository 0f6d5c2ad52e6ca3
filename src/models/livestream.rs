//! Livestreams (`/livestreams`), and the status logic every card and the watch page share:
//! status and countdown come from the server-corrected "now", never from the device clock.
use super::{NamedRef, Organizer};
use crate::format::{clock_time, month_day, to_cst, Countdown};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LiveStatus {
    Live,
    Upcoming,
    Replay,
}

impl LiveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LiveStatus::Live => "live",
            LiveStatus::Upcoming => "upcoming",
            LiveStatus::Replay => "replay",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "live" => Some(LiveStatus::Live),
            "upcoming" => Some(LiveStatus::Upcoming),
            "replay" => Some(LiveStatus::Replay),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaybackType {
    Hls,
    Mp4,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Livestream {
    pub id: String,
    pub title: String,
    pub organizer: Organizer,
    pub theme: NamedRef,
    pub cover_url: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub ends_at: DateTime<FixedOffset>,
    pub status: LiveStatus,
    #[serde(default)]
    pub viewer_count: Option<u64>,
    #[serde(default)]
    pub view_count: Option<u64>,
    pub playback_url: String,
    pub playback_type: PlaybackType,
    #[serde(default)]
    pub replay_url: Option<String>,
}

/// `GET /livestreams/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LivestreamDetail {
    #[serde(flatten)]
    pub stream: Livestream,
    pub description: String,
    #[serde(default)]
    pub related: Vec<Livestream>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LivestreamPage {
    pub items: Vec<Livestream>,
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerCount {
    pub id: String,
    pub viewer_count: Option<u64>,
    pub status: LiveStatus,
}

/// `GET /livestreams/viewers`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewerCounts {
    pub items: Vec<ViewerCount>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub server_time: DateTime<FixedOffset>,
}

/// The status at `now`: upcoming before the start, live until the end, then replay.
pub fn status_at(
    now: DateTime<Utc>,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
) -> LiveStatus {
    match super::TimeStatus::at(now, starts_at, ends_at) {
        super::TimeStatus::Upcoming => LiveStatus::Upcoming,
        super::TimeStatus::Ongoing => LiveStatus::Live,
        super::TimeStatus::Ended => LiveStatus::Replay,
    }
}

impl Livestream {
    pub fn status_at(&self, now: DateTime<Utc>) -> LiveStatus {
        status_at(
            now,
            self.starts_at.with_timezone(&Utc),
            self.ends_at.with_timezone(&Utc),
        )
    }
}

/// What an upcoming stream's card says about its start, seen from `now` (China time):
/// a ticking `HH:MM:SS` in the last 24 hours, otherwise the day and time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartsIn {
    /// Started (or starting this second).
    Now,
    /// Less than a day away: a ticking countdown.
    Soon(Countdown),
    /// A day or more away: the China day (明天, 9月15日) and time.
    Later { day: StartDay, time: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartDay {
    Tomorrow,
    On(NaiveDate),
}

pub fn starts_in(now: DateTime<Utc>, starts_at: DateTime<Utc>) -> StartsIn {
    let left = starts_at - now;
    if left <= Duration::zero() {
        return StartsIn::Now;
    }
    if left < Duration::hours(24) {
        return StartsIn::Soon(Countdown::from_duration(left));
    }
    let (today, day) = (to_cst(&now).date_naive(), to_cst(&starts_at).date_naive());
    let day = if Some(day) == today.succ_opt() {
        StartDay::Tomorrow
    } else {
        StartDay::On(day)
    };
    StartsIn::Later {
        day,
        time: clock_time(&starts_at),
    }
}

/// `02:05:09` (hours may exceed 24 only for callers that pass longer spans).
pub fn hms(c: &Countdown) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        c.days * 24 + c.hours,
        c.minutes,
        c.seconds
    )
}

/// `明天` / `9月15日` label for a start day.
pub fn start_day_label(day: &StartDay, tomorrow: &'static str) -> String {
    match day {
        StartDay::Tomorrow => tomorrow.to_string(),
        StartDay::On(d) => month_day(*d),
    }
}

/// The `/live` page's state, all of it in the URL (`/live?status=upcoming&date=2021-09-13`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveQuery {
    pub status: LiveStatus,
    /// A China date of `starts_at`.
    pub date: Option<NaiveDate>,
    pub theme: Option<String>,
}

impl Default for LiveQuery {
    fn default() -> Self {
        Self {
            status: LiveStatus::Live,
            date: None,
            theme: None,
        }
    }
}

impl LiveQuery {
    /// Reads the query from URL parameters; unknown or malformed values are dropped.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let get = |k: &str| {
            get(k)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        Self {
            status: get("status")
                .and_then(|s| LiveStatus::parse(&s))
                .unwrap_or(LiveStatus::Live),
            date: get("date").and_then(|d| crate::models::wire_time::parse_date(&d)),
            theme: get("theme"),
        }
    }

    /// The query string (without `?`) in a fixed order; the default tab is left out.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if self.status != LiveStatus::Live {
            parts.push(format!("status={}", self.status.as_str()));
        }
        if let Some(d) = self.date {
            parts.push(format!("date={}", crate::models::wire_time::format_date(d)));
        }
        if let Some(t) = &self.theme {
            parts.push(format!("theme={}", super::encode(t)));
        }
        parts.join("&")
    }

    /// The API query: always with the status.
    pub fn api_query(&self) -> String {
        let qs = self.to_query_string();
        if self.status == LiveStatus::Live {
            if qs.is_empty() {
                "status=live".into()
            } else {
                format!("status=live&{qs}")
            }
        } else {
            qs
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const START: &str = "2021-09-13T19:00:00+08:00";
    const END: &str = "2021-09-13T20:30:00+08:00";

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = LiveQuery {
            status: LiveStatus::Upcoming,
            date: NaiveDate::from_ymd_opt(2021, 9, 13),
            theme: Some("space".into()),
        };
        let qs = q.to_query_string();
        assert_eq!(qs, "status=upcoming&date=2021-09-13&theme=space");
        let map: std::collections::HashMap<_, _> = qs
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(LiveQuery::from_params(|k| map.get(k).cloned()), q);
        // Defaults stay out of the URL but not out of the API call.
        assert_eq!(LiveQuery::default().to_query_string(), "");
        assert_eq!(LiveQuery::default().api_query(), "status=live");
        // Junk is dropped, not passed on.
        let junk = LiveQuery::from_params(|k| match k {
            "status" => Some("soon".into()),
            "date" => Some("13/09".into()),
            _ => None,
        });
        assert_eq!(junk, LiveQuery::default());
    }

    #[test]
    fn status_before_at_during_and_after() {
        let (s, e) = (utc(START), utc(END));
        for (at, status, why) in [
            (
                utc("2021-09-13T18:59:59+08:00"),
                LiveStatus::Upcoming,
                "a second before",
            ),
            (s, LiveStatus::Live, "live from the start second"),
            (utc("2021-09-13T20:00:00+08:00"), LiveStatus::Live, "during"),
            (e, LiveStatus::Replay, "replay from the end second"),
            (
                utc("2021-09-14T08:00:00+08:00"),
                LiveStatus::Replay,
                "the next morning",
            ),
        ] {
            assert_eq!(status_at(at, s, e), status, "{why}");
        }
    }

    #[test]
    fn status_is_the_same_whatever_offset_the_times_are_written_in() {
        // The same instants written in UTC and in New York time.
        let s = utc("2021-09-13T11:00:00Z");
        let e = utc("2021-09-13T08:30:00-04:00");
        assert_eq!(
            status_at(utc("2021-09-13T19:10:00+08:00"), s, e),
            LiveStatus::Live
        );
    }

    #[test]
    fn countdown_ticks_in_the_last_day() {
        let s = utc(START);
        assert_eq!(
            starts_in(utc("2021-09-13T16:54:51+08:00"), s),
            StartsIn::Soon(Countdown {
                days: 0,
                hours: 2,
                minutes: 5,
                seconds: 9
            })
        );
        match starts_in(utc("2021-09-13T18:59:59+08:00"), s) {
            StartsIn::Soon(c) => assert_eq!(hms(&c), "00:00:01"),
            other => panic!("{other:?}"),
        }
        assert_eq!(starts_in(s, s), StartsIn::Now);
        assert_eq!(
            starts_in(utc("2021-09-13T19:00:01+08:00"), s),
            StartsIn::Now
        );
    }

    #[test]
    fn countdown_across_midnight_china_time() {
        // 23:59:30 on the 13th, starting 00:00:10 on the 14th: 40 seconds, not a day.
        let s = utc("2021-09-14T00:00:10+08:00");
        match starts_in(utc("2021-09-13T23:59:30+08:00"), s) {
            StartsIn::Soon(c) => assert_eq!(hms(&c), "00:00:40"),
            other => panic!("{other:?}"),
        }
        // Midnight in UTC is 08:00 in China: it changes nothing.
        match starts_in(utc("2021-09-13T23:59:59Z"), utc("2021-09-14T00:00:01Z")) {
            StartsIn::Soon(c) => assert_eq!(hms(&c), "00:00:02"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn later_starts_name_the_china_day() {
        // From 09:00 on the 13th: 10:00 on the 14th is 明天 (25 h away).
        assert_eq!(
            starts_in(
                utc("2021-09-13T09:00:00+08:00"),
                utc("2021-09-14T10:00:00+08:00")
            ),
            StartsIn::Later {
                day: StartDay::Tomorrow,
                time: "10:00".into()
            }
        );
        // From 00:10 on the 13th, 23:50 the 14th is more than a day away and 明天.
        assert_eq!(
            starts_in(
                utc("2021-09-13T00:10:00+08:00"),
                utc("2021-09-14T23:50:00+08:00")
            ),
            StartsIn::Later {
                day: StartDay::Tomorrow,
                time: "23:50".into()
            }
        );
        // Two China days on: the date. 17:00 UTC on the 14th is 01:00 on the 15th in China.
        assert_eq!(
            starts_in(
                utc("2021-09-13T09:00:00+08:00"),
                utc("2021-09-14T17:00:00Z")
            ),
            StartsIn::Later {
                day: StartDay::On(NaiveDate::from_ymd_opt(2021, 9, 15).unwrap()),
                time: "01:00".into()
            }
        );
        assert_eq!(
            start_day_label(
                &StartDay::On(NaiveDate::from_ymd_opt(2021, 9, 15).unwrap()),
                "明天"
            ),
            "9月15日"
        );
    }
}
