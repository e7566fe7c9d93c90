//! Councils (议事会 / 委员工作站) and how they are listed for residents.
pub mod admin;
pub mod admin_api;
pub mod admin_pages;
#[cfg(feature = "ssr")]
pub mod admin_store;
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// The kinds of council seen in the seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CouncilKind {
    TownStation,
    StreetStation,
    VillageCouncil,
    SectorStation,
    Studio,
}

impl CouncilKind {
    pub fn from_db(s: &str) -> Option<Self> {
        Some(match s {
            "town_station" => CouncilKind::TownStation,
            "street_station" => CouncilKind::StreetStation,
            "village_council" => CouncilKind::VillageCouncil,
            "sector_station" => CouncilKind::SectorStation,
            "studio" => CouncilKind::Studio,
            _ => return None,
        })
    }

    pub fn label(self) -> &'static str {
        let text = crate::base::text::t();
        match self {
            CouncilKind::TownStation => text.council_kind_town_station,
            CouncilKind::StreetStation => text.council_kind_street_station,
            CouncilKind::VillageCouncil => text.council_kind_village_council,
            CouncilKind::SectorStation => text.council_kind_sector_station,
            CouncilKind::Studio => text.council_kind_studio,
        }
    }
}

/// A room as a link in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomLink {
    pub code: String,
    pub name: String,
    pub address: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilSummary {
    pub name: String,
    pub kind: CouncilKind,
    pub rooms: Vec<RoomLink>,
}

/// The councils of one district (区/县), under the names of the areas above it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DistrictGroup {
    /// e.g. "甘肃省 临夏回族自治州 永靖县".
    pub area_path: String,
    pub councils: Vec<CouncilSummary>,
}
