//! Moderation of post text (`POST /topics/{id}/posts`): the length rule, a banned-word list with
//! categories, and links, which are rejected (never stripped) so the author can edit them out.
//! Text stays plain text: nothing here escapes or rewrites it, because clients render it as text.
use std::path::Path;

/// Longest post, in Unicode scalar values after trimming.
pub const MAX_POST_CHARS: usize = 500;

/// The built-in list, used without `--banned-words`: a few unambiguous words, enough for tests
/// and demos. Same format as the file.
pub const BUILTIN: &str = "\
# 类别: 词语, 词语 …（不区分大小写，匹配时忽略空白）
考试作弊: 代考, 替考, 包过
赌博: 博彩, 赌球, 网赌
违法交易: 代开发票, 办假证
诈骗: 刷单返利, 高额回报
";

/// A banned word and its category (`代考`, `考试作弊`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannedWord {
    pub word: String,
    pub category: String,
    /// `word` lower-cased, without whitespace: what text is matched against.
    folded: String,
}

/// The banned-word list. Format, one category per line: `类别: 词语, 词语 …` (`:` or `：`;
/// words separated by commas, `、` or whitespace); a line without a category lists words of
/// category `违规内容`; `#` starts a comment line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannedWords(Vec<BannedWord>);

impl Default for BannedWords {
    fn default() -> Self {
        Self::parse(BUILTIN)
    }
}

/// NFKC, lower-cased, whitespace and invisible characters removed: "代 考", "代\u{200b}考"
/// and "ＷＷＷ" match "代考" and "www" (see [`crate::text::for_matching`]).
fn fold(s: &str) -> String {
    crate::text::for_matching(s)
}

impl BannedWord {
    /// A word as a moderator adds it; `None` when nothing of it is left to match (blank or
    /// invisible characters only).
    pub fn new(word: &str, category: &str) -> Option<Self> {
        let folded = fold(word);
        (!folded.is_empty()).then(|| Self {
            word: word.to_string(),
            category: category.to_string(),
            folded,
        })
    }

    /// What text is matched against (and the key the database stores it under).
    pub fn folded(&self) -> &str {
        &self.folded
    }
}

impl BannedWords {
    pub fn from_words(words: Vec<BannedWord>) -> Self {
        Self(words)
    }

    pub fn words(&self) -> &[BannedWord] {
        &self.0
    }

    pub fn parse(text: &str) -> Self {
        let mut words = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (category, list) = match line.split_once([':', '：']) {
                Some((c, l)) if !c.trim().is_empty() => (c.trim(), l),
                Some((_, l)) => ("违规内容", l),
                None => ("违规内容", line),
            };
            for word in list
                .split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
                .filter(|w| !w.is_empty())
            {
                let folded = fold(word);
                if !folded.is_empty() {
                    words.push(BannedWord {
                        word: word.to_string(),
                        category: category.to_string(),
                        folded,
                    });
                }
            }
        }
        Self(words)
    }

    /// Reads a list file (what `--banned-words FILE` does, so a bad path stops the start).
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read banned-word list {}: {e}", path.display()))?;
        let words = Self::parse(&text);
        if words.0.is_empty() {
            return Err(format!("{} lists no banned words", path.display()));
        }
        Ok(words)
    }

    /// For clap: `--banned-words FILE`.
    pub fn from_arg(path: &str) -> Result<Self, String> {
        Self::from_file(Path::new(path))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first listed word `text` contains, ignoring case and whitespace.
    pub fn find(&self, text: &str) -> Option<&BannedWord> {
        let folded = fold(text);
        self.0.iter().find(|w| folded.contains(&w.folded))
    }
}

/// The list posts are checked against, shared by every request. Moderators change it in the
/// database (`/moderation/words`); the writer then swaps in the whole new list, so the next
/// request sees it without a restart and a request never sees half a change.
#[derive(Debug, Default)]
pub struct WordSet(std::sync::RwLock<std::sync::Arc<BannedWords>>);

impl WordSet {
    pub fn new(words: BannedWords) -> Self {
        Self(std::sync::RwLock::new(std::sync::Arc::new(words)))
    }

    /// The list as it is now.
    pub fn current(&self) -> std::sync::Arc<BannedWords> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the list with what `load` reads, holding the lock while it reads, so of two
    /// writers the one that loads last has seen both changes.
    pub fn reload<E>(&self, load: impl FnOnce() -> Result<BannedWords, E>) -> Result<(), E> {
        let mut guard = self.0.write().unwrap_or_else(|e| e.into_inner());
        *guard = std::sync::Arc::new(load()?);
        Ok(())
    }
}

/// Why a post's text is refused: each maps to a 422 naming `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// `(characters, the most allowed)`.
    TooLong(usize, usize),
    Banned {
        word: String,
        category: String,
    },
    Link,
    /// Control or bidi-override characters, or nothing visible.
    Unsafe(crate::text::Unsafe),
}

impl Refusal {
    /// `(detail, field message)`, in Chinese, as the contract's examples word them.
    pub fn messages(&self) -> (String, String) {
        match self {
            Self::Empty => ("内容不能为空".into(), "内容不能为空".into()),
            Self::TooLong(n, max) => (
                format!("内容不能超过{max}个字"),
                format!("内容不能超过{max}个字（当前{n}个字）"),
            ),
            Self::Banned { word, category } => (
                format!("内容包含违规词语「{word}」（{category}），请修改后再发布"),
                format!("内容包含违规词语「{word}」（{category}）"),
            ),
            Self::Link => (
                "暂不支持发布链接，请删除链接后再发布".into(),
                "暂不支持发布链接".into(),
            ),
            Self::Unsafe(u) => (
                format!("内容{}，请修改后再发布", u.message()),
                format!("内容{}", u.message()),
            ),
        }
    }
}

/// Does `text` hold a link: `http://`, `https://`, `ftp://` or `www.`, in any case and width,
/// with or without invisible characters or spaces inside.
pub fn has_link(text: &str) -> bool {
    let lower = fold(text);
    ["http://", "https://", "ftp://", "www."]
        .iter()
        .any(|p| lower.contains(p))
}

/// Checks a post's text and returns it trimmed (what is stored), or why it is refused.
pub fn check_post(text: &str, banned: &BannedWords) -> Result<String, Refusal> {
    check_text(text, MAX_POST_CHARS, banned)
}

/// The rules of posts for any text others read (posts, 反馈评价 comments), with `max`
/// characters after trimming: the text trimmed, or why it is refused.
pub fn check_text(text: &str, max: usize, banned: &BannedWords) -> Result<String, Refusal> {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 {
        return Err(Refusal::Empty);
    }
    crate::text::check(trimmed, true).map_err(Refusal::Unsafe)?;
    if chars > max {
        return Err(Refusal::TooLong(chars, max));
    }
    if let Some(w) = banned.find(trimmed) {
        return Err(Refusal::Banned {
            word: w.word.clone(),
            category: w.category.clone(),
        });
    }
    if has_link(trimmed) {
        return Err(Refusal::Link);
    }
    Ok(trimmed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_scalar_values_after_trimming() {
        let words = BannedWords::default();
        assert_eq!(check_post(" \n\t ", &words), Err(Refusal::Empty));
        assert_eq!(check_post("\u{3000}好\u{3000}", &words).unwrap(), "好");
        assert!(check_post(&"🚀".repeat(500), &words).is_ok());
        assert_eq!(
            check_post(&"科".repeat(501), &words),
            Err(Refusal::TooLong(501, MAX_POST_CHARS))
        );
        // A combining accent is its own scalar value.
        assert_eq!(
            check_post(&"a\u{301}".repeat(251), &words),
            Err(Refusal::TooLong(502, MAX_POST_CHARS))
        );
    }

    #[test]
    fn banned_words_match_across_case_and_whitespace() {
        let words = BannedWords::parse("# comment\n赌博：博彩、赌球\nSpam Word\n");
        assert_eq!(words.len(), 4);
        let hit = words.find("周末 博 彩 吗").unwrap();
        assert_eq!((hit.word.as_str(), hit.category.as_str()), ("博彩", "赌博"));
        assert_eq!(words.find("SPAMword here").unwrap().category, "违规内容");
        assert!(words.find("科学防疫").is_none());
        let builtin = BannedWords::default();
        assert_eq!(builtin.find("找人代考").unwrap().category, "考试作弊");
    }

    #[test]
    fn links_are_refused_and_markup_is_just_text() {
        let words = BannedWords::default();
        for link in [
            "看 https://example.org",
            "HTTP://X",
            "ftp://files",
            "去WWW.example.cn看看",
        ] {
            assert_eq!(check_post(link, &words), Err(Refusal::Link), "{link}");
        }
        for text in [
            "<b>加粗</b>",
            "javascript:alert(1)",
            "<script>x</script>",
            "邮箱 a@b.cn",
        ] {
            assert_eq!(check_post(text, &words).unwrap(), text);
        }
    }

    #[test]
    fn invisible_characters_and_full_width_forms_do_not_hide_words_or_links() {
        let words = BannedWords::default();
        for text in [
            "找人代\u{200b}考",
            "代\u{ad}考",
            "代\u{feff}考吗",
            "ＰＡＹ代考",
        ] {
            assert!(
                matches!(check_post(text, &words), Err(Refusal::Banned { .. })),
                "{text:?}"
            );
        }
        for text in [
            "ｗｗｗ．example．com",
            "http\u{200b}://example.org",
            "ＨＴＴＰＳ：／／example.org",
            "w w w . example . com",
        ] {
            assert_eq!(check_post(text, &words), Err(Refusal::Link), "{text:?}");
        }
    }

    #[test]
    fn control_characters_and_empty_looking_text_are_refused() {
        let words = BannedWords::default();
        use crate::text::Unsafe;
        assert_eq!(
            check_post("a\0b", &words),
            Err(Refusal::Unsafe(Unsafe::Control))
        );
        assert_eq!(
            check_post("看\u{202e}gnp.exe", &words),
            Err(Refusal::Unsafe(Unsafe::Control))
        );
        assert_eq!(
            check_post("\u{200b}\u{2800}", &words),
            Err(Refusal::Unsafe(Unsafe::Invisible))
        );
        assert_eq!(
            check_post("第一行\n第二行", &words).unwrap(),
            "第一行\n第二行"
        );
    }

    #[test]
    fn a_word_set_is_swapped_whole_and_old_readers_keep_their_list() {
        let set = WordSet::new(BannedWords::parse("伪科学: 量子速读\n"));
        let before = set.current();
        assert!(before.find("量子 速读").is_some());
        let added = BannedWord::new("水变油", "伪科学").unwrap();
        assert_eq!(added.folded(), "水变油");
        assert!(BannedWord::new("\u{200b} ", "x").is_none());
        set.reload(|| Ok::<_, ()>(BannedWords::from_words(vec![added])))
            .unwrap();
        assert!(set.current().find("量子速读").is_none());
        assert!(set.current().find("水 变 油").is_some());
        assert!(
            before.find("量子速读").is_some(),
            "a request keeps the list it started with"
        );
        assert!(set.reload(|| Err("db down")).is_err());
        assert_eq!(set.current().len(), 1, "a failed reload keeps the list");
    }

    #[test]
    fn a_list_file_must_exist_and_list_words() {
        let dir = std::env::temp_dir().join(format!("kepuri-banned-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("words.txt");
        std::fs::write(&file, "广告: 加微信\n").unwrap();
        let words = BannedWords::from_file(&file).unwrap();
        assert_eq!(words.find("请加 微信").unwrap().category, "广告");
        std::fs::write(&file, "# nothing\n").unwrap();
        assert!(BannedWords::from_file(&file).is_err());
        assert!(BannedWords::from_file(&dir.join("missing.txt")).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
