//! Council queries.
use super::logic::AreaNode;
use super::{CouncilKind, CouncilSummary, RoomLink};
use crate::server::db::Db;
use crate::server::db::{key_text, named_pairs, Named};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AreaRow {
    id: RecordId,
    name: String,
    level: String,
    parent: Option<RecordId>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomLinkRow {
    code: String,
    name: String,
    address: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilRow {
    name: String,
    kind: String,
    area: RecordId,
    rooms: Vec<RoomLinkRow>,
}

/// Every area, as the grouping and the admin screens need it.
pub async fn all_areas(db: &Db) -> Result<Vec<AreaNode>, surrealdb::Error> {
    let mut response = db
        .query("SELECT id, name, level, parent FROM area")
        .await?
        .check()?;
    let rows: Vec<AreaRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|a| AreaNode {
            key: key_text(&a.id),
            name: a.name,
            level: a.level,
            parent: a.parent.as_ref().map(key_text),
        })
        .collect())
}

/// Every area, and every council with its active rooms, keyed by the council's area.
pub async fn councils_with_rooms(
    db: &Db,
) -> Result<(Vec<AreaNode>, Vec<(String, CouncilSummary)>), surrealdb::Error> {
    let mut response = db
        .query(
            "SELECT name, kind, area,
                 (SELECT code, name, address FROM room WHERE council = $parent.id AND active = true
                  ORDER BY code) AS rooms
             FROM council;",
        )
        .await?
        .check()?;
    let councils: Vec<CouncilRow> = response.take(0)?;
    let areas = all_areas(db).await?;
    let councils = councils
        .into_iter()
        .filter_map(|c| {
            let kind = CouncilKind::from_db(&c.kind)?;
            let rooms = c
                .rooms
                .into_iter()
                .map(|r| RoomLink {
                    code: r.code,
                    name: r.name,
                    address: r.address,
                })
                .collect();
            Some((
                key_text(&c.area),
                CouncilSummary {
                    name: c.name,
                    kind,
                    rooms,
                },
            ))
        })
        .collect();
    Ok((areas, councils))
}

/// Councils by key, with their names, in name order: one query however many.
pub async fn councils_named(
    db: &Db,
    councils: &[String],
) -> Result<Vec<(String, String)>, crate::base::error::AppError> {
    let ids: Vec<RecordId> = councils
        .iter()
        .map(|c| crate::server::db::record("council", c))
        .collect();
    let mut response = db
        .query("SELECT id, name FROM council WHERE id IN $ids ORDER BY name")
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<Named> = response.take(0)?;
    Ok(named_pairs(rows))
}

/// The departments an area's office may hand work to: the area's own and those of the areas
/// right below it (a district's bureaus and its towns' offices), by name.
pub async fn departments_under(
    db: &Db,
    area: &str,
) -> Result<Vec<(String, String)>, crate::base::error::AppError> {
    let mut response = db
        .query(
            "SELECT id, name FROM department WHERE area = $area OR area.parent = $area
                ORDER BY name LIMIT 200",
        )
        .bind(("area", crate::server::db::record("area", area)))
        .await?
        .check()?;
    let rows: Vec<Named> = response.take(0)?;
    Ok(named_pairs(rows))
}
