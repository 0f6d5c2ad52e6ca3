//! RFC 9457 problem details: every error the API sends is `application/problem+json`.
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub const PROBLEM_BASE: &str = "https://kepuri.example/problems/";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Kept small (slug and title are static) so `Result<_, Problem>` stays cheap to return.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// The problem type's slug; serialized as the full `type` URI.
    #[serde(rename = "type", serialize_with = "type_uri")]
    pub slug: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<Box<str>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip)]
    pub retry_after: Option<u32>,
    /// Members some problem types add (`current`, `opens_at`, …), boxed to keep `Problem` small.
    #[serde(flatten)]
    pub extra: Option<Box<serde_json::Map<String, serde_json::Value>>>,
}

fn type_uri<S: serde::Serializer>(slug: &&'static str, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&format_args!("{PROBLEM_BASE}{slug}"))
}

impl Problem {
    pub fn new(
        status: StatusCode,
        slug: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            slug,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            instance: None,
            errors: Vec::new(),
            retry_after: None,
            extra: None,
        }
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not Found", detail)
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad Request",
            detail,
        )
    }

    /// 409: the request is well-formed but the resource's state refuses it.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
    }

    /// 403: the caller is known but this is not theirs to do.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail)
    }

    /// 429 with `Retry-After: retry_after` seconds.
    pub fn too_many(detail: impl Into<String>, retry_after: u32) -> Self {
        Self {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too Many Requests",
                detail,
            )
        }
    }

    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = match errors.as_slice() {
            [one] => one.message.clone(),
            _ => "请求参数有误，请检查后重试".to_string(),
        };
        Self {
            errors,
            ..Self::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Validation Failed",
                detail,
            )
        }
    }

    /// `Ok(ok)` when no field was wrong, else one 422 naming every wrong field, at `instance`.
    pub fn unless_errors<T>(errors: Vec<FieldError>, ok: T, instance: &str) -> Result<T, Self> {
        if errors.is_empty() {
            Ok(ok)
        } else {
            Err(Self::validation(errors).with_instance(instance))
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError {
            field: field.to_string(),
            message: message.into(),
        }])
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal Server Error",
            "服务器内部错误，请稍后重试",
        )
    }

    /// Adds a member to the body (an extension member of RFC 9457 §3.2).
    pub fn with_member(mut self, name: &str, value: serde_json::Value) -> Self {
        self.extra
            .get_or_insert_with(Default::default)
            .insert(name.to_string(), value);
        self
    }

    pub fn with_instance(mut self, path: &str) -> Self {
        self.instance = Some(path.into());
        self
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// Database and task failures become a logged 500 without internals in the body.
impl From<rusqlite::Error> for Problem {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!("database error: {e}");
        Self::internal()
    }
}

impl From<tokio::task::JoinError> for Problem {
    fn from(e: tokio::task::JoinError) -> Self {
        tracing::error!("task failed: {e}");
        Self::internal()
    }
}

/// A JSON body whose every rejection (malformed, wrong content type, too large, wrong shape) is
/// a problem+json response.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    axum::Json<T>: FromRequest<S, Rejection = JsonRejection>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Inside a nested router the URI has lost its prefix; the original one has not.
        let path = req
            .extensions()
            .get::<axum::extract::OriginalUri>()
            .map_or_else(|| req.uri().path(), |u| u.0.path())
            .to_string();
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(rejection).with_instance(&path)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> Problem {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            Problem::field("body", format!("请求内容不符合要求：{}", e.body_text()))
        }
        JsonRejection::JsonSyntaxError(_) => Problem::bad_request("请求体不是合法的 JSON"),
        JsonRejection::MissingJsonContentType(_) => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported Media Type",
            "请求体须为 application/json",
        ),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => payload_too_large(),
        other => Problem::bad_request(format!("无法读取请求体：{}", other.body_text())),
    }
}

pub fn payload_too_large() -> Problem {
    Problem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        "Payload Too Large",
        "请求体过大",
    )
}
