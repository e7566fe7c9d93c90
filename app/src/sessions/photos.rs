//! The photos of a session (its paper sign-in sheet): any member taking part adds one, through
//! `attachments`.
use crate::attachments::handlers::{chunk_answer, status_answer};
use crate::attachments::{ChunkPut, ChunkQuery};
use crate::base::error::AppError;
use crate::server::db::record;
use crate::server::state::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::Response;
use std::net::SocketAddr;
use surrealdb::types::RecordId;

/// The session, if the caller takes part in it: any member of its council may add a photo of
/// the paper sign-in sheet.
async fn session_owner(
    state: &AppState,
    key: &str,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> Result<RecordId, AppError> {
    let actor = crate::auth::caller::actor_of(&state.db, headers, extensions).await?;
    super::api::session_access(&state.db, actor, key).await?;
    Ok(record("council_session", key))
}

/// `PUT /s/{key}/photos/{upload}/{index}?chunks=N`: one chunk of a session's photo.
pub async fn put_session_chunk(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((key, upload, index)): Path<(String, String, u32)>,
    Query(query): Query<ChunkQuery>,
    headers: HeaderMap,
    extensions: Extensions,
    body: Bytes,
) -> Response {
    let client = state.client(peer.ip(), &headers);
    let owner = session_owner(&state, &key, &headers, &extensions);
    let chunk = ChunkPut {
        upload,
        index,
        chunks: query.chunks,
        body,
    };
    chunk_answer(&state, client, owner, chunk).await
}

/// `GET /s/{key}/photos/{upload}`: what has arrived of a session's photo.
pub async fn get_session_status(
    State(state): State<AppState>,
    Path((key, upload)): Path<(String, String)>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    let owner = session_owner(&state, &key, &headers, &extensions);
    status_answer(&state, &upload, owner).await
}
