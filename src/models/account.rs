use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub phone_masked: String,
    pub display_name: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub created_at: DateTime<FixedOffset>,
    /// The 用户协议 / 隐私政策 versions the user agreed to (a session saved before consent
    /// existed has none).
    #[serde(default)]
    pub agreement: Option<UserAgreement>,
    /// The city the account remembers (附近), with its province.
    #[serde(default)]
    pub city: Option<super::RegionRef>,
}

/// The versions of the 用户协议 (`terms`) and 隐私政策 (`privacy`): the current ones in
/// `GET /edition`, the agreed ones sent with a login.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalVersions {
    pub terms: String,
    pub privacy: String,
}

/// What a user agreed to, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserAgreement {
    pub terms: String,
    pub privacy: String,
    pub agreed_at: String,
}

/// `POST /auth/sessions`: the token is only ever seen here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub expires_at: DateTime<FixedOffset>,
    pub user: User,
}

/// `POST /auth/sms-codes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SmsCodeSent {
    pub resend_after_seconds: u32,
    pub expires_in_seconds: u32,
}

/// Whether a string is a mainland mobile number (11 digits, 1[3-9]…), as the server checks.
pub fn is_mainland_mobile(phone: &str) -> bool {
    let b = phone.as_bytes();
    b.len() == 11
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
        && b.iter().all(u8::is_ascii_digit)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DisplayNameProblem {
    TooShort,
    TooLong,
    ControlCharacters,
}

/// Display names: 2–20 characters after trimming, no control characters.
pub fn display_name_problem(name: &str) -> Option<DisplayNameProblem> {
    let name = name.trim();
    let n = name.chars().count();
    if n < 2 {
        Some(DisplayNameProblem::TooShort)
    } else if n > 20 {
        Some(DisplayNameProblem::TooLong)
    } else if name.chars().any(char::is_control) {
        Some(DisplayNameProblem::ControlCharacters)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mainland_mobiles() {
        assert!(is_mainland_mobile("13812345678"));
        assert!(is_mainland_mobile("19912345678"));
        assert!(!is_mainland_mobile("12812345678"));
        assert!(!is_mainland_mobile("1381234567"));
        assert!(!is_mainland_mobile("138123456789"));
        assert!(!is_mainland_mobile("1381234567a"));
        assert!(!is_mainland_mobile("１３８１２３４５６７８"));
    }

    #[test]
    fn display_names_count_characters_not_bytes() {
        assert_eq!(display_name_problem("科普"), None);
        assert_eq!(display_name_problem(&"科".repeat(20)), None);
        assert_eq!(
            display_name_problem(&"科".repeat(21)),
            Some(DisplayNameProblem::TooLong)
        );
        assert_eq!(display_name_problem("🚀🌍"), None);
        assert_eq!(
            display_name_problem(" a "),
            Some(DisplayNameProblem::TooShort)
        );
        assert_eq!(
            display_name_problem("科普\u{7}"),
            Some(DisplayNameProblem::ControlCharacters)
        );
    }
}
