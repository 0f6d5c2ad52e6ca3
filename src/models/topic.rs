//! 话题互动: topics, their polls and posts (`/topics`, `/posts`), and the pure rules the
//! composer and the post text follow.
use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Topic {
    pub id: String,
    pub title: String,
    pub hashtag: String,
    pub cover_url: String,
    pub description: String,
    pub post_count: u64,
    pub participant_count: u64,
    pub has_poll: bool,
    pub closed: bool,
    #[serde(default, with = "crate::models::wire_time::rfc3339_opt")]
    pub last_post_at: Option<DateTime<FixedOffset>>,
    /// Only in a topic's own answer (`TopicDetail`); a list's topics have none.
    #[serde(default)]
    pub poll: Option<Poll>,
}

/// `GET /topics/{id}`: the topic with its poll. One type with [`Topic`] rather than a
/// `#[serde(flatten)]` wrapper, whose buffering decoder the topics section would carry.
pub type TopicDetail = Topic;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TopicPage {
    pub items: Vec<Topic>,
    pub next_cursor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PollOption {
    pub id: String,
    pub label: String,
    pub votes: u64,
    pub percent: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Poll {
    pub id: String,
    pub question: String,
    pub options: Vec<PollOption>,
    pub total_votes: u64,
    #[serde(default)]
    pub my_vote: Option<Vec<String>>,
    pub max_choices: u32,
    #[serde(default, with = "crate::models::wire_time::rfc3339_opt")]
    pub closes_at: Option<DateTime<FixedOffset>>,
    pub closed: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PostAuthor {
    pub id: String,
    pub display_name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Post {
    pub id: String,
    pub topic_id: String,
    pub author: PostAuthor,
    pub text: String,
    #[serde(default)]
    pub image_url: Option<String>,
    pub like_count: u64,
    pub liked_by_me: bool,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub created_at: DateTime<FixedOffset>,
    pub mine: bool,
    /// Hidden by a moderator (or held after reports): others get no text and see 该内容已被隐藏.
    #[serde(default)]
    pub hidden: bool,
    /// Why, sent to the author only.
    #[serde(default)]
    pub hidden_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PostPage {
    pub items: Vec<Post>,
    pub next_cursor: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct NewPostCount {
    pub count: u64,
    pub newest_id: Option<String>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub server_time: DateTime<FixedOffset>,
}

/// The order of a topic's posts (`?sort=hot` in the URL; latest when absent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PostSort {
    #[default]
    Latest,
    Hot,
}

impl PostSort {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Latest => "latest",
            Self::Hot => "hot",
        }
    }

    /// Anything but `hot` is the default order.
    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("hot") => Self::Hot,
            _ => Self::Latest,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub like_count: u64,
}

/// Longest post, in Unicode scalar values (what the server counts).
pub const POST_MAX_CHARS: usize = 500;

/// What the composer says about a draft before anything is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftProblem {
    Empty,
    TooLong(usize),
}

/// Characters as the server counts them: after trimming, one per Unicode scalar value (an emoji
/// like 🚀 is one; a flag, two).
pub fn post_chars(text: &str) -> usize {
    text.trim().chars().count()
}

pub fn check_draft(text: &str) -> Option<DraftProblem> {
    match post_chars(text) {
        0 => Some(DraftProblem::Empty),
        n if n > POST_MAX_CHARS => Some(DraftProblem::TooLong(n)),
        _ => None,
    }
}

/// A piece of post text: plain text, a `#话题#` hashtag, or a line break. The view turns each
/// into text nodes and elements itself — post text never becomes HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextPart<'a> {
    Text(&'a str),
    Hashtag(&'a str),
    Break,
}

/// Splits post text into text, `#…#` hashtags (1–20 characters, no spaces or `#` inside) and
/// line breaks.
pub fn text_parts(text: &str) -> Vec<TextPart<'_>> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push(TextPart::Break);
        }
        let mut rest = line;
        while let Some(start) = rest.find('#') {
            let after = &rest[start + 1..];
            let tag_len = after.find('#').filter(|&end| {
                let inner = &after[..end];
                (1..=20).contains(&inner.chars().count()) && !inner.chars().any(char::is_whitespace)
            });
            match tag_len {
                Some(end) => {
                    if start > 0 {
                        out.push(TextPart::Text(&rest[..start]));
                    }
                    out.push(TextPart::Hashtag(&rest[start..start + end + 2]));
                    rest = &after[end + 1..];
                }
                None => {
                    // A lone '#': keep it as text and look further on.
                    out.push(TextPart::Text(&rest[..start + 1]));
                    rest = after;
                }
            }
        }
        if !rest.is_empty() {
            out.push(TextPart::Text(rest));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use TextPart::*;

    #[test]
    fn counts_characters_like_the_server() {
        assert_eq!(post_chars("  你好  "), 2);
        assert_eq!(post_chars("🚀🚀"), 2);
        assert_eq!(check_draft("   \n "), Some(DraftProblem::Empty));
        assert_eq!(check_draft(&"好".repeat(500)), None);
        assert_eq!(check_draft(&"🚀".repeat(500)), None);
        assert_eq!(
            check_draft(&"好".repeat(501)),
            Some(DraftProblem::TooLong(501))
        );
    }

    #[test]
    fn hashtags_and_line_breaks_are_found_and_nothing_else_is_special() {
        assert_eq!(
            text_parts("做了水果电池！\n#点亮好奇心# 好玩"),
            vec![
                Text("做了水果电池！"),
                Break,
                Hashtag("#点亮好奇心#"),
                Text(" 好玩")
            ]
        );
        assert_eq!(
            text_parts("a # b #c"),
            vec![Text("a #"), Text(" b #"), Text("c")]
        );
        // Markup stays text: the parts hold it verbatim and the view never parses it.
        assert_eq!(
            text_parts("<img src=x onerror=alert(1)>"),
            vec![Text("<img src=x onerror=alert(1)>")]
        );
        assert_eq!(text_parts("##"), vec![Text("#"), Text("#")]);
    }
}
