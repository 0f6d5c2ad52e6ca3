//! "添加到日历": an iCalendar (RFC 5545) file made in the browser. Times are written in UTC
//! (`…Z`), which every calendar converts to its own zone correctly.
use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};

pub struct CalendarEvent<'a> {
    /// The event's id in the app (`act_…`, `live_…`); the UID adds the app's domain part.
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub location: &'a str,
    pub url: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub stamp: DateTime<Utc>,
}

fn utc_stamp<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    // Written out rather than with chrono's `format`, whose strftime machinery would otherwise
    // be in the first page's wasm (reminders are app-wide).
    let t = t.with_timezone(&Utc);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += n;
    }
    out
}

pub fn ics(event: &CalendarEvent<'_>) -> String {
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//kepuri//云上科普日//ZH".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{}@kepuri", event.uid),
        format!("DTSTAMP:{}", utc_stamp(&event.stamp)),
        format!("DTSTART:{}", utc_stamp(&event.starts_at)),
        format!("DTEND:{}", utc_stamp(&event.ends_at)),
        format!("SUMMARY:{}", escape(event.title)),
        format!("DESCRIPTION:{}", escape(event.description)),
        format!("LOCATION:{}", escape(event.location)),
        format!("URL:{}", event.url),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape(event.title)),
        "TRIGGER:-PT30M".into(),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = lines
        .iter()
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n");
    out.push_str("\r\n");
    out
}

/// Offers `event` as `<uid>.ics` (添加到日历).
pub fn download_ics(event: &CalendarEvent<'_>) -> Result<(), wasm_bindgen::JsValue> {
    download(
        &format!("{}.ics", event.uid),
        "text/calendar;charset=utf-8",
        &ics(event),
    )
}

/// How long a download's blob URL stays valid after the click.
const REVOKE_AFTER_MS: u32 = 60_000;

/// Offers `content` to the user as a file download.
pub fn download(filename: &str, mime: &str, content: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    offer(filename, mime, &parts)
}

/// Offers `bytes` (a file fetched with the user's token) as a file download.
pub fn download_bytes(
    filename: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    offer(filename, mime, &parts)
}

fn offer(filename: &str, mime: &str, parts: &js_sys::Array) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_buffer_source_sequence_and_options(parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    // The download starts after this task; revoking the URL now loses it in Safari and Firefox.
    gloo_timers::callback::Timeout::new(REVOKE_AFTER_MS, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn writes_china_times_as_utc() {
        let text = ics(&CalendarEvent {
            uid: "act_000001",
            title: "航天科普讲座; 第一讲, 火箭",
            description: "第一段\n第二段",
            location: "中国科学技术馆",
            url: "https://example.org/activities/act_000001",
            starts_at: at("2021-09-13T09:30:00+08:00"),
            ends_at: at("2021-09-13T11:00:00+08:00"),
            stamp: at("2021-09-13T10:00:00+08:00"),
        });
        assert!(text.contains("DTSTART:20210913T013000Z\r\n"));
        assert!(text.contains("DTEND:20210913T030000Z\r\n"));
        assert!(text.contains("SUMMARY:航天科普讲座\\; 第一讲\\, 火箭\r\n"));
        assert!(text.contains("DESCRIPTION:第一段\\n第二段\r\n"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let long = "科".repeat(60); // 180 octets
        let folded = fold(&format!("SUMMARY:{long}"));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), format!("SUMMARY:{long}"));
    }
}
