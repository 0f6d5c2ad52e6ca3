//! The 统一社会信用代码 check character (GB 32100-2015): weights 3^i mod 31 over the 31-character
//! set `0-9 A-H J-N P-R T U W-Y`, check = 31 − (sum mod 31), 31 → 0. The valid vectors were
//! computed with that algorithm (the first is a code published on a business licence).
use kepuri_server::registration::{credit_check_char, is_valid_credit_code};

const VALID: &[&str] = &[
    "91350100M000100Y43",
    "12100000400000624D",
    "521100005000000008",
    "91110108MA01AAAAAL",
    "11100000000013127D",
    "91310000MA1FL0000N",
    "121100004000000014",
    "511000005000123452",
    "9111010812345678AL",
];

#[test]
fn valid_codes_pass() {
    for code in VALID {
        assert!(is_valid_credit_code(code), "{code}");
        assert_eq!(
            credit_check_char(&code[..17]),
            code[17..].chars().next(),
            "{code}"
        );
    }
}

#[test]
fn a_wrong_check_character_fails() {
    for code in VALID {
        let last = code.chars().last().unwrap();
        for other in "0123456789ABCDEFGHJKLMNPQRTUWXY"
            .chars()
            .filter(|c| *c != last)
        {
            let bad = format!("{}{other}", &code[..17]);
            assert!(!is_valid_credit_code(&bad), "{bad}");
        }
    }
}

#[test]
fn malformed_codes_fail() {
    for bad in [
        "",
        "91350100M000100Y4",   // 17 characters
        "91350100M000100Y430", // 19
        "91350100I000100Y43",  // I is not in the set
        "91350100O000100Y43",  // nor O
        "91350100S000100Y43",  // nor S
        "91350100m000100Y43",  // lower case is upper-cased before the check, not here
        "91350100M000100Y4Z",  // Z is never a check character
        "９1350100M000100Y43", // a full-width digit
    ] {
        assert!(!is_valid_credit_code(bad), "{bad:?}");
    }
    assert_eq!(credit_check_char("9135010"), None);
}
