//! 工作总结 (issue 17): only the unit's organisers read and write it; blocks are plain text with
//! lengths in Unicode characters, refused with a 422 naming the block; attachments are
//! recognised by their bytes (PDF, DOCX, JPEG, PNG; ≤ 20 MiB) and kept by the purge; saving and
//! submitting close at 2021-10-23 00:00 China time to the second; a submitted summary is final
//! and reviewers of the unit's scope read it; the figures equal the database's.
//! The clock stands still; every JSON answer is checked against the contract.
mod common;
mod registration_support;

use registration_support::*;
use serde_json::{json, Value};

const SUMMARY: &str = "/organiser/units/unit_000001/summary";
const SUBMIT: &str = "/organiser/units/unit_000001/summary/submit";
const REVIEW: &str = "/review/units/unit_000001/summary";
const LAST_SECOND: &str = "2021-10-22T23:59:59+08:00";
const CLOSED: &str = "2021-10-23T00:00:00+08:00";

/// A tiny valid PDF.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A stored (uncompressed) ZIP holding `names`, each with a few bytes.
fn zip(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut dir = Vec::new();
    for name in names {
        let data = b"<w:document/>";
        let offset = out.len() as u32;
        let crc = 0u32; // readers of the directory alone never look at it
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        dir.extend_from_slice(b"PK\x01\x02");
        dir.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        dir.extend_from_slice(&crc.to_le_bytes());
        dir.extend_from_slice(&(data.len() as u32).to_le_bytes());
        dir.extend_from_slice(&(data.len() as u32).to_le_bytes());
        dir.extend_from_slice(&(name.len() as u16).to_le_bytes());
        dir.extend_from_slice(&[0; 12]);
        dir.extend_from_slice(&offset.to_le_bytes());
        dir.extend_from_slice(name.as_bytes());
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&dir);
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(dir.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

impl CheckedServer {
    async fn summary(&self, token: &str) -> (Value, String) {
        let a = self.get(SUMMARY, token).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let etag = a.header("etag").expect("ETag").to_string();
        (a.body, etag)
    }

    async fn save(&self, token: &str, body: Value) -> Answer {
        let (_, etag) = self.summary(token).await;
        self.patch(SUMMARY, token, body, Some(&etag)).await
    }

    async fn submit_summary(&self, token: &str, key: &str) -> Answer {
        let key = format!("summary-{key}");
        self.call(
            "POST",
            SUBMIT,
            Some(token),
            None,
            &[("Idempotency-Key", &key)],
        )
        .await
    }
}

fn paragraph(text: &str) -> Value {
    json!({ "type": "paragraph", "text": text })
}

#[tokio::test]
async fn organisers_only_and_the_draft_is_saved_as_typed_with_its_version() {
    let s = start_at("2021-10-12T15:30:00+08:00").await;
    let org = s.log_in(ORGANISER).await;
    let (empty, etag) = s.summary(&org).await;
    assert_eq!(empty["status"], "draft");
    assert_eq!(empty["version"], 1);
    assert_eq!(empty["blocks"], json!([]));
    assert_eq!(empty["updated_at"], Value::Null);
    assert_eq!(empty["unit"]["id"], UNIT);
    assert_eq!(empty["window"]["open"], true);
    assert_eq!(empty["window"]["closes_at"], CLOSED);
    assert_eq!(empty["window"]["server_time"], "2021-10-12T15:30:00+08:00");
    assert_eq!(etag, "\"v1\"");

    // Someone else (a reviewer, a visitor): 404 as an unknown unit, on every operation.
    let other = s.log_in(BEIJING).await;
    let visitor = s.log_in("13900000077").await;
    for t in [&other, &visitor] {
        assert_eq!(s.get(SUMMARY, t).await.status, 404);
        let a = s
            .patch(SUMMARY, t, json!({ "blocks": [] }), Some("\"v1\""))
            .await;
        assert_eq!(a.status, 404);
        assert_eq!(s.submit_summary(t, "k-other").await.status, 404);
    }
    assert_eq!(
        s.get("/organiser/units/unit_999999/summary", &org)
            .await
            .status,
        404
    );

    // If-Match is required, and must be current.
    let body = json!({ "blocks": [
        { "type": "heading", "level": 2, "text": "总体情况" },
        paragraph(""),
        { "type": "numbers", "items": ["<b>量子</b>展览", ""] },
    ] });
    let a = s.patch(SUMMARY, &org, body.clone(), None).await;
    assert_eq!((a.status, a.slug()), (428, "precondition-required".into()));
    let a = s.patch(SUMMARY, &org, body.clone(), Some("\"v1\"")).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.header("etag"), Some("\"v2\""));
    assert_eq!(a.body["version"], 2);
    assert_eq!(a.body["updated_at"], "2021-10-12T15:30:00+08:00");
    // Kept exactly as typed: the empty paragraph and item too, the markup as plain text.
    assert_eq!(a.body["blocks"], body["blocks"]);
    let a = s
        .patch(SUMMARY, &org, json!({ "blocks": [] }), Some("\"v1\""))
        .await;
    assert_eq!((a.status, a.slug()), (412, "version-mismatch".into()));
    assert_eq!(a.body["current"]["version"], 2);
    let (again, _) = s.summary(&org).await;
    assert_eq!(again["blocks"], body["blocks"]);

    // Attachments alone leave the blocks as they are.
    let pdf = s.upload_bytes(&org, PDF).await;
    let a = s
        .save(&org, json!({ "attachment_upload_ids": [pdf] }))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["blocks"], body["blocks"]);
}

#[tokio::test]
async fn blocks_are_checked_in_unicode_characters_and_named_by_index() {
    let s = start_at("2021-10-12T15:30:00+08:00").await;
    let org = s.log_in(ORGANISER).await;
    // Exactly at each limit (Chinese characters count one each): saved.
    let ok = json!({ "blocks": [
        { "type": "heading", "level": 3, "text": "标".repeat(40) },
        paragraph(&"文".repeat(2000)),
        { "type": "bullets", "items": vec!["项".repeat(300); 20] },
        paragraph("第一行\n第二行"),
    ] });
    let a = s.save(&org, ok).await;
    assert_eq!(a.status, 200, "{}", a.body);

    let bad = json!({ "blocks": [
        { "type": "heading", "level": 1, "text": "标".repeat(41) },
        paragraph(&"文".repeat(2001)),
        { "type": "bullets", "items": [] },
        { "type": "numbers", "items": ["a\u{202e}b", "项".repeat(301)] },
        { "type": "html", "text": "<p>x</p>" },
        { "type": "paragraph", "text": "x", "html": "<p>x</p>" },
        { "type": "heading", "level": 2, "text": "一\n二" },
        "text",
    ] });
    let a = s.save(&org, bad).await;
    assert_eq!((a.status, a.slug()), (422, "validation".into()));
    let mut fields = a.fields();
    fields.sort();
    assert_eq!(
        fields,
        [
            "blocks[0].level",
            "blocks[0].text",
            "blocks[1].text",
            "blocks[2].items",
            "blocks[3].items[0]",
            "blocks[3].items[1]",
            "blocks[4].type",
            "blocks[5].html",
            "blocks[6].text",
            "blocks[7]",
        ]
    );
    // Too many blocks, too much text in all.
    let a = s
        .save(&org, json!({ "blocks": vec![paragraph("x"); 101] }))
        .await;
    assert_eq!(a.fields(), ["blocks"]);
    let a = s
        .save(
            &org,
            json!({ "blocks": vec![paragraph(&"文".repeat(2000)); 11] }),
        )
        .await;
    assert_eq!(a.fields(), ["blocks"]);
    let a = s.save(&org, json!({})).await;
    assert_eq!(a.status, 422);
    // Nothing of the refused writes was kept.
    let (now, etag) = s.summary(&org).await;
    assert_eq!(etag, "\"v2\"");
    assert_eq!(now["blocks"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn attachments_are_recognised_by_their_bytes_and_kept_by_the_purge() {
    let s = start_at_with("2021-10-12T15:30:00+08:00", |c| c.unused_upload_hours = 1).await;
    let org = s.log_in(ORGANISER).await;
    let jpeg: &[u8] = &[
        0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F', 0, 1,
    ];
    let docx = zip(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    let name = {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        format!(
            "filename {},filetype {}",
            b64("../2021科普日\u{0}工作总结.pdf"),
            b64("text/plain")
        )
    };
    let pdf = s.server.upload(&org, PDF.len(), Some(&name), &[PDF]).await;
    let ids = [
        pdf.clone(),
        s.upload_bytes(&org, &docx).await,
        s.upload_bytes(&org, jpeg).await,
        s.upload_bytes(&org, PNG).await,
    ];
    let a = s.save(&org, json!({ "attachment_upload_ids": ids })).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let got: Vec<(&str, &str)> = a.body["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["media_type"].as_str().unwrap(),
                x["upload_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("application/pdf", ids[0].as_str()),
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                ids[1].as_str()
            ),
            ("image/jpeg", ids[2].as_str()),
            ("image/png", ids[3].as_str()),
        ]
    );
    let first = &a.body["attachments"][0];
    assert_eq!(first["filename"], "2021科普日工作总结.pdf");
    assert_eq!(first["bytes"], PDF.len());
    assert_eq!(first["url"], format!("/api/v1{SUMMARY}/attachments/{pdf}"));

    // Served as what the bytes are, to the unit's organisers only.
    let res = s
        .server
        .get(&format!("/api/v1{SUMMARY}/attachments/{pdf}"))
        .auth(&org)
        .send()
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let other = s.log_in(SHANGHAI).await;
    let res = s
        .server
        .get(&format!("/api/v1{SUMMARY}/attachments/{pdf}"))
        .auth(&other)
        .send()
        .await;
    assert_eq!(res.status(), 404);

    // What the bytes say decides, never the name: a ZIP without word/document.xml, text, a
    // GIF, a truncated PDF signature.
    for bytes in [
        zip(&["[Content_Types].xml", "word/other.xml"]),
        b"hello, not a document".to_vec(),
        b"GIF89a\x01\x00\x01\x00".to_vec(),
        b"%PD".to_vec(),
        b"PK\x03\x04 but not a zip".to_vec(),
    ] {
        let id = s.upload_bytes(&org, &bytes).await;
        let a = s
            .save(&org, json!({ "attachment_upload_ids": [ids[0], id] }))
            .await;
        assert_eq!(
            (a.status, a.slug()),
            (415, "unsupported-media-type".into()),
            "{bytes:?}"
        );
        assert_eq!(a.fields(), ["attachment_upload_ids[1]"]);
    }
    // Over 20 MiB: 413; exactly 20 MiB: accepted.
    let mut big = vec![0u8; 20 * 1024 * 1024 + 1];
    big[..5].copy_from_slice(b"%PDF-");
    let id = s.upload_bytes(&org, &big).await;
    let a = s.save(&org, json!({ "attachment_upload_ids": [id] })).await;
    assert_eq!(
        (a.status, a.fields()),
        (413, vec!["attachment_upload_ids[0]".into()])
    );
    big.pop();
    let id = s.upload_bytes(&org, &big).await;
    let a = s
        .save(&org, json!({ "attachment_upload_ids": [ids[0], id] }))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // Someone else's upload, an unknown one, one used twice, eleven: 422.
    let theirs = s.upload_bytes(&other, PDF).await;
    for list in [
        json!([theirs]),
        json!(["up_00000000000000000000"]),
        json!([ids[0], ids[0]]),
        json!(vec![ids[0].clone(); 11]),
    ] {
        let a = s.save(&org, json!({ "attachment_upload_ids": list })).await;
        assert_eq!(a.status, 422, "{list}");
    }

    // The purge keeps attachments and takes what was dropped from the list.
    let a = s
        .save(&org, json!({ "attachment_upload_ids": [ids[0], ids[1]] }))
        .await;
    assert_eq!(a.status, 200);
    s.advance_secs(2 * 3600);
    kepuri_server::routes::uploads::purge(&s.server.state).await;
    let file = |id: &str| s.upload_dir.join(format!("{id}.bin"));
    assert!(file(&ids[0]).exists() && file(&ids[1]).exists());
    assert!(!file(&ids[2]).exists(), "a dropped attachment is purged");
    // An attachment is in use: it cannot become a post image or a cover elsewhere.
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let in_use: bool = kepuri_server::db::topics::upload_in_use(&conn, &ids[0]).unwrap();
    assert!(in_use);
}

#[tokio::test]
async fn submitting_closes_at_midnight_on_october_22_and_is_final() {
    let s = start_at(LAST_SECOND).await;
    let org = s.log_in(ORGANISER).await;
    // Needs a paragraph, and nothing left empty.
    let a = s.submit_summary(&org, "k1").await;
    assert_eq!((a.status, a.fields()), (422, vec!["blocks".into()]));
    let a = s
        .save(
            &org,
            json!({ "blocks": [{ "type": "heading", "level": 2, "text": " " }, paragraph("写好了"), { "type": "bullets", "items": ["一", ""] }] }),
        )
        .await;
    assert_eq!(a.status, 200);
    let a = s.submit_summary(&org, "k2").await;
    assert_eq!(a.status, 422);
    let mut fields = a.fields();
    fields.sort();
    assert_eq!(fields, ["blocks[0].text", "blocks[2].items[1]"]);
    let a = s
        .save(
            &org,
            json!({ "blocks": [paragraph("科普日期间，我馆共举办活动。")] }),
        )
        .await;
    assert_eq!(a.status, 200);

    // 23:59:59 is still open.
    let a = s.submit_summary(&org, "k3").await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "submitted");
    assert_eq!(a.body["submitted_at"], LAST_SECOND);
    let version = a.body["version"].clone();
    assert_eq!(a.header("etag"), Some(format!("\"v{version}\"").as_str()));
    // A replay answers the same; a new request is a conflict; editing is over.
    let again = s.submit_summary(&org, "k3").await;
    assert_eq!(again.status, 200);
    assert_eq!(again.header("idempotency-replayed"), Some("true"));
    let a = s.submit_summary(&org, "k4").await;
    assert_eq!((a.status, a.slug()), (409, "conflict".into()));
    let a = s.save(&org, json!({ "blocks": [] })).await;
    assert_eq!((a.status, a.slug()), (409, "conflict".into()));

    // Another unit's organiser at 00:00:00 exactly: closed, for saving and for submitting.
    let s = start_at(CLOSED).await;
    let org = s.log_in(ORGANISER).await;
    let (summary, _) = s.summary(&org).await;
    assert_eq!(summary["window"]["open"], false);
    let a = s.save(&org, json!({ "blocks": [paragraph("晚了")] })).await;
    assert_eq!((a.status, a.slug()), (409, "window-closed".into()));
    assert_eq!(a.body["closes_at"], CLOSED);
    assert_eq!(a.body["opens_at"], "2021-08-16T00:00:00+08:00");
    let a = s.submit_summary(&org, "k5").await;
    assert_eq!((a.status, a.slug()), (409, "window-closed".into()));
}

#[tokio::test]
async fn reviewers_of_the_scope_read_it_once_submitted() {
    let s = start_at("2021-10-20T10:00:00+08:00").await;
    let org = s.log_in(ORGANISER).await;
    let beijing = s.log_in(BEIJING).await;
    let shanghai = s.log_in(SHANGHAI).await;
    let admin = s.log_in(ADMIN).await;
    let pdf = s.upload_bytes(&org, PDF).await;
    let blocks =
        json!([{ "type": "heading", "level": 2, "text": "总体情况" }, paragraph("共举办活动。")]);
    let a = s
        .save(
            &org,
            json!({ "blocks": blocks, "attachment_upload_ids": [pdf] }),
        )
        .await;
    assert_eq!(a.status, 200);

    // A draft: its status and figures, no text.
    let a = s.get(REVIEW, &beijing).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["status"], "draft");
    assert_eq!(a.body["blocks"], json!([]));
    assert_eq!(a.body["attachments"], json!([]));
    let download = format!("/api/v1{REVIEW}/attachments/{pdf}");
    let res = s.server.get(&download).auth(&beijing).send().await;
    assert_eq!(res.status(), 404);

    assert_eq!(s.submit_summary(&org, "k").await.status, 200);
    for t in [&beijing, &admin] {
        let a = s.get(REVIEW, t).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.body["status"], "submitted");
        assert_eq!(a.body["blocks"], blocks);
        assert_eq!(
            a.body["attachments"][0]["url"],
            format!("/api/v1{REVIEW}/attachments/{pdf}")
        );
        let res = s.server.get(&download).auth(t).send().await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    }
    // Outside the scope: 404; not a reviewer: 403.
    assert_eq!(s.get(REVIEW, &shanghai).await.status, 404);
    let res = s.server.get(&download).auth(&shanghai).send().await;
    assert_eq!(res.status(), 404);
    assert_eq!(s.get(REVIEW, &org).await.status, 403);
}

/// `SELECT COUNT(*)`-like query with the unit id as `?1`.
fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [UNIT], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn the_figures_equal_the_database_at_every_read() {
    let s = start_at("2021-09-13T10:00:00+08:00").await;
    let org = s.log_in(ORGANISER).await;
    // Something of every status the unit can reach here: a draft and a submitted activity.
    s.draft(&org, UNIT, json!({ "title": "草稿中的活动" }))
        .await;
    s.submitted(&org, "待审核的活动").await;
    let (summary, _) = s.summary(&org).await;
    let conn = rusqlite::Connection::open(&s.db).unwrap();
    let by_status = |status: &str| {
        conn.query_row(
            "SELECT COUNT(*) FROM registered_activities WHERE unit_id = ?1 AND status = ?2",
            [UNIT, status],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
    };
    let themes: Vec<Value> = conn
        .prepare(
            "SELECT id, name FROM themes WHERE id IN (SELECT j.value FROM registered_activities r,
               json_each(r.themes) j WHERE r.unit_id = ?1 AND r.status = 'published')
             ORDER BY sort",
        )
        .unwrap()
        .query_map([UNIT], |r| {
            Ok(json!({ "id": r.get::<_, String>(0)?, "name": r.get::<_, String>(1)? }))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let published_results = |column: &str| {
        count(
            &conn,
            &format!(
                "SELECT COALESCE(SUM({column}), 0) FROM activity_result_figures
                 WHERE activity_id IN (SELECT id FROM activities WHERE unit_id = ?1
                   AND status = 'published')"
            ),
        )
    };
    let expected = json!({
        "activities": {
            "draft": by_status("draft"),
            "submitted": by_status("submitted"),
            "returned": by_status("returned"),
            "published": by_status("published"),
            "cancelled": by_status("cancelled"),
        },
        "participants_offline": published_results("participants_offline"),
        "views_online": published_results("views_online"),
        "livestreams": count(&conn, "SELECT COUNT(*) FROM livestreams
            WHERE organizer_name = (SELECT name FROM units WHERE id = ?1)"),
        "challenge_entries": count(&conn, "SELECT COUNT(*) FROM entries WHERE status = 'approved'
            AND author_id IN (SELECT user_id FROM unit_members WHERE unit_id = ?1)"),
        "volunteers": count(&conn, "SELECT COUNT(*) FROM volunteers
            WHERE organization = (SELECT name FROM units WHERE id = ?1)"),
        "themes": themes,
        "online_activities": count(&conn, "SELECT COUNT(*) FROM registered_activities
            WHERE unit_id = ?1 AND status = 'published' AND format IN ('online', 'hybrid')"),
    });
    assert_eq!(summary["figures"], expected);
    assert!(by_status("draft") >= 1 && by_status("submitted") >= 1);
    // Computed at every read: a new draft shows at once, to the reviewer as well.
    s.draft(&org, UNIT, json!({ "title": "又一个草稿" })).await;
    let (again, _) = s.summary(&org).await;
    assert_eq!(again["figures"]["activities"]["draft"], by_status("draft"));
    let beijing = s.log_in(BEIJING).await;
    let a = s.get(REVIEW, &beijing).await;
    assert_eq!(a.body["figures"], again["figures"]);
}
