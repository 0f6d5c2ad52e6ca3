use crate::models::{FieldError, Problem};
use std::fmt;

/// Why a request failed. `Clone` so it can live in signals and error boundaries; each case is
/// one the UI treats differently (retry, log in again, fix a field, wait, …).
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, DNS, connection reset, CORS).
    Network,
    /// No answer within the client's time limit.
    Timeout,
    /// Cancelled because the page that asked for it went away.
    Aborted,
    /// 401: not logged in, or the session expired.
    Unauthorized(Box<Problem>),
    /// 403
    Forbidden(Box<Problem>),
    /// 404
    NotFound(Box<Problem>),
    /// 409
    Conflict(Box<Problem>),
    /// 422 (and 400): the request was understood but refused; `problem.errors` names the fields.
    Validation(Box<Problem>),
    /// 429 with the seconds to wait from `Retry-After`.
    RateLimited {
        problem: Box<Problem>,
        retry_after: Option<u32>,
    },
    /// 5xx
    Server {
        status: u16,
        problem: Option<Box<Problem>>,
    },
    /// Any other unexpected status.
    Http {
        status: u16,
        problem: Option<Box<Problem>>,
    },
    /// The answer was not the JSON the contract promises.
    Decode(String),
}

impl ApiError {
    /// Builds the error for a non-success status from the (optional) problem body.
    pub fn from_status(status: u16, problem: Option<Problem>, retry_after: Option<u32>) -> Self {
        let p = || Box::new(problem.clone().unwrap_or_default());
        match status {
            401 => Self::Unauthorized(p()),
            403 => Self::Forbidden(p()),
            404 | 410 => Self::NotFound(p()),
            409 => Self::Conflict(p()),
            400 | 422 => Self::Validation(p()),
            429 => Self::RateLimited {
                problem: p(),
                retry_after,
            },
            500..=599 => Self::Server {
                status,
                problem: problem.map(Box::new),
            },
            _ => Self::Http {
                status,
                problem: problem.map(Box::new),
            },
        }
    }

    /// Whether repeating the same safe read may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Network | Self::Timeout | Self::Server { .. })
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            Self::Unauthorized(p)
            | Self::Forbidden(p)
            | Self::NotFound(p)
            | Self::Conflict(p)
            | Self::Validation(p)
            | Self::RateLimited { problem: p, .. } => Some(p),
            Self::Server { problem, .. } | Self::Http { problem, .. } => problem.as_deref(),
            Self::Network | Self::Timeout | Self::Aborted | Self::Decode(_) => None,
        }
    }

    /// The HTTP status, for the cases that had one.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            Self::Unauthorized(_) => 401,
            Self::Forbidden(_) => 403,
            Self::NotFound(p) | Self::Validation(p) | Self::Conflict(p) => {
                p.status.unwrap_or(match self {
                    Self::NotFound(_) => 404,
                    Self::Conflict(_) => 409,
                    _ => 422,
                })
            }
            Self::RateLimited { .. } => 429,
            Self::Server { status, .. } | Self::Http { status, .. } => *status,
            Self::Network | Self::Timeout | Self::Aborted | Self::Decode(_) => return None,
        })
    }

    /// The server's own explanation (`detail`), when it sent one.
    pub fn detail(&self) -> Option<&str> {
        self.problem().and_then(|p| p.detail.as_deref())
    }

    /// Field errors of a validation failure (empty otherwise).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Validation(p) => &p.errors,
            _ => &[],
        }
    }

    /// The message for one field, for showing next to it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.field_errors()
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network => write!(f, "network error"),
            Self::Timeout => write!(f, "request timed out"),
            Self::Aborted => write!(f, "request aborted"),
            Self::Decode(e) => write!(f, "unexpected response: {e}"),
            other => {
                write!(f, "HTTP {}", other.status().unwrap_or_default())?;
                if let Some(d) = other.detail() {
                    write!(f, ": {d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(detail: &str) -> Problem {
        Problem {
            detail: Some(detail.into()),
            errors: vec![FieldError {
                field: "phone".into(),
                message: "手机号格式不正确".into(),
            }],
            ..Problem::default()
        }
    }

    #[test]
    fn statuses_map_to_distinct_cases() {
        assert!(matches!(
            ApiError::from_status(401, None, None),
            ApiError::Unauthorized(_)
        ));
        assert!(matches!(
            ApiError::from_status(404, None, None),
            ApiError::NotFound(_)
        ));
        assert!(matches!(
            ApiError::from_status(422, Some(problem("x")), None),
            ApiError::Validation(_)
        ));
        assert_eq!(
            ApiError::from_status(429, None, Some(30)),
            ApiError::RateLimited {
                problem: Box::default(),
                retry_after: Some(30)
            }
        );
        assert!(matches!(
            ApiError::from_status(503, None, None),
            ApiError::Server { status: 503, .. }
        ));
        assert!(matches!(
            ApiError::from_status(418, None, None),
            ApiError::Http { status: 418, .. }
        ));
    }

    #[test]
    fn only_network_timeouts_and_5xx_are_transient() {
        assert!(ApiError::Network.is_transient());
        assert!(ApiError::Timeout.is_transient());
        assert!(ApiError::from_status(502, None, None).is_transient());
        assert!(!ApiError::from_status(404, None, None).is_transient());
        assert!(!ApiError::from_status(422, None, None).is_transient());
        assert!(!ApiError::Aborted.is_transient());
    }

    #[test]
    fn field_messages_come_from_validation_problems() {
        let e = ApiError::from_status(422, Some(problem("请检查输入")), None);
        assert_eq!(e.field_message("phone"), Some("手机号格式不正确"));
        assert_eq!(e.field_message("code"), None);
        assert_eq!(e.detail(), Some("请检查输入"));
        assert_eq!(e.to_string(), "HTTP 422: 请检查输入");
    }
}
