//! Rooms (议事室): the places where residents meet members; `/r/{code}` is printed on their QR poster.
pub mod admin;
pub mod admin_api;
pub mod admin_pages;
#[cfg(feature = "ssr")]
pub mod admin_store;
pub mod api;
pub mod directory;
pub mod directory_pages;
pub mod pages;
pub mod poster;
#[cfg(feature = "ssr")]
pub mod qr;
#[cfg(feature = "ssr")]
pub mod store;

use crate::cases::IntakeStart;
use crate::councils::CouncilKind;
use serde::{Deserialize, Serialize};

pub use crate::base::ids::RoomCode;

/// What the public room page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPublic {
    pub code: RoomCode,
    pub name: String,
    pub address: String,
    pub hours: String,
    pub lat: f64,
    pub lng: f64,
    pub active: bool,
    pub council_name: String,
    pub council_kind: CouncilKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPageData {
    pub room: RoomPublic,
    pub intake: IntakeStart,
    /// Who receives residents here today or next, if the room keeps a roster.
    pub duty: Option<crate::roster::OnDuty>,
    /// The latest cases the council chose to show here.
    pub recent: Vec<PublicCaseLine>,
    /// 工作动态: the activities the council chose to show on its room pages.
    pub news: Vec<crate::activities::PublicActivity>,
}

/// A case as a room page lists it: never the resident, never the description, and not its
/// tracking code either: the code is the resident's key to the whole case (its description, its
/// rating), not something to hand to every passer-by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicCaseLine {
    pub title: String,
    pub status: crate::cases::CaseStatus,
    pub submitted_on: String,
}

/// What a room's printed poster shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomPoster {
    pub code: RoomCode,
    pub name: String,
    pub council_name: String,
    pub address: String,
    pub hours: String,
    /// The absolute address in the QR code, printed under it for those who type it.
    pub url: String,
    pub active: bool,
}

/// How many public cases a room page lists.
pub const RECENT_CASES: usize = 5;
/// Activities a room page lists under 工作动态.
pub const NEWS_ITEMS: i64 = 5;

#[cfg(test)]
mod tests {
    use super::RoomCode;

    #[test]
    fn room_codes_are_url_safe() {
        assert_eq!(
            RoomCode::parse(" SY-Dongfeng "),
            Some(RoomCode("sy-dongfeng".into()))
        );
        for bad in [
            "",
            "ab",
            "-abc",
            "abc-",
            "a b c",
            "东风村",
            "abc/../x",
            &"a".repeat(33),
        ] {
            assert_eq!(RoomCode::parse(bad), None, "{bad}");
        }
    }
}
