//! The one way a request's path and query string are put together: values are percent-encoded,
//! `?` and `&` are placed once, and unset values are left out.
use crate::models::encode;
use std::fmt::Display;

/// `ApiPath::new("/topics").param("limit", 20).opt("cursor", cursor).build()`.
#[derive(Clone, Debug)]
pub struct ApiPath {
    path: String,
    has_query: bool,
}

impl ApiPath {
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            has_query: false,
        }
    }

    fn separator(&mut self) {
        self.path.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
    }

    /// `key=value`, the value percent-encoded.
    pub fn param(mut self, key: &str, value: impl Display) -> Self {
        self.separator();
        self.path.push_str(key);
        self.path.push('=');
        self.path.push_str(&encode(&value.to_string()));
        self
    }

    /// `key=value` when there is a value.
    pub fn opt(self, key: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(v) => self.param(key, v),
            None => self,
        }
    }

    /// A query string already encoded by its model (`a=1&b=2`; nothing when empty).
    pub fn query(mut self, encoded: &str) -> Self {
        if !encoded.is_empty() {
            self.separator();
            self.path.push_str(encoded);
        }
        self
    }

    pub fn build(self) -> String {
        self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_encoding_are_placed_once() {
        assert_eq!(ApiPath::new("/topics").build(), "/topics");
        assert_eq!(
            ApiPath::new("/topics")
                .opt("cursor", None::<&str>)
                .param("limit", 20)
                .opt("cursor", Some("a b&c"))
                .build(),
            "/topics?limit=20&cursor=a%20b%26c"
        );
        assert_eq!(
            ApiPath::new("/activities")
                .query("")
                .query("q=%E6%A0%B8")
                .param("limit", 10)
                .build(),
            "/activities?q=%E6%A0%B8&limit=10"
        );
    }
}
