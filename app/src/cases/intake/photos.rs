//! The photos of a case: only its author adds them (the resident's browser, the member who entered
//! it, or its council's managers), through `attachments`.
use crate::attachments::store::{spend_chunk, status_of, store_chunk};
use crate::attachments::{is_upload_id, ChunkQuery};
use crate::auth::Action;
use crate::base::error::AppError;
use crate::server::client_ip::ClientKey;
use crate::server::db::key_text;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Json, Response};
use std::net::SocketAddr;
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CaseRow {
    id: RecordId,
    council: RecordId,
    submission_id: String,
    raised_by: Option<RecordId>,
    raised_device: Option<String>,
}

/// The case, if the caller wrote it: the resident's browser holds the form's secret
/// submission id (or the cookie it got with the case); a member who entered it is signed
/// in; the council's administrators may add photos too. An unknown code and a case that is
/// not the caller's answer alike (404) and both spend a lookup: no probing for codes here.
async fn authored_case(
    state: &AppState,
    client: ClientKey,
    code: &str,
    headers: &HeaderMap,
) -> Result<CaseRow, AppError> {
    let row = match crate::cases::intake::logic::parse_tracking_code(code) {
        Ok(code) => {
            let mut response = state
                .db
                .query(
                    "SELECT id, council, submission_id, raised_by, raised_device FROM case
                     WHERE tracking_code = $code LIMIT 1",
                )
                .bind(("code", code.0))
                .await?
                .check()?;
            response.take::<Option<CaseRow>>(0)?
        }
        Err(_) => None,
    };
    let authored = match &row {
        Some(row) => is_author(state, row, headers).await?,
        None => false,
    };
    match row {
        Some(row) if authored => Ok(row),
        _ => {
            if !state.lookup_limiter.allow(client) {
                return Err(AppError::RateLimited);
            }
            Err(AppError::NotFound)
        }
    }
}

async fn is_author(state: &AppState, row: &CaseRow, headers: &HeaderMap) -> Result<bool, AppError> {
    let proof = headers
        .get("x-submission")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !proof.is_empty() && proof == row.submission_id {
        return Ok(true);
    }
    let device =
        crate::cases::public::resident::device_token(headers).map(crate::auth::session::token_hash);
    if device.is_some() && device == row.raised_device {
        return Ok(true);
    }
    let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
    let author = actor.principal().is_some_and(|p| {
        row.raised_by
            .as_ref()
            .is_some_and(|r| key_text(r) == p.account)
    });
    let council = crate::base::ids::CouncilKey::from_db(key_text(&row.council));
    Ok(author || crate::auth::can(&actor, &Action::AdministerCouncil { council }))
}

/// `PUT /c/{code}/photos/{upload}/{index}?chunks=N`: one chunk of a photo.
pub async fn put_chunk(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, upload, index)): Path<(String, String, u32)>,
    Query(query): Query<ChunkQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let client = state.client(peer.ip(), &headers);
    let result = async {
        let case = authored_case(&state, client, &code, &headers).await?;
        spend_chunk(&state, client, &case.id)?;
        store_chunk(&state, &case.id, &upload, index, query.chunks, body).await
    }
    .await;
    match result {
        Ok(status) => Json(status).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /c/{code}/photos/{upload}`: what has arrived, so a phone resumes where it stopped.
pub async fn get_status(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((code, upload)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let client = state.client(peer.ip(), &headers);
    let result = async {
        let case = authored_case(&state, client, &code, &headers).await?;
        if !is_upload_id(&upload) {
            return Err(AppError::NotFound);
        }
        status_of(&state.db, &upload, &case.id).await
    }
    .await;
    match result {
        Ok(status) => Json(status).into_response(),
        Err(e) => e.into_response(),
    }
}
