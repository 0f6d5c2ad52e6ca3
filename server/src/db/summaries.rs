//! 工作总结: one summary per unit (`unit_summaries`) and its attachments in display order
//! (`summary_attachments`). A unit without a row has an empty draft at version 1. The checks
//! (blocks, attachments, window) are `routes::summaries`'; this file only reads and writes.
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// One block of a summary, as stored and sent: plain text, never HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub items: Option<Vec<String>>,
}

/// An attachment row.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub upload_id: String,
    pub filename: String,
    pub media_type: String,
    pub bytes: i64,
}

/// A unit's summary as stored (or the empty draft when there is no row).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub unit_id: String,
    pub status: String,
    pub version: i64,
    pub blocks: Vec<Block>,
    pub attachments: Vec<Attachment>,
    pub updated_at: Option<i64>,
    pub submitted_at: Option<i64>,
}

impl Summary {
    fn empty(unit_id: &str) -> Self {
        Self {
            unit_id: unit_id.to_string(),
            status: "draft".into(),
            version: 1,
            blocks: Vec::new(),
            attachments: Vec::new(),
            updated_at: None,
            submitted_at: None,
        }
    }
}

/// The summary of `unit_id` (an empty draft at version 1 before the first save).
pub fn find(conn: &Connection, unit_id: &str) -> rusqlite::Result<Summary> {
    let row = conn
        .prepare_cached(
            "SELECT status, version, blocks, updated_at, submitted_at
             FROM unit_summaries WHERE unit_id = ?1",
        )?
        .query_row([unit_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<i64>>(4)?,
            ))
        })
        .optional()?;
    let Some((status, version, blocks, updated_at, submitted_at)) = row else {
        return Ok(Summary::empty(unit_id));
    };
    let blocks = serde_json::from_str(&blocks).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Summary {
        unit_id: unit_id.to_string(),
        status,
        version,
        blocks,
        attachments: attachments(conn, unit_id)?,
        updated_at: Some(updated_at),
        submitted_at,
    })
}

fn attachments(conn: &Connection, unit_id: &str) -> rusqlite::Result<Vec<Attachment>> {
    conn.prepare_cached(
        "SELECT upload_id, filename, media_type, bytes FROM summary_attachments
         WHERE unit_id = ?1 ORDER BY position",
    )?
    .query_map([unit_id], |r| {
        Ok(Attachment {
            upload_id: r.get(0)?,
            filename: r.get(1)?,
            media_type: r.get(2)?,
            bytes: r.get(3)?,
        })
    })?
    .collect()
}

/// Writes a draft at `version + 1`: the blocks (when given) and the attachments (when given,
/// replacing the list). Runs in the caller's transaction.
pub fn save_draft(
    tx: &Connection,
    current: &Summary,
    blocks: Option<&[Block]>,
    attachments: Option<&[Attachment]>,
    user_id: &str,
    now: i64,
) -> rusqlite::Result<()> {
    let blocks = blocks.unwrap_or(&current.blocks);
    let json = serde_json::to_string(blocks)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    tx.prepare_cached(
        "INSERT INTO unit_summaries(unit_id, status, version, blocks, updated_at, updated_by)
         VALUES (?1, 'draft', ?2, ?3, ?4, ?5)
         ON CONFLICT(unit_id) DO UPDATE SET version = excluded.version, blocks = excluded.blocks,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )?
    .execute(params![
        current.unit_id,
        current.version + 1,
        json,
        now,
        user_id
    ])?;
    if let Some(list) = attachments {
        tx.prepare_cached("DELETE FROM summary_attachments WHERE unit_id = ?1")?
            .execute([&current.unit_id])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO summary_attachments(unit_id, position, upload_id, filename, media_type, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, a) in list.iter().enumerate() {
            insert.execute(params![
                current.unit_id,
                i as i64,
                a.upload_id,
                a.filename,
                a.media_type,
                a.bytes
            ])?;
        }
    }
    Ok(())
}

/// Marks the summary submitted (the row exists: submitting needs a saved paragraph).
pub fn submit(tx: &Connection, unit_id: &str, user_id: &str, now: i64) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "UPDATE unit_summaries SET status = 'submitted', version = version + 1,
           submitted_at = ?2, submitted_by = ?3
         WHERE unit_id = ?1 AND status = 'draft'",
    )?
    .execute(params![unit_id, now, user_id])?;
    Ok(())
}

/// The attachment `upload_id` of `unit_id`'s summary.
pub fn attachment(
    conn: &Connection,
    unit_id: &str,
    upload_id: &str,
) -> rusqlite::Result<Option<Attachment>> {
    conn.prepare_cached(
        "SELECT upload_id, filename, media_type, bytes FROM summary_attachments
         WHERE unit_id = ?1 AND upload_id = ?2",
    )?
    .query_row([unit_id, upload_id], |r| {
        Ok(Attachment {
            upload_id: r.get(0)?,
            filename: r.get(1)?,
            media_type: r.get(2)?,
            bytes: r.get(3)?,
        })
    })
    .optional()
}

/// The raw `Upload-Metadata` of an upload (for the attachment's file name).
pub fn upload_metadata(conn: &Connection, upload_id: &str) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT metadata FROM uploads WHERE id = ?1")?
        .query_row([upload_id], |r| r.get::<_, Option<String>>(0))
        .optional()?
        .flatten())
}
