//! Reception days (委员接待日): a weekly pattern per room, members taking turns, generated
//! dates, swaps with a reason, and who is on duty today or next.
pub mod api;
#[cfg(feature = "ssr")]
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// Dates generated ahead of today for each pattern.
pub const WEEKS_AHEAD: usize = 8;

/// The weekly pattern form: `rotation` lists member keys in the order they take turns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternInput {
    pub weekday: u8,
    pub starts: String,
    pub ends: String,
    /// `YYYY-MM-DD`; empty means from today.
    pub first_date: String,
    pub rotation: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PatternView {
    pub key: String,
    pub weekday: u8,
    pub starts: String,
    pub ends: String,
    pub rotation: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutySlotView {
    pub key: String,
    /// e.g. "11月27日 周五".
    pub date_label: String,
    pub starts: String,
    pub ends: String,
    pub member_key: String,
    pub member_name: String,
    pub swapped_from: Option<String>,
    pub swap_reason: Option<String>,
}

/// A room's roster on the admin screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomRoster {
    pub room_key: String,
    pub room_name: String,
    pub patterns: Vec<PatternView>,
    pub slots: Vec<DutySlotView>,
}

/// Who receives residents at a room today or next, for its public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnDuty {
    pub today: bool,
    /// "今天" or e.g. "11月27日 周五".
    pub when: String,
    pub starts: String,
    pub ends: String,
    pub members: Vec<DutyMember>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutyMember {
    pub name: String,
    pub sector: String,
    /// Only when the member agreed to show it (扫码见委员).
    pub phone: Option<String>,
}

pub fn weekday_label(weekday: u8) -> &'static str {
    crate::base::text::t()
        .weekdays
        .get(usize::from(weekday.clamp(1, 7)) - 1)
        .copied()
        .unwrap_or_default()
}
