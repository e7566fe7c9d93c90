//! Demo data: councils, rooms and members drawn from the seed articles, marked `demo = true`.
use super::DbError;
use crate::server::db::Db;

const DEMO: &str = include_str!("demo.surql");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded,
    /// The database already holds data: demo data never mixes with real records.
    SkippedNotEmpty,
}

/// Whether any organisation or case data is present.
pub async fn has_data(db: &Db) -> Result<bool, DbError> {
    let mut response = db
        .query(
            "RETURN array::len(SELECT VALUE id FROM council LIMIT 1)
                + array::len(SELECT VALUE id FROM room LIMIT 1)
                + array::len(SELECT VALUE id FROM member LIMIT 1)
                + array::len(SELECT VALUE id FROM case LIMIT 1)
                + array::len(SELECT VALUE id FROM app_meta LIMIT 1);",
        )
        .await?
        .check()?;
    let count: Option<i64> = response.take(0)?;
    Ok(count.unwrap_or(0) > 0)
}

/// Loads the demo data in one transaction, only into an empty database.
pub async fn load_if_empty(db: &Db) -> Result<DemoOutcome, DbError> {
    if has_data(db).await? {
        return Ok(DemoOutcome::SkippedNotEmpty);
    }
    let script = format!(
        "BEGIN TRANSACTION;\n{DEMO}\nCREATE app_meta:demo SET loaded_at = time::now(), \
         note = 'demo data: every record with demo = true';\nCOMMIT TRANSACTION;"
    );
    crate::server::db::check_transaction(db.query(script).await?)?;
    Ok(DemoOutcome::Loaded)
}
