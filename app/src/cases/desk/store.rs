//! Staff-side case queries: the queue, one case with its history, and taking a step.
use crate::auth::Principal;
use crate::base::clock::format_time;
use crate::base::error::AppError;
use crate::cases::desk::{CaseQueue, EventLine, QueueLine, StaffCase};
use crate::cases::lists::Day;
use crate::cases::pipeline::{Stage, Step};
use crate::cases::TrackingCode;
use crate::server::db::Db;
use crate::server::db::Thrown;
use crate::server::db::{check_transaction, record};
use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    tracking_code: String,
    title: String,
    room_name: String,
    created_at: DateTime<Utc>,
    status: String,
    review_level: i64,
    recheck_on: Option<String>,
}

/// A stored stage; an unknown one is a bug worth a log line, not something to show.
pub fn stage_of(status: &str, level: i64) -> Result<Stage, AppError> {
    Stage::from_row(status, level).ok_or_else(|| {
        tracing::error!(status, "unknown case status in database");
        AppError::Internal
    })
}

/// A council's open cases, oldest first in each list: the oldest concern waits longest.
pub async fn queue(db: &Db, council: &str) -> Result<CaseQueue, AppError> {
    let mut response = db
        .query(
            "SELECT tracking_code, title, room.name AS room_name, created_at, status, review_level,
                    recheck_on
             FROM case WHERE council = $council
                AND status NOT IN ['merged', 'answered', 'not_adopted', 'closed']
             ORDER BY created_at",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(0)?;
    let today = crate::base::clock::today();
    let lines = rows
        .into_iter()
        .map(|r| {
            Ok(QueueLine {
                status: stage_of(&r.status, r.review_level)?,
                tracking_code: TrackingCode(r.tracking_code),
                title: r.title,
                room_name: r.room_name,
                submitted_at: format_time(r.created_at),
                recheck_due: r
                    .recheck_on
                    .as_deref()
                    .is_some_and(|day| day <= today.as_str()),
                recheck_on: r.recheck_on.as_deref().and_then(Day::parse),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let mut queue = CaseQueue::from_lines(lines);
    queue.overdue = crate::cases::lists::store::overdue(db, council).await?;
    Ok(queue)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CaseRow {
    id: RecordId,
    tracking_code: String,
    title: String,
    description: String,
    room_name: String,
    created_at: DateTime<Utc>,
    resident_name: Option<String>,
    resident_phone: Option<String>,
    status: String,
    review_level: i64,
    version: i64,
    public: bool,
    typical: Option<bool>,
    merged_code: Option<String>,
    review_levels: Vec<String>,
    reviewer: Option<RecordId>,
    reviewer_name: Option<String>,
    source: String,
    raised_by_name: String,
    category: String,
    screening: Vec<String>,
    recheck_on: Option<String>,
    rating: Option<i64>,
    rating_comment: Option<String>,
    place_lat: Option<f64>,
    place_lng: Option<f64>,
    raised_at: Option<RecordId>,
    raised_at_title: Option<String>,
    raised_at_date: Option<String>,
}

/// Where a case was raised, as the desk links it.
fn raised_at_of(row: &CaseRow) -> Option<crate::cases::desk::RaisedAt> {
    let at = row.raised_at.as_ref()?;
    let t = crate::base::text::t();
    let date = row.raised_at_date.clone().unwrap_or_default();
    Some(if at.table.as_str() == "activity" {
        crate::cases::desk::RaisedAt {
            label: format!(
                "{}：{} {}",
                t.case_raised_at_activity,
                date,
                row.raised_at_title.clone().unwrap_or_default()
            ),
            href: format!("/activities/{}", crate::server::db::key_text(at)),
        }
    } else {
        crate::cases::desk::RaisedAt {
            label: format!("{}：{date}", t.case_raised_at_reception),
            href: "/receptions".to_string(),
        }
    })
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
}

/// A case of this council, by its code, with its id for the next write.
pub async fn find(
    db: &Db,
    council: &str,
    code: &TrackingCode,
) -> Result<Option<(RecordId, StaffCase)>, AppError> {
    let mut response = db
        .query(
            "SELECT id, tracking_code, title, description, room.name AS room_name, created_at,
                    resident_name, resident_phone, status, review_level, version, public, typical,
                    merged_into.tracking_code AS merged_code, council.review_levels AS review_levels,
                    reviewer, reviewer.name AS reviewer_name, source, raised_by_name, category, screening, recheck_on, place_lat, place_lng,
                    raised_at, raised_at.title AS raised_at_title, raised_at.on_date AS raised_at_date,
                    (SELECT VALUE score FROM case_rating WHERE case = $parent.id)[0] AS rating,
                    (SELECT VALUE comment FROM case_rating WHERE case = $parent.id)[0] AS rating_comment
             FROM case WHERE tracking_code = $code AND council = $council LIMIT 1;
             SELECT at, actor_name, step, to_status, review_level, note, note_public FROM case_event
             WHERE case = (SELECT VALUE id FROM case WHERE tracking_code = $code AND council = $council)[0]
             ORDER BY at;",
        )
        .bind(("code", code.0.clone()))
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let row: Option<CaseRow> = response.take(0)?;
    let events: Vec<EventRow> = response.take(1)?;
    let Some(row) = row else { return Ok(None) };
    let raised_at = raised_at_of(&row);
    let status = stage_of(&row.status, row.review_level)?;
    let levels = row.review_levels.len() as u8;
    let events = events
        .into_iter()
        .map(|e| {
            Ok(EventLine {
                at: format_time(e.at),
                actor_name: e.actor_name,
                step: Step::from_db(&e.step).ok_or(AppError::Internal)?,
                to: stage_of(&e.to_status, e.review_level)?,
                note: e.note,
                note_public: e.note_public,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Some((
        row.id,
        StaffCase {
            tracking_code: TrackingCode(row.tracking_code),
            title: row.title,
            description: row.description,
            room_name: row.room_name,
            submitted_at: format_time(row.created_at),
            resident_name: row.resident_name,
            resident_phone: row.resident_phone,
            status,
            public: row.public,
            typical: row.typical.unwrap_or(false),
            version: row.version,
            merged_into: row.merged_code.map(TrackingCode),
            steps: crate::cases::pipeline::steps_from(status, levels),
            review_levels: row.review_levels,
            reviewer: row
                .reviewer
                .as_ref()
                .and_then(crate::server::db::holder_of)
                .filter(|_| matches!(status, Stage::InReview(_))),
            reviewer_name: row.reviewer_name.unwrap_or_default(),
            events,
            duplicates: Vec::new(),
            source: crate::cases::CaseSource::from_db(&row.source).ok_or(AppError::Internal)?,
            raised_at,
            raised_by_name: row.raised_by_name,
            category: row.category,
            place: row
                .place_lat
                .zip(row.place_lng)
                .map(|(lat, lng)| crate::base::geo::LatLng { lat, lng }),
            screening: row.screening,
            recheck_on: row.recheck_on.as_deref().and_then(Day::parse),
            lists: Default::default(),
            photos: Vec::new(),
            rating: row
                .rating
                .and_then(crate::cases::public::rating::Satisfaction::from_score)
                .map(|s| (s, row.rating_comment.unwrap_or_default())),
        },
    )))
}

/// One step, as the pipeline decided it.
pub struct Taken<'a> {
    pub case: RecordId,
    pub from: Stage,
    pub to: Stage,
    pub step: Step,
    /// The version the actor saw; another step since then makes this one a conflict.
    pub version: i64,
    pub note: &'a str,
    pub merged_into: Option<RecordId>,
    /// Raising as a topic: the 六议 reasons ticked.
    pub screening: Option<Vec<String>>,
    /// Feeding back: the re-check day.
    pub recheck_on: Option<Day>,
    /// A review decision: the holder of the level that took it.
    pub holder: Option<RecordId>,
}

/// Moves a case and records its step; the resident's text follows (see `take`).
const STEP_SQL: &str = "BEGIN TRANSACTION;
         LET $seat = (SELECT VALUE holder FROM review_seat
             WHERE council = $case.council AND level = $to_level)[0];
         LET $moved = UPDATE $case SET status = $to_status, review_level = $to_level,
                version = version + 1, updated_at = time::now(),
                reviewer = IF $to_status = 'in_review' { $seat ?? council } ELSE { NONE },
                merged_into = IF $merged_into = NONE { merged_into } ELSE { $merged_into },
                screening = IF $screening = NONE { screening } ELSE { $screening },
                recheck_on = IF $recheck_on = NONE { recheck_on } ELSE { $recheck_on }
             WHERE version = $version AND status = $from_status AND review_level = $from_level;
         IF array::len($moved) = 0 { THROW 'case_conflict'; };
         CREATE case_event SET case = $case, actor = $actor, actor_name = $actor_name, step = $step,
             from_status = $from_status, to_status = $to_status, review_level = $to_level,
             note = $note, note_public = $note_public, holder = $holder;";

/// Moves the case and records the step, together or not at all. Refused as a conflict when the
/// case moved since the actor looked at it. A topic entering a review level waits in the queue
/// of that level's holder: its seat's, or the council's own when the level has no seat.
pub async fn take(db: &Db, actor: &Principal, taken: Taken<'_>) -> Result<(), AppError> {
    let (from_status, from_level) = taken.from.as_db();
    let (to_status, to_level) = taken.to.as_db();
    let account = (!actor.account.is_empty()).then(|| record("account", &actor.account));
    let query = db.query(
        [
            STEP_SQL,
            crate::notify::outbox::CASE_NOTICE,
            "COMMIT TRANSACTION;",
        ]
        .concat(),
    );
    let notice = crate::notify::outbox::CaseNotice::new(
        taken.step.resident_notice(),
        format!(
            "case_step:{}:{}",
            crate::server::db::key_text(&taken.case),
            taken.version + 1
        ),
    );
    notice
        .bind(query)
        .bind(("case", taken.case))
        .bind(("to_status", to_status))
        .bind(("to_level", to_level as i64))
        .bind(("merged_into", taken.merged_into))
        .bind(("screening", taken.screening))
        .bind(("recheck_on", taken.recheck_on.map(|d| d.0)))
        .bind(("version", taken.version))
        .bind(("from_status", from_status))
        .bind(("from_level", from_level as i64))
        .bind(("actor", account))
        .bind(("actor_name", actor.name.clone()))
        .bind(("step", taken.step.as_db()))
        .bind(("note", taken.note.to_string()))
        .bind(("note_public", taken.step.note_is_public()))
        .bind(("holder", taken.holder))
        .await
        .and_then(check_transaction)
        .map_err(|e| {
            if Thrown::of(&e) == Some(Thrown::CaseConflict) {
                AppError::Conflict
            } else {
                AppError::from(e)
            }
        })?;
    Ok(())
}

/// The id of another case of the same council that a duplicate can be merged into.
pub async fn merge_target(
    db: &Db,
    council: &str,
    code: &TrackingCode,
) -> Result<Option<RecordId>, AppError> {
    let mut response = db
        .query(
            "SELECT VALUE id FROM case WHERE tracking_code = $code AND council = $council
                AND status != 'merged' LIMIT 1",
        )
        .bind(("code", code.0.clone()))
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let ids: Vec<RecordId> = response.take(0)?;
    Ok(ids.into_iter().next())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct OtherRow {
    tracking_code: String,
    title: String,
    description: String,
    status: String,
    review_level: i64,
}

/// How many of a council's latest cases a new one is compared with.
const COMPARED: i64 = 500;

/// The council's cases this one could be merged into, most alike first.
pub async fn duplicates_of(
    db: &Db,
    council: &str,
    case: &StaffCase,
) -> Result<Vec<crate::cases::desk::DuplicateSuggestion>, AppError> {
    let mut response = db
        .query(
            "SELECT tracking_code, title, description, status, review_level, created_at FROM case
             WHERE council = $council AND status != 'merged' AND tracking_code != $code
             ORDER BY created_at DESC LIMIT $limit",
        )
        .bind(("council", record("council", council)))
        .bind(("code", case.tracking_code.0.clone()))
        .bind(("limit", COMPARED))
        .await?
        .check()?;
    let others: Vec<OtherRow> = response.take(0)?;
    crate::cases::desk::similar::likely_duplicates(
        &case.title,
        &case.description,
        &others,
        |o| (o.title.as_str(), o.description.as_str()),
        3,
    )
    .into_iter()
    .map(|(o, score)| {
        Ok(crate::cases::desk::DuplicateSuggestion {
            tracking_code: TrackingCode(o.tracking_code.clone()),
            title: o.title.clone(),
            status: stage_of(&o.status, o.review_level)?,
            likeness: (score * 100.0).round().clamp(0.0, 100.0) as u8,
        })
    })
    .collect()
}

/// Shows or hides a case on its room's public page (audited: who decided what residents see).
/// Marks the case as typical (典型案例) or takes the mark off.
pub async fn set_typical(
    db: &Db,
    actor: &Principal,
    council: &str,
    case: RecordId,
    typical: bool,
) -> Result<(), AppError> {
    crate::audit::store::audited(
        db,
        crate::audit::store::Change {
            actor,
            action: crate::audit::actions::CASE_TYPICAL,
            target: case,
            council: Some(record("council", council)),
        },
        "UPDATE $target SET typical = $typical",
    )
    .bind(("typical", typical))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

pub async fn set_public(
    db: &Db,
    actor: &Principal,
    council: &str,
    case: RecordId,
    public: bool,
) -> Result<(), AppError> {
    crate::audit::store::audited(
        db,
        crate::audit::store::Change {
            actor,
            action: crate::audit::actions::CASE_PUBLISH,
            target: case,
            council: Some(record("council", council)),
        },
        // `updated_at` stays the time of the last step: the statistics read days to settle from it.
        "UPDATE $target SET public = $public",
    )
    .bind(("public", public))
    .await
    .and_then(check_transaction)?;
    Ok(())
}
