//! 预约报名 (`api/openapi.yaml`, tag `reservations`): a user's reservations, an activity's
//! availability and the organiser's check-in.
use super::{ActivityFormat, Registration, Venue};
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// 已预约 / 候补中 / 已取消 / 已签到.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReservationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
    CheckedIn,
}

impl ReservationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Waitlisted => "waitlisted",
            Self::Cancelled => "cancelled",
            Self::CheckedIn => "checked_in",
        }
    }
}

/// The activity a reservation is for: enough for a card and an .ics file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReservationActivity {
    pub id: String,
    pub title: String,
    pub format: ActivityFormat,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub ends_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub venue: Option<Venue>,
    /// `published` or `cancelled`.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reservation {
    pub id: String,
    pub activity: ReservationActivity,
    pub status: ReservationStatus,
    pub party_size: u8,
    /// The check-in code, while confirmed or checked in.
    #[serde(default)]
    pub code: Option<String>,
    /// 1 = next in line, while waitlisted.
    #[serde(default)]
    pub waitlist_position: Option<u32>,
    /// Confirmed from the waitlist (候补成功).
    #[serde(default)]
    pub promoted: bool,
    #[serde(default)]
    pub cancellable: bool,
}

/// `GET /me/reservations`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MyReservations {
    #[serde(default)]
    pub upcoming: Vec<Reservation>,
    #[serde(default)]
    pub waitlisted: Vec<Reservation>,
    #[serde(default)]
    pub past: Vec<Reservation>,
}

/// `GET /activities/{id}/availability`: the places now, and the caller's reservation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    pub activity_id: String,
    #[serde(default)]
    pub registration: Option<Registration>,
    #[serde(default)]
    pub mine: Option<Reservation>,
}

/// Who checked in, as the organiser sees them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInHolder {
    pub display_name: String,
    pub phone_masked: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub reservation_id: String,
    pub code: String,
    pub party_size: u8,
    pub holder: CheckInHolder,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub checked_in_at: DateTime<FixedOffset>,
}

/// `GET /organiser/activities/{id}/check-ins`: people, unless named `…_reservations`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInSummary {
    pub activity_id: String,
    pub title: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub starts_at: DateTime<FixedOffset>,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub ends_at: DateTime<FixedOffset>,
    #[serde(default)]
    pub capacity: Option<u32>,
    pub reserved: u32,
    pub reserved_reservations: u32,
    pub arrived: u32,
    pub arrived_reservations: u32,
    pub waitlisted: u32,
    #[serde(default)]
    pub no_shows: Option<u32>,
    pub ended: bool,
    #[serde(default)]
    pub recent: Vec<CheckIn>,
}

/// `POST /organiser/activities/{id}/check-ins`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckInResult {
    pub check_in: CheckIn,
    pub summary: CheckInSummary,
}

/// A typed or scanned check-in code as the server matches it: no surrounding spaces, upper case
/// (the input shows it so while typing).
pub fn normalise_code(typed: &str) -> String {
    typed.trim().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_trimmed_and_upper_cased() {
        assert_eq!(normalise_code("  k7m2qx "), "K7M2QX");
        assert_eq!(normalise_code("K7M2QX"), "K7M2QX");
    }

    #[test]
    fn reads_a_reservation_as_the_contract_writes_it() {
        let json = r#"{"id":"rsv_000123","activity":{"id":"act_000042","title":"北京·中国空间站科普讲座","format":"hybrid","starts_at":"2021-09-15T09:30:00+08:00","ends_at":"2021-09-15T11:30:00+08:00","venue":{"name":"中国科学技术馆","address":"北京市朝阳区北辰东路5号"},"status":"published"},"status":"checked_in","party_size":2,"code":"K7M2QX","waitlist_position":null,"promoted":true,"cancellable":false,"created_at":"2021-09-13T10:01:00+08:00","confirmed_at":"2021-09-13T11:20:00+08:00","cancelled_at":null,"checked_in_at":null}"#;
        let r: Reservation = serde_json::from_str(json).unwrap();
        assert_eq!(r.status, ReservationStatus::CheckedIn);
        assert_eq!(r.code.as_deref(), Some("K7M2QX"));
        assert!(r.promoted && !r.cancellable);
        let a: Availability = serde_json::from_str(r#"{"activity_id":"act_000042","registration":{"required":true,"capacity":200,"registered":200,"remaining":0,"waitlisted":5,"opens_at":null,"closes_at":"2021-09-15T09:30:00+08:00","state":"full"},"mine":null}"#).unwrap();
        let reg = a.registration.unwrap();
        assert_eq!(reg.state, Some(crate::models::RegistrationState::Full));
        assert_eq!((reg.remaining, reg.waitlisted), (Some(0), 5));
    }
}
