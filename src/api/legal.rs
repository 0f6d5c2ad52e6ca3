//! The 用户协议 and 隐私政策: plain text files shipped with the app (`assets/legal-*.txt`), read
//! when their page opens, so their text is in no wasm module.
use super::ApiError;
use gloo_net::http::Request;

/// `doc`: `terms` or `privacy`.
pub async fn fetch_legal_text(doc: &str) -> Result<String, ApiError> {
    let response = Request::get(&format!("/legal-{doc}.txt"))
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    if !response.ok() {
        return Err(ApiError::from_status(response.status(), None, None));
    }
    response.text().await.map_err(|_| ApiError::Network)
}
