//! `GET /photos/{id}`: a photo, for those who may see its owner's: a case's council desk, a
//! session's participants, an activity's council (or anyone, once it is shown on the room pages). Who may is asked before the bytes are read.
use crate::auth::Action;
use crate::base::error::AppError;
use crate::server::db::{key_text, record};
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PhotoOwner {
    council: RecordId,
    /// `case`, `council_session` or `activity`.
    owner: String,
    /// An activity the council shows on its room pages (工作动态): its photos are for anyone.
    published: Option<bool>,
}

/// `GET /photos/{id}`: a photo, for the council of its case only. Who may see it is asked
/// before its bytes are read.
pub async fn get_photo(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let result = async {
        if !crate::base::validate::is_record_key(&id) {
            return Err(AppError::NotFound);
        }
        let photo = record("photo", &id);
        let mut response = state
            .db
            .query(
                "SELECT case.council AS council, record::tb(case) AS owner,
                    (IF record::tb(case) = 'activity' { case.published } ELSE { NONE }) AS published
                 FROM ONLY $id",
            )
            .bind(("id", photo.clone()))
            .await?
            .check()?;
        let row: Option<PhotoOwner> = response.take(0)?;
        let row = row.ok_or(AppError::NotFound)?;
        let council = crate::base::ids::CouncilKey::from_db(key_text(&row.council));
        // A case's photos are for its council's desk; a session's for everyone taking part; an
        // activity's for its council, and for anyone once the council shows it on its room pages.
        let action = match row.owner.as_str() {
            "council_session" => Action::TakePartInSession { council },
            "activity" if row.published == Some(true) => Action::ViewRoom,
            "activity" => Action::KeepStationRecord { council },
            _ => Action::AdministerCouncil { council },
        };
        crate::auth::authorize_route(&state.db, &headers, action).await?;
        let mut response = state
            .db
            .query("SELECT VALUE data FROM ONLY $id")
            .bind(("id", photo))
            .await?
            .check()?;
        let data: Option<surrealdb::types::Bytes> = response.take(0)?;
        data.ok_or(AppError::NotFound)
    }
    .await;
    match result {
        Ok(data) => {
            let mut response = (StatusCode::OK, data.to_vec()).into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=86400"),
            );
            response
        }
        Err(e) => e.into_response(),
    }
}

/// The answer to a chunk `PUT` for an owner that `owner` finds (asking the policy first): spends
/// the client's and the owner's budgets, keeps the chunk, says how far the upload has come.
pub async fn chunk_answer(
    state: &AppState,
    client: crate::server::client_ip::ClientKey,
    owner: impl std::future::Future<Output = Result<RecordId, AppError>>,
    chunk: super::ChunkPut,
) -> Response {
    let result = async {
        let owner = owner.await?;
        super::store::spend_chunk(state, client, &owner)?;
        super::store::store_chunk(
            state,
            &owner,
            &chunk.upload,
            chunk.index,
            chunk.chunks,
            chunk.body,
        )
        .await
    }
    .await;
    match result {
        Ok(status) => axum::response::Json(status).into_response(),
        Err(e) => e.into_response(),
    }
}

/// The answer to an upload's status `GET` for an owner that `owner` finds.
pub async fn status_answer(
    state: &AppState,
    upload: &str,
    owner: impl std::future::Future<Output = Result<RecordId, AppError>>,
) -> Response {
    let result = async {
        if !super::is_upload_id(upload) {
            return Err(AppError::NotFound);
        }
        let owner = owner.await?;
        super::store::status_of(&state.db, upload, &owner).await
    }
    .await;
    match result {
        Ok(status) => axum::response::Json(status).into_response(),
        Err(e) => e.into_response(),
    }
}
