//! Room queries.
use super::directory::RoomListing;
use super::{PublicCaseLine, RoomCode, RoomPublic};
use crate::base::clock::format_date;
use crate::base::geo::LatLng;
use crate::cases::CaseStatus;
use crate::councils::CouncilKind;
use crate::server::db::key_text;
use crate::server::db::Db;
use surrealdb::types::{RecordId, SurrealValue};

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
    Ok(row.and_then(public_of))
}

/// Every room of a council, open or not, by code: for printing its posters.
pub async fn council_rooms_public(
    db: &Db,
    council: &str,
) -> Result<Vec<RoomPublic>, surrealdb::Error> {
    let mut response = db
        .query(
            "SELECT code, name, address, hours, lat, lng, active,
                    council.name AS council_name, council.kind AS council_kind
             FROM room WHERE council = $council ORDER BY code",
        )
        .bind(("council", crate::server::db::record("council", council)))
        .await?
        .check()?;
    let rows: Vec<RoomRow> = response.take(0)?;
    Ok(rows.into_iter().filter_map(public_of).collect())
}

fn public_of(r: RoomRow) -> Option<RoomPublic> {
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
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ListingRow {
    code: String,
    name: String,
    address: String,
    hours: String,
    lat: f64,
    lng: f64,
    council: RecordId,
    council_name: String,
    council_kind: String,
    sector: Option<RecordId>,
    sector_name: Option<String>,
}

/// Every open room, by council and then code: what `/rooms` lists and maps.
pub async fn open_rooms(db: &Db) -> Result<Vec<RoomListing>, surrealdb::Error> {
    let mut response = db
        .query(
            "SELECT code, name, address, hours, lat, lng, council, council.name AS council_name,
                    council.kind AS council_kind, council.sector AS sector,
                    council.sector.name AS sector_name
             FROM room WHERE active = true ORDER BY council_name, code",
        )
        .await?
        .check()?;
    let rows: Vec<ListingRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(RoomListing {
                council_kind: CouncilKind::from_db(&r.council_kind)?,
                code: RoomCode(r.code),
                name: r.name,
                address: r.address,
                hours: r.hours,
                at: LatLng {
                    lat: r.lat,
                    lng: r.lng,
                },
                council_key: key_text(&r.council),
                council_name: r.council_name,
                sector: r
                    .sector
                    .map(|s| (key_text(&s), r.sector_name.unwrap_or_default())),
            })
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PublicCaseRow {
    title: String,
    status: String,
    review_level: i64,
    created_at: chrono::DateTime<chrono::Utc>,
}

/// The latest cases a council chose to show at this room: title, status and date, no resident.
pub async fn recent_public_cases(
    db: &Db,
    code: &RoomCode,
    limit: usize,
) -> Result<Vec<PublicCaseLine>, surrealdb::Error> {
    let mut response = db
        .query(
            "LET $room = (SELECT VALUE id FROM room WHERE code = $code LIMIT 1)[0];
             SELECT title, status, review_level, created_at FROM case
             WHERE room = $room AND public = true ORDER BY created_at DESC LIMIT $limit;",
        )
        .bind(("code", code.0.clone()))
        .bind(("limit", limit as i64))
        .await?
        .check()?;
    let rows: Vec<PublicCaseRow> = response.take(1)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PublicCaseLine {
                status: CaseStatus::from_row(&r.status, r.review_level)?,
                title: r.title,
                submitted_on: format_date(r.created_at),
            })
        })
        .collect())
}
