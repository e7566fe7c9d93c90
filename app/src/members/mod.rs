//! Members (委员) of a council: who they are, their sector and level, and their role in each
//! council; added one by one or imported from a spreadsheet.
pub mod api;
pub mod import;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::councils::admin::SectorOption;
use serde::{Deserialize, Serialize};

pub use crate::auth::roles::Role;

/// Which people's congress level a member was appointed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberLevel {
    National,
    Province,
    City,
    District,
}

impl MemberLevel {
    pub const ALL: [MemberLevel; 4] = [
        MemberLevel::National,
        MemberLevel::Province,
        MemberLevel::City,
        MemberLevel::District,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            MemberLevel::National => "national",
            MemberLevel::Province => "province",
            MemberLevel::City => "city",
            MemberLevel::District => "district",
        }
    }

    pub fn from_db(s: &str) -> Option<MemberLevel> {
        MemberLevel::ALL.into_iter().find(|l| l.as_db() == s)
    }

    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            MemberLevel::National => t.member_level_national,
            MemberLevel::Province => t.member_level_province,
            MemberLevel::City => t.member_level_city,
            MemberLevel::District => t.member_level_district,
        }
    }

    /// A level from how a spreadsheet writes it: 全国/省/市/区 with or without 政协委员.
    pub fn from_label(s: &str) -> Option<MemberLevel> {
        let s = s.trim();
        MemberLevel::ALL.into_iter().find(|l| {
            l.as_db() == s || l.label() == s || (!s.is_empty() && l.label().starts_with(s))
        })
    }
}

/// The member form as typed; `sector` is a sector key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub name: String,
    pub sector: String,
    pub level: String,
    pub phone: String,
    pub contact_public: bool,
    /// Separated by commas, 、 or spaces.
    pub specialties: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMember {
    pub name: String,
    pub sector: String,
    pub level: MemberLevel,
    pub phone: Option<String>,
    pub contact_public: bool,
    pub specialties: Vec<String>,
    pub role: Role,
}

/// A member as the council's admins see them (phone included: they need it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilMember {
    pub key: String,
    pub name: String,
    pub sector: String,
    pub sector_key: String,
    pub level: MemberLevel,
    pub phone: Option<String>,
    pub contact_public: bool,
    pub specialties: Vec<String>,
    pub role: Role,
    pub has_account: bool,
}

/// The members page: members, work teams, and the sectors to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilMembers {
    pub council_name: String,
    pub members: Vec<CouncilMember>,
    pub teams: Vec<WorkTeam>,
    pub sectors: Vec<SectorOption>,
}

/// A work team (工作专班) of a council, with member names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkTeam {
    pub name: String,
    pub leader: Option<String>,
    pub members: Vec<String>,
}

/// The work team form: `leader` and `members` are member keys of the council.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInput {
    pub name: String,
    pub leader: String,
    pub members: Vec<String>,
}

/// One row of an imported sheet, checked: what it will store, or why it cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The sheet's row number, as the spreadsheet shows it (header = 1).
    pub line: usize,
    pub name: String,
    pub sector: String,
    pub role: String,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub good: usize,
    pub bad: usize,
}

/// An uploaded sheet: its file name (for the format) and its bytes, base64-encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetUpload {
    pub file_name: String,
    pub data_base64: String,
}
