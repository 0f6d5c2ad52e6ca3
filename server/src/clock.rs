//! The server's clock. `--clock <RFC 3339>` starts it at that instant and it runs on in real time,
//! so a demo or a test can be "during the 2021 edition" whatever today's date is.
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug)]
pub struct Clock {
    start: Option<(DateTime<Utc>, Instant)>,
    /// Stands still at `start` (moved only by [`Clock::advance`]): see [`Clock::fixed_at`].
    frozen: bool,
    /// Milliseconds added by [`Clock::advance`] (shared by every clone).
    skew_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn real() -> Self {
        Self {
            start: None,
            frozen: false,
            skew_ms: Arc::default(),
        }
    }

    /// A clock that reads `at` now and runs forward from there.
    pub fn starting_at(at: DateTime<Utc>) -> Self {
        Self {
            start: Some((at, Instant::now())),
            frozen: false,
            skew_ms: Arc::default(),
        }
    }

    /// A clock that reads `at` until [`Clock::advance`]d: tests of exact boundary seconds.
    pub fn fixed_at(at: DateTime<Utc>) -> Self {
        Self {
            frozen: true,
            ..Self::starting_at(at)
        }
    }

    /// Moves this clock (and every clone of it) forward, so tests can cross expiries.
    pub fn advance(&self, by: Duration) {
        self.skew_ms
            .fetch_add(by.num_milliseconds(), Ordering::SeqCst);
    }

    pub fn now(&self) -> DateTime<Utc> {
        let base = match self.start {
            None => Utc::now(),
            Some((at, _)) if self.frozen => at,
            Some((at, since)) => {
                at + Duration::from_std(since.elapsed()).unwrap_or_else(|_| Duration::zero())
            }
        };
        base + Duration::milliseconds(self.skew_ms.load(Ordering::SeqCst))
    }
}

/// China Standard Time, the zone every time in the API is written in.
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The China date of `t`.
pub fn china_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&cst()).date_naive()
}

/// Unix seconds of 00:00 China time on `day`.
pub fn china_midnight(day: NaiveDate) -> Option<i64> {
    cst()
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map(|t| t.timestamp())
}

/// RFC 3339 in +08:00, whole seconds (`2021-09-13T10:00:00+08:00`).
pub fn rfc3339_cst(t: DateTime<Utc>) -> String {
    t.with_timezone(&cst())
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_clock_runs_forward_from_its_start() {
        let at = DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::starting_at(at);
        let now = clock.now();
        assert!(now >= at && now - at < Duration::seconds(5));
        assert_eq!(rfc3339_cst(at), "2021-09-13T10:00:00+08:00");
    }
}
