//! Rules shared by every field a user types (display names, post text, entry titles and
//! descriptions, report notes): what is refused outright, what counts as visible, and the
//! normalised form that moderation matches against, so that `代\u{200b}考`, `代\u{ad}考` or
//! `ｗｗｗ．example．com` match like `代考` and `www.example.com`.
use unicode_normalization::UnicodeNormalization;

/// Characters that render as nothing (Unicode's Default_Ignorable_Code_Point: zero-width
/// spaces and joiners, the soft hyphen, bidi marks, variation selectors, fillers, tags).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Characters no user text may hold: control characters (NUL, escape, …; a line break is
/// allowed where `multiline`), the bidi embeddings, overrides and isolates that make text read
/// in another order than it is stored, and the line/paragraph separators.
pub fn is_forbidden(c: char, multiline: bool) -> bool {
    if c.is_control() {
        return !(multiline && matches!(c, '\n' | '\r' | '\t'));
    }
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// Does `s` hold a character that shows: not whitespace, not invisible, not a blank
/// look-alike (the Braille blank, the Hangul fillers).
pub fn has_visible(s: &str) -> bool {
    s.chars().any(|c| {
        !c.is_whitespace() && !is_invisible(c) && !matches!(c, '\u{2800}' | '\u{3164}' | '\u{FFA0}')
    })
}

/// Why a field's text is refused, before any field-specific rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    /// A control or bidi-override character.
    Control,
    /// Nothing but whitespace and invisible characters.
    Invisible,
}

impl Unsafe {
    /// The field message, in Chinese.
    pub fn message(self) -> &'static str {
        match self {
            Self::Control => "不能包含控制字符或改变文字方向的字符",
            Self::Invisible => "须包含可见的文字",
        }
    }
}

/// Checks a field's text: `Err` if it holds a forbidden character, or (when not empty) has no
/// visible one.
pub fn check(s: &str, multiline: bool) -> Result<(), Unsafe> {
    if s.chars().any(|c| is_forbidden(c, multiline)) {
        return Err(Unsafe::Control);
    }
    if !s.is_empty() && !has_visible(s) {
        return Err(Unsafe::Invisible);
    }
    Ok(())
}

/// The form moderation matches against: NFKC (full-width and compatibility forms become
/// plain ones), invisible characters and whitespace removed, lower case, and the ideographic
/// full stop read as a dot.
pub fn for_matching(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '。' { '.' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_sees_through_invisible_and_full_width_forms() {
        assert_eq!(for_matching("代\u{200b}考"), "代考");
        assert_eq!(for_matching("代\u{ad}考"), "代考");
        assert_eq!(for_matching("代\u{2060}\u{feff}考"), "代考");
        assert_eq!(for_matching("ｗｗｗ．example．com"), "www.example.com");
        assert_eq!(for_matching("http\u{200b}://x"), "http://x");
        assert_eq!(for_matching("ＨＴＴＰＳ：／／Ｘ"), "https://x");
        assert_eq!(for_matching("www。example。com"), "www.example.com");
        assert_eq!(for_matching("科 普\u{3000}日"), "科普日");
    }

    #[test]
    fn controls_and_bidi_overrides_are_refused() {
        assert_eq!(check("a\0b", true), Err(Unsafe::Control));
        assert_eq!(check("abc\u{202e}txt.exe", false), Err(Unsafe::Control));
        assert_eq!(check("x\u{2067}y", false), Err(Unsafe::Control));
        assert_eq!(check("\u{1b}[31m", false), Err(Unsafe::Control));
        assert_eq!(check("第一行\n第二行", false), Err(Unsafe::Control));
        assert_eq!(check("第一行\r\n第二行\t!", true), Ok(()));
        assert_eq!(check("שלום עולם and English", false), Ok(()));
        assert_eq!(check("👨\u{200d}👩\u{200d}👧 家", false), Ok(()));
    }

    #[test]
    fn text_must_show_something() {
        assert_eq!(check("\u{200b}\u{200b}", false), Err(Unsafe::Invisible));
        assert_eq!(check("\u{3164}\u{3164}", false), Err(Unsafe::Invisible));
        assert_eq!(check("\u{2800} \u{2800}", false), Err(Unsafe::Invisible));
        assert_eq!(check("\u{200b}小明", false), Ok(()));
        assert_eq!(check("", false), Ok(()));
    }
}
