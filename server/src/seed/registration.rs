//! 登记填报 dev accounts (README, "Roles and dev accounts"): one organiser with one approved
//! unit, a Beijing and a Shanghai reviewer, an admin, and one approved 全国学会. Their phones are
//! mainland mobiles, so they log in with the dev code.
use crate::db::organisers::{self, UnitFields};
use crate::grant::{grant, Grant};
use rusqlite::{Connection, OptionalExtension};

pub const ORGANISER_PHONE: &str = "13800000001";
pub const BEIJING_REVIEWER_PHONE: &str = "13800000002";
pub const SHANGHAI_REVIEWER_PHONE: &str = "13800000003";
pub const ADMIN_PHONE: &str = "13800000004";
/// The dev moderator of 内容审核 (issue 16).
pub const MODERATOR_PHONE: &str = "13800000005";

/// 2021-08-16T09:00:00+08:00, when the seeded units were registered.
const REGISTERED_AT: i64 = 1_629_075_600;

fn user(conn: &Connection, phone: &str, name: &str) -> rusqlite::Result<String> {
    crate::db::accounts::user_for_phone(conn, phone, name, REGISTERED_AT)
}

fn approved_unit(
    conn: &Connection,
    f: &UnitFields,
    member: &str,
    admin: &str,
) -> rusqlite::Result<String> {
    let id = organisers::insert_unit(conn, f, "pending", member, REGISTERED_AT)?;
    organisers::add_history(
        conn,
        "unit",
        &id,
        REGISTERED_AT,
        (member, "organiser"),
        None,
        "pending",
        "[]",
        None,
    )?;
    organisers::set_unit_status(
        conn,
        &organisers::Transition {
            id: &id,
            from: "pending",
            to: "approved",
            reason: None,
            actor: (admin, "admin"),
            now: REGISTERED_AT + 3_600,
        },
    )?;
    Ok(id)
}

pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<()> {
    let any: Option<i64> = conn
        .query_row("SELECT seq FROM units LIMIT 1", [], |r| r.get(0))
        .optional()?;
    if any.is_some() {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let organiser = user(&tx, ORGANISER_PHONE, "王老师")?;
    user(&tx, BEIJING_REVIEWER_PHONE, "北京审核员")?;
    user(&tx, SHANGHAI_REVIEWER_PHONE, "上海审核员")?;
    let admin = user(&tx, ADMIN_PHONE, "管理员")?;
    let granted = |tx: &Connection, phone: &str, g: Grant| {
        grant(tx, phone, &g, REGISTERED_AT)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
    };
    granted(&tx, ADMIN_PHONE, Grant::Admin)?;
    granted(
        &tx,
        BEIJING_REVIEWER_PHONE,
        Grant::ReviewerOfProvince("110000".into()),
    )?;
    granted(
        &tx,
        SHANGHAI_REVIEWER_PHONE,
        Grant::ReviewerOfProvince("310000".into()),
    )?;
    approved_unit(
        &tx,
        &UnitFields {
            name: "北京市海淀区青少年科技馆".into(),
            kind: "science-museum".into(),
            credit_code: "121100004000000014".into(),
            province_code: "110000".into(),
            city_code: "110108".into(),
            county_code: None,
            contact_name: "王老师".into(),
            contact_phone: ORGANISER_PHONE.into(),
            society_id: None,
        },
        &organiser,
        &admin,
    )?;
    approved_unit(
        &tx,
        &UnitFields {
            name: "中国核学会".into(),
            kind: "national-society".into(),
            credit_code: "511000005000123452".into(),
            province_code: "110000".into(),
            city_code: "110102".into(),
            county_code: None,
            contact_name: "李老师".into(),
            contact_phone: ADMIN_PHONE.into(),
            society_id: None,
        },
        &admin,
        &admin,
    )?;
    tx.commit()
}

/// The dev moderator, added once (also to databases seeded before issue 16).
pub fn seed_moderator(conn: &mut Connection) -> rusqlite::Result<()> {
    let any: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM roles WHERE role = 'moderator')",
        [],
        |r| r.get(0),
    )?;
    if any {
        return Ok(());
    }
    let tx = conn.transaction()?;
    user(&tx, MODERATOR_PHONE, "内容审核员")?;
    grant(&tx, MODERATOR_PHONE, &Grant::Moderator, REGISTERED_AT)
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
    tx.commit()
}
