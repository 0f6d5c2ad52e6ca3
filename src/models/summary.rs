//! 工作总结 (`api/openapi.yaml`, tag `summaries`): a unit's summary — plain-text blocks, never
//! HTML — with its attachments and the unit's figures as the server computes them.
use super::{UnitFigures, UnitRef};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Bullets,
    Numbers,
}

impl BlockKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Heading => "标题",
            Self::Paragraph => "正文",
            Self::Bullets => "无序列表",
            Self::Numbers => "有序列表",
        }
    }
}

/// One block: `level` + `text` for a heading, `text` for a paragraph, `items` for the lists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryBlock {
    #[serde(rename = "type")]
    pub kind: BlockKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<String>>,
}

impl SummaryBlock {
    /// A new empty block of `kind`.
    pub fn new(kind: BlockKind) -> Self {
        let list = matches!(kind, BlockKind::Bullets | BlockKind::Numbers);
        Self {
            kind,
            level: (kind == BlockKind::Heading).then_some(2),
            text: (!list).then(String::new),
            items: list.then(|| vec![String::new()]),
        }
    }

    /// The text as edited: a list's items one a line.
    pub fn edit_text(&self) -> String {
        match &self.items {
            Some(items) => items.join("\n"),
            None => self.text.clone().unwrap_or_default(),
        }
    }

    /// Sets the text as edited (a list: one item a line).
    pub fn set_edit_text(&mut self, v: String) {
        if self.items.is_some() {
            self.items = Some(v.split('\n').map(str::to_string).collect());
        } else {
            self.text = Some(v);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SummaryAttachment {
    pub upload_id: String,
    pub filename: String,
    pub media_type: String,
    pub bytes: u64,
    pub url: String,
}

// `UnitFigures` (a unit's own figures) is `crate::models::recommend`'s: one type for the
// 工作总结 and the reviewers' indicators.

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SummaryWindow {
    pub opens_at: String,
    pub closes_at: String,
    pub open: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SummaryStatus {
    Draft,
    Submitted,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct UnitSummary {
    pub unit: UnitRef,
    pub status: SummaryStatus,
    pub version: u32,
    pub blocks: Vec<SummaryBlock>,
    pub attachments: Vec<SummaryAttachment>,
    pub figures: UnitFigures,
    pub updated_at: Option<String>,
    pub submitted_at: Option<String>,
    pub window: SummaryWindow,
}
