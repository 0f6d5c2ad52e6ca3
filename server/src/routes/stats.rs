//! 统计: `GET /stats` (public, everyone's activities) and `GET /review/stats` (the caller's
//! review scope; an admin's is everything), as JSON or, with `?format=csv`, as CSV (UTF-8 with
//! a BOM so Excel reads the Chinese, CRLF, RFC 4180 quoting). The figures of a scope are
//! computed at most once a minute of the server clock and say when (`taken_at`); names are in
//! Chinese or, for `Accept-Language: en…`, English. Anyone who is neither reviewer nor admin
//! gets 403 from `/review/stats` before anything is read.
use super::reference::Lang;
use super::{etag_of, json_with_etag, vary_authorization, QueryParams};
use crate::auth::CurrentUser;
use crate::clock::rfc3339_cst;
use crate::csv::csv_field;
use crate::db::organisers as org_db;
use crate::db::stats::{self as db, Figures, Names, Raw, Scope};
use crate::problem::{FieldError, Problem};
use crate::seed::english::{region_en, EVENT_KINDS_EN, THEMES_EN};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long a scope's figures are served before they are computed again.
pub const FRESH_FOR_SECS: i64 = 60;

struct Entry {
    taken_at: DateTime<Utc>,
    raw: Raw,
    names: Arc<Names>,
}

/// The figures per scope, each with when it was taken.
#[derive(Default)]
pub struct StatsCache {
    entries: Mutex<HashMap<Scope, Arc<Entry>>>,
    /// Held while computing, so a burst of requests after expiry computes once.
    computing: tokio::sync::Mutex<()>,
}

impl StatsCache {
    fn fresh(&self, scope: &Scope, now: DateTime<Utc>) -> Option<Arc<Entry>> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(scope)
            .filter(|e| now - e.taken_at < Duration::seconds(FRESH_FOR_SECS) && now >= e.taken_at)
            .cloned()
    }

    async fn get(&self, state: &AppState, scope: Scope) -> Result<Arc<Entry>, Problem> {
        if let Some(e) = self.fresh(&scope, state.clock.now()) {
            return Ok(e);
        }
        let _computing = self.computing.lock().await;
        let now = state.clock.now();
        if let Some(e) = self.fresh(&scope, now) {
            return Ok(e);
        }
        let s = scope.clone();
        let (raw, names) = state
            .db
            .run(move |conn| Ok((db::compute(conn, &s)?, db::names(conn)?)))
            .await?;
        let entry = Arc::new(Entry {
            taken_at: now,
            raw,
            names: Arc::new(names),
        });
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, e| now - e.taken_at < Duration::seconds(FRESH_FOR_SECS));
        map.insert(scope, entry.clone());
        Ok(entry)
    }
}

/// `StatsRow`.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    name: String,
    activities: i64,
    participants: i64,
    participants_offline: i64,
    views_online: i64,
    ratings: i64,
    average_stars: Option<f64>,
}

impl Row {
    fn new(id: &str, name: String, f: &Figures) -> Self {
        Row {
            id: id.to_string(),
            name,
            activities: f.activities,
            participants: f.participants,
            participants_offline: f.participants_offline,
            views_online: f.views_online,
            ratings: f.ratings,
            average_stars: (f.ratings > 0)
                .then(|| (f.stars as f64 * 10.0 / f.ratings as f64).round() / 10.0),
        }
    }
}

/// `Stats`.
#[derive(Debug, Serialize)]
struct Body {
    taken_at: String,
    scope: String,
    totals: Row,
    by_province: Vec<Row>,
    by_theme: Vec<Row>,
    by_event_kind: Vec<Row>,
    by_day: Vec<Row>,
}

/// Rows of one dimension in reference order, the most activities first (a stable sort, so
/// equal ones stay in reference order); ids the reference lacks go last. With `all`, reference
/// entries without activities are listed with zeros.
fn dimension(
    figures: &std::collections::BTreeMap<String, Figures>,
    reference: &[(String, String)],
    extra: &[(&str, &str)],
    all: bool,
    name_of: impl Fn(&str, &str) -> String,
) -> Vec<Row> {
    let mut rows: Vec<Row> = reference
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .chain(extra.iter().copied())
        .filter_map(|(id, name)| match figures.get(id) {
            Some(f) => Some(Row::new(id, name_of(id, name), f)),
            None if all => Some(Row::new(id, name_of(id, name), &Figures::default())),
            None => None,
        })
        .collect();
    for (id, f) in figures {
        if !rows.iter().any(|r| &r.id == id) {
            rows.push(Row::new(id, id.clone(), f));
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.activities));
    rows
}

/// Every China day from the first to the last one with activities, zeros included.
fn days(figures: &std::collections::BTreeMap<String, Figures>) -> Vec<Row> {
    let parse = |s: &String| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (
        figures.keys().next().and_then(parse),
        figures.keys().next_back().and_then(parse),
    ) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        // A runaway range (a stray date years away) is bounded at three years.
        .take(3 * 366)
        .map(|d| {
            let id = d.format("%Y-%m-%d").to_string();
            let f = figures.get(&id).copied().unwrap_or_default();
            Row::new(&id, id.clone(), &f)
        })
        .collect()
}

/// Key for activities without a province (online only).
const ONLINE_ID: &str = "";

fn body(entry: &Entry, scope: String, lang: Lang) -> Body {
    let en = lang == Lang::En;
    let [provinces, themes, kinds] = &*entry.names;
    let online = if en { "Online" } else { "线上" };
    let raw = &entry.raw;
    Body {
        taken_at: rfc3339_cst(entry.taken_at),
        scope,
        totals: Row::new("all", if en { "Total" } else { "合计" }.into(), &raw.totals),
        by_province: dimension(
            &raw.by_province,
            provinces,
            &[(ONLINE_ID, online)],
            false,
            |id, name| {
                en.then(|| region_en(id))
                    .flatten()
                    .unwrap_or(name)
                    .to_string()
            },
        ),
        by_theme: dimension(&raw.by_theme, themes, &[], true, |id, name| {
            en.then(|| THEMES_EN.iter().find(|t| t.0 == id).map(|t| t.1))
                .flatten()
                .unwrap_or(name)
                .to_string()
        }),
        by_event_kind: dimension(&raw.by_event_kind, kinds, &[], true, |id, name| {
            en.then(|| EVENT_KINDS_EN.iter().find(|k| k.0 == id).map(|k| k.1))
                .flatten()
                .unwrap_or(name)
                .to_string()
        }),
        by_day: days(&raw.by_day),
    }
}

/// The CSV of `b`: a BOM, a header, the totals, then every dimension's rows; CRLF.
fn csv(b: &Body) -> String {
    let mut out = String::from(
        "\u{FEFF}维度,编号,名称,活动数,预约人数,线下参与人数,线上观看,评价数,平均星级\r\n",
    );
    let mut line = |dim: &str, r: &Row| {
        let avg = r
            .average_stars
            .map(|a| format!("{a:.1}"))
            .unwrap_or_default();
        let fields = [
            dim.to_string(),
            r.id.clone(),
            r.name.clone(),
            r.activities.to_string(),
            r.participants.to_string(),
            r.participants_offline.to_string(),
            r.views_online.to_string(),
            r.ratings.to_string(),
            avg,
        ];
        let fields: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    line("合计", &b.totals);
    for (dim, rows) in [
        ("省份", &b.by_province),
        ("主题", &b.by_theme),
        ("活动类型", &b.by_event_kind),
        ("日期", &b.by_day),
    ] {
        for r in rows {
            line(dim, r);
        }
    }
    out
}

fn lang_of(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

fn content_language(lang: Lang) -> HeaderValue {
    HeaderValue::from_static(if lang == Lang::En { "en" } else { "zh-CN" })
}

/// JSON with its ETag (or 304), cacheable for what is left of the minute.
fn send(headers: &HeaderMap, b: &Body, lang: Lang, visibility: &str) -> Result<Response, Problem> {
    let json = super::to_json(b)?;
    let mut res = json_with_etag(headers, &json, &etag_of(&json));
    let h = res.headers_mut();
    h.insert(header::CONTENT_LANGUAGE, content_language(lang));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    if let Ok(v) = HeaderValue::from_str(&format!("{visibility}, max-age={FRESH_FOR_SECS}")) {
        h.insert(header::CACHE_CONTROL, v);
    }
    Ok(res)
}

/// `?format=` — `json` (the default) or `csv`.
fn wants_csv(q: &QueryParams) -> Result<bool, Problem> {
    match q.param("format").as_deref() {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(Problem::validation(vec![FieldError::new(
            "format",
            "format 只能是 json 或 csv",
        )])),
    }
}

/// `GET /stats`.
pub async fn public(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Problem> {
    let entry = state.stats.get(&state, Scope::All).await?;
    let lang = lang_of(&headers);
    let scope = if lang == Lang::En {
        "Nationwide"
    } else {
        "全国"
    };
    send(&headers, &body(&entry, scope.into(), lang), lang, "public")
}

/// `GET /review/stats`.
pub async fn review(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = "/api/v1/review/stats";
    let user_id = current.user.id;
    let roles = state
        .db
        .run(move |conn| Ok(org_db::roles(conn, &user_id)?))
        .await?;
    if !roles.reviewer {
        return Err(Problem::forbidden("您没有审核权限").with_instance(path));
    }
    let as_csv = wants_csv(&q).map_err(|p| p.with_instance(path))?;
    let (scope, label) = if roles.admin {
        (Scope::All, "全国".to_string())
    } else {
        let pick = |kind: &str| -> Vec<String> {
            let mut v: Vec<String> = roles
                .review_scopes
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| s.id.clone())
                .collect();
            v.sort();
            v
        };
        let names: Vec<&str> = roles
            .review_scopes
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        (
            Scope::Of {
                provinces: pick("province"),
                societies: pick("society"),
            },
            names.join("、"),
        )
    };
    let entry = state.stats.get(&state, scope).await?;
    let lang = if as_csv { Lang::Zh } else { lang_of(&headers) };
    let b = body(&entry, label, lang);
    if !as_csv {
        let mut res = send(&headers, &b, lang, "private")?;
        res.headers_mut().insert(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Authorization"),
        );
        return Ok(res);
    }
    let text = csv(&b);
    let day = b.taken_at.get(..10).unwrap_or_default().to_string();
    let res = (
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"stats-{day}.csv\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        text,
    )
        .into_response();
    Ok(vary_authorization(res))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_filled_with_zeros_from_first_to_last() {
        let mut m = std::collections::BTreeMap::new();
        let one = Figures {
            activities: 1,
            ..Figures::default()
        };
        m.insert("2021-09-11".to_string(), one);
        m.insert("2021-09-13".to_string(), one);
        let rows = days(&m);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["2021-09-11", "2021-09-12", "2021-09-13"]);
        assert_eq!(rows[1].activities, 0);
    }
}
