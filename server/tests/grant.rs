//! `kepuri-server grant`: the real binary grants roles on a running server's database, and
//! `GET /me/roles` shows them at the next request.
mod common;

use serde_json::{json, Value};
use std::process::Command;

fn grant(db: &std::path::Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kepuri-server"))
        .arg("grant")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run kepuri-server grant");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn the_grant_subcommand_gives_roles_that_me_roles_shows() {
    let server = common::start_with(|c, _| c.dev_codes = true).await;
    let db = server.dir.path().join("data/kepuri.db");
    let phone = "13912345678";

    let (ok, out) = grant(
        &db,
        &["--phone", phone, "--role", "reviewer", "--region", "310000"],
    );
    assert!(ok, "{out}");
    assert!(out.contains("reviews province 310000"), "{out}");
    let (ok, out) = grant(
        &db,
        &[
            "--phone",
            phone,
            "--role",
            "reviewer",
            "--society",
            "unit_000002",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = grant(
        &db,
        &[
            "--phone",
            phone,
            "--role",
            "organiser",
            "--unit",
            "unit_000001",
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = grant(&db, &["--phone", phone, "--role", "admin"]);
    assert!(ok, "{out}");
    // Twice is a no-op.
    assert!(grant(&db, &["--phone", phone, "--role", "admin"]).0);

    // Refused: an unknown province, a unit that is no 全国学会, a missing or extra scope, a bad phone.
    for args in [
        vec!["--phone", phone, "--role", "reviewer", "--region", "990000"],
        vec![
            "--phone",
            phone,
            "--role",
            "reviewer",
            "--society",
            "unit_000001",
        ],
        vec!["--phone", phone, "--role", "reviewer"],
        vec!["--phone", phone, "--role", "admin", "--region", "110000"],
        vec![
            "--phone",
            phone,
            "--role",
            "organiser",
            "--unit",
            "unit_999999",
        ],
        vec!["--phone", "12345", "--role", "admin"],
    ] {
        let (ok, out) = grant(&db, &args);
        assert!(!ok, "{args:?} should fail: {out}");
    }
    let (ok, out) = grant(
        &server.dir.path().join("missing.db"),
        &["--phone", phone, "--role", "admin"],
    );
    assert!(!ok && out.contains("does not exist"), "{out}");

    let token = common::log_in(&server.client, &server.base, phone).await;
    let roles: Value = server
        .client
        .get(server.url("/api/v1/me/roles"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(roles["admin"], true);
    assert_eq!(roles["reviewer"], true);
    assert_eq!(
        roles["review_scopes"],
        json!([
            { "type": "province", "id": "310000", "name": "上海市" },
            { "type": "society", "id": "unit_000002", "name": "中国核学会" }
        ])
    );
    assert_eq!(roles["units"][0]["id"], "unit_000001");
}
