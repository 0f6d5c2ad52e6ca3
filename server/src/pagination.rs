//! Keyset cursors: `next_cursor` names the last row of a page as `1:{tag}:{key,…}` in URL-safe
//! base64. The tag says which list (and order, and filter) the cursor came from, so a cursor
//! never continues another list.
use base64::Engine;

/// What a cursor that does not belong to the list (or is no cursor at all) is told.
pub const BAD_CURSOR: &str = "分页游标无效，请从第一页重新开始";

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// One page of a list as the database reads it: its rows, the key of its last row when more rows
/// follow (a cursor's content), and how many rows the whole list has.
pub struct KeyedPage<T, K> {
    pub items: Vec<T>,
    pub next: Option<K>,
    pub total: i64,
}

pub fn encode_cursor(tag: &str, key: &[i64]) -> String {
    let body = key.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    B64.encode(format!("1:{tag}:{body}"))
}

pub fn decode_cursor(cursor: &str, tag: &str, len: usize) -> Option<Vec<i64>> {
    let raw = String::from_utf8(B64.decode(cursor).ok()?).ok()?;
    let rest = raw
        .strip_prefix("1:")?
        .strip_prefix(tag)?
        .strip_prefix(':')?;
    let key: Vec<i64> = rest
        .split(',')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (key.len() == len).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_other_searches() {
        let c = encode_cursor("s0", &[1631496600, 42]);
        assert_eq!(decode_cursor(&c, "s0", 2), Some(vec![1631496600, 42]));
        assert_eq!(decode_cursor(&c, "p0", 2), None, "another sort");
        assert_eq!(decode_cursor(&c, "s0", 3), None, "another key shape");
        assert_eq!(decode_cursor("not-a-cursor", "s0", 2), None);
    }
}
