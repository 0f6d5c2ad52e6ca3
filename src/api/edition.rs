use super::{client, ApiError};
use crate::models::Edition;

/// One reading of the server's clock: what it said and when (device time, ms since the epoch)
/// the answer arrived, with the round trip, so the app can correct the device clock.
#[derive(Clone, Debug, PartialEq)]
pub struct ClockSample {
    pub edition: Edition,
    pub received_at_ms: f64,
    pub round_trip_ms: f64,
}

pub async fn fetch_edition() -> Result<ClockSample, ApiError> {
    let sent = js_sys::Date::now();
    let edition: Edition = client::get("/edition").await?;
    let received_at_ms = js_sys::Date::now();
    Ok(ClockSample {
        edition,
        received_at_ms,
        round_trip_ms: received_at_ms - sent,
    })
}
