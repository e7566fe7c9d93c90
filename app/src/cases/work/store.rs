//! Queries of the members' and departments' screen.
use crate::base::error::AppError;
use crate::cases::work::WorkCouncil;
use crate::server::db::Db;
use crate::server::db::{key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomRow {
    code: String,
    name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilRow {
    id: RecordId,
    name: String,
    rooms: Vec<RoomRow>,
}

/// These councils with their open rooms, by name.
pub async fn councils(db: &Db, keys: &[String]) -> Result<Vec<WorkCouncil>, AppError> {
    let ids: Vec<RecordId> = keys.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT id, name,
                    (SELECT code, name FROM room WHERE council = $parent.id AND active = true
                        ORDER BY name) AS rooms
             FROM council WHERE id IN $ids ORDER BY name",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<CouncilRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|c| WorkCouncil {
            key: key_text(&c.id),
            name: c.name,
            rooms: c.rooms.into_iter().map(|r| (r.code, r.name)).collect(),
        })
        .collect())
}

pub async fn department_name(db: &Db, key: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE name FROM ONLY $department")
        .bind(("department", record("department", key)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}
