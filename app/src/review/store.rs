//! Review queries: a holder's queue, a topic as a reviewer reads it, and a council's chain with
//! the holders it may name. Every value is a bound parameter.
use super::logic::Level;
use super::{ChainLevel, DecidedLine, LevelInput, LevelState, ReviewQueue, WaitingLine};
use crate::auth::Principal;
use crate::base::clock::format_time;
use crate::base::error::AppError;
use crate::base::ids::{Holder, TrackingCode};
use crate::cases::desk::store::stage_of;
use crate::cases::pipeline::Step;
use crate::server::db::{
    check_transaction, holder_of, holder_record, key_text, record, Db, Thrown,
};
use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

/// How many topics a queue shows at once, and how many past decisions.
const WAITING_MAX: i64 = 200;
const DECIDED_MAX: i64 = 50;

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct WaitingRow {
    tracking_code: String,
    title: String,
    council_name: String,
    review_level: i64,
    names: Vec<String>,
    updated_at: DateTime<Utc>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DecidedRow {
    tracking_code: String,
    title: String,
    council_name: String,
    step: String,
    to_status: String,
    review_level: i64,
    actor_name: String,
    at: DateTime<Utc>,
}

/// `第2级 · 联系委室审核 · 共3级`.
fn level_label(level: i64, names: &[String]) -> String {
    let name = names.get(level as usize).cloned().unwrap_or_default();
    crate::base::text::t()
        .review_level_of
        .replace("{n}", &(level + 1).to_string())
        .replace("{name}", &name)
        .replace("{of}", &names.len().to_string())
}

/// What waits at the caller's seats, and what those seats decided lately.
pub async fn queue(db: &Db, seats: &[Holder]) -> Result<ReviewQueue, AppError> {
    let seats: Vec<RecordId> = seats.iter().map(holder_record).collect();
    let mut response = db
        .query(
            "SELECT VALUE name FROM $seats;
             SELECT tracking_code, title, council.name AS council_name, review_level,
                    council.review_levels AS names, updated_at
             FROM case WHERE reviewer IN $seats AND status = 'in_review'
             ORDER BY updated_at LIMIT $waiting;
             SELECT case.tracking_code AS tracking_code, case.title AS title,
                    case.council.name AS council_name, step, to_status, review_level, actor_name, at
             FROM case_event WHERE holder IN $seats ORDER BY at DESC LIMIT $decided;",
        )
        .bind(("seats", seats))
        .bind(("waiting", WAITING_MAX))
        .bind(("decided", DECIDED_MAX))
        .await?
        .check()?;
    let names: Vec<Option<String>> = response.take(0)?;
    let waiting: Vec<WaitingRow> = response.take(1)?;
    let decided: Vec<DecidedRow> = response.take(2)?;
    Ok(ReviewQueue {
        seats: names.into_iter().flatten().collect(),
        waiting: waiting
            .into_iter()
            .map(|r| WaitingLine {
                level: level_label(r.review_level, &r.names),
                tracking_code: TrackingCode(r.tracking_code),
                title: r.title,
                council_name: r.council_name,
                since: format_time(r.updated_at),
            })
            .collect(),
        decided: decided
            .into_iter()
            .map(|r| {
                Ok(DecidedLine {
                    tracking_code: TrackingCode(r.tracking_code),
                    title: r.title,
                    council_name: r.council_name,
                    step: Step::from_db(&r.step).ok_or(AppError::Internal)?,
                    to: stage_of(&r.to_status, r.review_level)?,
                    actor_name: r.actor_name,
                    at: format_time(r.at),
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct TopicRow {
    id: RecordId,
    tracking_code: String,
    title: String,
    description: String,
    room_name: String,
    category: String,
    created_at: DateTime<Utc>,
    status: String,
    review_level: i64,
    version: i64,
    council: RecordId,
    council_name: String,
    names: Vec<String>,
    reviewer: Option<RecordId>,
    screening: Vec<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SeatRow {
    level: i64,
    holder: RecordId,
    holder_name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct EventRow {
    at: DateTime<Utc>,
    actor_name: String,
    step: String,
    to_status: String,
    review_level: i64,
    note: String,
    note_public: bool,
    holder: Option<RecordId>,
}

/// A topic as reviewers see it, with what decides who may: the holder it waits with, and every
/// holder that decided on it before.
pub struct Found {
    pub id: RecordId,
    pub levels: u8,
    pub reviewer: Option<Holder>,
    pub deciders: Vec<Holder>,
    pub topic: super::ReviewTopic,
}

/// A topic by its code, wherever it is; `None` when there is no such case.
pub async fn topic(db: &Db, code: &TrackingCode) -> Result<Option<Found>, AppError> {
    let mut response = db
        .query(
            "LET $case = (SELECT id, tracking_code, title, description, room.name AS room_name,
                    category, created_at, status, review_level, version, council,
                    council.name AS council_name, council.review_levels AS names, reviewer,
                    screening
                FROM case WHERE tracking_code = $code LIMIT 1)[0];
             RETURN $case;
             SELECT level, holder, holder.name AS holder_name FROM review_seat
                 WHERE $case != NONE AND council = $case.council ORDER BY level;
             SELECT at, actor_name, step, to_status, review_level, note, note_public, holder
                 FROM case_event WHERE $case != NONE AND case = $case.id ORDER BY at;",
        )
        .bind(("code", code.0.clone()))
        .await?
        .check()?;
    let Some(row) = response.take::<Option<TopicRow>>(1)? else {
        return Ok(None);
    };
    let seats: Vec<SeatRow> = response.take(2)?;
    let events: Vec<EventRow> = response.take(3)?;
    let status = stage_of(&row.status, row.review_level)?;
    let current = match status {
        crate::cases::pipeline::Stage::InReview(level) => Some(level as usize),
        _ => None,
    };
    // Levels before the current one are passed; once out of review, every level reached is.
    let passed = current.unwrap_or(
        if matches!(
            status,
            crate::cases::pipeline::Stage::Received
                | crate::cases::pipeline::Stage::Merged
                | crate::cases::pipeline::Stage::WithDepartment
                | crate::cases::pipeline::Stage::Answered
        ) {
            0
        } else {
            row.names.len()
        },
    );
    let chain = row
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| ChainLevel {
            name: name.clone(),
            holder_name: seats
                .iter()
                .find(|s| s.level == i as i64)
                .map_or_else(|| row.council_name.clone(), |s| s.holder_name.clone()),
            state: if Some(i) == current {
                LevelState::Current
            } else if i < passed {
                LevelState::Passed
            } else {
                LevelState::Ahead
            },
        })
        .collect();
    let mut deciders: Vec<Holder> = events
        .iter()
        .filter_map(|e| e.holder.as_ref().and_then(holder_of))
        .collect();
    deciders.dedup();
    let screening = row
        .screening
        .iter()
        .map(|code| {
            crate::base::text::t()
                .screening_worth
                .iter()
                .find(|(k, _)| k == code)
                .map_or_else(|| code.clone(), |(_, label)| label.to_string())
        })
        .collect();
    let events = events
        .into_iter()
        .map(|e| {
            Ok(crate::cases::desk::EventLine {
                at: format_time(e.at),
                actor_name: e.actor_name,
                step: Step::from_db(&e.step).ok_or(AppError::Internal)?,
                to: stage_of(&e.to_status, e.review_level)?,
                note: e.note,
                note_public: e.note_public,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some(Found {
        id: row.id,
        levels: row.names.len() as u8,
        reviewer: row
            .reviewer
            .as_ref()
            .and_then(holder_of)
            .filter(|_| current.is_some()),
        deciders,
        topic: super::ReviewTopic {
            tracking_code: TrackingCode(row.tracking_code),
            title: row.title,
            description: row.description,
            council_name: row.council_name,
            room_name: row.room_name,
            category: row.category,
            submitted_at: format_time(row.created_at),
            screening,
            status,
            chain,
            events,
            version: row.version,
            may_decide: false,
        },
    }))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ChainRow {
    area: RecordId,
    names: Vec<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Named {
    id: RecordId,
    name: String,
}

/// A council's chain: its area, its levels (with holders' codes), the holders it may name (the
/// council itself first, then the stations above it, then the review bodies of its areas), and
/// how many topics wait at each level.
pub async fn chain(db: &Db, council: &str) -> Result<Option<(String, super::ChainView)>, AppError> {
    let council_id = record("council", council);
    let mut response = db
        .query(
            "LET $c = (SELECT area, review_levels AS names FROM ONLY $council);
             RETURN $c;
             LET $up = array::filter([$c.area.parent, $c.area.parent.parent,
                 $c.area.parent.parent.parent, $c.area.parent.parent.parent.parent],
                 |$a| $a != NONE);
             SELECT level, holder, holder.name AS holder_name FROM review_seat
                 WHERE council = $council ORDER BY level;
             SELECT id, name FROM ONLY $council;
             SELECT id, name FROM council WHERE $c != NONE AND area IN $up
                 AND kind != 'sector_station' AND id != $council ORDER BY name;
             SELECT id, name FROM review_body WHERE $c != NONE
                 AND (area IN $up OR area = $c.area) ORDER BY kind, name;
             SELECT VALUE review_level FROM case WHERE council = $council AND status = 'in_review';",
        )
        .bind(("council", council_id.clone()))
        .await?
        .check()?;
    let Some(row) = response.take::<Option<ChainRow>>(1)? else {
        return Ok(None);
    };
    let seats: Vec<SeatRow> = response.take(3)?;
    let own: Option<Named> = response.take(4)?;
    let councils: Vec<Named> = response.take(5)?;
    let bodies: Vec<Named> = response.take(6)?;
    let in_review: Vec<i64> = response.take(7)?;
    let own_code = Holder::Council(crate::base::ids::CouncilKey::from_db(council)).code();
    let code = |id: &RecordId| holder_of(id).map(|h| h.code()).unwrap_or_default();
    let holders = own
        .into_iter()
        .chain(councils)
        .chain(bodies)
        .map(|n| (code(&n.id), n.name))
        .collect();
    let levels = row
        .names
        .iter()
        .enumerate()
        .map(|(i, name)| LevelInput {
            name: name.clone(),
            holder: seats
                .iter()
                .find(|s| s.level == i as i64)
                .map_or_else(|| own_code.clone(), |s| code(&s.holder)),
        })
        .collect();
    let waiting = (0..row.names.len() as i64)
        .map(|level| in_review.iter().filter(|l| **l == level).count() as i64)
        .collect();
    Ok(Some((
        key_text(&row.area),
        super::ChainView {
            council: council.to_string(),
            levels,
            holders,
            editable: false,
            waiting,
        },
    )))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SeatInput {
    level: i64,
    holder: RecordId,
}

/// Replaces a council's chain, and moves topics waiting at a level to its new holder: all in one
/// transaction, audited with the chain before and after. Refused while a topic waits at a level
/// the new chain no longer has.
pub async fn save_chain(
    db: &Db,
    actor: &Principal,
    council: &str,
    levels: &[Level],
) -> Result<(), AppError> {
    let names: Vec<String> = levels.iter().map(|l| l.name.clone()).collect();
    let seats: Vec<SeatInput> = levels
        .iter()
        .enumerate()
        .filter_map(|(i, l)| {
            l.holder.as_ref().map(|h| SeatInput {
                level: i as i64,
                holder: holder_record(h),
            })
        })
        .collect();
    let account = (!actor.account.is_empty()).then(|| record("account", &actor.account));
    db.query(
        "BEGIN TRANSACTION;
         LET $before = { levels: $council.review_levels,
             seats: (SELECT level, <string> holder AS holder FROM review_seat
                 WHERE council = $council ORDER BY level) };
         IF array::len(SELECT VALUE id FROM case WHERE council = $council
                 AND status = 'in_review' AND review_level >= $count) > 0 {
             THROW 'levels_in_use';
         };
         UPDATE $council SET review_levels = $names;
         DELETE review_seat WHERE council = $council;
         FOR $seat IN $seats {
             CREATE review_seat SET council = $council, level = $seat.level, holder = $seat.holder;
         };
         FOR $waiting IN (SELECT id, review_level FROM case
                 WHERE council = $council AND status = 'in_review') {
             UPDATE $waiting.id SET reviewer = (SELECT VALUE holder FROM review_seat
                 WHERE council = $council AND level = $waiting.review_level)[0] ?? $council;
         };
         LET $after = { levels: $council.review_levels,
             seats: (SELECT level, <string> holder AS holder FROM review_seat
                 WHERE council = $council ORDER BY level) };
         CREATE audit SET actor = $actor, actor_name = $actor_name, action = $action,
             target = <string> $council, council = $council, before = $before, after = $after;
         COMMIT TRANSACTION;",
    )
    .bind(("council", record("council", council)))
    .bind(("names", names))
    .bind(("count", levels.len() as i64))
    .bind(("seats", seats))
    .bind(("actor", account))
    .bind(("actor_name", actor.name.clone()))
    .bind(("action", crate::audit::actions::REVIEW_LEVELS))
    .await
    .and_then(check_transaction)
    .map_err(|e| {
        if Thrown::of(&e) == Some(Thrown::LevelsInUse) {
            AppError::invalid("levels", crate::base::text::t().review_err_in_use)
        } else {
            AppError::from(e)
        }
    })?;
    Ok(())
}
