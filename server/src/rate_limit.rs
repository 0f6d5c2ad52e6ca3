//! Limits on `POST /auth/*` (SMS codes and logins), in memory with `governor` (GCRA): one
//! bucket per client IP (an IPv6 client by its /64, which one subscriber usually holds whole)
//! and one for everyone. Per-phone limits live in SQLite (`routes::auth`), because they span
//! days and restarts.
//!
//! The client IP is the peer address, or with `--client-ip-header` the value a trusted reverse
//! proxy put in that header (never any other header a client could set).
use crate::problem::Problem;
use crate::{AppState, Config};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};

/// Buckets kept before idle ones are dropped.
const KEEP_KEYS: usize = 10_000;

pub struct AuthLimits {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    global: DefaultDirectRateLimiter,
    client_ip_header: Option<HeaderName>,
    checks: AtomicU64,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl AuthLimits {
    pub fn new(config: &Config) -> Self {
        Self {
            per_ip: RateLimiter::keyed(per_minute(config.auth_per_ip_per_minute)),
            global: RateLimiter::direct(per_minute(config.auth_global_per_minute)),
            client_ip_header: config
                .client_ip_header
                .as_deref()
                .and_then(|h| HeaderName::try_from(h.trim()).ok()),
            checks: AtomicU64::new(0),
        }
    }

    /// The client's IP: from the trusted proxy header when one is configured (its last,
    /// proxy-appended entry), else the peer address. `None` if neither is known.
    pub fn client_ip(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        match &self.client_ip_header {
            Some(name) => headers
                .get_all(name)
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse().ok()),
            None => peer.map(|p| p.ip()),
        }
    }

    /// `Err(seconds to wait)` when this client or everyone is over the limit.
    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), u64> {
        if self
            .checks
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(1024)
            && self.per_ip.len() > KEEP_KEYS
        {
            self.per_ip.retain_recent();
        }
        let now = DefaultClock::default().now();
        let key = bucket(ip.unwrap_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED)));
        self.per_ip
            .check_key(&key)
            .map_err(|n| n.wait_time_from(now).as_secs() + 1)?;
        self.global
            .check()
            .map_err(|n| n.wait_time_from(now).as_secs() + 1)
    }
}

/// IPv4 as is; IPv6 by its /64 (IPv4-mapped addresses as IPv4).
fn bucket(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Middleware: `POST /api/v1/auth/*` over the limits gets 429 with `Retry-After`.
pub async fn limit_auth(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/v1/auth/") {
        return next.run(req).await;
    }
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let ip = state.auth_limits.client_ip(req.headers(), peer);
    match state.auth_limits.check(ip) {
        Ok(()) => next.run(req).await,
        Err(wait) => Problem::too_many(
            format!("操作太频繁，请{wait}秒后再试"),
            wait.min(u64::from(u32::MAX)) as u32,
        )
        .with_instance(req.uri().path())
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn limits(tweak: impl FnOnce(&mut Config)) -> AuthLimits {
        let mut c = Config::for_db("unused.db");
        tweak(&mut c);
        AuthLimits::new(&c)
    }

    #[test]
    fn each_ip_has_its_own_bucket_and_everyone_shares_one() {
        let l = limits(|c| {
            c.auth_per_ip_per_minute = 3;
            c.auth_global_per_minute = 5;
        });
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(l.check(Some(a)).is_ok());
        }
        let wait = l.check(Some(a)).unwrap_err();
        assert!((1..=21).contains(&wait), "{wait}");
        assert!(l.check(Some(b)).is_ok());
        assert!(l.check(Some(b)).is_ok());
        // 5 allowed in all: the next one is refused whoever sends it.
        assert!(l.check(Some("10.0.0.3".parse().unwrap())).is_err());
    }

    #[test]
    fn ipv6_clients_share_a_bucket_per_64() {
        let l = limits(|c| c.auth_per_ip_per_minute = 1);
        assert!(l.check(Some("2001:db8:1:2::1".parse().unwrap())).is_ok());
        assert!(l
            .check(Some("2001:db8:1:2::ffff".parse().unwrap()))
            .is_err());
        assert!(l.check(Some("2001:db8:1:3::1".parse().unwrap())).is_ok());
    }

    #[test]
    fn the_client_ip_comes_from_the_configured_header_only() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.1.1.1, 203.0.113.9"),
        );
        headers.insert("x-real-ip", HeaderValue::from_static("198.51.100.7"));
        let direct = limits(|_| {});
        assert_eq!(
            direct.client_ip(&headers, Some(peer)),
            Some(peer.ip()),
            "no header is trusted by default"
        );
        let xff = limits(|c| c.client_ip_header = Some("X-Forwarded-For".into()));
        assert_eq!(
            xff.client_ip(&headers, Some(peer)),
            Some("203.0.113.9".parse().unwrap()),
            "the entry the proxy appended, not the client's own"
        );
        let real = limits(|c| c.client_ip_header = Some("X-Real-IP".into()));
        assert_eq!(
            real.client_ip(&headers, Some(peer)),
            Some("198.51.100.7".parse().unwrap())
        );
        assert_eq!(real.client_ip(&HeaderMap::new(), Some(peer)), None);
    }
}
