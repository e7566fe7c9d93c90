//! Photos of a case: at most three, downscaled on the phone (`public/photos.js`) and sent in chunks
//! of 64 KB. Each chunk is stored once under its upload id and index, so a chunk sent again after a
//! dropped link is a no-op; the same index with other bytes is a conflict. The photo is put together
//! when its last chunk arrives. Only the case's author may add photos (the resident proves it with
//! the form's secret submission id, a member with their account); only the council sees them.
use serde::{Deserialize, Serialize};

pub const MAX_PHOTOS: usize = 3;
pub const CHUNK_BYTES: usize = 64 * 1024;
pub const MAX_CHUNKS: u32 = 24;
/// A downscaled photo (1280 px, JPEG) is 100–400 KB; this leaves room without taking originals.
pub const MAX_PHOTO_BYTES: usize = MAX_CHUNKS as usize * CHUNK_BYTES;

/// How far an upload has come: what the phone asks before resuming.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadStatus {
    pub received: Vec<u32>,
    pub done: bool,
}

/// 32 lowercase hex digits, made by the phone (a hash of the photo, or random).
pub fn is_upload_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A JPEG from start to end marker: the phone always sends JPEG, anything else is refused.
pub fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.len() > 4 && bytes.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes.ends_with(&[0xFF, 0xD9])
}

/// A chunk's place and the upload's size, checked.
pub fn check_chunk(index: u32, chunks: u32, len: usize) -> Result<(), &'static str> {
    if chunks == 0 || chunks > MAX_CHUNKS || index >= chunks {
        return Err("chunk");
    }
    if len == 0 || len > CHUNK_BYTES {
        return Err("size");
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::auth::Action;
    use crate::base::error::AppError;
    use crate::server::client_ip::ClientKey;
    use crate::server::db::{key_text, record};
    use crate::server::{db::Db, state::AppState};
    use axum::body::Bytes;
    use axum::extract::{ConnectInfo, Path, Query, State};
    use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
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
        let row = match super::super::logic::parse_tracking_code(code) {
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

    async fn is_author(
        state: &AppState,
        row: &CaseRow,
        headers: &HeaderMap,
    ) -> Result<bool, AppError> {
        let proof = headers
            .get("x-submission")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if !proof.is_empty() && proof == row.submission_id {
            return Ok(true);
        }
        let device =
            super::super::resident::device_token(headers).map(crate::auth::session::token_hash);
        if device.is_some() && device == row.raised_device {
            return Ok(true);
        }
        let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
        let author = actor.principal().is_some_and(|p| {
            row.raised_by
                .as_ref()
                .is_some_and(|r| key_text(r) == p.account)
        });
        let council = key_text(&row.council);
        Ok(author || crate::auth::can(&actor, &Action::AdministerCouncil { council }))
    }

    /// Spends one chunk of this client's and this owner's budgets.
    fn spend_chunk(state: &AppState, client: ClientKey, owner: &RecordId) -> Result<(), AppError> {
        if !state.chunk_client_limiter.allow(client)
            || !state.chunk_owner_limiter.allow(key_text(owner))
        {
            return Err(AppError::RateLimited);
        }
        Ok(())
    }

    #[derive(Deserialize)]
    pub struct ChunkQuery {
        pub chunks: u32,
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

    /// The session, if the caller takes part in it: any member of its council may add a photo of
    /// the paper sign-in sheet.
    async fn session_owner(
        state: &AppState,
        key: &str,
        headers: &HeaderMap,
    ) -> Result<RecordId, AppError> {
        let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
        crate::sessions::api::session_access(&state.db, actor, key).await?;
        Ok(record("council_session", key))
    }

    /// `PUT /s/{key}/photos/{upload}/{index}?chunks=N`: one chunk of a session's photo.
    pub async fn put_session_chunk(
        State(state): State<AppState>,
        ConnectInfo(peer): ConnectInfo<SocketAddr>,
        Path((key, upload, index)): Path<(String, String, u32)>,
        Query(query): Query<ChunkQuery>,
        headers: HeaderMap,
        body: Bytes,
    ) -> Response {
        let client = state.client(peer.ip(), &headers);
        let result = async {
            let session = session_owner(&state, &key, &headers).await?;
            spend_chunk(&state, client, &session)?;
            store_chunk(&state, &session, &upload, index, query.chunks, body).await
        }
        .await;
        match result {
            Ok(status) => Json(status).into_response(),
            Err(e) => e.into_response(),
        }
    }

    /// `GET /s/{key}/photos/{upload}`: what has arrived of a session's photo.
    pub async fn get_session_status(
        State(state): State<AppState>,
        Path((key, upload)): Path<(String, String)>,
        headers: HeaderMap,
    ) -> Response {
        let result = async {
            if !is_upload_id(&upload) {
                return Err(AppError::NotFound);
            }
            let session = session_owner(&state, &key, &headers).await?;
            status_of(&state.db, &upload, &session).await
        }
        .await;
        match result {
            Ok(status) => Json(status).into_response(),
            Err(e) => e.into_response(),
        }
    }

    /// Keeps one chunk of a photo of `owner` (a case or a session), once.
    async fn store_chunk(
        state: &AppState,
        owner: &RecordId,
        upload: &str,
        index: u32,
        chunks: u32,
        body: Bytes,
    ) -> Result<UploadStatus, AppError> {
        let t = crate::base::text::t();
        if !is_upload_id(upload) {
            return Err(AppError::NotFound);
        }
        check_chunk(index, chunks, body.len())
            .map_err(|_| AppError::invalid("photo", t.err_photo_size))?;
        // A late resend of a finished photo: nothing more to keep.
        let before = status_of(&state.db, upload, owner).await?;
        if before.done {
            return Ok(before);
        }
        // Every chunk, not just the first: an upload whose slot was swept keeps no chunks.
        claim_slot(&state.db, owner, upload).await?;
        let stored = state
            .db
            .query(
                "CREATE upload_chunk SET upload = $upload, case = $case, index = $index,
                    chunks = $chunks, data = $data",
            )
            .bind(("upload", upload.to_string()))
            .bind(("case", owner.clone()))
            .bind(("index", index as i64))
            .bind(("chunks", chunks as i64))
            .bind(("data", surrealdb::types::Bytes::from(body.to_vec())))
            .await
            .and_then(|r| r.check());
        match stored {
            Ok(_) => {}
            // Sent before: the same bytes are a no-op, other bytes a conflict.
            Err(e) if crate::server::db::is_duplicate(&e) => {
                if !same_chunk(&state.db, upload, index, owner, &body).await? {
                    return Err(AppError::Conflict);
                }
            }
            Err(e) => return Err(e.into()),
        }
        let status = status_of(&state.db, upload, owner).await?;
        if !status.done && status.received.len() == chunks as usize {
            assemble(&state.db, upload, owner).await?;
            return status_of(&state.db, upload, owner).await;
        }
        Ok(status)
    }

    /// Takes one of the owner's upload slots for a new upload: as many as it may have photos,
    /// finished ones included. Refused once they are all taken; a slot of an upload that never
    /// finished is freed after a day (`purge_unfinished`).
    async fn claim_slot(db: &Db, owner: &RecordId, upload: &str) -> Result<(), AppError> {
        let t = crate::base::text::t();
        for _ in 0..4 {
            let claimed = db
                .query(
                    "BEGIN TRANSACTION;
                     IF array::len((SELECT id FROM upload_slot WHERE owner = $owner AND upload = $upload)) = 0 {
                         LET $taken = (SELECT VALUE slot FROM upload_slot WHERE owner = $owner);
                         LET $free = array::complement($slots, $taken);
                         IF array::len($free) = 0 { THROW 'uploads_full'; };
                         CREATE upload_slot SET owner = $owner, upload = $upload, slot = $free[0];
                     };
                     COMMIT TRANSACTION;",
                )
                .bind(("owner", owner.clone()))
                .bind(("upload", upload.to_string()))
                .bind(("slots", (0..MAX_PHOTOS as i64).collect::<Vec<i64>>()))
                .await
                .and_then(crate::server::db::check_transaction);
            match claimed {
                Ok(_) => return Ok(()),
                Err(e) if crate::server::db::thrown(&e) == Some("uploads_full") => {
                    return Err(AppError::invalid("photo", t.err_photos_full))
                }
                // Another upload took the same slot at the same moment: look again.
                Err(e)
                    if crate::server::db::is_duplicate(&e)
                        || crate::server::db::is_retryable(&e) =>
                {
                    continue
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Conflict)
    }

    /// How long an unfinished upload keeps its slot and its chunks.
    pub const UNFINISHED_HOURS: i64 = 24;

    /// Deletes the chunks and slots of uploads that did not finish within `hours` (a day,
    /// `UNFINISHED_HOURS`, in the server's sweep). Returns how many chunks went.
    pub async fn purge_unfinished(db: &Db, hours: i64) -> Result<usize, AppError> {
        let mut response = db
            .query(
                "LET $cutoff = time::now() - duration::from_hours($hours);
                 LET $stale = (SELECT owner, upload FROM upload_slot
                     WHERE done = false AND created_at < $cutoff);
                 FOR $s IN $stale {
                     DELETE upload_slot WHERE owner = $s.owner AND upload = $s.upload AND done = false;
                 };
                 LET $gone = count((SELECT id FROM upload_chunk WHERE at < $cutoff));
                 DELETE upload_chunk WHERE at < $cutoff;
                 RETURN $gone;",
            )
            .bind(("hours", hours))
            .await?
            .check()?;
        let gone: Option<i64> = response.take(5)?;
        Ok(gone.unwrap_or(0) as usize)
    }

    async fn same_chunk(
        db: &Db,
        upload: &str,
        index: u32,
        case: &RecordId,
        body: &[u8],
    ) -> Result<bool, AppError> {
        let mut response = db
            .query(
                "SELECT VALUE data FROM upload_chunk
                 WHERE upload = $upload AND index = $index AND case = $case LIMIT 1;
                 SELECT VALUE id FROM photo WHERE upload = $upload AND case = $case LIMIT 1;",
            )
            .bind(("upload", upload.to_string()))
            .bind(("index", index as i64))
            .bind(("case", case.clone()))
            .await?
            .check()?;
        let data: Vec<surrealdb::types::Bytes> = response.take(0)?;
        let photo: Vec<RecordId> = response.take(1)?;
        // Once put together, the chunks are gone: a late resend of a finished photo is fine.
        Ok(data.first().map_or(!photo.is_empty(), |d| **d == *body))
    }

    #[derive(Debug, SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct ChunkRow {
        index: i64,
        data: surrealdb::types::Bytes,
    }

    /// Puts a photo together from its chunks, checks it, and keeps it if the case has room.
    async fn assemble(db: &Db, upload: &str, case: &RecordId) -> Result<(), AppError> {
        let t = crate::base::text::t();
        let mut response = db
            .query("SELECT index, data FROM upload_chunk WHERE upload = $upload AND case = $case ORDER BY index")
            .bind(("upload", upload.to_string()))
            .bind(("case", case.clone()))
            .await?
            .check()?;
        let chunks: Vec<ChunkRow> = response.take(0)?;
        let mut bytes = Vec::with_capacity(chunks.len() * CHUNK_BYTES);
        for (i, chunk) in chunks.iter().enumerate() {
            if chunk.index != i as i64 {
                return Ok(()); // not all here yet after all
            }
            bytes.extend_from_slice(&chunk.data);
        }
        let cleanup = db
            .query(
                "DELETE upload_chunk WHERE upload = $upload AND case = $case;
                 DELETE upload_slot WHERE owner = $case AND upload = $upload AND done = false;",
            )
            .bind(("upload", upload.to_string()))
            .bind(("case", case.clone()));
        if !is_jpeg(&bytes) || bytes.len() > MAX_PHOTO_BYTES {
            cleanup.await?.check()?;
            return Err(AppError::invalid("photo", t.err_photo_kind));
        }
        let size = bytes.len() as i64;
        let created = db
            .query(
                "BEGIN TRANSACTION;
                 IF array::len((SELECT id FROM photo WHERE case = $case)) >= $max { THROW 'photos_full'; };
                 CREATE photo SET case = $case, upload = $upload, data = $data, size = $size;
                 DELETE upload_chunk WHERE upload = $upload AND case = $case;
                 UPDATE upload_slot SET done = true WHERE owner = $case AND upload = $upload;
                 COMMIT TRANSACTION;",
            )
            .bind(("case", case.clone()))
            .bind(("upload", upload.to_string()))
            .bind(("data", surrealdb::types::Bytes::from(bytes)))
            .bind(("size", size))
            .bind(("max", MAX_PHOTOS as i64))
            .await
            .and_then(crate::server::db::check_transaction);
        match created {
            Ok(_) => Ok(()),
            Err(e) if crate::server::db::is_duplicate(&e) => Ok(()), // put together by a concurrent resend
            Err(e) if crate::server::db::thrown(&e) == Some("photos_full") => {
                cleanup.await?.check()?;
                Err(AppError::invalid("photo", t.err_photos_full))
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn status_of(db: &Db, upload: &str, case: &RecordId) -> Result<UploadStatus, AppError> {
        let mut response = db
            .query(
                "SELECT VALUE index FROM upload_chunk WHERE upload = $upload AND case = $case ORDER BY index;
                 SELECT VALUE id FROM photo WHERE upload = $upload AND case = $case LIMIT 1;",
            )
            .bind(("upload", upload.to_string()))
            .bind(("case", case.clone()))
            .await?
            .check()?;
        let received: Vec<i64> = response.take(0)?;
        let photo: Vec<RecordId> = response.take(1)?;
        Ok(UploadStatus {
            received: received.into_iter().map(|i| i as u32).collect(),
            done: !photo.is_empty(),
        })
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

    #[derive(Debug, SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct PhotoOwner {
        council: RecordId,
        /// `case` or `council_session`.
        owner: String,
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
                .query("SELECT case.council AS council, record::tb(case) AS owner FROM ONLY $id")
                .bind(("id", photo.clone()))
                .await?
                .check()?;
            let row: Option<PhotoOwner> = response.take(0)?;
            let row = row.ok_or(AppError::NotFound)?;
            let council = key_text(&row.council);
            // A case's photos are for its council's desk; a session's for everyone taking part.
            let action = if row.owner == "council_session" {
                Action::TakePartInSession { council }
            } else {
                Action::AdministerCouncil { council }
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

    /// The ids of a case's (or a session's) photos, oldest first.
    pub async fn photo_ids(db: &Db, case: &RecordId) -> Result<Vec<String>, AppError> {
        let mut response = db
            .query("SELECT VALUE id FROM photo WHERE case = $case ORDER BY at")
            .bind(("case", case.clone()))
            .await?
            .check()?;
        let ids: Vec<RecordId> = response.take(0)?;
        Ok(ids.iter().map(key_text).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_ids_are_32_lowercase_hex_digits() {
        assert!(is_upload_id(&"0a".repeat(16)));
        for bad in [
            "",
            "0A".repeat(16).as_str(),
            "g".repeat(32).as_str(),
            "0".repeat(31).as_str(),
        ] {
            assert!(!is_upload_id(bad), "{bad}");
        }
    }

    #[test]
    fn only_whole_jpegs_pass() {
        assert!(is_jpeg(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0xFF, 0xD9]));
        assert!(!is_jpeg(b"\x89PNG\r\n\x1a\n"));
        assert!(!is_jpeg(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00])); // cut off
    }

    #[test]
    fn chunks_stay_within_the_photo() {
        assert!(check_chunk(0, 1, 10).is_ok());
        assert!(check_chunk(1, 1, 10).is_err());
        assert!(check_chunk(0, MAX_CHUNKS + 1, 10).is_err());
        assert!(check_chunk(0, 2, CHUNK_BYTES + 1).is_err());
        assert!(check_chunk(0, 2, 0).is_err());
    }
}
