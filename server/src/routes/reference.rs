//! Reference data (regions, themes, event kinds): read once at start, served with ETags, in
//! Chinese or (for `Accept-Language: en…`) English, with `Content-Language` and
//! `Vary: Accept-Language`.
use super::{etag_of, json_with_etag};
use crate::db::{reference, Db};
use crate::problem::Problem;
use crate::seed::english::{region_en, EVENT_KINDS_EN, THEMES_EN};
use crate::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use serde_json::{json, Value};

pub struct Cached {
    pub body: Vec<u8>,
    pub etag: String,
}

impl Cached {
    fn new(value: Value) -> Self {
        let body = serde_json::to_vec(&value).unwrap_or_default();
        Self {
            etag: etag_of(&body),
            body,
        }
    }
}

/// A language the reference data is served in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// From an `Accept-Language` value (RFC 9110 §12.5.4): the supported language with the
    /// highest weight (the first of equal ones); Chinese when none is supported, the header is
    /// missing or it cannot be read.
    pub fn from_accept_language(value: Option<&str>) -> Self {
        let mut best: Option<(f32, Lang)> = None;
        for item in value.unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q=").map(str::parse::<f32>))
                .unwrap_or(Ok(1.0));
            let Ok(q) = q else { continue };
            if !(q > 0.0 && q <= 1.0) {
                continue;
            }
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "zh" => Lang::Zh,
                "en" => Lang::En,
                _ => continue,
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Zh, |(_, l)| l)
    }
}

/// One response in both languages.
pub struct Localised {
    pub zh: Cached,
    pub en: Cached,
}

impl Localised {
    fn get(&self, lang: Lang) -> &Cached {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

pub struct ReferenceCache {
    pub regions: Localised,
    pub themes: Localised,
    pub event_kinds: Localised,
}

impl ReferenceCache {
    pub async fn load(db: &Db) -> Result<Self, Problem> {
        db.run(|conn| {
            let regions = reference::regions(conn)?;
            let themes = reference::themes(conn)?;
            let kinds = reference::event_kinds(conn)?;
            let mut regions_en = regions.clone();
            for p in &mut regions_en {
                if let Some(name) = region_en(&p.code) {
                    p.name = name.to_string();
                    p.short_name = name.to_string();
                }
                for c in &mut p.cities {
                    if let Some(name) = region_en(&c.code) {
                        c.name = name.to_string();
                    }
                }
            }
            let mut themes_en = themes.clone();
            for t in &mut themes_en {
                if let Some((_, name, description)) = THEMES_EN.iter().find(|(id, ..)| *id == t.id)
                {
                    t.name = name.to_string();
                    t.description = description.to_string();
                }
            }
            let mut kinds_en = kinds.clone();
            for k in &mut kinds_en {
                if let Some((_, name)) = EVENT_KINDS_EN.iter().find(|(id, _)| *id == k.id) {
                    k.name = name.to_string();
                }
            }
            let both = |zh: Value, en: Value| Localised {
                zh: Cached::new(zh),
                en: Cached::new(en),
            };
            Ok(Self {
                regions: both(json!({ "items": regions }), json!({ "items": regions_en })),
                themes: both(json!({ "items": themes }), json!({ "items": themes_en })),
                event_kinds: both(json!({ "items": kinds }), json!({ "items": kinds_en })),
            })
        })
        .await
    }
}

/// The body for the asked language, with its ETag (one per language), the language it is in
/// and `Vary: Accept-Language` (on a 304 too), so caches keep the languages apart.
fn localised(headers: &HeaderMap, both: &Localised) -> Response {
    let lang = Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let c = both.get(lang);
    let mut response = json_with_etag(headers, &c.body, &c.etag);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.tag()),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

pub async fn regions(State(state): State<AppState>, headers: HeaderMap) -> Response {
    localised(&headers, &state.reference.regions)
}

pub async fn themes(State(state): State<AppState>, headers: HeaderMap) -> Response {
    localised(&headers, &state.reference.themes)
}

pub async fn event_kinds(State(state): State<AppState>, headers: HeaderMap) -> Response {
    localised(&headers, &state.reference.event_kinds)
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        let of = |v| Lang::from_accept_language(v);
        assert_eq!(of(None), Lang::Zh);
        assert_eq!(of(Some("en")), Lang::En);
        assert_eq!(of(Some("en-US,en;q=0.9")), Lang::En);
        assert_eq!(of(Some("zh-CN,zh;q=0.9,en;q=0.8")), Lang::Zh);
        assert_eq!(of(Some("fr-FR, en;q=0.5, zh;q=0.4")), Lang::En);
        assert_eq!(of(Some("de;q=1, zh-TW;q=0.3, en;q=0.7")), Lang::En);
        assert_eq!(of(Some("en;q=0")), Lang::Zh);
        assert_eq!(of(Some("fr")), Lang::Zh);
        assert_eq!(of(Some("*")), Lang::Zh);
        assert_eq!(of(Some("\u{0};;;q=zz,,")), Lang::Zh);
        assert_eq!(of(Some("en;q=abc")), Lang::Zh);
    }
}
