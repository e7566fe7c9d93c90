//! Case queries. Every value is a bound parameter.
use super::logic;
use crate::base::error::AppError;
use crate::base::ids::RoomCode;
use crate::cases::{IntakeReceipt, TrackingCode, ValidConcern};
use crate::server::db::Db;
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
    pub source: crate::cases::CaseSource,
    pub raised_by: Option<RecordId>,
    pub raised_by_name: String,
    pub category: String,
    /// A point marked by whoever entered it, when the concern is not at the room.
    pub place: Option<crate::base::geo::LatLng>,
    /// The hash of the token of the resident's browser, which may then rate the result.
    pub raised_device: Option<String>,
    /// The activity or reception day it was raised at.
    pub raised_at: Option<RecordId>,
}

impl Origin {
    /// A resident at a room's QR page, in the browser holding `device` (a token).
    pub fn resident(device: &str) -> Origin {
        Origin {
            source: crate::cases::CaseSource::RoomQr,
            raised_by: None,
            raised_by_name: String::new(),
            category: String::new(),
            place: None,
            raised_device: Some(crate::auth::session::token_hash(device)),
            raised_at: None,
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

/// Stores a concern as a case; the receipt text follows (see `create_case`).
const CREATE_SQL: &str = "BEGIN TRANSACTION;
    LET $case = (CREATE case SET tracking_code = $code, submission_id = $submission_id, room = $room,
        council = $council, source = $source, title = $title, description = $description,
        resident_name = $resident_name, resident_phone = $resident_phone, consent = true,
        status = 'received', raised_by = $raised_by, raised_by_name = $raised_by_name,
        category = $category, place_lat = $place_lat, place_lng = $place_lng,
        raised_device = $raised_device, raised_at = $raised_at RETURN VALUE id)[0];";

const CODE_ATTEMPTS: usize = 8;
/// How often a write that lost to a concurrent one is tried again.
const CONFLICT_RETRIES: usize = 200;

/// Stores the case under a fresh tracking code. A concurrent resend of the same form is found by
/// its submission id and answered with the code that won; a code collision draws a new code.
pub async fn create_case(
    db: &Db,
    target: &IntakeTarget,
    concern: &ValidConcern,
    origin: &Origin,
) -> Result<IntakeReceipt, AppError> {
    let (mut codes_drawn, mut conflicts) = (0, 0);
    while codes_drawn < CODE_ATTEMPTS {
        codes_drawn += 1;
        let code = logic::make_tracking_code(
            &target.case_prefix,
            rand::random_range(0..logic::CODE_SPACE),
        );
        // The receipt text goes with the case: its key is the submission, so a resend that
        // finds the case it made never queues a second one.
        let notice = crate::notify::outbox::CaseNotice::new(
            Some(crate::notify::NoticeKind::CaseRaised),
            format!("case_raised:{}", concern.submission_id),
        );
        let created = notice
            .bind(
                db.query(
                    [
                        CREATE_SQL,
                        crate::notify::outbox::CASE_NOTICE,
                        "COMMIT TRANSACTION;",
                    ]
                    .concat(),
                ),
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
            .bind(("raised_at", origin.raised_at.clone()))
            .bind(("title", concern.title.clone()))
            .bind(("description", concern.description.clone()))
            .bind(("resident_name", concern.resident_name.clone()))
            .bind((
                "resident_phone",
                concern.resident_phone.as_ref().map(|p| p.0.clone()),
            ))
            .await
            .and_then(crate::server::db::check_transaction);
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
            // Writes that touch the same index keys at once (the full-text indexes on title and
            // description) lose to each other: the resend that won is found, or this one is tried
            // again with the same chance of a free code.
            Err(err) if crate::server::db::is_retryable(&err) && conflicts < CONFLICT_RETRIES => {
                if let Some(existing) = find_by_submission(db, &concern.submission_id).await? {
                    return Ok(IntakeReceipt {
                        tracking_code: existing,
                        created: false,
                    });
                }
                conflicts += 1;
                codes_drawn -= 1;
                let wait = 2 + rand::random_range(0..8u64);
                tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
    tracing::error!("no free tracking code after {CODE_ATTEMPTS} attempts");
    Err(AppError::Internal)
}
