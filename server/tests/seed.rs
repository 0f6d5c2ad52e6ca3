//! The seed is deterministic and `--seed-scale` multiplies it.
mod common;

use common::{assert_problem, start_with};

#[tokio::test]
async fn two_fresh_databases_hold_the_same_activities() {
    let a = start_with(|_, _| {}).await;
    let b = start_with(|_, _| {}).await;
    for id in ["act_000001", "act_000600", "act_001200"] {
        let path = format!("/api/v1/activities/{id}");
        assert_eq!(a.get_json(&path).await, b.get_json(&path).await, "{id}");
    }
    assert_eq!(
        a.get_json("/api/v1/regions").await,
        b.get_json("/api/v1/regions").await
    );
}

#[tokio::test]
async fn seed_scale_multiplies_the_activity_count() {
    let one = start_with(|_, _| {}).await;
    one.get_json("/api/v1/activities/act_001200").await;
    assert_problem(
        one.get("/api/v1/activities/act_001201").await,
        404,
        "not-found",
    )
    .await;

    let three = start_with(|c, _| c.seed_scale = 3).await;
    three.get_json("/api/v1/activities/act_003600").await;
    assert_problem(
        three.get("/api/v1/activities/act_003601").await,
        404,
        "not-found",
    )
    .await;
    // Activity N is the same whatever the scale.
    assert_eq!(
        one.get_json("/api/v1/activities/act_000001").await,
        three.get_json("/api/v1/activities/act_000001").await
    );
}

#[tokio::test]
async fn an_existing_database_is_not_seeded_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kepuri.db");
    let first = {
        let db = db.clone();
        start_with(move |c, _| c.db = db).await
    };
    let before = first.get_json("/api/v1/activities/act_000001").await;
    drop(first);
    // A larger scale on restart changes nothing: seeding happens only into an empty database.
    let again = start_with(move |c, _| {
        c.db = db;
        c.seed_scale = 2;
    })
    .await;
    assert_eq!(
        again.get_json("/api/v1/activities/act_000001").await,
        before
    );
    assert_problem(
        again.get("/api/v1/activities/act_001201").await,
        404,
        "not-found",
    )
    .await;
}

/// Issue 4's search benchmark needs ≥ 50,000 activities: they seed, and the full-text index
/// covers them all. How long seeding takes is `scripts/bench`'s to measure (BENCHMARKS.md), not
/// a test's: a debug build on a busy 2-core machine took 79 s where the bench takes seconds.
#[tokio::test]
async fn fifty_thousand_activities_seed_with_their_search_index() {
    let server = start_with(|c, _| c.seed_scale = 42).await;
    server.get_json("/api/v1/activities/act_050400").await;
    assert_problem(
        server.get("/api/v1/activities/act_050401").await,
        404,
        "not-found",
    )
    .await;

    let conn = rusqlite::Connection::open(&server.db).unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(count("SELECT COUNT(*) FROM activities"), 50_400);
    assert_eq!(
        count("SELECT COUNT(*) FROM activities_fts WHERE activities_fts MATCH '\"核电站\"'"),
        count(
            "SELECT COUNT(*) FROM activities WHERE title LIKE '%核电站%' OR summary LIKE '%核电站%'
               OR organizer_name LIKE '%核电站%' OR venue_name LIKE '%核电站%'"
        ),
        "the trigram index agrees with a full scan"
    );
    assert!(
        count("SELECT COUNT(*) FROM sqlite_stat1") > 0,
        "ANALYZE ran"
    );
}
