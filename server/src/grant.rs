//! `kepuri-server grant`: gives an account (by phone) a role of 登记填报.
//!
//! ```text
//! kepuri-server grant --phone 13800000002 --role reviewer --region 110000
//! kepuri-server grant --phone 13800000005 --role reviewer --society unit_000002
//! kepuri-server grant --phone 13800000004 --role admin
//! kepuri-server grant --phone 13800000006 --role organiser --unit unit_000001
//! ```
//!
//! The account is created if the phone has never logged in. Granting twice is a no-op.
use crate::db::{accounts, organisers};
use clap::Parser;
use rusqlite::Connection;
use std::path::PathBuf;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "kepuri-server grant",
    about = "Grants a 登记填报 role: reviewer of a province (--region) or of a 全国学会 (--society), admin, or organiser of a unit (--unit)"
)]
pub struct GrantArgs {
    /// SQLite database file (start the server on it once first, so it is seeded).
    #[arg(long, env = "KEPURI_DB", default_value = "data/kepuri.db")]
    pub db: PathBuf,
    /// The account's mainland mobile number.
    #[arg(long)]
    pub phone: String,
    #[arg(long, value_parser = ["reviewer", "admin", "organiser"])]
    pub role: String,
    /// With `--role reviewer`: a province code (GB/T 2260, e.g. 110000).
    #[arg(long)]
    pub region: Option<String>,
    /// With `--role reviewer`: the id of a unit of kind 全国学会.
    #[arg(long)]
    pub society: Option<String>,
    /// With `--role organiser`: the unit to add the account to.
    #[arg(long)]
    pub unit: Option<String>,
}

/// What to grant.
#[derive(Debug, Clone, PartialEq)]
pub enum Grant {
    Admin,
    ReviewerOfProvince(String),
    ReviewerOfSociety(String),
    Organiser(String),
}

impl GrantArgs {
    pub fn grant(&self) -> Result<Grant, String> {
        match (self.role.as_str(), &self.region, &self.society, &self.unit) {
            ("admin", None, None, None) => Ok(Grant::Admin),
            ("reviewer", Some(r), None, None) => Ok(Grant::ReviewerOfProvince(r.clone())),
            ("reviewer", None, Some(s), None) => Ok(Grant::ReviewerOfSociety(s.clone())),
            ("organiser", None, None, Some(u)) => Ok(Grant::Organiser(u.clone())),
            ("reviewer", _, _, _) => {
                Err("--role reviewer needs exactly one of --region or --society".into())
            }
            ("organiser", _, _, _) => {
                Err("--role organiser needs --unit (and nothing else)".into())
            }
            _ => Err("--role admin takes no --region, --society or --unit".into()),
        }
    }
}

/// Grants `grant` to the account of `phone` (created if new); a sentence saying what was done.
pub fn grant(conn: &Connection, phone: &str, grant: &Grant, now: i64) -> Result<String, String> {
    let db_err = |e: rusqlite::Error| format!("database error: {e}");
    if !crate::auth::is_mainland_mobile(phone) {
        return Err(format!("{phone} is not a mainland mobile number"));
    }
    let name = format!("科普爱好者{}", &phone[phone.len() - 4..]);
    let user = accounts::user_for_phone(conn, phone, &name, now).map_err(db_err)?;
    match grant {
        Grant::Admin => {
            organisers::grant_role(conn, &user, "admin", "", "", now).map_err(db_err)?;
            Ok(format!("{phone} ({user}) is an admin"))
        }
        Grant::ReviewerOfProvince(code) => {
            if !organisers::is_province(conn, code).map_err(db_err)? {
                return Err(format!("{code} is not a province code of /regions"));
            }
            organisers::grant_role(conn, &user, "reviewer", "province", code, now)
                .map_err(db_err)?;
            Ok(format!("{phone} ({user}) reviews province {code}"))
        }
        Grant::ReviewerOfSociety(id) => {
            let unit = organisers::find_unit(conn, id).map_err(db_err)?;
            if unit.is_none_or(|u| u.kind != "national-society") {
                return Err(format!(
                    "{id} is not a unit of kind national-society (全国学会)"
                ));
            }
            organisers::grant_role(conn, &user, "reviewer", "society", id, now).map_err(db_err)?;
            Ok(format!(
                "{phone} ({user}) reviews the units of 全国学会 {id}"
            ))
        }
        Grant::Organiser(id) => {
            if organisers::find_unit(conn, id).map_err(db_err)?.is_none() {
                return Err(format!("there is no unit {id}"));
            }
            organisers::add_member(conn, id, &user, now).map_err(db_err)?;
            Ok(format!("{phone} ({user}) is an organiser of {id}"))
        }
    }
}

/// The subcommand: opens (and migrates) an existing database and grants.
pub fn run(args: &GrantArgs) -> Result<String, String> {
    let grant_spec = args.grant()?;
    if !args.db.exists() {
        return Err(format!(
            "{} does not exist: start kepuri-server on it once first",
            args.db.display()
        ));
    }
    let mut conn = Connection::open(&args.db).map_err(|e| e.to_string())?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(|e| e.to_string())?;
    crate::db::migrate(&mut conn).map_err(|e| e.to_string())?;
    let tx = conn.transaction().map_err(|e| e.to_string())?;
    let done = grant(
        &tx,
        &args.phone,
        &grant_spec,
        chrono::Utc::now().timestamp(),
    )?;
    tx.commit().map_err(|e| e.to_string())?;
    Ok(done)
}
