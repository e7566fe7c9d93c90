//! Roster queries: patterns (audited), their generated dates, swaps (audited), and who is on duty.
use super::logic::{date_label, parse_date, turn, upcoming_dates};
use super::{DutyMember, DutySlotView, OnDuty, PatternView, RoomRoster, WEEKS_AHEAD};
use crate::audit::actions;
use crate::audit::store::{audited, new_key, Change};
use crate::auth::Principal;
use crate::base::clock::today_naive;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::is_duplicate;
use crate::server::db::Db;
use crate::server::db::{key_text, record};
use chrono::NaiveDate;
use surrealdb::types::{RecordId, SurrealValue};

/// A pattern that passed its checks; members are keys of the council's members.
#[derive(Debug, Clone)]
pub struct ValidPattern {
    pub weekday: u8,
    pub starts: String,
    pub ends: String,
    pub first_date: NaiveDate,
    pub rotation: Vec<String>,
}

pub async fn create_pattern(
    db: &Db,
    me: &Principal,
    council: &str,
    room: &str,
    pattern: &ValidPattern,
) -> Result<(), AppError> {
    let key = new_key();
    let rotation: Vec<RecordId> = pattern
        .rotation
        .iter()
        .map(|m| record("member", m))
        .collect();
    let result = audited(
        db,
        Change {
            actor: me,
            action: actions::ROSTER_PATTERN,
            target: record("duty_pattern", &key),
            council: Some(record("council", council)),
        },
        "CREATE $target SET room = $room, weekday = $weekday, starts = $starts, ends = $ends,
             rotation = $rotation, first_date = $first_date",
    )
    .bind(("room", record("room", room)))
    .bind(("weekday", i64::from(pattern.weekday)))
    .bind(("starts", pattern.starts.clone()))
    .bind(("ends", pattern.ends.clone()))
    .bind(("rotation", rotation))
    .bind((
        "first_date",
        pattern.first_date.format("%Y-%m-%d").to_string(),
    ))
    .await
    .and_then(crate::server::db::check_transaction);
    match result {
        Ok(_) => top_up(db, &key, today_naive()).await,
        Err(err) if is_duplicate(&err) => Err(AppError::invalid("weekday", t().err_pattern_exists)),
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PatternRow {
    id: RecordId,
    room: RecordId,
    weekday: i64,
    starts: String,
    ends: String,
    rotation: Vec<RecordId>,
    first_date: String,
}

/// Generates the pattern's dates for the coming weeks that do not exist yet.
pub async fn top_up(db: &Db, pattern: &str, today: NaiveDate) -> Result<(), AppError> {
    let mut response = db
        .query(
            "SELECT id, room, weekday, starts, ends, rotation, first_date FROM ONLY $pattern;
             SELECT VALUE date FROM duty_slot WHERE pattern = $pattern AND date >= $today;",
        )
        .bind(("pattern", record("duty_pattern", pattern)))
        .bind(("today", today.format("%Y-%m-%d").to_string()))
        .await?
        .check()?;
    let Some(row) = response.take::<Option<PatternRow>>(0)? else {
        return Ok(());
    };
    let existing: Vec<String> = response.take(1)?;
    let first = parse_date(&row.first_date).unwrap_or(today);
    let weekday = row.weekday as u8;
    for date in upcoming_dates(first, weekday, today, WEEKS_AHEAD) {
        let date_text = date.format("%Y-%m-%d").to_string();
        if existing.contains(&date_text) || row.rotation.is_empty() {
            continue;
        }
        let member = row.rotation[turn(first, weekday, date, row.rotation.len())].clone();
        let created = db
            .query(
                "CREATE duty_slot SET pattern = $pattern, room = $room, date = $date,
                     starts = $starts, ends = $ends, member = $member",
            )
            .bind(("pattern", row.id.clone()))
            .bind(("room", row.room.clone()))
            .bind(("date", date_text))
            .bind(("starts", row.starts.clone()))
            .bind(("ends", row.ends.clone()))
            .bind(("member", member))
            .await
            .and_then(crate::server::db::check_transaction);
        match created {
            // Another request generated the same date first.
            Err(err) if is_duplicate(&err) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// Generates the coming dates of every pattern of a room.
pub async fn top_up_room(db: &Db, room: &RecordId, today: NaiveDate) -> Result<(), AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM duty_pattern WHERE room = $room")
        .bind(("room", room.clone()))
        .await?
        .check()?;
    let patterns: Vec<RecordId> = response.take(0)?;
    for pattern in &patterns {
        top_up(db, &key_text(pattern), today).await?;
    }
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PatternListRow {
    id: RecordId,
    weekday: i64,
    starts: String,
    ends: String,
    names: Vec<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SlotRow {
    id: RecordId,
    date: String,
    starts: String,
    ends: String,
    member: RecordId,
    member_name: String,
    swapped_from_name: Option<String>,
    swap_reason: Option<String>,
}

/// A room's patterns and coming dates (generated up to eight weeks ahead on each visit).
/// The council a room belongs to: what every check of a roster change needs first.
pub async fn room_council(db: &Db, room: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE council FROM ONLY $room")
        .bind(("room", record("room", room)))
        .await?
        .check()?;
    Ok(response.take::<Option<RecordId>>(0)?.as_ref().map(key_text))
}

/// The rosters of every room of a council, by room name: the roster screen in one request.
pub async fn council_rosters(db: &Db, council: &str) -> Result<Vec<RoomRoster>, AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM room WHERE council = $council ORDER BY name")
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rooms: Vec<RecordId> = response.take(0)?;
    let mut rosters = Vec::with_capacity(rooms.len());
    for room in rooms {
        if let Some(roster) = room_roster(db, &key_text(&room)).await? {
            rosters.push(roster);
        }
    }
    Ok(rosters)
}

pub async fn room_roster(db: &Db, room: &str) -> Result<Option<RoomRoster>, AppError> {
    let today = today_naive();
    let mut response = db
        .query(
            "SELECT VALUE name FROM ONLY $room;
",
        )
        .bind(("room", record("room", room)))
        .await?
        .check()?;
    let Some(room_name) = response.take::<Option<String>>(0)? else {
        return Ok(None);
    };
    top_up_room(db, &record("room", room), today).await?;
    let mut response = db
        .query(
            "SELECT id, weekday, starts, ends, rotation.map(|$m| $m.name) AS names
                 FROM duty_pattern WHERE room = $room ORDER BY weekday, starts;
             SELECT id, date, starts, ends, member, member.name AS member_name,
                 swapped_from.name AS swapped_from_name, swap_reason
                 FROM duty_slot WHERE room = $room AND date >= $today ORDER BY date, starts LIMIT 60;",
        )
        .bind(("room", record("room", room)))
        .bind(("today", today.format("%Y-%m-%d").to_string()))
        .await?
        .check()?;
    let patterns: Vec<PatternListRow> = response.take(0)?;
    let slots: Vec<SlotRow> = response.take(1)?;
    Ok(Some(RoomRoster {
        room_key: room.to_string(),
        room_name,
        patterns: patterns
            .into_iter()
            .map(|p| PatternView {
                key: key_text(&p.id),
                weekday: p.weekday as u8,
                starts: p.starts,
                ends: p.ends,
                rotation: p.names,
            })
            .collect(),
        slots: slots
            .into_iter()
            .map(|s| DutySlotView {
                key: key_text(&s.id),
                date_label: parse_date(&s.date)
                    .map(|d| date_label(d, today))
                    .unwrap_or(s.date),
                starts: s.starts,
                ends: s.ends,
                member_key: key_text(&s.member),
                member_name: s.member_name,
                swapped_from: s.swapped_from_name,
                swap_reason: s.swap_reason,
            })
            .collect(),
    }))
}

/// The room a duty slot belongs to.
pub async fn slot_room(db: &Db, slot: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE room FROM ONLY $slot")
        .bind(("slot", record("duty_slot", slot)))
        .await?
        .check()?;
    Ok(response.take::<Option<RecordId>>(0)?.as_ref().map(key_text))
}

/// Puts another member on a date; the first member scheduled and the reason are kept.
pub async fn swap(
    db: &Db,
    me: &Principal,
    council: &str,
    slot: &str,
    member: &str,
    reason: &str,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::ROSTER_SWAP,
            target: record("duty_slot", slot),
            council: Some(record("council", council)),
        },
        "UPDATE $target SET swapped_from = swapped_from ?? member, member = $member,
             swap_reason = $reason",
    )
    .bind(("member", record("member", member)))
    .bind(("reason", reason.to_string()))
    .await?
    .check()?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DutyRow {
    date: String,
    starts: String,
    ends: String,
    name: String,
    sector: Option<String>,
    phone: Option<String>,
    contact_public: bool,
}

/// Who is on duty at a room today, or on its next reception day.
pub async fn on_duty(db: &Db, room: &RecordId) -> Result<Option<OnDuty>, AppError> {
    let today = today_naive();
    top_up_room(db, room, today).await?;
    let mut response = db
        .query(
            "SELECT date, starts, ends, member.name AS name, member.sector.name AS sector,
                 member.phone AS phone, member.contact_public AS contact_public
             FROM duty_slot WHERE room = $room AND date >= $today ORDER BY date, starts LIMIT 6",
        )
        .bind(("room", room.clone()))
        .bind(("today", today.format("%Y-%m-%d").to_string()))
        .await?
        .check()?;
    let rows: Vec<DutyRow> = response.take(0)?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let (date, starts) = (first.date.clone(), first.starts.clone());
    let ends = first.ends.clone();
    let members = rows
        .into_iter()
        .filter(|r| r.date == date && r.starts == starts)
        .map(|r| DutyMember {
            name: r.name,
            sector: r.sector.unwrap_or_default(),
            phone: r.phone.filter(|_| r.contact_public),
        })
        .collect();
    let day = parse_date(&date);
    Ok(Some(OnDuty {
        today: day == Some(today),
        when: day.map(|d| date_label(d, today)).unwrap_or(date),
        starts,
        ends,
        members,
    }))
}

/// `on_duty` for a room by its public code.
pub async fn on_duty_by_code(
    db: &Db,
    code: &crate::base::ids::RoomCode,
) -> Result<Option<OnDuty>, AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM room WHERE code = $code LIMIT 1")
        .bind(("code", code.as_str().to_string()))
        .await?
        .check()?;
    match response.take::<Vec<RecordId>>(0)?.into_iter().next() {
        Some(room) => on_duty(db, &room).await,
        None => Ok(None),
    }
}

/// The room of a pattern.
pub async fn pattern_room(db: &Db, pattern: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE room FROM ONLY $pattern")
        .bind(("pattern", record("duty_pattern", pattern)))
        .await?
        .check()?;
    Ok(response.take::<Option<RecordId>>(0)?.as_ref().map(key_text))
}

/// Ends a weekly pattern: it and its dates from today on go; past dates stay as the record.
pub async fn stop_pattern(
    db: &Db,
    me: &Principal,
    council: &str,
    pattern: &str,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::ROSTER_STOP,
            target: record("duty_pattern", pattern),
            council: Some(record("council", council)),
        },
        "DELETE duty_slot WHERE pattern = $target AND date >= $today;
         DELETE $target",
    )
    .bind(("today", today_naive().format("%Y-%m-%d").to_string()))
    .await?
    .check()?;
    Ok(())
}
