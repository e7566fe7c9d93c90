//! Case queries. Every value is a bound parameter.
use crate::base::error::AppError;
use crate::cases::{CasePublic, TrackingCode};
use crate::server::db::Db;
use crate::server::db::Thrown;
use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

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
    let status = crate::cases::desk::store::stage_of(&row.status, row.review_level)?;
    let recommendations = if crate::cases::lists::recommendations_public(status) {
        recommendations
    } else {
        Vec::new()
    };
    let results = if crate::cases::lists::results_public(status) {
        results
            .into_iter()
            .map(|r| crate::cases::PublicResult {
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
                Some(crate::cases::TimelineEntry {
                    at: crate::base::clock::format_time(e.at),
                    step: crate::cases::pipeline::Step::from_db(&e.step)?,
                    note: if e.note_public { e.note } else { String::new() },
                })
            })
            .collect(),
        rating: row
            .rating
            .and_then(crate::cases::public::rating::Satisfaction::from_score),
        may_rate: false,
        texts: None,
        description_hidden: false,
        recheck_on: row
            .recheck_on
            .as_deref()
            .and_then(crate::cases::lists::Day::parse)
            .filter(|_| status == crate::cases::pipeline::Stage::FeedbackGiven),
        recommendations,
        results,
    }))
}

/// Stores the resident's rating of a case's result; rating again replaces it. Who may rate is
/// decided before (`resident::raised`).
pub async fn rate(
    db: &Db,
    code: &TrackingCode,
    satisfaction: crate::cases::public::rating::Satisfaction,
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
    .map_err(|e| match Thrown::of(&e) {
        Some(Thrown::CaseMissing) => AppError::NotFound,
        Some(Thrown::CaseNotRatable) => {
            AppError::invalid("score", crate::base::text::t().err_rating_not_yet)
        }
        _ => AppError::from(e),
    })?;
    Ok(())
}
