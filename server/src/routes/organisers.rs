//! 登记填报 for organisers: `GET /me/roles`, `GET /organiser/deadlines`, units
//! (`/organiser/units…`) and their activities (`/organiser/activities…`). Everything is checked
//! here against the caller: another organiser's unit or activity is a 404, as an unknown id.
use super::topics::{idempotent_write, parse_body};
use super::{to_json, QueryParams};
use crate::auth::CurrentUser;
use crate::db::organisers::{self as db, Draft, UnitFields};
use crate::db::topics::upload_in_use;
use crate::db::uploads as uploads_db;
use crate::idempotency;
use crate::image::{self, ImageFormat, MAX_IMAGE_BYTES};
use crate::pagination::encode_cursor;
use crate::problem::{FieldError, FieldErrors, Problem};
use crate::registration::{self, ActivityFields};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::path::PathBuf;

pub const UNITS_PATH: &str = "/api/v1/organiser/units";
pub const ACTIVITIES_PATH: &str = "/api/v1/organiser/activities";

pub fn unit_not_found() -> Problem {
    Problem::not_found("单位不存在或无权查看")
}

pub fn activity_not_found() -> Problem {
    Problem::not_found("活动不存在或无权查看")
}

/// The `ETag` of an activity version.
pub fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// A JSON response with the `ETag` of the activity version inside (replays included).
pub fn with_activity_etag(mut res: Response, body_version: Option<i64>) -> Response {
    if let Some(v) = body_version.and_then(|v| HeaderValue::from_str(&etag(v)).ok()) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

/// The version in an `OrganiserActivity` body.
fn version_in(body: &[u8]) -> Option<i64> {
    serde_json::from_slice::<Value>(body).ok()?["version"].as_i64()
}

fn json_ok(body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// `limit` 1–50 (default 20) and the cursor of list `tag` with `len` keys.
pub fn page_params(
    q: &QueryParams,
    tag: &str,
    len: usize,
    errors: &mut FieldErrors,
) -> (usize, Option<Vec<i64>>) {
    (q.limit(errors), q.cursor(tag, len, errors))
}

/// `{items, next_cursor, total}` from `limit + 1` rows.
pub fn page<T: serde::Serialize, R>(
    mut rows: Vec<R>,
    limit: usize,
    total: i64,
    tag: &str,
    key: impl Fn(&R) -> Vec<i64>,
    view: impl Fn(&R) -> Result<T, Problem>,
) -> Result<Vec<u8>, Problem> {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next_cursor = more
        .then(|| rows.last().map(|r| encode_cursor(tag, &key(r))))
        .flatten();
    let items = rows.iter().map(view).collect::<Result<Vec<_>, _>>()?;
    to_json(&super::Page {
        items,
        next_cursor,
        total,
    })
}

// ───────────────────────────── roles and deadlines ─────────────────────────────

/// `GET /me/roles`.
pub async fn my_roles(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<db::Roles>, Problem> {
    let id = current.user.id;
    let now = state.clock.now().timestamp();
    Ok(Json(
        state
            .db
            .run(move |conn| {
                let mut roles = db::roles(conn, &id)?;
                roles.muted_until =
                    crate::db::moderation::muted_until(conn, &id, now)?.map(db::time);
                Ok(roles)
            })
            .await?,
    ))
}

/// `GET /organiser/deadlines`: never cached, like `/edition`.
pub async fn deadlines(State(state): State<AppState>) -> Response {
    let mut res = Json(registration::deadlines(state.clock.now())).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /organiser/societies`.
pub async fn societies(
    State(state): State<AppState>,
    _current: CurrentUser,
) -> Result<Json<Value>, Problem> {
    let items = state.db.run(|conn| Ok(db::societies(conn)?)).await?;
    Ok(Json(serde_json::json!({ "items": items })))
}

// ───────────────────────────── units ─────────────────────────────

/// `GET /organiser/units`.
pub async fn my_units(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<Json<Value>, Problem> {
    let id = current.user.id;
    let items = state
        .db
        .run(move |conn| Ok(db::my_units(conn, &id)?))
        .await?;
    Ok(Json(serde_json::json!({ "items": items })))
}

/// A string member of a unit body: trimmed, required, at most `max` characters.
fn unit_text(
    obj: &Map<String, Value>,
    key: &str,
    label: &str,
    max: usize,
    into: &mut String,
    errors: &mut Vec<FieldError>,
) {
    match obj.get(key) {
        None => {}
        Some(Value::String(raw)) => {
            // Codes and phone numbers are taken as sent (the contract gives their pattern);
            // names are trimmed. Either way the limit is on what was sent.
            let s = if key.ends_with("_code") || key == "contact_phone" {
                raw.as_str()
            } else {
                raw.trim()
            };
            if raw.chars().count() > max {
                errors.push(FieldError::new(key, format!("{label}不能超过{max}个字")));
            } else if let Err(u) = crate::text::check(s, false) {
                errors.push(FieldError::new(key, format!("{label}{}", u.message())));
            } else {
                *into = s.to_string();
            }
        }
        Some(_) => errors.push(FieldError::new(key, format!("{label}须为文字"))),
    }
}

/// Merges the members of `obj` into `f` and checks the merged unit as a whole. The names of
/// the fields that changed, or a 422 naming every wrong field.
fn merge_unit(
    conn: &Connection,
    f: &mut UnitFields,
    obj: &Map<String, Value>,
    unit_id: Option<&str>,
) -> Result<Vec<String>, Problem> {
    let before = f.clone();
    let mut errors = Vec::new();
    unit_text(obj, "name", "单位名称", 60, &mut f.name, &mut errors);
    unit_text(obj, "kind", "单位类型", 40, &mut f.kind, &mut errors);
    unit_text(
        obj,
        "credit_code",
        "统一社会信用代码",
        18,
        &mut f.credit_code,
        &mut errors,
    );
    f.credit_code = f.credit_code.to_ascii_uppercase();
    unit_text(
        obj,
        "province_code",
        "省份",
        6,
        &mut f.province_code,
        &mut errors,
    );
    unit_text(obj, "city_code", "城市", 6, &mut f.city_code, &mut errors);
    unit_text(
        obj,
        "contact_name",
        "联系人",
        30,
        &mut f.contact_name,
        &mut errors,
    );
    unit_text(
        obj,
        "contact_phone",
        "联系电话",
        11,
        &mut f.contact_phone,
        &mut errors,
    );
    for key in ["county_code", "society_id"] {
        let slot = if key == "county_code" {
            &mut f.county_code
        } else {
            &mut f.society_id
        };
        match obj.get(key) {
            None => {}
            Some(Value::Null) => *slot = None,
            Some(Value::String(s)) if key == "society_id" && s.trim().is_empty() => *slot = None,
            Some(Value::String(s)) => *slot = Some(s.clone()),
            Some(_) => errors.push(FieldError::new(key, "须为文字或 null")),
        }
    }
    let e = &mut errors;
    let n = f.name.chars().count();
    check(e, n >= 2, "name", "请填写单位名称（至少2个字）");
    check(
        e,
        registration::is_unit_kind(&f.kind),
        "kind",
        "请选择单位类型",
    );
    let code_message = if f.credit_code.len() == 18 {
        "统一社会信用代码校验位不正确，请核对后重新填写"
    } else {
        "统一社会信用代码须为18位"
    };
    check(
        e,
        registration::is_valid_credit_code(&f.credit_code),
        "credit_code",
        code_message,
    );
    let province_ok = db::is_province(conn, &f.province_code)?;
    check(e, province_ok, "province_code", "请选择单位所在省份");
    let city_province = db::province_of_city(conn, &f.city_code)?;
    check(
        e,
        city_province.is_some()
            && (!province_ok || city_province.as_deref() == Some(f.province_code.as_str())),
        "city_code",
        "请选择单位所在城市（须属于所选省份）",
    );
    if let Some(county) = &f.county_code {
        let ok = county.len() == 6
            && county.bytes().all(|b| b.is_ascii_digit())
            && f.city_code.len() == 6
            && county[..4] == f.city_code[..4]
            && *county != f.city_code;
        check(e, ok, "county_code", "区县须属于所选城市");
    }
    check(
        e,
        !f.contact_name.is_empty(),
        "contact_name",
        "请填写联系人",
    );
    check(
        e,
        crate::auth::is_mainland_mobile(&f.contact_phone),
        "contact_phone",
        "联系电话须为11位手机号码",
    );
    if let Some(society) = &f.society_id {
        let ok = Some(society.as_str()) != unit_id && db::is_approved_society(conn, society)?;
        check(e, ok, "society_id", "所选全国学会不存在或尚未通过审核");
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let mut changed = Vec::new();
    let pairs: [(&str, bool); 9] = [
        ("name", before.name != f.name),
        ("kind", before.kind != f.kind),
        ("credit_code", before.credit_code != f.credit_code),
        ("province_code", before.province_code != f.province_code),
        ("city_code", before.city_code != f.city_code),
        ("county_code", before.county_code != f.county_code),
        ("contact_name", before.contact_name != f.contact_name),
        ("contact_phone", before.contact_phone != f.contact_phone),
        ("society_id", before.society_id != f.society_id),
    ];
    for (k, differs) in pairs {
        if differs {
            changed.push(k.to_string());
        }
    }
    Ok(changed)
}

/// Adds `message` for `key` unless `ok` or `key` already has an error.
fn check(errors: &mut Vec<FieldError>, ok: bool, key: &str, message: &str) {
    if !ok && !errors.iter().any(|e| e.field == key) {
        errors.push(FieldError::new(key, message));
    }
}

fn body_object(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, Problem> {
    match parse_body::<Value>(headers, body)? {
        Value::Object(m) => Ok(m),
        _ => Err(Problem::field("body", "请求体须为 JSON 对象")),
    }
}

/// `POST /organiser/units`.
pub async fn create_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = UNITS_PATH.to_string();
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, &body)?;
    let obj = body_object(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let missing: Vec<FieldError> = [
            "name",
            "kind",
            "credit_code",
            "province_code",
            "city_code",
            "contact_name",
            "contact_phone",
        ]
        .into_iter()
        .filter(|k| !obj.contains_key(*k))
        .map(|k| FieldError::new(k, "必填"))
        .collect();
        let mut f = UnitFields::default();
        let merged = merge_unit(tx, &mut f, &obj, None);
        let mut errors = missing;
        if let Err(p) = merged {
            for e in p.errors {
                if !errors.iter().any(|m| m.field == e.field) {
                    errors.push(e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(Problem::validation(errors));
        }
        let id = db::insert_unit(tx, &f, "pending", &user_id, now)?;
        db::add_history(
            tx,
            "unit",
            &id,
            now,
            (&user_id, "organiser"),
            None,
            "pending",
            "[]",
            None,
        )?;
        let unit = db::find_unit(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((
            StatusCode::CREATED,
            Some(format!("{UNITS_PATH}/{id}")),
            to_json(&unit)?,
        ))
    })
    .await?;
    Ok(written.into_response())
}

/// A unit of the caller's, else 404.
fn own_unit(conn: &Connection, id: &str, user_id: &str) -> Result<db::Unit, Problem> {
    if !db::is_member(conn, id, user_id)? {
        return Err(unit_not_found());
    }
    db::find_unit(conn, id)?.ok_or_else(unit_not_found)
}

/// `GET /organiser/units/{id}`.
pub async fn my_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<db::Unit>, Problem> {
    let path = format!("{UNITS_PATH}/{id}");
    let user_id = current.user.id;
    let unit = state
        .db
        .run(move |conn| own_unit(conn, &id, &user_id))
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(unit))
}

/// `PATCH /organiser/units/{id}`: a pending or returned unit; a returned one goes back to
/// pending.
pub async fn update_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<db::Unit>, Problem> {
    let path = format!("{UNITS_PATH}/{id}");
    let obj = body_object(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let user_id = current.user.id;
    let now = state.clock.now().timestamp();
    let unit = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let unit = own_unit(&tx, &id, &user_id)?;
            if unit.status == "approved" {
                return Err(Problem::conflict("单位已通过审核，信息不能再修改"));
            }
            let mut f = unit.fields();
            let changed = merge_unit(&tx, &mut f, &obj, Some(&id))?;
            db::update_unit(&tx, &id, &f, &changed, now)?;
            if unit.status == "returned" {
                db::set_unit_status(
                    &tx,
                    &db::Transition {
                        id: &id,
                        from: "returned",
                        to: "pending",
                        reason: None,
                        actor: (&user_id, "organiser"),
                        now,
                    },
                )?;
            }
            let unit = db::find_unit(&tx, &id)?.ok_or_else(Problem::internal)?;
            tx.commit()?;
            Ok(unit)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(Json(unit))
}

/// `GET /organiser/units/{id}/history`.
pub async fn my_unit_history(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    own_history(&state, current, "unit", UNITS_PATH, id, own_unit).await
}

/// The history of the caller's own `kind` `id` (under `base`), once `own` finds it among the
/// caller's (else its 404).
async fn own_history<T: 'static>(
    state: &AppState,
    current: CurrentUser,
    kind: &'static str,
    base: &str,
    id: String,
    own: fn(&Connection, &str, &str) -> Result<T, Problem>,
) -> Result<Json<Value>, Problem> {
    let path = format!("{base}/{id}/history");
    let user_id = current.user.id;
    history(state, kind, id, &path, move |conn, id| {
        own(conn, id, &user_id).map(drop)
    })
    .await
}

/// `{items}`: the history of the `kind` `id`, once `visible` (the caller's reach: a member of the
/// unit, a reviewer in scope) lets it be seen; shared by the organiser and review routes.
pub async fn history(
    state: &AppState,
    kind: &'static str,
    id: String,
    path: &str,
    visible: impl FnOnce(&Connection, &str) -> Result<(), Problem> + Send + 'static,
) -> Result<Json<Value>, Problem> {
    let items = state
        .db
        .run(move |conn| {
            visible(conn, &id)?;
            Ok(db::history(conn, kind, &id)?)
        })
        .await
        .map_err(|p| p.with_instance(path))?;
    Ok(Json(serde_json::json!({ "items": items })))
}

// ───────────────────────────── activities ─────────────────────────────

/// An activity of one of the caller's units, else 404.
fn own_activity(conn: &Connection, id: &str, user_id: &str) -> Result<Draft, Problem> {
    let d = db::find_draft(conn, id)?.ok_or_else(activity_not_found)?;
    if !db::is_member(conn, &d.unit.id, user_id)? {
        return Err(activity_not_found());
    }
    Ok(d)
}

/// A text member of an activity body: `null` or blank clears it; at most `max` characters.
fn draft_text(
    v: &Value,
    key: &str,
    label: &str,
    max: usize,
    multiline: bool,
) -> Result<Option<String>, FieldError> {
    match v {
        Value::Null => Ok(None),
        Value::String(raw) => {
            let s = raw.trim();
            if raw.chars().count() > max {
                Err(FieldError::new(key, format!("{label}不能超过{max}个字")))
            } else if s.is_empty() {
                Ok(None)
            } else if let Err(u) = crate::text::check(s, multiline) {
                Err(FieldError::new(key, format!("{label}{}", u.message())))
            } else {
                Ok(Some(s.to_string()))
            }
        }
        _ => Err(FieldError::new(key, format!("{label}须为文字或 null"))),
    }
}

/// A reference-data code member: `null`, or a string `known` accepts.
fn draft_code(
    v: &Value,
    key: &str,
    message: &str,
    known: impl Fn(&str) -> rusqlite::Result<bool>,
) -> Result<Result<Option<String>, FieldError>, Problem> {
    Ok(match v {
        Value::Null => Ok(None),
        Value::String(s) if known(s)? => Ok(Some(s.clone())),
        _ => Err(FieldError::new(key, message)),
    })
}

fn draft_time(v: &Value, key: &str) -> Result<Option<i64>, FieldError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| Some(t.timestamp()))
            .map_err(|_| FieldError::new(key, "时间格式不正确（RFC 3339）")),
        _ => Err(FieldError::new(key, "时间须为 RFC 3339 文字或 null")),
    }
}

/// The cover upload and where its bytes are (only a well-formed id becomes a path).
pub struct CoverFile {
    pub upload_id: String,
    pub file: Option<PathBuf>,
}

fn cover_file(state: &AppState, obj: &Map<String, Value>) -> Option<CoverFile> {
    let id = obj.get("cover_upload_id")?.as_str()?.to_string();
    let file = super::uploads::is_upload_id(&id).then(|| super::uploads::upload_path(state, &id));
    Some(CoverFile {
        upload_id: id,
        file,
    })
}

fn cover_problem(
    field: &str,
    status: StatusCode,
    slug: &'static str,
    title: &'static str,
    m: &str,
) -> Problem {
    let mut p = Problem::new(status, slug, title, format!("{m}，请重新选择图片"));
    p.errors = vec![FieldError::new(field, m)];
    p
}

/// Checks a cover: a finished upload of the caller, used by nothing else, a JPEG, PNG or WebP
/// (415) of at most 5 MiB (413).
fn check_cover(
    conn: &Connection,
    cover: &CoverFile,
    user_id: &str,
    now: i64,
) -> Result<(), Problem> {
    let file = cover.file.as_deref();
    check_image(
        conn,
        &cover.upload_id,
        file,
        user_id,
        now,
        "cover_upload_id",
        "封面图",
    )
    .map(|_| ())
}

/// The checks of a cover for any picture an organiser attaches (`field` names it in the
/// problem, `what` in its messages): a finished upload of the caller at `file`, used by nothing
/// else, a JPEG, PNG or WebP (415) of at most 5 MiB (413). Its format.
pub fn check_image(
    conn: &Connection,
    upload_id: &str,
    file: Option<&std::path::Path>,
    user_id: &str,
    now: i64,
    field: &str,
    what: &str,
) -> Result<ImageFormat, Problem> {
    let unusable = || Problem::field(field, format!("{what}上传不存在或已过期，请重新上传"));
    let Some(file) = file else {
        return Err(unusable());
    };
    let upload = uploads_db::find_upload(conn, upload_id)?
        .filter(|u| u.user_id == user_id && !u.purged && (u.finished || now < u.expires_at))
        .ok_or_else(unusable)?;
    let received = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    if !upload.finished || received != upload.length {
        return Err(Problem::field(
            field,
            format!("{what}还没有上传完成，请等上传结束后再保存"),
        ));
    }
    if upload_in_use(conn, upload_id)? {
        return Err(Problem::field(field, "这张图片已经使用过了，请重新上传"));
    }
    let format = image::sniff_file(file).map_err(|e| {
        tracing::error!("reading upload {upload_id}: {e}");
        Problem::internal()
    })?;
    let Some(format @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Webp)) = format else {
        return Err(cover_problem(
            field,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported Media Type",
            &format!("{what}须为 JPEG、PNG 或 WebP 格式"),
        ));
    };
    if upload.length > MAX_IMAGE_BYTES {
        return Err(cover_problem(
            field,
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Payload Too Large",
            &format!("{what}不能超过5MB"),
        ));
    }
    Ok(format)
}

/// 415 naming `field`: the picture's bytes are not an image it can use.
pub fn unsupported_image(field: &str, message: &str) -> Problem {
    cover_problem(
        field,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported-media-type",
        "Unsupported Media Type",
        message,
    )
}

/// Applies the members of `obj` to `f`: a 422 naming every value that can never be right (or
/// the cover's 413/415), else the names of the fields that changed.
pub fn apply_patch(
    conn: &Connection,
    f: &mut ActivityFields,
    obj: &Map<String, Value>,
    cover: Option<&CoverFile>,
    user_id: &str,
    now: i64,
) -> Result<Vec<String>, Problem> {
    let before = f.clone();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut put = |r: Result<(), FieldError>| {
        if let Err(e) = r {
            errors.push(e);
        }
    };
    for (key, v) in obj {
        let k = key.as_str();
        match k {
            "title" => put(draft_text(v, k, "标题", 60, false).map(|x| f.title = x)),
            "summary" => put(draft_text(v, k, "简介", 80, false).map(|x| f.summary = x)),
            "description" => {
                put(draft_text(v, k, "活动详情", 5000, true).map(|x| f.description = x))
            }
            "audience" => put(draft_text(v, k, "适合人群", 100, false).map(|x| f.audience = x)),
            "venue_name" => put(draft_text(v, k, "场地名称", 60, false).map(|x| f.venue_name = x)),
            "venue_address" => {
                put(draft_text(v, k, "活动地址", 120, false).map(|x| f.venue_address = x))
            }
            "online_url" => put(draft_text(v, k, "线上网址", 500, false).map(|x| f.online_url = x)),
            "event_kind" => put(draft_code(v, k, "活动类型不存在", |s| {
                db::is_event_kind(conn, s)
            })?
            .map(|x| f.event_kind = x)),
            "province_code" => {
                put(
                    draft_code(v, k, "省份不存在", |s| db::is_province(conn, s))?
                        .map(|x| f.province_code = x),
                )
            }
            "city_code" => put(draft_code(v, k, "城市不存在", |s| {
                Ok(db::province_of_city(conn, s)?.is_some())
            })?
            .map(|x| f.city_code = x)),
            "format" => put(match v {
                Value::Null => Ok(None),
                Value::String(s) if ["online", "offline", "hybrid"].contains(&s.as_str()) => {
                    Ok(Some(s.clone()))
                }
                _ => Err(FieldError::new(k, "活动形式须为 online、offline 或 hybrid")),
            }
            .map(|x| f.format = x)),
            "themes" => {
                let r = match v {
                    Value::Null => Ok(Vec::new()),
                    Value::Array(items) => {
                        let ids: Vec<String> = items
                            .iter()
                            .filter_map(|i| i.as_str().map(String::from))
                            .collect();
                        let mut unique = ids.clone();
                        unique.sort();
                        unique.dedup();
                        let mut known = true;
                        for id in &ids {
                            known &= db::is_theme(conn, id)?;
                        }
                        if ids.len() != items.len() || !known {
                            Err(FieldError::new(k, "主题不存在"))
                        } else if ids.len() > 3 || unique.len() != ids.len() {
                            Err(FieldError::new(k, "最多选择3个不重复的主题"))
                        } else {
                            Ok(ids)
                        }
                    }
                    _ => Err(FieldError::new(k, "主题须为列表或 null")),
                };
                put(r.map(|x| f.themes = x));
            }
            "capacity" => put(match v {
                Value::Null => Ok(None),
                Value::Number(n) => match n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|x| x.fract() == 0.0).map(|x| x as i64))
                {
                    Some(c) if (1..=1_000_000).contains(&c) => Ok(Some(c)),
                    _ => Err(FieldError::new(k, "可容纳人数须为1到1000000之间的整数")),
                },
                _ => Err(FieldError::new(k, "可容纳人数须为整数或 null")),
            }
            .map(|x| f.capacity = x)),
            "starts_at" => put(draft_time(v, k).map(|x| f.starts_at = x)),
            "ends_at" => put(draft_time(v, k).map(|x| f.ends_at = x)),
            "marks_confirmed" => put(match v {
                Value::Bool(b) => Ok(*b),
                _ => Err(FieldError::new(k, "须为 true 或 false")),
            }
            .map(|x| f.marks_confirmed = x)),
            "cover_upload_id" => match v {
                Value::Null => f.cover_upload_id = None,
                Value::String(s) if Some(s) == before.cover_upload_id.as_ref() => {}
                Value::String(s) => match cover {
                    Some(c) => {
                        check_cover(conn, c, user_id, now)?;
                        f.cover_upload_id = Some(s.clone());
                    }
                    None => put(Err(FieldError::new(
                        k,
                        "封面图上传不存在或已过期，请重新上传",
                    ))),
                },
                _ => put(Err(FieldError::new(k, "须为上传标识或 null"))),
            },
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Err(Problem::validation(errors));
    }
    let changed = [
        ("title", before.title != f.title),
        ("summary", before.summary != f.summary),
        ("description", before.description != f.description),
        ("event_kind", before.event_kind != f.event_kind),
        ("themes", before.themes != f.themes),
        ("audience", before.audience != f.audience),
        ("format", before.format != f.format),
        ("venue_name", before.venue_name != f.venue_name),
        ("venue_address", before.venue_address != f.venue_address),
        ("province_code", before.province_code != f.province_code),
        ("city_code", before.city_code != f.city_code),
        ("capacity", before.capacity != f.capacity),
        ("online_url", before.online_url != f.online_url),
        ("starts_at", before.starts_at != f.starts_at),
        ("ends_at", before.ends_at != f.ends_at),
        (
            "cover_upload_id",
            before.cover_upload_id != f.cover_upload_id,
        ),
        (
            "marks_confirmed",
            before.marks_confirmed != f.marks_confirmed,
        ),
    ]
    .into_iter()
    .filter(|(_, d)| *d)
    .map(|(k, _)| k.to_string())
    .collect();
    Ok(changed)
}

/// `GET /organiser/activities`: the caller's units' activities, most recently changed first.
pub async fn my_activities(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = ACTIVITIES_PATH;
    let mut errors = FieldErrors::new();
    let status = q.param("status");
    if status
        .as_deref()
        .is_some_and(|s| !["draft", "submitted", "returned", "published", "cancelled"].contains(&s))
    {
        errors.add("status", "status 取值无效");
    }
    let (limit, cursor) = page_params(&q, "oa", 2, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), path)?;
    let unit = q.param("unit_id");
    let user_id = current.user.id;
    let body = state
        .db
        .run(move |conn| {
            let mut filter =
                "r.unit_id IN (SELECT unit_id FROM unit_members WHERE user_id = ?1)".to_string();
            let mut args: Vec<rusqlite::types::Value> = vec![user_id.into()];
            if let Some(u) = unit {
                args.push(u.into());
                filter += &format!(" AND r.unit_id = ?{}", args.len());
            }
            if let Some(s) = status {
                args.push(s.into());
                filter += &format!(" AND r.status = ?{}", args.len());
            }
            let total: i64 = conn.query_row(
                &format!("SELECT COUNT(*) FROM registered_activities r WHERE {filter}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            )?;
            if let Some(k) = cursor {
                args.push(k[0].into());
                let a = args.len();
                args.push(k[1].into());
                let b = args.len();
                filter += &format!(
                    " AND (r.updated_at < ?{a} OR (r.updated_at = ?{a} AND r.seq < ?{b}))"
                );
            }
            args.push((limit as i64 + 1).into());
            let sql = db::draft_select(&format!(
                "WHERE {filter} ORDER BY r.updated_at DESC, r.seq DESC LIMIT ?{}",
                args.len()
            ));
            let rows = conn
                .prepare(&sql)?
                .query_map(rusqlite::params_from_iter(args.iter()), db::draft_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            page(
                rows,
                limit,
                total,
                "oa",
                |d| vec![d.updated_at, d.seq],
                |d| Ok(db::view(conn, d)?),
            )
        })
        .await
        .map_err(|p| p.with_instance(path))?;
    Ok(json_ok(body))
}

/// `POST /organiser/activities`.
pub async fn create_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = ACTIVITIES_PATH.to_string();
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, &body)?;
    let obj = body_object(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let cover = cover_file(&state, &obj);
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let unit_id = match obj.get("unit_id") {
            Some(Value::String(u)) if db::is_member(tx, u, &user_id)? => u.clone(),
            Some(Value::String(_)) => {
                return Err(Problem::field("unit_id", "单位不存在或不是您的单位"))
            }
            _ => return Err(Problem::field("unit_id", "请选择登记单位")),
        };
        let mut f = ActivityFields::default();
        let changed = apply_patch(tx, &mut f, &obj, cover.as_ref(), &user_id, now)?;
        let id = db::insert_draft(tx, &unit_id, &f, &changed, &user_id, now)?;
        let d = db::find_draft(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((
            StatusCode::CREATED,
            Some(format!("{ACTIVITIES_PATH}/{id}")),
            to_json(&db::view(tx, &d)?)?,
        ))
    })
    .await?;
    let res = written.into_response();
    let version = res.status().is_success().then_some(1);
    Ok(with_activity_etag(res, version))
}

fn activity_response(view: &db::OrganiserActivity) -> Result<Response, Problem> {
    Ok(with_activity_etag(
        json_ok(to_json(view)?),
        Some(view.version),
    ))
}

/// `GET /organiser/activities/{id}`.
pub async fn my_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}");
    let user_id = current.user.id;
    let view = state
        .db
        .run(move |conn| {
            let d = own_activity(conn, &id, &user_id)?;
            Ok(db::view(conn, &d)?)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    activity_response(&view)
}

/// `If-Match`: `None` when absent; whether it names `version` (or is `*`).
pub(crate) fn if_match(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or_default().to_string())
}

pub(crate) fn matches_version(if_match: &str, version: i64) -> bool {
    let current = etag(version);
    if_match.split(',').any(|t| {
        let t = t.trim();
        t == "*" || t.strip_prefix("W/").unwrap_or(t) == current
    })
}

/// 412 `version-mismatch` carrying the current version.
fn version_mismatch(conn: &Connection, d: &Draft) -> Result<Problem, Problem> {
    let current = serde_json::to_value(db::view(conn, d)?).map_err(|_| Problem::internal())?;
    Ok(Problem::new(
        StatusCode::PRECONDITION_FAILED,
        "version-mismatch",
        "Version Mismatch",
        "活动已在别处被修改，请比较两个版本后再保存",
    )
    .with_member("current", current))
}

fn not_editable(status: &str) -> Problem {
    Problem::conflict(match status {
        "submitted" => "活动已提交审核，暂时不能修改",
        "published" => "活动已发布，不能再修改",
        _ => "活动已取消，不能再修改",
    })
}

/// `PATCH /organiser/activities/{id}`.
pub async fn update_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}");
    let obj = body_object(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let cover = cover_file(&state, &obj);
    let expected = if_match(&headers);
    let user_id = current.user.id;
    let now = state.clock.now().timestamp();
    let view = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let d = own_activity(&tx, &id, &user_id)?;
            let Some(expected) = expected else {
                return Err(Problem::new(
                    StatusCode::PRECONDITION_REQUIRED,
                    "precondition-required",
                    "Precondition Required",
                    "请先重新打开活动再保存（缺少版本号 If-Match）",
                ));
            };
            if !matches!(d.status.as_str(), "draft" | "returned") {
                return Err(not_editable(&d.status));
            }
            if !matches_version(&expected, d.version) {
                return Err(version_mismatch(&tx, &d)?);
            }
            let mut f = d.fields.clone();
            let changed = apply_patch(&tx, &mut f, &obj, cover.as_ref(), &user_id, now)?;
            db::write_fields(&tx, &id, &f, &changed, now, true)?;
            let d = db::find_draft(&tx, &id)?.ok_or_else(Problem::internal)?;
            let view = db::view(&tx, &d)?;
            tx.commit()?;
            Ok(view)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    activity_response(&view)
}

/// `POST /organiser/activities/{id}/submit`.
pub async fn submit_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/submit");
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, b"")?;
    let expected = if_match(&headers);
    let now = state.clock.now();
    let instance = path.clone();
    let written = idempotent_write(&state, request, now.timestamp(), &path, move |tx| {
        let d = own_activity(tx, &id, &user_id)?;
        if !matches!(d.status.as_str(), "draft" | "returned") {
            return Err(Problem::conflict(match d.status.as_str() {
                "submitted" => "活动已提交审核，不能重复提交",
                _ => "活动已发布或已取消，不能再提交",
            }));
        }
        if expected
            .as_deref()
            .is_some_and(|e| !matches_version(e, d.version))
        {
            return Err(version_mismatch(tx, &d)?);
        }
        if !registration::submission_open(now) {
            let (opens, closes) = registration::submission_window();
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "window-closed",
                "Window Closed",
                "活动登记时间为8月16日至9月24日，现在不在登记时间内",
            )
            .with_member("opens_at", crate::clock::rfc3339_cst(opens).into())
            .with_member("closes_at", crate::clock::rfc3339_cst(closes).into()));
        }
        let unit = db::find_unit(tx, &d.unit.id)?.ok_or_else(Problem::internal)?;
        if unit.status != "approved" {
            return Err(Problem::new(
                StatusCode::CONFLICT,
                "unit-not-approved",
                "Unit Not Approved",
                "单位通过审核后才能提交活动",
            ));
        }
        let missing = registration::incomplete(&d.fields, db::city_in_province(tx, &d.fields)?);
        if !missing.is_empty() {
            return Err(Problem::validation(missing).with_instance(&instance));
        }
        db::set_draft_status(
            tx,
            &db::Transition {
                id: &id,
                from: &d.status,
                to: "submitted",
                reason: None,
                actor: (&user_id, "organiser"),
                now: now.timestamp(),
            },
        )?;
        let d = db::find_draft(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&db::view(tx, &d)?)?))
    })
    .await?;
    let res = written.into_response();
    Ok(with_activity_etag_from_body(res).await)
}

/// Sets the `ETag` from the `version` of an `OrganiserActivity` body.
async fn with_activity_etag_from_body(res: Response) -> Response {
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let version = parts
        .status
        .is_success()
        .then(|| version_in(&bytes))
        .flatten();
    with_activity_etag(
        Response::from_parts(parts, axum::body::Body::from(bytes)),
        version,
    )
}

/// `POST /organiser/activities/{id}/cancel`: a published activity leaves search at once.
pub async fn cancel_activity(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{ACTIVITIES_PATH}/{id}/cancel");
    let user_id = current.user.id;
    let request = idempotency::post_request(&headers, &user_id, &path, &body)?;
    let obj = body_object(&headers, &body).map_err(|p| p.with_instance(&path))?;
    let reason = match obj.get("reason") {
        None | Some(Value::Null) => None,
        Some(v) => draft_text(v, "reason", "取消原因", 200, false)
            .map_err(|e| Problem::validation(vec![e]).with_instance(&path))?,
    };
    let now = state.clock.now().timestamp();
    let public_id = id.clone();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let d = own_activity(tx, &id, &user_id)?;
        if d.status != "published" {
            return Err(Problem::conflict("只有已发布的活动可以取消"));
        }
        db::set_draft_status(
            tx,
            &db::Transition {
                id: &id,
                from: "published",
                to: "cancelled",
                reason: reason.as_deref(),
                actor: (&user_id, "organiser"),
                now,
            },
        )?;
        crate::db::review::cancel_public(tx, &id)?;
        let d = db::find_draft(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&db::view(tx, &d)?)?))
    })
    .await?;
    refresh_public(&state, vec![public_id]).await?;
    Ok(with_activity_etag_from_body(written.into_response()).await)
}

/// Brings the search index up to date with the public rows of `ids` (after their write
/// committed): published ones are searchable, cancelled ones gone, when this returns.
pub async fn refresh_public(state: &AppState, ids: Vec<String>) -> Result<(), Problem> {
    let index = state.activity_index.clone();
    state
        .db
        .run(move |conn| {
            for id in ids {
                let seq: Option<i64> = rusqlite::OptionalExtension::optional(conn.query_row(
                    "SELECT seq FROM activities WHERE id = ?1",
                    [&id],
                    |r| r.get(0),
                ))?;
                if let Some(seq) = seq {
                    index.refresh(conn, seq)?;
                }
            }
            Ok(())
        })
        .await
}

/// `GET /organiser/activities/{id}/history`.
pub async fn my_activity_history(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, Problem> {
    own_history(
        &state,
        current,
        "activity",
        ACTIVITIES_PATH,
        id,
        own_activity,
    )
    .await
}

/// `GET /media/covers/activities/{id}`: the organiser's cover of a published (or cancelled)
/// activity, typed by its bytes (`nosniff`). A cover may change when a returned activity is
/// published again, so it is cached briefly, not forever.
pub async fn cover(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: axum::extract::Request,
) -> Result<Response, Problem> {
    let instance = format!("/media/covers/activities/{id}");
    let not_found = || Problem::not_found("没有这张图片").with_instance(&instance);
    let upload_id = state
        .db
        .run(move |conn| Ok(crate::db::review::public_cover(conn, &id)?))
        .await?
        .filter(|u| super::uploads::is_upload_id(u))
        .ok_or_else(not_found)?;
    let file = super::uploads::upload_path(&state, &upload_id);
    let format = tokio::task::spawn_blocking(move || image::sniff_file(&file))
        .await?
        .ok()
        .flatten()
        .ok_or_else(not_found)?;
    let cache = "public, max-age=300";
    let mut res =
        super::uploads::serve_file(&state, &upload_id, req, format.mime(), cache, not_found)
            .await?;
    res.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(res)
}
