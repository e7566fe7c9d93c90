//! Case queries. Every value is a bound parameter.
use super::{logic, CasePublic, IntakeReceipt, TrackingCode, ValidConcern};
use crate::base::error::AppError;
use crate::base::ids::RoomCode;
use crate::server::db::Db;
use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

/// Where a new case goes: its room, that room's council, and the council's code prefix.
#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct IntakeTarget {
    pub room: RecordId,
    pub council: RecordId,
    pub case_prefix: String,
}

/// Who raised a case and how: a resident alone at a room, or a member or official entering it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: super::CaseSource,
    pub raised_by: Option<RecordId>,
    pub raised_by_name: String,
    pub category: String,
    /// A point marked by whoever entered it, when the concern is not at the room.
    pub place: Option<crate::base::geo::LatLng>,
    /// The hash of the token of the resident's browser, which may then rate the result.
    pub raised_device: Option<String>,
}

impl Origin {
    /// A resident at a room's QR page, in the browser holding `device` (a token).
    pub fn resident(device: &str) -> Origin {
        Origin {
            source: super::CaseSource::RoomQr,
            raised_by: None,
            raised_by_name: String::new(),
            category: String::new(),
            place: None,
            raised_device: Some(crate::auth::session::token_hash(device)),
        }
    }
}

pub async fn intake_target(
    db: &Db,
    code: &RoomCode,
) -> Result<Option<IntakeTarget>, surrealdb::Error> {
    let mut response = db
        .query("SELECT id AS room, council, council.case_prefix AS case_prefix FROM room WHERE code = $code LIMIT 1")
        .bind(("code", code.0.clone()))
        .await?
        .check()?;
    response.take(0)
}

pub async fn find_by_submission(
    db: &Db,
    submission_id: &str,
) -> Result<Option<TrackingCode>, surrealdb::Error> {
    let mut response = db
        .query("SELECT VALUE tracking_code FROM case WHERE submission_id = $submission_id LIMIT 1")
        .bind(("submission_id", submission_id.to_string()))
        .await?
        .check()?;
    let codes: Vec<String> = response.take(0)?;
    Ok(codes.into_iter().next().map(TrackingCode))
}

const CODE_ATTEMPTS: usize = 8;

/// Stores the case under a fresh tracking code. A concurrent resend of the same form is found by
/// its submission id and answered with the code that won; a code collision draws a new code.
pub async fn create_case(
    db: &Db,
    target: &IntakeTarget,
    concern: &ValidConcern,
    origin: &Origin,
) -> Result<IntakeReceipt, AppError> {
    for _ in 0..CODE_ATTEMPTS {
        let code = logic::make_tracking_code(
            &target.case_prefix,
            rand::random_range(0..logic::CODE_SPACE),
        );
        let created = db
            .query(
                "CREATE case SET tracking_code = $code, submission_id = $submission_id, room = $room,
                    council = $council, source = $source, title = $title, description = $description,
                    resident_name = $resident_name, resident_phone = $resident_phone, consent = true,
                    status = 'received', raised_by = $raised_by, raised_by_name = $raised_by_name,
                    category = $category, place_lat = $place_lat, place_lng = $place_lng,
                    raised_device = $raised_device",
            )
            .bind(("code", code.0.clone()))
            .bind(("submission_id", concern.submission_id.clone()))
            .bind(("room", target.room.clone()))
            .bind(("council", target.council.clone()))
            .bind(("source", origin.source.as_db()))
            .bind(("raised_by", origin.raised_by.clone()))
            .bind(("raised_by_name", origin.raised_by_name.clone()))
            .bind(("category", origin.category.clone()))
            .bind(("place_lat", origin.place.map(|p| p.lat)))
            .bind(("place_lng", origin.place.map(|p| p.lng)))
            .bind(("raised_device", origin.raised_device.clone()))
            .bind(("title", concern.title.clone()))
            .bind(("description", concern.description.clone()))
            .bind(("resident_name", concern.resident_name.clone()))
            .bind(("resident_phone", concern.resident_phone.as_ref().map(|p| p.0.clone())))
            .await
            .and_then(|r| r.check());
        match created {
            Ok(_) => {
                return Ok(IntakeReceipt {
                    tracking_code: code,
                    created: true,
                })
            }
            Err(err) if crate::server::db::is_duplicate(&err) => {
                if let Some(existing) = find_by_submission(db, &concern.submission_id).await? {
                    return Ok(IntakeReceipt {
                        tracking_code: existing,
                        created: false,
                    });
                }
            }
            Err(err) => return Err(err.into()),
        }
    }
    tracing::error!("no free tracking code after {CODE_ATTEMPTS} attempts");
    Err(AppError::Internal)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CaseRow {
    tracking_code: String,
    title: String,
    description: String,
    status: String,
    review_level: i64,
    created_at: DateTime<Utc>,
    room_code: String,
    room_name: String,
    council_name: String,
    rating: Option<i64>,
    recheck_on: Option<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PublicResultRow {
    department_name: String,
    task: String,
    result: String,
    evidence: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PublicEventRow {
    at: DateTime<Utc>,
    step: String,
    note: String,
    note_public: bool,
}

/// The public view of a case: never the resident's name or phone. Its timeline shows what
/// happened and when, with only the notes meant for the resident.
pub async fn find_public(db: &Db, code: &TrackingCode) -> Result<Option<CasePublic>, AppError> {
    let mut response = db
        .query(
            "SELECT tracking_code, title, description, status, review_level, created_at,
                    room.code AS room_code,
                    room.name AS room_name, council.name AS council_name,
                    (SELECT VALUE score FROM case_rating WHERE case = $parent.id)[0] AS rating,
                    recheck_on
             FROM case WHERE tracking_code = $code LIMIT 1;
             LET $case = (SELECT VALUE id FROM case WHERE tracking_code = $code)[0];
             SELECT at, step, note, note_public FROM case_event WHERE case = $case ORDER BY at;
             SELECT VALUE text FROM recommendation WHERE case = $case ORDER BY number;
             SELECT department.name AS department_name, task, result, evidence, created_at
                 FROM assignment WHERE case = $case ORDER BY created_at;",
        )
        .bind(("code", code.0.clone()))
        .await?
        .check()?;
    let row: Option<CaseRow> = response.take(0)?;
    let events: Vec<PublicEventRow> = response.take(2)?;
    let recommendations: Vec<String> = response.take(3)?;
    let results: Vec<PublicResultRow> = response.take(4)?;
    let Some(row) = row else { return Ok(None) };
    let status = super::staff_store::stage_of(&row.status, row.review_level)?;
    let recommendations = if super::lists::recommendations_public(status) {
        recommendations
    } else {
        Vec::new()
    };
    let results = if super::lists::results_public(status) {
        results
            .into_iter()
            .map(|r| super::PublicResult {
                department_name: r.department_name,
                task: r.task,
                result: r.result,
                evidence: r.evidence,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(CasePublic {
        tracking_code: TrackingCode(row.tracking_code),
        title: row.title,
        description: row.description,
        status,
        submitted_at: crate::base::clock::format_time(row.created_at),
        room_code: row.room_code,
        room_name: row.room_name,
        council_name: row.council_name,
        timeline: events
            .into_iter()
            .filter_map(|e| {
                Some(super::TimelineEntry {
                    at: crate::base::clock::format_time(e.at),
                    step: super::pipeline::Step::from_db(&e.step)?,
                    note: if e.note_public { e.note } else { String::new() },
                })
            })
            .collect(),
        rating: row.rating.and_then(super::rating::Satisfaction::from_score),
        may_rate: false,
        description_hidden: false,
        recheck_on: row
            .recheck_on
            .as_deref()
            .and_then(super::lists::Day::parse)
            .filter(|_| status == super::pipeline::Stage::FeedbackGiven),
        recommendations,
        results,
    }))
}

/// Stores the resident's rating of a case's result; rating again replaces it. Who may rate is
/// decided before (`resident::raised`).
pub async fn rate(
    db: &Db,
    code: &TrackingCode,
    satisfaction: super::rating::Satisfaction,
    comment: &str,
) -> Result<(), AppError> {
    db.query(
        "BEGIN TRANSACTION;
         LET $case = (SELECT id, status FROM case WHERE tracking_code = $code)[0];
         IF $case = NONE { THROW 'case_missing'; };
         IF $case.status NOT IN ['feedback_given', 'closed'] { THROW 'case_not_ratable'; };
         DELETE case_rating WHERE case = $case.id;
         CREATE case_rating SET case = $case.id, score = $score, comment = $comment;
         COMMIT TRANSACTION;",
    )
    .bind(("code", code.0.clone()))
    .bind(("score", satisfaction as i64))
    .bind(("comment", comment.to_string()))
    .await
    .and_then(crate::server::db::check_transaction)
    .map_err(|e| match crate::server::db::thrown(&e) {
        Some("case_missing") => AppError::NotFound,
        Some("case_not_ratable") => {
            AppError::invalid("score", crate::base::text::t().err_rating_not_yet)
        }
        _ => AppError::from(e),
    })?;
    Ok(())
}
