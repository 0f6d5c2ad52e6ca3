//! Serving the built app: history fallback, cache headers, wasm MIME type and compression.
mod common;

use common::TestServer;
use std::fs;

const INDEX: &str = "<!doctype html><html lang=\"zh-CN\"><body>云上科普日</body></html>";

async fn with_dist() -> TestServer {
    let dist = tempfile::tempdir().unwrap().keep();
    fs::write(dist.join("index.html"), INDEX).unwrap();
    fs::write(
        dist.join("kepuri-0123456789abcdef_bg.wasm"),
        vec![0u8; 4096],
    )
    .unwrap();
    fs::write(
        dist.join("kepuri-0123456789abcdef.js"),
        "export default function(){};\n".repeat(200),
    )
    .unwrap();
    fs::write(dist.join("robots.txt"), "User-agent: *\n").unwrap();
    TestServer::start_with(|c| c.static_dir = Some(dist)).await
}

#[tokio::test]
async fn deep_links_get_the_app() {
    let s = with_dist().await;
    for path in ["/", "/activities/act_000123", "/challenge/submit"] {
        let res = s.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert_eq!(res.text().await.unwrap(), INDEX);
    }
    // A missing asset is a 404, not the app; the API keeps its own 404s.
    assert_eq!(s.get("/kepuri-ffffffffffffffff.js").await.status(), 404);
    assert_eq!(
        s.get("/api/v1/nothing").await.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_wasm_has_its_type() {
    let s = with_dist().await;
    let res = s.get("/kepuri-0123456789abcdef_bg.wasm").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/wasm");
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let robots = s.get("/robots.txt").await;
    assert_eq!(robots.status(), 200);
    assert_ne!(
        robots.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn text_and_wasm_are_compressed_when_asked() {
    let s = with_dist().await;
    for (path, encoding) in [
        ("/kepuri-0123456789abcdef.js", "br"),
        ("/kepuri-0123456789abcdef_bg.wasm", "gzip"),
        ("/api/v1/regions", "br"),
    ] {
        let res = s
            .client
            .get(s.url(path))
            .header("Accept-Encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(
            res.headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap()),
            Some(encoding),
            "{path}"
        );
    }
}
