use super::query::ApiPath;
use super::{client, ApiError};
use crate::models::Now;

/// `GET /now`: what is on now, today's activities near `city` (none without one). Sent with an
/// `ETag` and `no-cache`, so the browser's cache revalidates it instead of downloading it again.
pub async fn fetch_now(city: Option<String>) -> Result<Now, ApiError> {
    client::get(&ApiPath::new("/now").opt("city", city).build()).await
}
