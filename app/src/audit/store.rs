//! Writing and reading the audit log. A change and its audit entry commit together or not at all.
use super::{AuditEntry, AuditFilter};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::Db;
use crate::server::db::{key_text, record};
use surrealdb::engine::any::Any;
use surrealdb::method::Query;
use surrealdb::types::{RecordId, SurrealValue, Value};

/// Who changes what.
pub struct Change<'a> {
    pub actor: &'a Principal,
    pub action: &'static str,
    /// The record that changes; for a creation, its id chosen beforehand.
    pub target: RecordId,
    pub council: Option<RecordId>,
}

/// Runs `statement` (our own SurrealQL, which changes `$target`) in a transaction that also
/// records the audit entry with `$target` before and after. Add the statement's own bindings.
pub fn audited<'a>(db: &'a Db, change: Change<'_>, statement: &str) -> Query<'a, Any> {
    audited_without(db, change, statement, &[])
}

/// `audited`, keeping fields out of the log's copies: a resident's phone is personal data, and
/// the audit log is read by more people than the record itself. `omit` names fields, never input.
pub fn audited_without<'a>(
    db: &'a Db,
    change: Change<'_>,
    statement: &str,
    omit: &[&'static str],
) -> Query<'a, Any> {
    let actor =
        (!change.actor.account.is_empty()).then(|| record("account", &change.actor.account));
    let omit = if omit.is_empty() {
        String::new()
    } else {
        format!(" OMIT {}", omit.join(", "))
    };
    db.query(format!(
        "BEGIN TRANSACTION;
         LET $before = (SELECT *{omit} FROM ONLY $target);
         {statement};
         LET $after = (SELECT *{omit} FROM ONLY $target);
         CREATE audit SET actor = $audit_actor, actor_name = $audit_actor_name,
             action = $audit_action, target = <string> $target, council = $audit_council,
             before = $before, after = $after;
         COMMIT TRANSACTION;"
    ))
    .bind(("target", change.target))
    .bind(("audit_actor", actor))
    .bind(("audit_actor_name", change.actor.name.clone()))
    .bind(("audit_action", change.action))
    .bind(("audit_council", change.council))
}

/// A fresh random key for a record created under audit.
pub fn new_key() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..20].to_string()
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AuditRow {
    at: chrono::DateTime<chrono::Utc>,
    actor_name: String,
    action: String,
    target: String,
    council_name: Option<String>,
    before: Option<Value>,
    after: Option<Value>,
}

pub const PAGE_SIZE: i64 = 100;

/// The newest entries matching the filter; `councils` limits them for admins who see only some.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    councils: Option<Vec<RecordId>>,
) -> Result<Vec<AuditEntry>, AppError> {
    let council = (!filter.council.is_empty()).then(|| record("council", &filter.council));
    let mut response = db
        .query(
            "SELECT at, actor_name, action, target, council.name AS council_name, before, after
             FROM audit
             WHERE ($councils = NONE OR council IN $councils)
               AND ($council = NONE OR council = $council)
               AND ($action = '' OR action = $action)
               AND ($actor = '' OR string::contains(actor_name, $actor))
             ORDER BY at DESC LIMIT $limit",
        )
        .bind(("councils", councils))
        .bind(("council", council))
        .bind(("action", filter.action.clone()))
        .bind(("actor", filter.actor.trim().to_string()))
        .bind(("limit", PAGE_SIZE))
        .await?
        .check()?;
    let rows: Vec<AuditRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let before = row.before.map(Value::into_json_value);
            let after = row.after.map(Value::into_json_value);
            AuditEntry {
                at: crate::base::clock::format_time(row.at),
                actor_name: row.actor_name,
                action: row.action,
                target: row.target,
                council_name: row.council_name,
                changes: super::diff(before.as_ref(), after.as_ref()),
            }
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilRow {
    id: RecordId,
    name: String,
}

/// Councils by name: these, or every one (`None`).
pub async fn councils(
    db: &Db,
    only: Option<Vec<RecordId>>,
) -> Result<Vec<super::AuditCouncil>, AppError> {
    let mut response = db
        .query("SELECT id, name FROM council WHERE $only = NONE OR id IN $only ORDER BY name")
        .bind(("only", only))
        .await?
        .check()?;
    let rows: Vec<CouncilRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| super::AuditCouncil {
            key: key_text(&r.id),
            name: r.name,
        })
        .collect())
}
