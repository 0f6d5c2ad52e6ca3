use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// `GET /edition`: the edition being shown and the server's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub year: i32,
    pub name: String,
    pub theme: String,
    #[serde(with = "crate::models::wire_time::date")]
    pub starts_on: NaiveDate,
    #[serde(with = "crate::models::wire_time::date")]
    pub ends_on: NaiveDate,
    pub utc_offset: String,
    #[serde(with = "crate::models::wire_time::rfc3339")]
    pub server_time: DateTime<FixedOffset>,
    /// The current 用户协议 / 隐私政策 versions a login agrees to.
    #[serde(default)]
    pub legal: Option<crate::models::LegalVersions>,
}

impl Edition {
    /// Every day from the first to the last, in order.
    pub fn days(&self) -> Vec<NaiveDate> {
        self.starts_on
            .iter_days()
            .take_while(|d| *d <= self.ends_on)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edition_week_has_its_seven_days_in_order() {
        let edition = Edition {
            year: 2021,
            name: "2021 全国科普日".into(),
            theme: "百年再出发".into(),
            starts_on: NaiveDate::from_ymd_opt(2021, 9, 11).unwrap(),
            ends_on: NaiveDate::from_ymd_opt(2021, 9, 17).unwrap(),
            utc_offset: "+08:00".into(),
            server_time: DateTime::parse_from_rfc3339("2021-09-13T10:00:00+08:00").unwrap(),
            legal: None,
        };
        let days = edition.days();
        assert_eq!(days.len(), 7);
        assert_eq!(days.first(), Some(&edition.starts_on));
        assert_eq!(days.last(), Some(&edition.ends_on));
    }
}
