//! 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters from a 31-character
//! set (digits and capital letters without I, O, S, V, Z), the last one a check character over the
//! first 17. The server checks it too; this lets the form say so before anything is sent.

/// The 31 characters a code may use, in the order of their values.
const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// The weight of each of the first 17 positions (3^i mod 31).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a code is not valid, for the message shown next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CreditCodeProblem {
    /// Not 18 characters.
    Length,
    /// A character outside the set (I, O, S, V, Z, lower case after folding, punctuation, …).
    Character,
    /// The 18th character does not match the first 17.
    CheckCharacter,
}

fn value(c: char) -> Option<u32> {
    CHARSET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters, `None` if one is outside the set.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut n = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    CHARSET.chars().nth(((31 - sum % 31) % 31) as usize)
}

/// The code as it should be sent: trimmed, upper case, inner spaces removed.
pub fn normalize_credit_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// `None` when `code` (already normalised) is a valid 统一社会信用代码.
pub fn credit_code_problem(code: &str) -> Option<CreditCodeProblem> {
    if code.chars().count() != 18 {
        return Some(CreditCodeProblem::Length);
    }
    if code.chars().any(|c| value(c).is_none()) {
        return Some(CreditCodeProblem::Character);
    }
    let (first17, last) = code.split_at(17);
    (credit_code_check_char(first17) != last.chars().next())
        .then_some(CreditCodeProblem::CheckCharacter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_codes_pass() {
        for code in [
            "91350100M000100Y43",
            "911101085923662400",
            "91110000802100433B",
            "12100000400000624D",
        ] {
            assert_eq!(credit_code_problem(code), None, "{code}");
        }
    }

    #[test]
    fn check_character_is_computed_from_the_first_17() {
        assert_eq!(credit_code_check_char("91350100M000100Y4"), Some('3'));
        assert_eq!(credit_code_check_char("91110000802100433"), Some('B'));
        assert_eq!(credit_code_check_char("9111000080210043"), None);
        assert_eq!(credit_code_check_char("9111000080210043I"), None);
    }

    #[test]
    fn invalid_codes_say_why() {
        use CreditCodeProblem::*;
        assert_eq!(
            credit_code_problem("91350100M000100Y44"),
            Some(CheckCharacter)
        );
        assert_eq!(
            credit_code_problem("91110000802100433A"),
            Some(CheckCharacter)
        );
        assert_eq!(credit_code_problem("91350100M000100Y4"), Some(Length));
        assert_eq!(credit_code_problem(""), Some(Length));
        assert_eq!(credit_code_problem("91350100M000100YI3"), Some(Character));
        assert_eq!(credit_code_problem("91350100m000100Y43"), Some(Character));
        assert_eq!(credit_code_problem("９1350100M000100Y43"), Some(Character));
    }

    #[test]
    fn typed_codes_are_normalised() {
        assert_eq!(
            normalize_credit_code(" 9135 0100m000100y43 "),
            "91350100M000100Y43"
        );
        assert_eq!(
            credit_code_problem(&normalize_credit_code("91350100m000100y43")),
            None
        );
    }
}
