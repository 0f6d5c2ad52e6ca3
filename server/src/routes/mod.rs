//! Every route, one file per resource, and the layers around them.
pub mod activities;
pub mod activity_search;
pub mod auth;
pub mod challenges;
pub mod edition;
pub mod entry_consent;
pub mod feedback;
pub mod health;
pub mod livestreams;
pub mod me;
pub mod media;
pub mod moderation;
pub mod near;
pub mod now;
pub mod organisers;
pub mod reference;
pub mod reservations;
pub mod review;
pub mod saved;
pub mod static_files;
pub mod stats; // stats
pub mod summaries; // summary
pub mod topics;
pub mod uploads;
pub mod volunteers;
// results
pub mod results;
// recommend
pub mod recommend;

use crate::pagination::{decode_cursor, encode_cursor, BAD_CURSOR};
use crate::problem::{payload_too_large, FieldError, FieldErrors, Problem};
use crate::AppState;
use axum::extract::{DefaultBodyLimit, OriginalUri, Request};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, delete, get, head, options, post, put};
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::trace::TraceLayer;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/edition", get(edition::edition))
        .route("/regions", get(reference::regions))
        .route("/regions/locate", get(near::locate))
        .route("/now", get(now::now))
        .route("/themes", get(reference::themes))
        .route("/event-kinds", get(reference::event_kinds))
        .route("/auth/sms-codes", post(auth::request_code))
        .route("/auth/sessions", post(auth::create_session))
        .route("/auth/sessions/current", delete(auth::delete_session))
        .route("/me", get(me::me).patch(me::update_me))
        .route("/activities", get(activity_search::search_activities))
        .route("/activities/{id}", get(activities::detail))
        .route("/livestreams", get(livestreams::list))
        .route("/livestreams/viewers", get(livestreams::viewers))
        .route("/livestreams/{id}", get(livestreams::detail))
        .route("/volunteers", get(volunteers::list))
        .route("/volunteers/leaderboard", get(volunteers::leaderboard))
        .route("/volunteers/{id}", get(volunteers::detail))
        .route("/volunteers/{id}/likes", post(volunteers::like))
        .route("/me/likes", get(volunteers::my_likes))
        .route("/me/entries", get(challenges::my_entries))
        .route("/challenges", get(challenges::list_challenges))
        .route("/challenges/{id}", get(challenges::challenge))
        .route(
            "/challenges/{id}/entries",
            get(challenges::list_entries).post(challenges::create_entry),
        )
        .route("/entries/{id}", get(challenges::entry))
        .route("/entries/{id}/withdraw", post(challenges::withdraw_entry))
        .route("/entries/{id}/resubmit", post(challenges::resubmit_entry))
        .route(
            "/entries/{id}/likes",
            post(challenges::like).delete(challenges::unlike),
        )
        .route("/uploads", options(uploads::options).post(uploads::create))
        .route("/uploads/{id}", head(uploads::head).patch(uploads::patch))
        .route("/topics", get(topics::list))
        .route("/topics/{id}", get(topics::detail))
        .route(
            "/topics/{id}/posts",
            get(topics::list_posts).post(topics::create_post),
        )
        .route("/topics/{id}/posts/new-count", get(topics::new_count))
        .route("/topics/{id}/poll/votes", post(topics::vote))
        .route("/posts/{id}", get(topics::post).delete(topics::delete_post))
        .route(
            "/posts/{id}/likes",
            post(topics::like).delete(topics::unlike),
        )
        .route("/posts/{id}/reports", post(topics::report))
        .route("/me/roles", get(organisers::my_roles))
        .route("/organiser/deadlines", get(organisers::deadlines))
        .route("/organiser/societies", get(organisers::societies))
        .route(
            "/organiser/units",
            get(organisers::my_units).post(organisers::create_unit),
        )
        .route(
            "/organiser/units/{id}",
            get(organisers::my_unit).patch(organisers::update_unit),
        )
        .route(
            "/organiser/units/{id}/history",
            get(organisers::my_unit_history),
        )
        .route(
            "/organiser/activities",
            get(organisers::my_activities).post(organisers::create_activity),
        )
        .route(
            "/organiser/activities/{id}",
            get(organisers::my_activity).patch(organisers::update_activity),
        )
        .route(
            "/organiser/activities/{id}/submit",
            post(organisers::submit_activity),
        )
        .route(
            "/organiser/activities/{id}/cancel",
            post(organisers::cancel_activity),
        )
        .route(
            "/organiser/activities/{id}/history",
            get(organisers::my_activity_history),
        )
        .route("/review/summary", get(review::summary))
        .route("/review/units", get(review::units))
        .route("/review/units/{id}", get(review::unit))
        .route("/review/units/{id}/history", get(review::unit_history))
        .route("/review/units/{id}/decision", post(review::decide_unit))
        .route("/review/activities", get(review::activities))
        .route(
            "/review/activities/decisions",
            post(review::decide_activities),
        )
        .route("/review/activities/{id}", get(review::activity))
        .route(
            "/review/activities/{id}/history",
            get(review::activity_history),
        )
        .route(
            "/review/activities/{id}/decision",
            post(review::decide_activity),
        )
        .route("/moderation/entries", get(moderation::entries))
        .route(
            "/moderation/entries/{id}/decision",
            post(moderation::decide_entry),
        )
        .route("/moderation/reports", get(moderation::reports))
        .route(
            "/moderation/posts/{id}/decision",
            post(moderation::decide_post),
        )
        .route("/moderation/users/{id}/mute", post(moderation::mute))
        .route(
            "/moderation/words",
            get(moderation::words)
                .post(moderation::add_word)
                .delete(moderation::remove_words),
        )
        .route("/moderation/audit", get(moderation::audit))
        .route("/moderation/claims", post(moderation::claim))
        .merge(reservations_router())
        .route("/me/saved", get(saved::list))
        .route("/me/saved/ids", get(saved::ids))
        .route("/me/saved/{id}", put(saved::save).delete(saved::unsave))
        .merge(feedback_router())
        // results
        .route(
            "/organiser/activities/{id}/results",
            get(results::get).put(results::put),
        )
        // stats
        .route("/stats", get(stats::public))
        .route("/review/stats", get(stats::review))
        // recommend
        .merge(recommend_router())
        .merge(summaries_router()) // summary
}

/// 推荐 (issue 17).
fn recommend_router() -> Router<AppState> {
    Router::new()
        .route(
            "/review/indicators/units",
            get(recommend::indicators::<crate::db::indicators::UnitRow>),
        )
        .route(
            "/review/indicators/activities",
            get(recommend::indicators::<crate::db::indicators::ActivityRow>),
        )
        .route("/review/recommendations", get(recommend::state_of))
        .route(
            "/review/recommendations/{kind}/{id}",
            put(recommend::recommend).delete(recommend::unrecommend),
        )
        .route("/admin/recommendations", get(recommend::export))
}

/// 工作总结 (issue 17). // summary
fn summaries_router() -> Router<AppState> {
    Router::new()
        .route(
            "/organiser/units/{id}/summary",
            get(summaries::get).patch(summaries::update),
        )
        .route(
            "/organiser/units/{id}/summary/submit",
            post(summaries::submit),
        )
        .route(
            "/organiser/units/{id}/summary/attachments/{upload_id}",
            get(summaries::attachment),
        )
        .route("/review/units/{id}/summary", get(summaries::review))
        .route(
            "/review/units/{id}/summary/attachments/{upload_id}",
            get(summaries::review_attachment),
        )
}

/// 反馈评价 (issue 17).
fn feedback_router() -> Router<AppState> {
    Router::new()
        .route("/activities/{id}/feedback", get(feedback::summary))
        .route(
            "/activities/{id}/feedback/mine",
            put(feedback::put_mine).delete(feedback::delete_mine),
        )
        .route(
            "/activities/{id}/feedback/comments",
            get(feedback::comments),
        )
        .route(
            "/organiser/activities/{id}/feedback",
            get(feedback::organiser),
        )
        .route("/moderation/feedback", get(moderation::feedback))
        .route(
            "/moderation/feedback/{id}/decision",
            post(moderation::decide_feedback),
        )
}

/// 预约报名 (issue 18).
fn reservations_router() -> Router<AppState> {
    Router::new()
        .route(
            "/activities/{id}/availability",
            get(reservations::availability),
        )
        .route("/activities/{id}/reservations", post(reservations::create))
        .route("/me/reservations", get(reservations::mine))
        .route("/me/reservations/{id}", get(reservations::one))
        .route("/me/reservations/{id}/cancel", post(reservations::cancel))
        .route("/me/reservations/{id}/qr.svg", get(reservations::qr))
        .route(
            "/organiser/activities/{id}/check-ins",
            get(reservations::check_in_summary).post(reservations::check_in),
        )
}

/// The whole app: `/api/v1` (plus `extra_api`, which tests use), generated media, and with
/// `--static` the built app. Anything under `/api` or `/media` that matches no route is a
/// problem+json 404, never the app's index.html.
pub fn router(state: AppState, extra_api: Router<AppState>) -> Router {
    let static_dir = state.config.static_dir.clone();
    let api = api_router()
        .layer(middleware::from_fn(reject_empty_constrained))
        .merge(extra_api)
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed);
    let mut app = Router::new()
        .nest("/api/v1", api)
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .route("/media/covers/{file}", get(media::cover))
        .route("/media/covers/livestreams/{file}", get(livestreams::cover))
        .route("/media/covers/topics/{file}", get(topics::cover))
        .route("/media/streams/{file}", get(livestreams::video))
        .route("/media/videos/{file}", get(livestreams::video))
        .route("/media/photos/{file}", get(volunteers::photo))
        .route("/media/covers/entries/{file}", get(challenges::entry_cover))
        .route("/media/covers/challenges/{file}", get(challenges::banner))
        .route("/media/entries/{file}", get(challenges::media))
        .route("/media/posts/{file}", get(topics::image))
        .route("/media/covers/activities/{id}", get(organisers::cover))
        // results
        .route("/media/results/{file}", get(results::media))
        .route("/media/{*rest}", any(media_not_found));
    app = match static_dir {
        Some(dir) => app.fallback_service(static_files::service(dir)),
        None => app.fallback(api_not_found),
    };
    let limit = state.config.body_limit;
    let timeout = std::time::Duration::from_secs(state.config.request_timeout_secs.max(1));
    app.layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            reject_declared_oversize(limit, req, next)
        }))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            request_timeout(timeout, req, next)
        }))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::rate_limit::limit_auth,
        ))
        .layer(cors(&state.config.cors_origins))
        // The CORS layer answers every OPTIONS as a preflight; a plain `OPTIONS /uploads` (no
        // Access-Control-Request-Method) is tus asking for capabilities, so it goes round it.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            uploads::plain_options,
        ))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                // Video is already compressed, and a compressed body could not be ranged.
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("video/"))),
        )
        .layer(middleware::from_fn(crate::security_headers::add))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A request (its body included) that takes longer than `timeout` gets 408. tus `PATCH` is
/// exempt: a big chunk on a slow line takes long, so it has a per-chunk idle timeout instead.
async fn request_timeout(timeout: std::time::Duration, req: Request, next: Next) -> Response {
    if req.method() == Method::PATCH && req.uri().path().starts_with("/api/v1/uploads/") {
        return next.run(req).await;
    }
    let path = req.uri().path().to_string();
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            let mut res = Problem::new(
                StatusCode::REQUEST_TIMEOUT,
                "request-timeout",
                "Request Timeout",
                "请求超时，请检查网络后重试",
            )
            .with_instance(&path)
            .into_response();
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            res
        }
    }
}

/// Query parameters whose values the contract constrains (an integer, an enum, a pattern or a
/// date format) wherever they appear.
const CONSTRAINED_PARAMS: [&str; 17] = [
    "limit",
    "province",
    "city",
    "from",
    "to",
    "date",
    "sort",
    "status",
    "format",
    "organizer_type",
    "kind",
    "scope",
    "period",
    "time_status",
    "lat",
    "lng",
    "near",
];

/// `?province=` (empty) is not "no province": an empty value of a constrained parameter is a
/// 422 naming it, as any other value outside its enum or pattern is (handlers treat a missing
/// parameter and an empty free-text one, such as `q=`, as absent).
async fn reject_empty_constrained(req: Request, next: Next) -> Response {
    let empty: Vec<String> = req
        .uri()
        .query()
        .map(|q| {
            axum::extract::Query::<Vec<(String, String)>>::try_from_uri(req.uri())
                .map(|axum::extract::Query(pairs)| pairs)
                .unwrap_or_else(|_| {
                    tracing::debug!("unparsable query {q}");
                    Vec::new()
                })
        })
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| CONSTRAINED_PARAMS.contains(&k.as_str()) && v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
    if empty.is_empty() {
        return next.run(req).await;
    }
    let errors = empty
        .iter()
        .map(|k| FieldError::new(k, format!("{k} 不能为空；不需要时请省略该参数")))
        .collect();
    Problem::validation(errors)
        .with_instance(req.uri().path())
        .into_response()
}

/// A body whose declared `Content-Length` is over the limit is refused before it is read;
/// bodies without one are cut off by `DefaultBodyLimit` in the JSON extractor (also a 413).
/// tus `PATCH` chunks are exempt: `uploads::patch` streams them to disk under its own limit
/// (`--upload-chunk-limit`), and `DefaultBodyLimit` does not apply to a streamed `Body`.
async fn reject_declared_oversize(limit: usize, req: Request, next: Next) -> Response {
    if req.method() == Method::PATCH && req.uri().path().starts_with("/api/v1/uploads/") {
        return next.run(req).await;
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        let path = req.uri().path().to_string();
        return payload_too_large().with_instance(&path).into_response();
    }
    next.run(req).await
}

fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::PUT,
            Method::DELETE,
            Method::HEAD,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
            header::IF_MATCH,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("upload-length"),
            HeaderName::from_static("upload-offset"),
            HeaderName::from_static("upload-metadata"),
            HeaderName::from_static("tus-resumable"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            HeaderName::from_static("upload-offset"),
            HeaderName::from_static("upload-length"),
            HeaderName::from_static("upload-expires"),
            HeaderName::from_static("tus-resumable"),
            HeaderName::from_static("tus-version"),
            HeaderName::from_static("tus-max-size"),
            HeaderName::from_static("tus-extension"),
            HeaderName::from_static("idempotency-replayed"),
        ])
}

async fn api_not_found(OriginalUri(uri): OriginalUri) -> Problem {
    Problem::not_found(format!("没有这个接口：{}", uri.path())).with_instance(uri.path())
}

async fn media_not_found(OriginalUri(uri): OriginalUri) -> Problem {
    Problem::not_found("没有这个文件").with_instance(uri.path())
}

async fn method_not_allowed(OriginalUri(uri): OriginalUri) -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method Not Allowed",
        "该接口不支持这种请求方法",
    )
    .with_instance(uri.path())
}

/// A strong ETag for a response body.
pub fn etag_of(body: &[u8]) -> String {
    format!("\"{:016x}-{:x}\"", fnv1a(body), body.len())
}

/// FNV-1a, 64 bits: a hash that is the same on every build and platform (unlike `DefaultHasher`),
/// for ETags and for placing shapes on covers.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A request's query parameters, each read trimmed and an empty one as absent (`?q=` filters
/// nothing). Rejected exactly as axum's `Query` is.
pub struct QueryParams(std::collections::HashMap<String, String>);

impl QueryParams {
    pub fn param(&self, key: &str) -> Option<String> {
        self.0
            .get(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    }

    /// `limit` of a list page: 1–50, default 20.
    pub fn limit(&self, errors: &mut FieldErrors) -> usize {
        self.limit_up_to(50, 20, errors)
    }

    /// `limit`: 1–`max`, `default` when absent (and when wrong, which goes into `errors`).
    pub fn limit_up_to(&self, max: usize, default: usize, errors: &mut FieldErrors) -> usize {
        match self.param("limit").map(|l| l.parse::<usize>()) {
            None => default,
            Some(Ok(n)) if (1..=max).contains(&n) => n,
            Some(_) => {
                errors.add("limit", format!("limit 必须在 1 到 {max} 之间"));
                default
            }
        }
    }

    /// `cursor`: the key (`len` numbers) of a cursor of the list tagged `tag`; one of another
    /// list, or no cursor at all, goes into `errors`.
    pub fn cursor(&self, tag: &str, len: usize, errors: &mut FieldErrors) -> Option<Vec<i64>> {
        let key = decode_cursor(&self.param("cursor")?, tag, len);
        if key.is_none() {
            errors.add("cursor", BAD_CURSOR);
        }
        key
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for QueryParams {
    type Rejection = axum::extract::rejection::QueryRejection;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(q) =
            axum::extract::Query::from_request_parts(parts, state).await?;
        Ok(Self(q))
    }
}

/// A write's headers and raw body (the bytes an Idempotency-Key hashes and a JSON body is
/// parsed from), read as `HeaderMap` then `Bytes` are, with the same rejections.
pub struct WriteRequest {
    pub headers: HeaderMap,
    pub body: axum::body::Bytes,
}

impl WriteRequest {
    /// The JSON body as `T` and the Idempotency-Key of `user_id`'s request at `path`, refused the
    /// way every keyed write refuses them (a bad key first, then the body), at `path`.
    pub fn keyed_json<T: serde::de::DeserializeOwned>(
        &self,
        user_id: &str,
        path: &str,
    ) -> Result<(T, Option<crate::idempotency::Request>), Problem> {
        let request = crate::idempotency::post_request(&self.headers, user_id, path, &self.body)?;
        let input = crate::routes::topics::parse_body(&self.headers, &self.body)
            .map_err(|p| p.with_instance(path))?;
        Ok((input, request))
    }
}

impl<S: Send + Sync> axum::extract::FromRequest<S> for WriteRequest {
    type Rejection = axum::extract::rejection::BytesRejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let headers = req.headers().clone();
        let body = axum::body::Bytes::from_request(req, state).await?;
        Ok(Self { headers, body })
    }
}

/// One page of a list, as every list endpoint sends it.
#[derive(serde::Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
    pub total: i64,
}

impl<T> Page<T> {
    /// A page whose `next` key (the last row's, when more rows follow) becomes a cursor of the
    /// list tagged `tag`.
    pub fn new(items: Vec<T>, next: Option<impl AsRef<[i64]>>, total: i64, tag: &str) -> Self {
        Self {
            items,
            next_cursor: next.map(|k| encode_cursor(tag, k.as_ref())),
            total,
        }
    }
}

/// The JSON body of a page the database read, its `next` key a cursor of the list tagged `tag`.
pub fn page_json<T: serde::Serialize, K: AsRef<[i64]>>(
    page: crate::pagination::KeyedPage<T, K>,
    tag: &str,
) -> Result<Vec<u8>, Problem> {
    to_json(&Page::new(page.items, page.next, page.total, tag))
}

/// A response body as JSON bytes; built inside the database task so a big page is serialized off
/// the async runtime, and hashed for its ETag as is.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, Problem> {
    serde_json::to_vec(value).map_err(|_| Problem::internal())
}

/// The one way a page (or any cacheable JSON body) is sent: with the ETag of its bytes, or 304.
pub fn send_json(headers: &HeaderMap, body: &[u8]) -> Response {
    json_with_etag(headers, body, &etag_of(body))
}

/// Marks a response whose body depends on who asks (`liked`, `mine`, …), so no cache shares it.
pub fn vary_authorization(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Authorization"));
    res
}

/// What liking or unliking answers: the caller's like and the new count.
#[derive(serde::Serialize)]
pub struct LikeState {
    pub liked: bool,
    pub like_count: i64,
}

/// A resource's like write: `(conn, id, user_id, liked, now)` → the new count, `None` when there
/// is nothing under `id` to like.
pub type LikeWrite =
    fn(&rusqlite::Connection, &str, &str, bool, i64) -> rusqlite::Result<Option<i64>>;

/// The one like/unlike: `write` in one `BEGIN IMMEDIATE` transaction, so concurrent likes count
/// exactly and a repeat is a no-op. `None` when there is nothing under `id` to like.
pub async fn set_like(
    state: &AppState,
    user_id: String,
    id: String,
    liked: bool,
    write: LikeWrite,
) -> Result<Option<LikeState>, Problem> {
    let now = state.clock.now().timestamp();
    let count = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let count = write(&tx, &id, &user_id, liked, now)?;
            tx.commit()?;
            Ok(count)
        })
        .await?;
    Ok(count.map(|like_count| LikeState { liked, like_count }))
}

/// A JSON response with an ETag, or 304 when the client already has it.
pub fn json_with_etag(headers: &HeaderMap, body: &[u8], etag: &str) -> Response {
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag_value = HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"0\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag_value),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body.to_vec(),
    )
        .into_response()
}
