//! The moderator role from the real `kepuri-server grant` binary: granted on a running server's
//! database, it shows in `GET /me/roles` and opens `/moderation/*` at the next request.
mod common;

use common::grant_cli as grant;

#[tokio::test]
async fn a_granted_moderator_moderates_at_the_next_request() {
    let server = common::start_with(|c, _| c.dev_codes = true).await;
    let db = server.dir.path().join("data/kepuri.db");
    let phone = "13912345600";
    let token = server.log_in(phone).await;
    let get = |path: &'static str| server.get(path).auth(&token);
    assert_eq!(get("/api/v1/moderation/entries").await.status(), 403);

    for args in [
        vec![
            "--phone",
            phone,
            "--role",
            "moderator",
            "--region",
            "110000",
        ],
        vec![
            "--phone",
            phone,
            "--role",
            "moderator",
            "--unit",
            "unit_000001",
        ],
    ] {
        let (ok, out) = grant(&db, &args);
        assert!(!ok, "{args:?} should fail: {out}");
    }
    let (ok, out) = grant(&db, &["--phone", phone, "--role", "moderator"]);
    assert!(ok && out.contains("is a moderator"), "{out}");
    assert!(
        grant(&db, &["--phone", phone, "--role", "moderator"]).0,
        "twice"
    );

    let roles = get("/api/v1/me/roles").json_ok().await;
    assert_eq!(roles["moderator"], true);
    assert_eq!(roles["admin"], false);
    assert_eq!(roles["reviewer"], false, "moderating is not reviewing");
    assert_eq!(get("/api/v1/moderation/entries").await.status(), 200);
    assert_eq!(get("/api/v1/review/summary").await.status(), 403);

    // The seeded dev moderator.
    let dev = server.log_in("13800000005").await;
    let roles = server.get("/api/v1/me/roles").auth(&dev).json_ok().await;
    assert_eq!(roles["moderator"], true);
}
