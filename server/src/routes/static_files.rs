//! Serving the built app: files from `dist/`, long-lived caching for hashed assets, `no-cache`
//! for index.html, the service worker and the manifest, and a history-API fallback so deep links like /activities/act_1 load the app.
use axum::body::Body;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use std::convert::Infallible;
use std::path::PathBuf;
use tower::util::BoxCloneSyncService;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::services::{ServeDir, ServeFile};

/// Whether a file name carries Trunk's content hash (`name-0123456789abcdef.ext`). Trunk writes
/// the hash as plain hex without leading zeros, so it can be a digit or two shorter than 16
/// (`layout-124ec8f9ed9b38e.css`).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.split('.').next().unwrap_or(name);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Files the browser must check on every use, as it does index.html: the service worker (a new
/// build's `sw.js` is how an installed app learns of it) and the web app manifest.
fn revalidated(path: &str) -> bool {
    path == "/sw.js" || path == "/manifest.webmanifest"
}

pub fn service(dir: PathBuf) -> BoxCloneSyncService<Request<Body>, Response<Body>, Infallible> {
    let index = dir.join("index.html");
    let files = ServeDir::new(&dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(&index));
    let svc = ServiceBuilder::new()
        .map_request(|req: Request<Body>| req)
        .service(files)
        .map_response(
            |res: Response<tower_http::services::fs::ServeFileSystemResponseBody>| {
                res.map(Body::new)
            },
        );
    let svc = tower::service_fn(move |req: Request<Body>| {
        let svc = svc.clone();
        async move {
            let path = req.uri().path().to_string();
            let last = path.rsplit('/').next().unwrap_or("");
            // Unknown asset-looking paths are real 404s, not the app.
            let looks_like_file = last.contains('.');
            let mut res = svc.oneshot(req).await?;
            let served_index = res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if looks_like_file && served_index && !path.ends_with(".html") {
                let mut not_found = Response::new(Body::from("Not Found"));
                *not_found.status_mut() = StatusCode::NOT_FOUND;
                return Ok(not_found);
            }
            let cache = if is_hashed(&path) && res.status().is_success() {
                "public, max-age=31536000, immutable"
            } else if served_index || revalidated(&path) {
                "no-cache"
            } else {
                "public, max-age=3600"
            };
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            Ok::<_, Infallible>(res)
        }
    });
    BoxCloneSyncService::new(svc)
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed("/kepuri-ec7437f38b4a000f_bg.wasm"));
        assert!(is_hashed("/kepuri-ec7437f38b4a000f.js"));
        assert!(is_hashed("/tokens-b5a5b3029abcdae2.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/robots.txt"));
        assert!(is_hashed("/layout-124ec8f9ed9b38e.css"));
        assert!(is_hashed("/style-abcdef0123456789.css"));
        assert!(!is_hashed("/favicon-2dcbdbba55d.svg"));
        assert!(!is_hashed("/activities/act_000001"));
    }
}
