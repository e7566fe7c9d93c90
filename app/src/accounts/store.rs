//! Account and session queries. Every value is a bound parameter.
use super::LoginName;
use crate::auth::session::{new_token, token_hash};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::key_text;
use crate::server::db::Db;
use surrealdb::types::{RecordId, SurrealValue};

/// A new account; the password is already hashed.
#[derive(Debug, Clone, Default, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct NewAccount {
    pub name: String,
    pub phone: Option<String>,
    pub username: Option<String>,
    pub password_hash: String,
    pub system_admin: bool,
    pub admin_area: Option<RecordId>,
    pub member: Option<RecordId>,
    pub department: Option<RecordId>,
    /// The area whose CPPCC office the account works in.
    pub office_area: Option<RecordId>,
    /// The review body (专委会, the chairs' secretariat) whose staff the account is.
    pub review_body: Option<RecordId>,
    pub must_change_password: bool,
    /// Set by `create` when `must_change_password`: when the one-time code stops working.
    pub password_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Creates an account; a phone number or username already in use is a field error.
/// An account made with a one-time code must be signed into within `ONE_TIME_CODE_HOURS`.
pub async fn create(db: &Db, mut account: NewAccount) -> Result<RecordId, AppError> {
    account.password_expires_at = account.must_change_password.then(|| {
        chrono::Utc::now() + chrono::Duration::hours(super::password::ONE_TIME_CODE_HOURS)
    });
    let result = db
        .query("(CREATE ONLY account CONTENT $account RETURN id).id")
        .bind(("account", account))
        .await?
        .check();
    match result {
        Ok(mut response) => response
            .take::<Option<RecordId>>(0)?
            .ok_or(AppError::Internal),
        Err(err) if crate::server::db::is_duplicate(&err) => Err(AppError::invalid(
            "phone",
            crate::base::text::t().err_account_exists,
        )),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct LoginRow {
    pub id: RecordId,
    pub password_hash: String,
    pub disabled: bool,
    pub must_change_password: bool,
    /// When the one-time code stops working (set with it).
    pub password_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

pub async fn find_for_login(db: &Db, login: &LoginName) -> Result<Option<LoginRow>, AppError> {
    let (query, value) = match login {
        LoginName::Phone(p) => (
            "SELECT id, password_hash, disabled, must_change_password, password_expires_at FROM account WHERE phone = $v LIMIT 1",
            p.clone(),
        ),
        LoginName::Username(u) => (
            "SELECT id, password_hash, disabled, must_change_password, password_expires_at FROM account WHERE username = $v LIMIT 1",
            u.clone(),
        ),
    };
    let mut response = db.query(query).bind(("v", value)).await?.check()?;
    Ok(response.take::<Vec<LoginRow>>(0)?.into_iter().next())
}

/// Known devices kept per account; the oldest go first.
pub const KNOWN_DEVICES: i64 = 10;

/// Whether the request comes from a browser that signed in to this account before.
pub async fn is_known_device(
    db: &Db,
    account: &RecordId,
    headers: &axum::http::HeaderMap,
) -> Result<bool, AppError> {
    let Some(token) =
        crate::auth::session::token_in_headers(headers, crate::auth::session::KNOWN_DEVICE_COOKIE)
    else {
        return Ok(false);
    };
    let mut response = db
        .query("RETURN count(SELECT id FROM known_device WHERE token_hash = $hash AND account = $account) > 0")
        .bind(("hash", token_hash(token)))
        .bind(("account", account.clone()))
        .await?
        .check()?;
    Ok(response.take::<Option<bool>>(0)?.unwrap_or(false))
}

/// Marks the signing-in browser as known to the account; returns the token for its cookie.
pub async fn remember_device(db: &Db, account: &RecordId) -> Result<String, AppError> {
    let token = new_token();
    db.query(
        "CREATE known_device SET account = $account, token_hash = $hash;
         LET $old = (SELECT VALUE id FROM known_device WHERE account = $account
             ORDER BY created_at DESC START $keep);
         DELETE $old;",
    )
    .bind(("account", account.clone()))
    .bind(("hash", token_hash(&token)))
    .bind(("keep", KNOWN_DEVICES))
    .await?
    .check()?;
    Ok(token)
}

pub async fn password_hash(db: &Db, account: &RecordId) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE password_hash FROM ONLY $account")
        .bind(("account", account.clone()))
        .await?
        .check()?;
    Ok(response.take::<Option<String>>(0)?)
}

/// A new password; `must_change` when it is a one-time code, which then expires.
pub async fn set_password(
    db: &Db,
    account: &RecordId,
    hash: String,
    must_change: bool,
) -> Result<(), AppError> {
    db.query(
        "UPDATE $account SET password_hash = $hash, must_change_password = $must,
             password_expires_at = IF $must { time::now() + duration::from_hours($hours) }",
    )
    .bind(("account", account.clone()))
    .bind(("hash", hash))
    .bind(("must", must_change))
    .bind(("hours", super::password::ONE_TIME_CODE_HOURS))
    .await?
    .check()?;
    Ok(())
}

pub async fn set_disabled(db: &Db, account: &RecordId, disabled: bool) -> Result<(), AppError> {
    db.query("UPDATE $account SET disabled = $disabled")
        .bind(("account", account.clone()))
        .bind(("disabled", disabled))
        .await?
        .check()?;
    if disabled {
        crate::auth::store::end_sessions_of(db, account, None).await?;
    }
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ListRow {
    id: RecordId,
    name: String,
    phone: Option<String>,
    username: Option<String>,
    system_admin: bool,
    area: Option<String>,
    department: Option<String>,
    office: Option<String>,
    body: Option<String>,
    member_name: Option<String>,
    disabled: bool,
}

/// Every account, for the system admin's accounts screen.
pub async fn list(db: &Db) -> Result<Vec<super::AccountRow>, AppError> {
    let t = crate::base::text::t();
    let mut response = db
        .query(
            "SELECT id, name, phone, username, system_admin, admin_area.name AS area,
                 department.name AS department, office_area.name AS office,
                 review_body.name AS body, member.name AS member_name, disabled
             FROM account ORDER BY created_at",
        )
        .await?
        .check()?;
    let rows: Vec<ListRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let kind = if r.system_admin {
                t.role_system_admin.to_string()
            } else if let Some(area) = r.area {
                format!("{}（{area}）", t.role_district_admin)
            } else if let Some(department) = r.department {
                format!("{}（{department}）", t.role_department)
            } else if let Some(office) = r.office {
                format!("{}（{office}）", t.role_office)
            } else if let Some(body) = r.body {
                format!("{}（{body}）", t.role_review_body)
            } else if r.member_name.is_some() {
                t.role_member.to_string()
            } else {
                String::new()
            };
            super::AccountRow {
                key: key_text(&r.id),
                name: r.name,
                login: r.phone.or(r.username).unwrap_or_default(),
                kind,
                disabled: r.disabled,
            }
        })
        .collect())
}

/// The account linked to a member, if any.
pub async fn account_of_member(db: &Db, member: &RecordId) -> Result<Option<RecordId>, AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM account WHERE member = $member LIMIT 1")
        .bind(("member", member.clone()))
        .await?
        .check()?;
    Ok(response.take::<Vec<RecordId>>(0)?.into_iter().next())
}

/// Writes an audit entry for an account change (no before/after: password hashes stay out).
pub async fn audit_account(
    db: &Db,
    me: &Principal,
    action: &'static str,
    account: &RecordId,
    council: Option<RecordId>,
) -> Result<(), AppError> {
    db.query(
        "CREATE audit SET actor = $actor, actor_name = $actor_name, action = $action,
             target = <string> $target, council = $council,
             after = (SELECT name, phone, username, disabled, must_change_password FROM ONLY $target)",
    )
    .bind(("actor", (!me.account.is_empty()).then(|| crate::server::db::record("account", &me.account))))
    .bind(("actor_name", me.name.clone()))
    .bind(("action", action))
    .bind(("target", account.clone()))
    .bind(("council", council))
    .await?
    .check()?;
    Ok(())
}

/// The phone number or username an account signs in with.
pub async fn login_of(db: &Db, account: &RecordId) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE phone ?? username ?? '' FROM ONLY $account")
        .bind(("account", account.clone()))
        .await?
        .check()?;
    Ok(response.take::<Option<String>>(0)?)
}

/// A department of an area by name, created on first use.
/// The review body of this name in the area, made if it is new (of `kind`: committee or
/// secretariat).
pub async fn review_body(
    db: &Db,
    area: &RecordId,
    name: &str,
    kind: &str,
) -> Result<RecordId, AppError> {
    let mut response = db
        .query(
            "(SELECT VALUE id FROM review_body WHERE area = $area AND name = $name LIMIT 1)[0]
                 ?? (CREATE ONLY review_body SET area = $area, name = $name, kind = $kind RETURN id).id",
        )
        .bind(("area", area.clone()))
        .bind(("name", name.to_string()))
        .bind(("kind", kind.to_string()))
        .await?
        .check()?;
    response
        .take::<Option<RecordId>>(0)?
        .ok_or(AppError::Internal)
}

pub async fn department(db: &Db, area: &RecordId, name: &str) -> Result<RecordId, AppError> {
    let mut response = db
        .query(
            "(SELECT VALUE id FROM department WHERE area = $area AND name = $name LIMIT 1)[0]
                 ?? (CREATE ONLY department SET area = $area, name = $name RETURN id).id",
        )
        .bind(("area", area.clone()))
        .bind(("name", name.to_string()))
        .await?
        .check()?;
    response
        .take::<Option<RecordId>>(0)?
        .ok_or(AppError::Internal)
}
