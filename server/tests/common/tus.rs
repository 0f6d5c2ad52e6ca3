//! tus 1.0.0 uploads: creation, PATCHes and the offset a HEAD reports.
use super::{Request, TestServer};
use reqwest::Method;

impl TestServer {
    /// A request with `Tus-Resumable: 1.0.0`.
    pub fn tus(&self, method: Method, path: &str) -> Request {
        self.request(method, path).header("Tus-Resumable", "1.0.0")
    }

    /// `POST /api/v1/uploads` of `length` bytes, with `Upload-Metadata` when given.
    pub async fn tus_create(
        &self,
        token: &str,
        length: u64,
        metadata: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .tus(Method::POST, "/api/v1/uploads")
            .auth(token)
            .header("Upload-Length", length.to_string());
        if let Some(m) = metadata {
            req = req.header("Upload-Metadata", m);
        }
        req.await
    }

    /// [`TestServer::tus_create`], asserting a 201 with its tus headers; the upload's path
    /// (`/api/v1/uploads/up_…`).
    pub async fn tus_created(&self, token: &str, length: u64, metadata: Option<&str>) -> String {
        let res = self.tus_create(token, length, metadata).await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.headers()["tus-resumable"], "1.0.0");
        assert!(res.headers()["upload-expires"]
            .to_str()
            .unwrap()
            .ends_with(" GMT"));
        let location = res.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/api/v1/uploads/up_"), "{location}");
        location
    }

    /// A PATCH of `bytes` at `offset` to the upload at `at`.
    pub async fn tus_patch(
        &self,
        token: &str,
        at: &str,
        offset: u64,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.tus(Method::PATCH, at)
            .auth(token)
            .header("Content-Type", "application/offset+octet-stream")
            .header("Upload-Offset", offset.to_string())
            .body(bytes)
            .await
    }

    /// The `Upload-Offset` a HEAD of the upload at `at` reports.
    pub async fn tus_offset(&self, token: &str, at: &str) -> u64 {
        upload_offset(&self.tus(Method::HEAD, at).auth(token).await)
    }

    /// Creates an upload of `length` bytes and sends `parts` one after the other, each
    /// answered with a 204; the upload's id.
    pub async fn upload(
        &self,
        token: &str,
        length: usize,
        metadata: Option<&str>,
        parts: &[&[u8]],
    ) -> String {
        let at = self.tus_created(token, length as u64, metadata).await;
        let mut offset = 0;
        for part in parts {
            let res = self.tus_patch(token, &at, offset, part.to_vec()).await;
            assert_eq!(res.status(), 204);
            offset += part.len() as u64;
        }
        at.rsplit('/').next().unwrap().to_string()
    }
}

/// A response's `Upload-Offset`.
pub fn upload_offset(res: &reqwest::Response) -> u64 {
    res.headers()["upload-offset"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}
