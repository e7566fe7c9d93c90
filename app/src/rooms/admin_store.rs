//! Room administration queries, audited.
use super::admin::{RoomAdminRow, RoomInput, ValidRoom};
use crate::audit::actions;
use crate::audit::store::{audited, new_key, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::is_duplicate;
use crate::server::db::Db;
use crate::server::db::{key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomRow {
    id: RecordId,
    code: String,
    name: String,
    address: String,
    lat: f64,
    lng: f64,
    hours: String,
    active: bool,
}

pub async fn council_rooms(db: &Db, council: &str) -> Result<Vec<RoomAdminRow>, AppError> {
    let mut response = db
        .query("SELECT id, code, name, address, lat, lng, hours, active FROM room WHERE council = $council ORDER BY code")
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rows: Vec<RoomRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| RoomAdminRow {
            key: key_text(&r.id),
            form: RoomInput {
                code: r.code,
                name: r.name,
                address: r.address,
                lat: r.lat.to_string(),
                lng: r.lng.to_string(),
                hours: r.hours,
                active: r.active,
            },
        })
        .collect())
}

/// The council a room belongs to.
pub async fn room_council(db: &Db, room: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE council FROM ONLY $room")
        .bind(("room", record("room", room)))
        .await?
        .check()?;
    Ok(response.take::<Option<RecordId>>(0)?.as_ref().map(key_text))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomContent {
    council: RecordId,
    code: String,
    name: String,
    address: String,
    lat: f64,
    lng: f64,
    hours: String,
    active: bool,
}

/// Adds a room. A code already used, by any room ever, is refused: codes are never reused.
pub async fn create(
    db: &Db,
    me: &Principal,
    council: &str,
    room: &ValidRoom,
) -> Result<String, AppError> {
    let key = new_key();
    let council_id = record("council", council);
    let result = audited(
        db,
        Change {
            actor: me,
            action: actions::ROOM_CREATE,
            target: record("room", &key),
            council: Some(council_id.clone()),
        },
        "CREATE $target CONTENT $content",
    )
    .bind((
        "content",
        RoomContent {
            council: council_id,
            code: room.code.as_str().to_string(),
            name: room.name.clone(),
            address: room.address.clone(),
            lat: room.lat,
            lng: room.lng,
            hours: room.hours.clone(),
            active: room.active,
        },
    ))
    .await
    .and_then(crate::server::db::check_transaction);
    match result {
        Ok(_) => Ok(key),
        Err(err) if is_duplicate(&err) => Err(AppError::invalid("code", t().err_room_code_taken)),
        Err(err) => Err(err.into()),
    }
}

/// Saves a room's fields; its code never changes.
pub async fn update(
    db: &Db,
    me: &Principal,
    council: &str,
    room: &str,
    valid: &ValidRoom,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::ROOM_UPDATE,
            target: record("room", room),
            council: Some(record("council", council)),
        },
        "UPDATE $target SET name = $name, address = $address, lat = $lat, lng = $lng,
             hours = $hours, active = $active",
    )
    .bind(("name", valid.name.clone()))
    .bind(("address", valid.address.clone()))
    .bind(("lat", valid.lat))
    .bind(("lng", valid.lng))
    .bind(("hours", valid.hours.clone()))
    .bind(("active", valid.active))
    .await?
    .check()?;
    Ok(())
}
