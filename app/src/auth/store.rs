//! Sign-in sessions and who is behind one: the account, and every council and area it reaches.
//! Every value is a bound parameter.
use super::session::{new_token, token_hash, SESSION_DAYS};
use super::Principal;
use crate::base::error::AppError;
use crate::server::db::{key_text, Db};
use surrealdb::types::{RecordId, SurrealValue};

/// Starts a session and returns the token for the cookie.
pub async fn start_session(db: &Db, account: &RecordId) -> Result<String, AppError> {
    let token = new_token();
    db.query(
        "CREATE session SET token_hash = $hash, account = $account,
             expires_at = time::now() + duration::from_days($days)",
    )
    .bind(("hash", token_hash(&token)))
    .bind(("account", account.clone()))
    .bind(("days", SESSION_DAYS))
    .await?
    .check()?;
    Ok(token)
}

pub async fn end_session(db: &Db, token: &str) -> Result<(), AppError> {
    db.query("DELETE session WHERE token_hash = $hash")
        .bind(("hash", token_hash(token)))
        .await?
        .check()?;
    Ok(())
}

/// Ends every session of an account, except the one with `keep` (a token) if given.
pub async fn end_sessions_of(
    db: &Db,
    account: &RecordId,
    keep: Option<&str>,
) -> Result<(), AppError> {
    db.query("DELETE session WHERE account = $account AND token_hash != $keep")
        .bind(("account", account.clone()))
        .bind(("keep", keep.map(token_hash).unwrap_or_default()))
        .await?
        .check()?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AccountRow {
    id: RecordId,
    name: String,
    system_admin: bool,
    admin_area: Option<RecordId>,
    member: Option<RecordId>,
    department: Option<RecordId>,
    office_area: Option<RecordId>,
    review_body: Option<RecordId>,
    disabled: bool,
    must_change_password: bool,
    password_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The signed-in account behind a session token, with its reach; `None` when the session is
/// unknown, expired, or its account disabled.
pub async fn principal_for_token(db: &Db, token: &str) -> Result<Option<Principal>, AppError> {
    let mut response = db
        .query(
            "SELECT id, name, system_admin, admin_area, member, department, office_area, review_body, disabled,
                 must_change_password, password_expires_at
             FROM account WHERE id = (SELECT VALUE account FROM session
                 WHERE token_hash = $hash AND expires_at > time::now() LIMIT 1)[0]",
        )
        .bind(("hash", token_hash(token)))
        .await?
        .check()?;
    let Some(row) = response.take::<Vec<AccountRow>>(0)?.into_iter().next() else {
        return Ok(None);
    };
    // Disabled, or signed in with a one-time code that has since expired: no one.
    let code_expired = row.must_change_password
        && row
            .password_expires_at
            .is_some_and(|at| at <= chrono::Utc::now());
    if row.disabled || code_expired {
        return Ok(None);
    }
    let mut response = db
        .query(
            "SELECT VALUE council FROM membership
                 WHERE $member != NONE AND member = $member
                 AND role IN ['head', 'deputy', 'rotating_head', 'liaison'];
             SELECT VALUE council FROM membership WHERE $member != NONE AND member = $member;
             LET $areas = SELECT VALUE id FROM area WHERE $area != NONE AND (id = $area
                 OR parent = $area OR parent.parent = $area OR parent.parent.parent = $area
                 OR parent.parent.parent.parent = $area);
             RETURN $areas;
             SELECT VALUE id FROM council WHERE area IN $areas;
             LET $office = SELECT VALUE id FROM area WHERE $office_area != NONE
                 AND (id = $office_area OR parent = $office_area OR parent.parent = $office_area
                 OR parent.parent.parent = $office_area
                 OR parent.parent.parent.parent = $office_area);
             SELECT VALUE id FROM council WHERE area IN $office;",
        )
        .bind(("member", row.member.clone()))
        .bind(("area", row.admin_area.clone()))
        .bind(("office_area", row.office_area.clone()))
        .await?
        .check()?;
    let led: Vec<RecordId> = response.take(0)?;
    let joined: Vec<RecordId> = response.take(1)?;
    let areas: Vec<RecordId> = response.take(3)?;
    let under_areas: Vec<RecordId> = response.take(4)?;
    let office_councils: Vec<RecordId> = response.take(6)?;
    let mut managed: Vec<String> = led.iter().chain(&under_areas).map(key_text).collect();
    managed.sort();
    managed.dedup();
    Ok(Some(Principal {
        account: key_text(&row.id),
        name: row.name,
        system_admin: row.system_admin,
        admin_areas: areas.iter().map(key_text).collect(),
        managed_councils: managed,
        led_councils: led.iter().map(key_text).collect(),
        member_councils: joined.iter().map(key_text).collect(),
        member: row.member.as_ref().map(key_text),
        department: row.department.as_ref().map(key_text),
        office_area: row.office_area.as_ref().map(key_text),
        office_councils: office_councils.iter().map(key_text).collect(),
        review_body: row.review_body.as_ref().map(key_text),
        must_change_password: row.must_change_password,
    }))
}

/// What the account is, in Chinese, for the header: 系统管理员, 区管理员（南山区）, 站长（东风村议事会）...
pub async fn role_labels(db: &Db, me: &Principal) -> Result<Vec<String>, AppError> {
    #[derive(Debug, SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct RoleRow {
        role: String,
        council: String,
    }
    let t = crate::base::text::t();
    let account = crate::server::db::record("account", &me.account);
    let mut response = db
        .query(
            "LET $a = (SELECT member, admin_area.name AS area, department.name AS department,
                 office_area.name AS office, review_body.name AS body FROM ONLY $account);
             RETURN $a.area;
             RETURN $a.department;
             SELECT role, council.name AS council FROM membership
                 WHERE $a.member != NONE AND member = $a.member;
             RETURN $a.office;
             RETURN $a.body;",
        )
        .bind(("account", account))
        .await?
        .check()?;
    let area: Option<String> = response.take(1)?;
    let department: Option<String> = response.take(2)?;
    let roles: Vec<RoleRow> = response.take(3)?;
    let office: Option<String> = response.take(4)?;
    let body: Option<String> = response.take(5)?;
    let mut labels = Vec::new();
    if me.system_admin {
        labels.push(t.role_system_admin.to_string());
    }
    if let Some(area) = area {
        labels.push(format!("{}（{area}）", t.role_district_admin));
    }
    for r in roles {
        if let Some(role) = crate::auth::roles::Role::from_db(&r.role) {
            labels.push(format!("{}（{}）", role.label(), r.council));
        }
    }
    if let Some(department) = department {
        labels.push(format!("{}（{department}）", t.role_department));
    }
    if let Some(office) = office {
        labels.push(format!("{}（{office}）", t.role_office));
    }
    if let Some(body) = body {
        labels.push(format!("{}（{body}）", t.role_review_body));
    }
    Ok(labels)
}
