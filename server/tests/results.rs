//! 活动回顾 (issue 17): the results of an activity are for the members of its unit only (404 for
//! anyone else, leaking nothing); editable from its start to the second until 2021-10-22 24:00
//! China time (409 `window-closed` either side); photos pass the image byte check and carry the
//! pixel size read from their header; videos are tus uploads the probe accepts; links are titled
//! `https://` URLs; figures only where the format has them; `If-Match` guards the document and a
//! repeated save changes nothing; the public activity carries the results once saved, and the
//! purge of unused uploads keeps their files. The clock stands still; every answer is checked
//! against the contract.
mod common;
mod registration_support;

use kepuri_server::video::samples;
use registration_support::*;
use serde_json::{json, Value};

/// The dev unit's seeded activity (hybrid): starts 2021-09-15 14:00 (China time).
const ACTIVITY: &str = "act_000072";
const STARTS: &str = "2021-09-15T14:00:00+08:00";
const AFTER_START: &str = "2021-09-16T10:00:00+08:00";

fn path(id: &str) -> String {
    format!("/organiser/activities/{id}/results")
}

/// A PNG of `w`×`h` as far as its header goes (what the byte check and the size reader read).
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = PNG.to_vec();
    b[16..20].copy_from_slice(&w.to_be_bytes());
    b[20..24].copy_from_slice(&h.to_be_bytes());
    b
}

fn doc(photos: &[&str], links: Value) -> Value {
    json!({
        "photo_upload_ids": photos,
        "video_upload_ids": [],
        "links": links,
        "participants_offline": 186,
        "views_online": 5230
    })
}

fn link() -> Value {
    json!([{ "title": "北京日报：量子科普走进海淀", "url": "https://news.example.cn/2021/09/13/quantum.html" }])
}

impl CheckedServer {
    async fn results(&self, token: &str, id: &str) -> Answer {
        self.get(&path(id), token).await
    }

    async fn put_results(
        &self,
        token: &str,
        id: &str,
        body: Value,
        if_match: Option<&str>,
    ) -> Answer {
        let headers: Vec<(&str, &str)> = if_match.map(|m| ("If-Match", m)).into_iter().collect();
        self.call("PUT", &path(id), Some(token), Some(body), &headers)
            .await
    }

    /// GET then PUT with the ETag just read.
    async fn save(&self, token: &str, id: &str, body: Value) -> Answer {
        let current = self.results(token, id).await;
        assert_eq!(current.status, 200, "{}", current.body);
        let tag = current.header("etag").unwrap().to_string();
        self.put_results(token, id, body, Some(&tag)).await
    }

    async fn public(&self, id: &str) -> Value {
        self.server
            .get_json(&format!("/api/v1/activities/{id}"))
            .await
    }
}

#[tokio::test]
async fn the_window_opens_at_the_start_and_closes_after_october_22_to_the_second() {
    let s = start_at("2021-09-15T13:59:59+08:00").await;
    let t = s.log_in(ORGANISER).await;
    let before = s.results(&t, ACTIVITY).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert_eq!(before.header("etag"), Some("\"v0\""));
    assert_eq!(before.body["window"]["open"], false);
    assert_eq!(before.body["window"]["opens_at"], STARTS);
    assert_eq!(
        before.body["window"]["closes_at"],
        "2021-10-23T00:00:00+08:00"
    );
    assert_eq!(before.body["photos"], json!([]));
    assert_eq!(before.body["updated_at"], Value::Null);

    let early = s.save(&t, ACTIVITY, doc(&[], link())).await;
    assert_eq!(
        (early.status, early.slug().as_str()),
        (409, "window-closed"),
        "{}",
        early.body
    );
    assert_eq!(early.body["opens_at"], STARTS);
    assert_eq!(early.body["closes_at"], "2021-10-23T00:00:00+08:00");

    s.advance_secs(1);
    let first = s.save(&t, ACTIVITY, doc(&[], link())).await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.header("etag"), Some("\"v1\""));
    assert_eq!(first.body["window"]["open"], true);
    assert_eq!(first.body["updated_at"], STARTS);

    s.set_clock("2021-10-22T23:59:59+08:00");
    let t = s.log_in(ORGANISER).await; // sessions last less than five weeks
    let mut last = doc(&[], link());
    last["participants_offline"] = json!(200);
    let last = s.save(&t, ACTIVITY, last).await;
    assert_eq!(last.status, 200, "{}", last.body);
    assert_eq!(last.body["participants_offline"], 200);

    s.advance_secs(1);
    let late = s.save(&t, ACTIVITY, doc(&[], json!([]))).await;
    assert_eq!(
        (late.status, late.slug().as_str()),
        (409, "window-closed"),
        "{}",
        late.body
    );
    assert!(late.body["detail"].as_str().unwrap().contains("10月22日"));
    let after = s.results(&t, ACTIVITY).await;
    assert_eq!(after.body["window"]["open"], false);
    assert_eq!(
        after.body["participants_offline"], 200,
        "a refused save changed nothing"
    );
}

#[tokio::test]
async fn only_the_units_members_see_or_change_results_and_the_public_gets_them_once_saved() {
    let s = start_at(AFTER_START).await;
    let organiser = s.log_in(ORGANISER).await;
    let reviewer = s.log_in(BEIJING).await;
    let stranger = s.log_in("13700137009").await;
    for token in [&reviewer, &stranger] {
        let a = s.results(token, ACTIVITY).await;
        assert_eq!((a.status, a.slug().as_str()), (404, "not-found"));
        let unknown = s.results(token, "act_999999").await;
        assert_eq!(
            a.body["detail"], unknown.body["detail"],
            "the same 404 as an unknown id"
        );
        let put = s
            .put_results(token, ACTIVITY, doc(&[], link()), Some("\"v0\""))
            .await;
        assert_eq!(put.status, 404);
    }
    let anonymous = s.call("GET", &path(ACTIVITY), None, None, &[]).await;
    assert_eq!(anonymous.status, 401);

    assert!(
        s.public(ACTIVITY).await.get("results").is_none(),
        "no results before a save"
    );
    let photo = s.upload_bytes(&organiser, &png(1600, 1067)).await;
    let saved = s.save(&organiser, ACTIVITY, doc(&[&photo], link())).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let p = &saved.body["photos"][0];
    assert_eq!(
        (p["width"].as_i64(), p["height"].as_i64()),
        (Some(1600), Some(1067))
    );
    assert_eq!(p["upload_id"], photo.as_str());
    let url = p["url"].as_str().unwrap().to_string();
    assert!(
        url.starts_with("/media/results/") && url.ends_with(".png"),
        "{url}"
    );

    let public = s.public(ACTIVITY).await;
    let results = &public["results"];
    assert_eq!(results["links"], link());
    assert_eq!(results["participants_offline"], 186);
    assert_eq!(results["photos"][0]["url"], url.as_str());
    assert!(
        results["photos"][0].get("upload_id").is_none(),
        "upload ids stay private"
    );
    let file = s.server.get(&url).send().await;
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(
        file.bytes().await.unwrap().as_ref(),
        png(1600, 1067).as_slice()
    );

    // Removing the photo takes it off the public page and its URL.
    let emptied = s.save(&organiser, ACTIVITY, doc(&[], link())).await;
    assert_eq!(emptied.status, 200);
    assert_eq!(s.public(ACTIVITY).await["results"]["photos"], json!([]));
    assert_eq!(s.server.get(&url).send().await.status(), 404);
}

#[tokio::test]
async fn photos_pass_the_byte_check_and_kept_ones_keep_their_url() {
    let s = start_at(AFTER_START).await;
    let t = s.log_in(ORGANISER).await;
    let other = s.log_in("13700137009").await;
    let text = s.upload_bytes(&t, "活动照片.png".as_bytes()).await;
    let a = s.save(&t, ACTIVITY, doc(&[&text], link())).await;
    assert_eq!(
        (a.status, a.slug().as_str()),
        (415, "unsupported-media-type")
    );
    assert_eq!(a.fields(), ["photo_upload_ids[0]"]);

    // A PNG whose header says 0×0 passes the signature check but has no size.
    let first = s.upload_bytes(&t, &png(800, 600)).await;
    let sizeless = s.upload_bytes(&t, &png(0, 0)).await;
    let a = s
        .save(&t, ACTIVITY, doc(&[&first, &sizeless], link()))
        .await;
    assert_eq!(a.status, 415);
    assert_eq!(a.fields(), ["photo_upload_ids[1]"]);

    let theirs = s.upload_bytes(&other, &png(10, 10)).await;
    let a = s
        .save(
            &t,
            ACTIVITY,
            doc(&[&theirs, "up_nothing", &first, &first], link()),
        )
        .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(
        a.fields(),
        ["photo_upload_ids[3]"],
        "a repeated id is told first"
    );
    let a = s.save(&t, ACTIVITY, doc(&[&theirs], link())).await;
    assert_eq!(
        (a.status, a.fields()),
        (422, vec!["photo_upload_ids[0]".to_string()])
    );

    // A cover already in use is not a result photo.
    let draft = s.complete_fields(&t, "量子科普开放日").await;
    let cover = draft["cover_upload_id"].as_str().unwrap().to_string();
    s.draft(&t, UNIT, draft).await;
    let a = s.save(&t, ACTIVITY, doc(&[&cover], link())).await;
    assert_eq!(
        (a.status, a.fields()),
        (422, vec!["photo_upload_ids[0]".to_string()])
    );

    let a = s.save(&t, ACTIVITY, doc(&[&first], link())).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let url = a.body["photos"][0]["url"].clone();
    let second = s.upload_bytes(&t, &png(640, 480)).await;
    let b = s.save(&t, ACTIVITY, doc(&[&second, &first], link())).await;
    assert_eq!(b.status, 200, "{}", b.body);
    assert_eq!(
        b.body["photos"][1]["url"], url,
        "a kept photo keeps its URL"
    );
    assert_eq!(b.body["photos"][0]["width"], 640);
    assert_eq!(b.body["photos"][1]["upload_id"], first.as_str());

    let many: Vec<String> = (0..31).map(|i| format!("up_{i:010}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let a = s.save(&t, ACTIVITY, doc(&many, link())).await;
    assert_eq!(
        (a.status, a.fields()),
        (422, vec!["photo_upload_ids".to_string()])
    );
}

#[tokio::test]
async fn links_need_a_title_and_https_and_figures_are_whole_numbers() {
    let s = start_at(AFTER_START).await;
    let t = s.log_in(ORGANISER).await;
    let links = json!([
        { "title": "北京日报", "url": "http://news.example.cn/a.html" },
        { "title": "  ", "url": "https://news.example.cn/b.html" },
        { "title": "新华网", "url": "https:// spaced.example.cn" },
        { "title": "人民网", "url": "javascript:alert(1)" }
    ]);
    let mut body = doc(&[], links);
    body["participants_offline"] = json!(-1);
    body["views_online"] = json!(1.5);
    let a = s.save(&t, ACTIVITY, body).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(
        a.fields(),
        [
            "links[0].url",
            "links[1].title",
            "links[2].url",
            "links[3].url",
            "participants_offline",
            "views_online"
        ]
    );
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({ "title": format!("报道{i}"), "url": format!("https://news.example.cn/{i}") }))
        .collect();
    let a = s.save(&t, ACTIVITY, doc(&[], json!(eleven))).await;
    assert_eq!((a.status, a.fields()), (422, vec!["links".to_string()]));
    let mut missing = doc(&[], link());
    missing.as_object_mut().unwrap().remove("views_online");
    let a = s.save(&t, ACTIVITY, missing).await;
    assert_eq!(
        (a.status, a.fields()),
        (422, vec!["views_online".to_string()])
    );
    let mut unknown = doc(&[], link());
    unknown["views_online"] = Value::Null;
    let a = s.save(&t, ACTIVITY, unknown).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["views_online"], Value::Null);
}

#[tokio::test]
async fn if_match_guards_the_document_and_a_repeated_save_changes_nothing() {
    let s = start_at(AFTER_START).await;
    let t = s.log_in(ORGANISER).await;
    let none = s.put_results(&t, ACTIVITY, doc(&[], link()), None).await;
    assert_eq!(
        (none.status, none.slug().as_str()),
        (428, "precondition-required")
    );
    let first = s
        .put_results(&t, ACTIVITY, doc(&[], link()), Some("\"v0\""))
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.header("etag"), Some("\"v1\""));
    // The same document again, even with the old ETag (a retry after a lost answer): no change.
    let again = s
        .put_results(&t, ACTIVITY, doc(&[], link()), Some("\"v0\""))
        .await;
    assert_eq!(again.status, 200, "{}", again.body);
    assert_eq!(again.header("etag"), Some("\"v1\""));
    assert_eq!(again.body, first.body);
    let stale = s
        .put_results(&t, ACTIVITY, doc(&[], json!([])), Some("\"v0\""))
        .await;
    assert_eq!(
        (stale.status, stale.slug().as_str()),
        (412, "version-mismatch")
    );
    assert_eq!(stale.body["current"]["links"], link());
    let fresh = s
        .put_results(&t, ACTIVITY, doc(&[], json!([])), Some("\"v1\""))
        .await;
    assert_eq!((fresh.status, fresh.header("etag")), (200, Some("\"v2\"")));
}

#[tokio::test]
async fn videos_are_tus_uploads_the_probe_accepts() {
    let s = start_at(AFTER_START).await;
    let t = s.log_in(ORGANISER).await;
    let mp4 = samples::mp4(b"isom", 95, 0, false);
    let video = s.upload_bytes(&t, &mp4).await;
    let fake = s
        .upload_bytes(&t, b"this is not a video, just text renamed")
        .await;
    let mut body = doc(&[], link());
    body["video_upload_ids"] = json!([video, fake]);
    let a = s.save(&t, ACTIVITY, body.clone()).await;
    assert_eq!(
        (a.status, a.slug().as_str()),
        (415, "unsupported-media-type")
    );
    assert_eq!(a.fields(), ["video_upload_ids[1]"]);
    body["video_upload_ids"] = json!([video]);
    let a = s.save(&t, ACTIVITY, body).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let v = &a.body["videos"][0];
    assert_eq!(v["duration_seconds"], 95);
    let url = v["playback_url"].as_str().unwrap();
    assert!(url.ends_with(".mp4"), "{url}");
    let file = s.server.get(url).send().await;
    assert_eq!(
        (
            file.status().as_u16(),
            file.headers()["content-type"].to_str().unwrap()
        ),
        (200, "video/mp4")
    );
}

#[tokio::test]
async fn only_published_activities_have_results() {
    let s = start_at("2021-09-10T10:00:00+08:00").await;
    let t = s.log_in(ORGANISER).await;
    let id = s.submitted(&t, "量子科普开放日").await;
    let a = s.results(&t, &id).await;
    assert_eq!(
        (a.status, a.slug().as_str()),
        (409, "conflict"),
        "{}",
        a.body
    );
    let beijing = s.log_in(BEIJING).await;
    let decided = s
        .post(
            &format!("/review/activities/{id}/decision"),
            &beijing,
            json!({ "decision": "approve" }),
        )
        .await;
    assert_eq!(decided.status, 200, "{}", decided.body);
    // Published; it starts on 9月12日 14:00, so results open then.
    let a = s.results(&t, &id).await;
    assert_eq!(
        (a.status, a.body["window"]["open"].as_bool()),
        (200, Some(false))
    );
    s.set_clock("2021-09-12T14:00:00+08:00");
    let saved = s.save(&t, &id, doc(&[], link())).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(s.public(&id).await["results"]["links"], link());
}

#[tokio::test]
async fn the_purge_of_unused_uploads_keeps_result_photos() {
    let s = start_at_with(AFTER_START, |c| c.unused_upload_hours = 2).await;
    let t = s.log_in(ORGANISER).await;
    let kept = s.upload_bytes(&t, &png(320, 240)).await;
    let loose = s.upload_bytes(&t, &png(320, 240)).await;
    let saved = s.save(&t, ACTIVITY, doc(&[&kept], link())).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let url = saved.body["photos"][0]["url"].as_str().unwrap().to_string();
    let file = |id: &str| s.upload_dir.join(format!("{id}.bin"));
    s.advance_secs(3 * 3600);
    s.tus_created(&t, 1, None).await; // a creation runs the purge
    for _ in 0..50 {
        if !file(&loose).exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(!file(&loose).exists(), "the unused upload is purged");
    assert!(file(&kept).exists(), "a result photo is kept");
    assert_eq!(s.server.get(&url).send().await.status(), 200);
}
