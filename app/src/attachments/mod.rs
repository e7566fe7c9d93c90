//! Photos of a case, a session (a sign-in sheet) or an activity: a few an owner, downscaled on the phone
//! (`public/photos.js`) and sent in chunks of 64 KB. Each chunk is stored once under its upload id
//! and index, so a chunk sent again after a dropped link is a no-op; the same index with other
//! bytes is a conflict. The photo is put together when its last chunk arrives. Owned by neither
//! cases nor sessions: each passes in its owner, having checked who may add to it.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Photos of a case or a session (its paper sign-in sheet).
pub const MAX_PHOTOS: usize = 3;
/// Photos of an activity: the evidence a room page shows under 工作动态.
pub const MAX_ACTIVITY_PHOTOS: usize = 9;

/// How many photos an owner may have, by its table.
pub fn max_photos_of(table: &str) -> usize {
    if table == "activity" {
        MAX_ACTIVITY_PHOTOS
    } else {
        MAX_PHOTOS
    }
}
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

/// One chunk as a `PUT` brought it: which upload, which piece of how many, and its bytes.
#[cfg(feature = "ssr")]
pub struct ChunkPut {
    pub upload: String,
    pub index: u32,
    pub chunks: u32,
    pub body: axum::body::Bytes,
}

/// Which chunk of an upload a `PUT` carries: `?chunks=N` of the whole photo.
#[derive(Debug, Deserialize)]
pub struct ChunkQuery {
    pub chunks: u32,
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
