//! What the 登记填报 and 内容审核 tests share on top of `common`: the dev accounts, a
//! [`CheckedServer`] whose clock stands still at a chosen second, and drafts, uploads and
//! submissions of the seeded unit.
#![allow(dead_code, unused_imports)] // each test binary uses a different part of this

pub use crate::common::{Answer, CheckedServer};
use kepuri_server::Config;
use serde_json::{json, Value};

pub const ORGANISER: &str = "13800000001";
pub const BEIJING: &str = "13800000002";
pub const SHANGHAI: &str = "13800000003";
pub const ADMIN: &str = "13800000004";
/// The seeded moderator of 内容审核.
pub const MODERATOR: &str = "13800000005";
/// The seeded, approved unit of [`ORGANISER`] (Beijing) and the seeded 全国学会.
pub const UNIT: &str = "unit_000001";
pub const SOCIETY: &str = "unit_000002";
/// A valid 统一社会信用代码.
pub const CREDIT_CODE: &str = "91110108MA01AAAAAL";

/// A server with `--dev-codes` whose clock reads `at` (RFC 3339) until advanced.
pub async fn start_at(at: &str) -> CheckedServer {
    start_at_with(at, |_| {}).await
}

/// [`start_at`] with more settings (`configure` runs last).
pub async fn start_at_with(at: &str, configure: impl FnOnce(&mut Config)) -> CheckedServer {
    CheckedServer {
        server: crate::common::start_frozen(at, configure).await,
    }
}

impl CheckedServer {
    /// A new draft of `unit` with `fields` (201 expected).
    pub async fn draft(&self, token: &str, unit: &str, fields: Value) -> Value {
        let mut body = fields;
        body["unit_id"] = json!(unit);
        let a = self.post("/organiser/activities", token, body).await;
        assert_eq!(a.status, 201, "{}", a.body);
        a.body
    }

    /// A finished upload of `token`'s user holding `bytes`; its id.
    pub async fn upload_bytes(&self, token: &str, bytes: &[u8]) -> String {
        self.server.upload(token, bytes.len(), None, &[bytes]).await
    }

    /// A draft with every field a submission needs (hybrid, in Haidian, on 9月12日).
    pub async fn complete_fields(&self, token: &str, title: &str) -> Value {
        let cover = self.upload_bytes(token, PNG).await;
        json!({
            "title": title,
            "summary": "量子科学家带你认识量子通信与量子计算。",
            "description": "从“墨子号”到“九章”。\n现场体验量子密钥分发。",
            "event_kind": "open-day",
            "themes": ["space"],
            "audience": "10岁以上青少年及家长",
            "format": "hybrid",
            "venue_name": "海淀区青少年科技馆",
            "venue_address": "北京市海淀区中关村大街1号",
            "province_code": "110000",
            "city_code": "110108",
            "capacity": 120,
            "online_url": "https://live.example.org/quantum",
            "starts_at": "2021-09-12T14:00:00+08:00",
            "ends_at": "2021-09-12T16:00:00+08:00",
            "cover_upload_id": cover,
            "marks_confirmed": true
        })
    }

    /// A complete draft of the seeded unit, submitted (200 expected); its id.
    pub async fn submitted(&self, token: &str, title: &str) -> String {
        let fields = self.complete_fields(token, title).await;
        let d = self.draft(token, UNIT, fields).await;
        let id = d["id"].as_str().unwrap().to_string();
        let a = self
            .call(
                "POST",
                &format!("/organiser/activities/{id}/submit"),
                Some(token),
                None,
                &[],
            )
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        id
    }
}

/// A 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];
