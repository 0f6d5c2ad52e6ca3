//! The client's types against the contract: every example in `api/openapi.yaml` for a type the
//! app reads must deserialize into that type, so the app and the contract cannot drift apart.
#![cfg(not(target_arch = "wasm32"))]

use kepuri::models::*;
use serde::de::DeserializeOwned;
use serde_yaml::Value;

fn contract() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/api/openapi.yaml"))
        .expect("api/openapi.yaml exists");
    serde_yaml::from_str(&text).expect("the contract is YAML")
}

fn example(doc: &Value, schema: &str) -> Value {
    doc["components"]["schemas"][schema]["example"].clone()
}

fn reads<T: DeserializeOwned + std::fmt::Debug>(doc: &Value, schema: &str) -> T {
    let ex = example(doc, schema);
    assert!(!ex.is_null(), "{schema} has an example");
    serde_yaml::from_value(ex)
        .unwrap_or_else(|e| panic!("{schema} example into the client type: {e}"))
}

#[test]
fn the_app_reads_every_example_it_depends_on() {
    let doc = contract();
    let edition: Edition = reads(&doc, "Edition");
    assert_eq!(edition.starts_on.to_string(), "2021-09-11");
    assert!(edition.legal.is_some(), "the consent versions");
    let _: Theme = reads(&doc, "Theme");
    let _: Items<Theme> = reads(&doc, "ThemeList");
    let _: EventKind = reads(&doc, "EventKind");
    let _: Items<EventKind> = reads(&doc, "EventKindList");
    let province: Province = reads(&doc, "Province");
    assert!(!province.cities.is_empty());
    let _: Items<Province> = reads(&doc, "RegionList");
    let activity: Activity = reads(&doc, "Activity");
    assert!(!activity.description.is_empty());
    assert!(activity.registration.is_some());
    let _: ActivitySummary = reads(&doc, "ActivitySummary");
    let _: ActivityPage = reads(&doc, "ActivityPage");
    let facets: ActivityFacets = reads(&doc, "ActivityFacets");
    assert!(!facets.theme.is_empty());
    let problem: Problem = reads(&doc, "Problem");
    assert_eq!(problem.errors[0].field, "from");
    let user: User = reads(&doc, "User");
    assert!(user.agreement.is_some());
    let _: Session = reads(&doc, "Session");
    let _: SmsCodeSent = reads(&doc, "SmsCodeSent");
}

#[test]
fn the_app_reads_every_section_example() {
    let doc = contract();
    // 直播
    let live: Livestream = reads(&doc, "Livestream");
    assert_eq!(live.playback_type, PlaybackType::Hls);
    let detail: LivestreamDetail = reads(&doc, "LivestreamDetail");
    assert!(!detail.description.is_empty());
    let _: LivestreamPage = reads(&doc, "LivestreamPage");
    let _: ViewerCounts = reads(&doc, "ViewerCounts");
    // 点亮好奇心
    let challenge: Challenge = reads(&doc, "Challenge");
    assert!(!challenge.categories.is_empty());
    // Age groups do not overlap: each age has exactly one category.
    for age in 0..=120 {
        let holding = challenge.categories.iter().filter(|c| c.holds(age)).count();
        assert_eq!(holding, 1, "age {age} is in exactly one category");
    }
    let entry: Entry = reads(&doc, "Entry");
    assert_eq!(entry.status, EntryStatus::Approved);
    let _: EntryPage = reads(&doc, "EntryPage");
    let _: LikeState = reads(&doc, "LikeState");
    // 点赞科技志愿
    let _: Volunteer = reads(&doc, "Volunteer");
    let _: VolunteerPage = reads(&doc, "VolunteerPage");
    let _: VolunteerLikeResult = reads(&doc, "VolunteerLikeResult");
    let _: Leaderboard = reads(&doc, "Leaderboard");
    let _: MyLikesToday = reads(&doc, "MyLikesToday");
    // 话题互动
    let _: Topic = reads(&doc, "Topic");
    let topic: TopicDetail = reads(&doc, "TopicDetail");
    assert!(topic.poll.is_some());
    let _: TopicPage = reads(&doc, "TopicPage");
    let _: Poll = reads(&doc, "Poll");
    let _: Post = reads(&doc, "Post");
    let _: PostPage = reads(&doc, "PostPage");
    let _: NewPostCount = reads(&doc, "NewPostCount");
}

#[test]
fn the_app_reads_every_reservation_example() {
    let doc = contract();
    let reg: Registration = reads(&doc, "Registration");
    assert!(reg.state.is_some() && reg.closes_at.is_some() && reg.remaining.is_some());
    let r: Reservation = reads(&doc, "Reservation");
    assert!(r.code.is_some());
    let _: ReservationActivity = reads(&doc, "ReservationActivity");
    let mine: MyReservations = reads(&doc, "MyReservations");
    assert!(!mine.upcoming.is_empty() && !mine.waitlisted.is_empty());
    let a: Availability = reads(&doc, "Availability");
    assert_eq!(
        a.registration.and_then(|r| r.state),
        Some(RegistrationState::Full)
    );
    let _: CheckInSummary = reads(&doc, "CheckInSummary");
    let result: CheckInResult = reads(&doc, "CheckInResult");
    assert_eq!(result.check_in.party_size, 2);
}

#[test]
fn the_app_reads_every_saved_example() {
    let doc = contract();
    let ids: SavedIds = reads(&doc, "SavedIds");
    assert_eq!(ids.ids, ["act_000042", "act_000007"]);
    // 我的收藏 reads as the search's page of summaries.
    let item: ActivitySummary = reads(&doc, "SavedActivity");
    assert_eq!(item.id, "act_000042");
    let page: ActivityPage = reads(&doc, "SavedPage");
    assert_eq!(page.items.len(), 1);
}

#[test]
fn every_problem_response_example_is_a_problem_the_app_understands() {
    let doc = contract();
    let responses = doc["components"]["responses"]
        .as_mapping()
        .expect("responses");
    let mut checked = 0;
    for (name, response) in responses {
        let example = &response["content"]["application/problem+json"]["example"];
        if example.is_null() {
            continue;
        }
        let p: Problem =
            serde_yaml::from_value(example.clone()).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert!(
            p.detail.is_some_and(|d| !d.is_empty()),
            "{name:?} has a Chinese detail"
        );
        checked += 1;
    }
    assert!(checked >= 10, "checked {checked} problem examples");
}
