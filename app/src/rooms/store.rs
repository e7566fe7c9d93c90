//! Room queries.
use super::{RoomCode, RoomPublic};
use crate::councils::CouncilKind;
use crate::state::Db;
use surrealdb::types::SurrealValue;

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomRow {
    code: String,
    name: String,
    address: String,
    hours: String,
    lat: f64,
    lng: f64,
    active: bool,
    council_name: String,
    council_kind: String,
}

pub async fn find_public(db: &Db, code: &RoomCode) -> Result<Option<RoomPublic>, surrealdb::Error> {
    let mut response = db
        .query(
            "SELECT code, name, address, hours, lat, lng, active,
                    council.name AS council_name, council.kind AS council_kind
             FROM room WHERE code = $code LIMIT 1",
        )
        .bind(("code", code.0.clone()))
        .await?
        .check()?;
    let row: Option<RoomRow> = response.take(0)?;
    Ok(row.and_then(|r| {
        Some(RoomPublic {
            council_kind: CouncilKind::from_db(&r.council_kind)?,
            code: RoomCode(r.code),
            name: r.name,
            address: r.address,
            hours: r.hours,
            lat: r.lat,
            lng: r.lng,
            active: r.active,
            council_name: r.council_name,
        })
    }))
}
