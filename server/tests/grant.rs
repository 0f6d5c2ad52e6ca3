//! `kepuri-server grant`: the real binary grants roles on a running server's database, and
//! `GET /me/roles` shows them at the next request.
mod common;

use common::grant_cli as grant;
use serde_json::json;

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

    let token = server.log_in(phone).await;
    let roles = server.get("/api/v1/me/roles").auth(&token).json_ok().await;
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
