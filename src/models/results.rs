//! 活动回顾 (issue 17, `ActivityResults` in `api/openapi.yaml`): what an activity achieved —
//! photos, videos, news links and two figures — as its organiser reads and saves it, and as the
//! public activity carries it (`Activity.results`, without upload ids).
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultPhoto {
    pub url: String,
    /// Only in the organiser's answer: what a save names to keep the photo.
    #[serde(default)]
    pub upload_id: Option<String>,
    pub width: u32,
    pub height: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultVideo {
    pub playback_url: String,
    #[serde(default)]
    pub upload_id: Option<String>,
    #[serde(default)]
    pub duration_seconds: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsLink {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsWindow {
    pub opens_at: chrono::DateTime<chrono::FixedOffset>,
    pub closes_at: chrono::DateTime<chrono::FixedOffset>,
    pub open: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityResults {
    pub activity_id: String,
    pub photos: Vec<ResultPhoto>,
    pub videos: Vec<ResultVideo>,
    pub links: Vec<NewsLink>,
    pub participants_offline: Option<u64>,
    pub views_online: Option<u64>,
    pub updated_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    pub window: ResultsWindow,
}

/// `ActivityResultsInput`: the whole document a save replaces.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityResultsInput {
    pub photo_upload_ids: Vec<String>,
    pub video_upload_ids: Vec<String>,
    pub links: Vec<NewsLink>,
    pub participants_offline: Option<u64>,
    pub views_online: Option<u64>,
}

/// A figure as typed: blank is unknown (`None`), else a whole number (`Err` with the message).
pub fn parse_figure(typed: &str) -> Result<Option<u64>, &'static str> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u64>()
        .map(Some)
        .map_err(|_| "请填写整数（不填表示未统计）")
}

/// What is wrong with a news link as typed (`None`: nothing), title first; checked before sending,
/// as the server checks it (a title of 1–60 characters, an `https://` address).
pub fn link_problem(link: &NewsLink) -> (Option<&'static str>, Option<&'static str>) {
    let title = link.title.trim();
    let url = link.url.trim();
    let title_problem = if title.is_empty() {
        Some("请填写新闻标题")
    } else if title.chars().count() > 60 {
        Some("标题不能超过60个字")
    } else {
        None
    };
    let host = url
        .strip_prefix("https://")
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or_default();
    let url_problem = if url.is_empty() {
        Some("请填写新闻网址")
    } else if host.is_empty() || url.chars().any(char::is_whitespace) {
        Some("网址须以 https:// 开头")
    } else {
        None
    };
    (title_problem, url_problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_blank_or_whole_numbers() {
        assert_eq!(parse_figure(" "), Ok(None));
        assert_eq!(parse_figure("186"), Ok(Some(186)));
        assert!(parse_figure("1.5").is_err());
        assert!(parse_figure("-3").is_err());
    }

    #[test]
    fn links_need_a_title_and_an_https_address() {
        let link = |title: &str, url: &str| NewsLink {
            title: title.into(),
            url: url.into(),
        };
        assert_eq!(
            link_problem(&link("北京日报", "https://news.example.cn/a")),
            (None, None)
        );
        assert_eq!(
            link_problem(&link("", "http://news.example.cn/a")),
            (Some("请填写新闻标题"), Some("网址须以 https:// 开头"))
        );
        assert_eq!(
            link_problem(&link("新华网", "https://")).1,
            Some("网址须以 https:// 开头")
        );
        assert_eq!(
            link_problem(&link(&"长".repeat(61), "")).0,
            Some("标题不能超过60个字")
        );
    }

    #[test]
    fn the_public_answer_reads_without_upload_ids() {
        let json = r#"{"activity_id":"act_1","photos":[{"url":"/media/results/1.png","width":2,"height":1}],
            "videos":[{"playback_url":"/media/results/2.mp4","duration_seconds":null}],"links":[],
            "participants_offline":null,"views_online":12,"updated_at":"2021-09-20T16:12:00+08:00",
            "window":{"opens_at":"2021-09-13T09:30:00+08:00","closes_at":"2021-10-23T00:00:00+08:00","open":true}}"#;
        let r: ActivityResults = serde_json::from_str(json).unwrap();
        assert_eq!(r.photos[0].upload_id, None);
        assert_eq!(r.views_online, Some(12));
    }
}
