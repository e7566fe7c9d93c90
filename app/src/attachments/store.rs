//! Chunks, slots and photos in the database, for an owner (a case or a session) the caller has
//! already been found to be allowed to add to.
use super::*;
use crate::base::error::AppError;
use crate::server::client_ip::ClientKey;
use crate::server::db::Thrown;
use crate::server::db::{key_text, Db};
use crate::server::state::AppState;
use axum::body::Bytes;
use surrealdb::types::{RecordId, SurrealValue};

/// Spends one chunk of this client's and this owner's budgets.
pub fn spend_chunk(state: &AppState, client: ClientKey, owner: &RecordId) -> Result<(), AppError> {
    if !state.chunk_client_limiter.allow(client)
        || !state.chunk_owner_limiter.allow(key_text(owner))
    {
        return Err(AppError::RateLimited);
    }
    Ok(())
}

/// Keeps one chunk of a photo of `owner` (a case or a session), once.
pub async fn store_chunk(
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
            .bind((
                "slots",
                (0..max_photos_of(owner.table.as_str()) as i64).collect::<Vec<i64>>(),
            ))
            .await
            .and_then(crate::server::db::check_transaction);
        match claimed {
            Ok(_) => return Ok(()),
            Err(e) if Thrown::of(&e) == Some(Thrown::UploadsFull) => {
                return Err(AppError::invalid("photo", t.err_photos_full))
            }
            // Another upload took the same slot at the same moment: look again.
            Err(e)
                if crate::server::db::is_duplicate(&e) || crate::server::db::is_retryable(&e) =>
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
        .bind(("max", max_photos_of(case.table.as_str()) as i64))
        .await
        .and_then(crate::server::db::check_transaction);
    match created {
        Ok(_) => Ok(()),
        Err(e) if crate::server::db::is_duplicate(&e) => Ok(()), // put together by a concurrent resend
        Err(e) if Thrown::of(&e) == Some(Thrown::PhotosFull) => {
            cleanup.await?.check()?;
            Err(AppError::invalid("photo", t.err_photos_full))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn status_of(db: &Db, upload: &str, case: &RecordId) -> Result<UploadStatus, AppError> {
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
