//! 内容审核 for moderators: `/moderation/…`. Anyone logged in who is neither moderator nor
//! admin gets 403 on every route here (anonymous callers 401, from `CurrentUser`). Submitters
//! are shown with a masked phone only. Every decision is written to the audit log in the same
//! transaction as the change it records.
use super::topics::{idempotent_write, parse_body};
use super::{to_json, QueryParams};
use crate::auth::CurrentUser;
use crate::db::moderation::{self as db, AuditEntry};
use crate::db::organisers::time;
use crate::moderation::BannedWord;
use crate::pagination::encode_cursor;
use crate::problem::{FieldErrors, Problem};
use crate::routes::Page;
use crate::routes::WriteRequest;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, TransactionBehavior};
use serde::Deserialize;
use serde_json::json;

const MOD_PATH: &str = "/api/v1/moderation";

/// The caller's id when they moderate, else 403.
async fn moderator(state: &AppState, current: CurrentUser, path: &str) -> Result<String, Problem> {
    let id = current.user.id;
    let lookup = id.clone();
    let ok = state
        .db
        .run(move |conn| Ok(db::is_moderator(conn, &lookup)?))
        .await?;
    if ok {
        Ok(id)
    } else {
        Err(Problem::forbidden("您没有内容审核权限").with_instance(path))
    }
}

fn json_ok(body: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// 409 `already-decided` with the decision the item got.
fn already_decided(decision: Option<AuditEntry>) -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "already-decided",
        "Already Decided",
        "该内容已由其他审核员处理",
    )
    .with_member(
        "decision",
        serde_json::to_value(decision).unwrap_or_default(),
    )
}

/// 409 `claimed` until `until`.
fn claimed(until: i64) -> Problem {
    Problem::new(
        StatusCode::CONFLICT,
        "claimed",
        "Claimed",
        "其他审核员正在处理该内容，请稍后再试",
    )
    .with_member("claimed_until", json!(time(until)))
}

/// Someone else's live claim on an item refuses a decision.
fn check_claim(conn: &Connection, kind: &str, id: &str, me: &str, now: i64) -> Result<(), Problem> {
    match db::claim_of(conn, kind, id, now)? {
        Some((holder, until)) if holder != me => Err(claimed(until)),
        _ => Ok(()),
    }
}

fn entry_not_found() -> Problem {
    Problem::not_found("作品不存在")
}

fn post_not_found() -> Problem {
    Problem::not_found("内容不存在或已被删除")
}

// ───────────────────────────── entries ─────────────────────────────

/// `GET /moderation/entries`.
pub async fn entries(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/entries");
    let me = moderator(&state, current, &path).await?;
    let mut errors = FieldErrors::new();
    let (limit, cursor) = crate::routes::organisers::page_params(&q, "me", 2, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let now = state.clock.now().timestamp();
    let body = state
        .db
        .run(move |conn| {
            let after = cursor.map(|k| [k[0], k[1]]);
            let (items, next, total) = db::entry_queue(conn, &me, now, after, limit)?;
            to_json(&Page {
                items,
                next_cursor: next.map(|k| encode_cursor("me", &k)),
                total,
            })
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

#[derive(Deserialize)]
struct EntryDecision {
    decision: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /moderation/entries/{id}/decision`.
pub async fn decide_entry(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/entries/{id}/decision");
    let me = moderator(&state, current, &path).await?;
    let (input, request): (EntryDecision, _) = write.keyed_json(&me, &path)?;
    let mut errors = FieldErrors::new();
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from);
    if input.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        errors.add("note", "说明不能超过500个字");
    }
    let code = match input.decision.as_str() {
        "approve" => None,
        "reject" => match input.reason.as_deref() {
            Some(r) if db::REJECTION_REASONS.contains(&r) => {
                if r == "other" && note.is_none() {
                    errors.add("note", "选择“其他”时须填写说明");
                }
                Some(r.to_string())
            }
            _ => {
                errors.add(
                    "reason",
                    "驳回时须选择原因：off-topic、quality、rights、unsafe、personal-info 或 other",
                );
                None
            }
        },
        _ => {
            errors.add("decision", "decision 须为 approve 或 reject");
            None
        }
    };
    errors.finish((), &path)?;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let (status, _) = db::entry_state(tx, &id)?.ok_or_else(entry_not_found)?;
        if status != "pending_review" {
            return Err(already_decided(db::last_decision(tx, &id)?));
        }
        check_claim(tx, "entry", &id, &me, now)?;
        db::decide_entry(tx, &id, code.as_deref(), note.as_deref())?;
        let action = if code.is_some() { "reject" } else { "approve" };
        db::audit(
            tx,
            Some(&me),
            action,
            "entry",
            &id,
            code.as_deref(),
            note.as_deref(),
            now,
        )?;
        db::release(tx, "entry", &id)?;
        let entry = db::moderation_entry(tx, &id, &me, now)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&entry)?))
    })
    .await?;
    Ok(written.into_response())
}

// ───────────────────────────── reported posts ─────────────────────────────

/// `GET /moderation/reports`.
pub async fn reports(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/reports");
    let me = moderator(&state, current, &path).await?;
    let mut errors = FieldErrors::new();
    let oldest = match q.param("sort").as_deref() {
        None | Some("most") => false,
        Some("oldest") => true,
        Some(_) => {
            errors.add("sort", "sort 须为 most 或 oldest");
            false
        }
    };
    let tag = if oldest { "mro" } else { "mrm" };
    let (limit, cursor) = crate::routes::organisers::page_params(&q, tag, 1, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let offset = cursor.map_or(0, |k| k[0].max(0) as usize);
    let now = state.clock.now().timestamp();
    let body = state
        .db
        .run(move |conn| {
            let (items, more, total) = db::report_queue(conn, &me, now, oldest, offset, limit)?;
            let next = (offset + items.len()) as i64;
            to_json(&Page {
                items,
                next_cursor: more.then(|| encode_cursor(tag, &[next])),
                total,
            })
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

#[derive(Deserialize)]
struct PostDecision {
    action: String,
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /moderation/posts/{id}/decision`: `hide`, `restore` or `dismiss`.
pub async fn decide_post(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/posts/{id}/decision");
    let me = moderator(&state, current, &path).await?;
    let (input, request): (PostDecision, _) = write.keyed_json(&me, &path)?;
    let mut errors = FieldErrors::new();
    if !["hide", "restore", "dismiss"].contains(&input.action.as_str()) {
        errors.add("action", "action 须为 hide、restore 或 dismiss");
    }
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(String::from);
    if input
        .reason
        .as_ref()
        .is_some_and(|r| r.chars().count() > 200)
    {
        errors.add("reason", "原因不能超过200个字");
    } else if let Some(Err(u)) = reason.as_deref().map(|r| crate::text::check(r, true)) {
        errors.add("reason", format!("原因{}", u.message()));
    }
    errors.finish((), &path)?;
    let action = input.action;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let (seq, moderation, _) = db::post_state(tx, &id)?.ok_or_else(post_not_found)?;
        let open = db::open_reports(tx, seq)? > 0;
        let decidable = match action.as_str() {
            "restore" => moderation != "visible",
            _ => open,
        };
        if !decidable {
            return Err(already_decided(db::last_decision(tx, &id)?));
        }
        check_claim(tx, "post", &id, &me, now)?;
        let (to, hidden_reason) = match action.as_str() {
            "hide" => ("hidden", reason.as_deref()),
            _ => ("visible", None),
        };
        db::decide_post(tx, seq, to, hidden_reason, now)?;
        db::audit(
            tx,
            Some(&me),
            &action,
            "post",
            &id,
            reason.as_deref(),
            None,
            now,
        )?;
        db::release(tx, "post", &id)?;
        let post = db::reported_post(tx, &id, &me, now)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&post)?))
    })
    .await?;
    Ok(written.into_response())
}

// ───────────────────────────── 反馈评价 comments ─────────────────────────────

/// `GET /moderation/feedback`: pending comments, oldest first.
pub async fn feedback(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    use crate::db::feedback::{self as fb, List};
    let path = format!("{MOD_PATH}/feedback");
    moderator(&state, current, &path).await?;
    let tag = List::Pending.tag();
    let mut errors = FieldErrors::new();
    let (limit, cursor) = crate::routes::organisers::page_params(&q, &tag, 2, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let body = state
        .db
        .run(move |conn| {
            let after = cursor.map(|k| [k[0], k[1]]);
            crate::routes::page_json(fb::page(conn, List::Pending, after, limit)?, &tag)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

#[derive(Deserialize)]
struct FeedbackDecision {
    decision: String,
    #[serde(default)]
    note: Option<String>,
}

/// `POST /moderation/feedback/{id}/decision`: approves or rejects a pending comment.
pub async fn decide_feedback(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    use crate::db::feedback as fb;
    let path = format!("{MOD_PATH}/feedback/{id}/decision");
    let me = moderator(&state, current, &path).await?;
    let (input, request): (FeedbackDecision, _) = write.keyed_json(&me, &path)?;
    let mut errors = FieldErrors::new();
    let (status, action) = match input.decision.as_str() {
        "approve" => ("approved", "approve"),
        "reject" => ("rejected", "reject"),
        _ => {
            errors.add("decision", "decision 须为 approve 或 reject");
            ("", "")
        }
    };
    let note = input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from);
    if input.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        errors.add("note", "说明不能超过500个字");
    } else if let Some(Err(u)) = note.as_deref().map(|n| crate::text::check(n, true)) {
        errors.add("note", format!("说明{}", u.message()));
    }
    errors.finish((), &path)?;
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let current =
            fb::comment_status(tx, &id)?.ok_or_else(|| Problem::not_found("评价不存在或已撤回"))?;
        if current.as_deref() != Some("pending") {
            return Err(already_decided(db::last_decision(tx, &id)?));
        }
        fb::decide(tx, &id, status)?;
        db::audit(
            tx,
            Some(&me),
            action,
            "feedback",
            &id,
            None,
            note.as_deref(),
            now,
        )?;
        let feedback = fb::find(tx, &id)?.ok_or_else(Problem::internal)?;
        Ok((StatusCode::OK, None, to_json(&feedback)?))
    })
    .await?;
    Ok(written.into_response())
}

// ───────────────────────────── mutes ─────────────────────────────

#[derive(Deserialize)]
struct MuteCreate {
    days: serde_json::Value,
    reason: String,
}

/// `POST /moderation/users/{id}/mute`.
pub async fn mute(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/users/{id}/mute");
    let me = moderator(&state, current, &path).await?;
    let (input, request): (MuteCreate, _) = write.keyed_json(&me, &path)?;
    let mut errors = FieldErrors::new();
    let days = input.days.as_i64().filter(|d| (1..=30).contains(d));
    if days.is_none() {
        errors.add("days", "禁言天数须为1到30的整数");
    }
    let reason = input.reason.trim().to_string();
    let n = input.reason.chars().count();
    if reason.is_empty() || n > 200 {
        errors.add("reason", "禁言原因须为1到200个字");
    } else if let Err(u) = crate::text::check(&reason, true) {
        errors.add("reason", format!("禁言原因{}", u.message()));
    }
    errors.finish((), &path)?;
    let days = days.unwrap_or(1);
    let now = state.clock.now().timestamp();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        if !db::user_exists(tx, &id)? {
            return Err(Problem::not_found("用户不存在"));
        }
        let until = now + days * 86_400;
        db::mute(tx, &id, until, &reason, &me, now)?;
        let note = format!("{days}天");
        db::audit(
            tx,
            Some(&me),
            "mute",
            "user",
            &id,
            Some(&reason),
            Some(&note),
            now,
        )?;
        let body = json!({ "user_id": id, "muted_until": time(until), "reason": reason });
        Ok((StatusCode::OK, None, to_json(&body)?))
    })
    .await?;
    Ok(written.into_response())
}

// ───────────────────────────── banned words ─────────────────────────────

/// `GET /moderation/words`.
pub async fn words(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/words");
    moderator(&state, current, &path).await?;
    let category = q.param("category");
    let body = state
        .db
        .run(move |conn| {
            let items = db::list_words(conn, category.as_deref())?;
            to_json(&json!({ "items": items }))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

/// Reloads the shared list from the table (after a committed change), so the next post is
/// checked against it.
fn reload_words(state: &AppState, conn: &Connection) -> Result<(), Problem> {
    state
        .banned_words
        .reload(|| db::load_words(conn))
        .map_err(Problem::from)
}

#[derive(Deserialize)]
struct WordCreate {
    word: String,
    category: String,
}

/// `POST /moderation/words`: 201 when added, 200 with the listed word when it matches one.
pub async fn add_word(
    State(state): State<AppState>,
    current: CurrentUser,
    write: WriteRequest,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/words");
    let me = moderator(&state, current, &path).await?;
    let (input, request): (WordCreate, _) = write.keyed_json(&me, &path)?;
    let mut errors = FieldErrors::new();
    let (word, category) = (input.word.trim(), input.category.trim());
    let n = input.word.chars().count();
    let new = BannedWord::new(word, category);
    if new.is_none() || n > 40 {
        errors.add("word", "违规词须为1到40个字");
    } else if let Err(u) = crate::text::check(word, false) {
        errors.add("word", format!("违规词{}", u.message()));
    }
    let c = input.category.chars().count();
    if category.is_empty() || c > 20 {
        errors.add("category", "类别须为1到20个字");
    } else if let Err(u) = crate::text::check(category, false) {
        errors.add("category", format!("类别{}", u.message()));
    }
    let new = errors.finish(new, &path)?.ok_or_else(Problem::internal)?;
    let now = state.clock.now().timestamp();
    let shared = state.clone();
    let written = idempotent_write(&state, request, now, &path, move |tx| {
        let added = db::add_word(tx, &new, now)?;
        if added {
            db::audit(
                tx,
                Some(&me),
                "add-word",
                "word",
                &new.word,
                Some(&new.category),
                None,
                now,
            )?;
        }
        let listed = db::find_word(tx, new.folded())?.ok_or_else(Problem::internal)?;
        let status = if added {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        Ok((status, None, to_json(&listed)?))
    })
    .await?;
    state
        .db
        .run(move |conn| reload_words(&shared, conn))
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(written.into_response())
}

/// `DELETE /moderation/words?word=…&category=…`.
pub async fn remove_words(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/words");
    let me = moderator(&state, current, &path).await?;
    let word = q.param("word");
    let category = q.param("category");
    if word.is_none() && category.is_none() {
        return Err(
            Problem::field("word", "请指定要删除的违规词（word）或类别（category）")
                .with_instance(&path),
        );
    }
    let folded = word.as_deref().map(crate::text::for_matching);
    let now = state.clock.now().timestamp();
    let shared = state.clone();
    state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let removed = db::remove_words(&tx, folded.as_deref(), category.as_deref())?;
            if removed.is_empty() {
                return Err(Problem::not_found("没有这个违规词"));
            }
            for w in &removed {
                db::audit(
                    &tx,
                    Some(&me),
                    "remove-word",
                    "word",
                    w,
                    category.as_deref(),
                    None,
                    now,
                )?;
            }
            tx.commit()?;
            reload_words(&shared, conn)
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ───────────────────────────── audit and claims ─────────────────────────────

/// `GET /moderation/audit?item=…`.
pub async fn audit(
    State(state): State<AppState>,
    current: CurrentUser,
    q: QueryParams,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/audit");
    moderator(&state, current, &path).await?;
    let item = q.param("item");
    let tag = format!(
        "au{}",
        crate::routes::fnv1a(item.as_deref().unwrap_or("").as_bytes())
    );
    let mut errors = FieldErrors::new();
    let (limit, cursor) = crate::routes::organisers::page_params(&q, &tag, 1, &mut errors);
    let (limit, cursor) = errors.finish((limit, cursor), &path)?;
    let body = state
        .db
        .run(move |conn| {
            let before = cursor.map(|k| k[0]);
            let (items, next, total) = db::audit_page(conn, item.as_deref(), before, limit)?;
            to_json(&Page {
                items,
                next_cursor: next.map(|k| encode_cursor(&tag, &[k])),
                total,
            })
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}

#[derive(Deserialize)]
struct ClaimCreate {
    kind: String,
    id: String,
}

/// `POST /moderation/claims`: 2 minutes on an item still in its queue.
pub async fn claim(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let path = format!("{MOD_PATH}/claims");
    let me = moderator(&state, current, &path).await?;
    let input: ClaimCreate = parse_body(&headers, &body).map_err(|p| p.with_instance(&path))?;
    if !["entry", "post"].contains(&input.kind.as_str()) {
        return Err(Problem::field("kind", "kind 须为 entry 或 post").with_instance(&path));
    }
    let now = state.clock.now().timestamp();
    let ClaimCreate { kind, id } = input;
    let body = state
        .db
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let open = if kind == "entry" {
                let (status, _) = db::entry_state(&tx, &id)?.ok_or_else(entry_not_found)?;
                status == "pending_review"
            } else {
                let (seq, moderation, _) = db::post_state(&tx, &id)?.ok_or_else(post_not_found)?;
                moderation != "visible" || db::open_reports(&tx, seq)? > 0
            };
            if !open {
                return Err(already_decided(db::last_decision(&tx, &id)?));
            }
            let until = db::claim(&tx, &kind, &id, &me, now)?.map_err(claimed)?;
            tx.commit()?;
            to_json(&json!({ "kind": kind, "id": id, "claimed_until": time(until) }))
        })
        .await
        .map_err(|p| p.with_instance(&path))?;
    Ok(json_ok(body))
}
