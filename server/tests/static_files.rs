//! `--static dist`: the built app with history fallback, cache headers, wasm MIME and compression.
mod common;

use common::{assert_problem, start_with, TestServer};

const INDEX: &str = "<!doctype html><html lang=\"zh-CN\"><body>app shell marker</body></html>";
const WASM: &str = "kepuri-3f2a9c1b0d4e5f67_bg.wasm";
const CSS: &str = "style-abcdef0123456789.css";
const MANIFEST: &str = r#"{"name":"云上科普日","start_url":"/","display":"standalone"}"#;
const ICON: &str = "icon-192-0123456789abcdef.png";

/// A server over a small `dist/` made like Trunk's output.
async fn serve_dist() -> TestServer {
    start_with(|config, dir| {
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("index.html"), INDEX).unwrap();
        // Compressible stand-ins: a wasm magic number followed by repetitive bytes.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(std::iter::repeat_n(b"kepuri ".as_slice(), 4096).flatten());
        std::fs::write(dist.join(WASM), wasm).unwrap();
        std::fs::write(dist.join(CSS), "body { color: #1a1a1a; }\n".repeat(200)).unwrap();
        std::fs::write(dist.join("robots.txt"), "User-agent: *\nAllow: /\n").unwrap();
        std::fs::write(
            dist.join("sw.js"),
            "self.addEventListener('fetch', () => {});\n",
        )
        .unwrap();
        std::fs::write(dist.join("manifest.webmanifest"), MANIFEST).unwrap();
        std::fs::write(dist.join(ICON), b"\x89PNG\r\n\x1a\n").unwrap();
        config.static_dir = Some(dist);
    })
    .await
}

fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn deep_links_fall_back_to_index_html() {
    let server = serve_dist().await;
    for path in [
        "/",
        "/activities/123",
        "/activities/act_000001",
        "/live",
        "/no/such/page",
    ] {
        let res = server.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(
            header(&res, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), INDEX, "{path}");
    }
    // A missing asset is a real 404, not the app; /api and /media stay problem+json.
    assert_eq!(
        server.get("/kepuri-0000000000000000.js").await.status(),
        404
    );
    assert_problem(server.get("/api/v1/unknown").await, 404, "not-found").await;
    assert_problem(server.get("/media/unknown.svg").await, 404, "not-found").await;
    assert_eq!(server.get("/api/v1/health").await.status(), 200);
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_wasm_has_its_mime_type() {
    let server = serve_dist().await;
    let wasm = server.get(&format!("/{WASM}")).await;
    assert_eq!(wasm.status(), 200);
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(wasm.bytes().await.unwrap().starts_with(b"\0asm"));

    let css = server.get(&format!("/{CSS}")).await;
    assert!(header(&css, "content-type").starts_with("text/css"));
    assert_eq!(
        header(&css, "cache-control"),
        "public, max-age=31536000, immutable"
    );

    let robots = server.get("/robots.txt").await;
    assert_eq!(robots.status(), 200);
    assert!(!header(&robots, "cache-control").contains("immutable"));
}

#[tokio::test]
async fn text_and_wasm_are_compressed_with_brotli_or_gzip() {
    let server = serve_dist().await;
    for (path, encoding) in [
        (format!("/{WASM}"), "br"),
        (format!("/{CSS}"), "br"),
        ("/activities/123".to_string(), "gzip"),
        ("/api/v1/regions".to_string(), "br"),
        ("/media/covers/act_000001.svg".to_string(), "gzip"),
    ] {
        let res = server.get(&path).header("Accept-Encoding", encoding).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "content-encoding"), encoding, "{path}");
    }
    // What a browser gets after decoding is the file itself.
    let decoding = reqwest::Client::new();
    let body = decoding
        .get(server.url(&format!("/{CSS}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "body { color: #1a1a1a; }\n".repeat(200));
}

/// The installed app learns of a new build from `sw.js` (and reads its name and icons from the
/// manifest): both are checked with the server on every use, like index.html, never kept for an
/// hour; the icons are hashed like every other asset.
#[tokio::test]
async fn service_worker_and_manifest_are_revalidated_with_their_types() {
    let server = serve_dist().await;
    let sw = server.get("/sw.js").await;
    assert_eq!(sw.status(), 200);
    assert_eq!(header(&sw, "cache-control"), "no-cache");
    assert!(header(&sw, "content-type").starts_with("text/javascript"));

    let manifest = server.get("/manifest.webmanifest").await;
    assert_eq!(manifest.status(), 200);
    assert_eq!(header(&manifest, "cache-control"), "no-cache");
    assert_eq!(
        header(&manifest, "content-type"),
        "application/manifest+json"
    );
    assert_eq!(manifest.text().await.unwrap(), MANIFEST);

    let icon = server.get(&format!("/{ICON}")).await;
    assert_eq!(header(&icon, "content-type"), "image/png");
    assert_eq!(
        header(&icon, "cache-control"),
        "public, max-age=31536000, immutable"
    );
}
