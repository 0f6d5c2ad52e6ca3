//! 反馈评价 (`api/openapi.yaml`, tag `feedback`): an activity's ratings summary, one rating, and
//! pages of them. Times stay the wire's RFC 3339 text (shown through `format::china_datetime`),
//! so no date decoder travels with the late pack that reads them.
use super::PostAuthor;
use serde::{Deserialize, Serialize};

/// Comments are 0–200 Unicode characters after trimming (as posts count them).
pub const FEEDBACK_MAX_CHARS: usize = 200;

/// Where a rating's comment is in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    Pending,
    Approved,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Feedback {
    pub id: String,
    pub activity_id: String,
    /// The rated activity's title (the moderators' queue mixes activities).
    #[serde(default)]
    pub activity_title: String,
    pub user: PostAuthor,
    pub stars: u8,
    #[serde(default)]
    pub comment: Option<String>,
    #[serde(default)]
    pub comment_status: Option<CommentStatus>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FeedbackSummary {
    pub activity_id: String,
    /// The activity has started (server clock) and is not cancelled.
    pub open: bool,
    pub count: u64,
    #[serde(default)]
    pub average: Option<f64>,
    /// Counts of 1, 2, 3, 4 and 5 stars, in that order.
    pub distribution: Vec<u64>,
    #[serde(default)]
    pub mine: Option<Feedback>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct FeedbackPage {
    pub items: Vec<Feedback>,
    #[serde(default)]
    pub next_cursor: Option<String>,
    pub total: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeedbackInput {
    pub stars: u8,
    pub comment: String,
}

/// The share of `count` in `total` as a whole percentage (0 when there is nothing), for a bar's
/// width.
pub fn share_percent(count: u64, total: u64) -> u64 {
    (count * 100 + total / 2).checked_div(total).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_and_survive_an_empty_distribution() {
        assert_eq!(share_percent(0, 0), 0);
        assert_eq!(share_percent(7, 12), 58);
        assert_eq!(share_percent(1, 3), 33);
        assert_eq!(share_percent(2, 3), 67);
        assert_eq!(share_percent(5, 5), 100);
    }

    #[test]
    fn a_summary_decodes_as_the_contract_s_example() {
        let s: FeedbackSummary = serde_json::from_str(
            r#"{"activity_id":"act_000042","open":true,"count":12,"average":4.3,"distribution":[0,1,1,3,7],"mine":{"id":"fb_1","activity_id":"act_000042","user":{"id":"u","display_name":"王"},"stars":5,"comment":null,"comment_status":null,"created_at":"2021-09-13T12:00:00+08:00","updated_at":"2021-09-13T12:00:00+08:00"}}"#,
        )
        .unwrap();
        assert_eq!(s.distribution, vec![0, 1, 1, 3, 7]);
        assert_eq!(s.mine.unwrap().comment_status, None);
    }
}
