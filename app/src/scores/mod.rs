//! Targets and quarterly scoring (季考季评): a district sets what each member should do (receive
//! at least monthly, resolve a dispute a quarter, 40 contacts a year) and a score sheet (a base,
//! points per kind of record, caps). Bandeng scores every member and council of the district per
//! quarter from the records, ranks them, lists who is below target, and keeps managers'
//! adjustments with their reasons. A closed quarter is frozen. Types shared with the browser.
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// A kind of record the sheet gives points for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// Activities attended.
    Activities,
    /// Reception days kept.
    ReceptionsKept,
    /// Reception days missed or never recorded (usually negative points).
    ReceptionsMissed,
    /// Contacts with linked households.
    Contacts,
    /// Disputes resolved, at activities and reception days.
    Disputes,
    /// Concerns entered for residents.
    Concerns,
    /// Consultation sessions attended.
    Sessions,
    /// Research for a topic.
    Research,
}

codes!(ScoreKind {
    Activities = "activities",
    ReceptionsKept = "receptions_kept",
    ReceptionsMissed = "receptions_missed",
    Contacts = "contacts",
    Disputes = "disputes",
    Concerns = "concerns",
    Sessions = "sessions",
    Research = "research",
});

impl ScoreKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ScoreKind::Activities => t.record_activities,
            ScoreKind::ReceptionsKept => t.record_receptions_kept,
            ScoreKind::ReceptionsMissed => t.record_receptions_missed,
            ScoreKind::Contacts => t.record_contacts,
            ScoreKind::Disputes => t.score_disputes,
            ScoreKind::Concerns => t.record_concerns,
            ScoreKind::Sessions => t.record_sessions,
            ScoreKind::Research => t.record_research,
        }
    }
}

/// Points for each record of a kind, up to a cap (in points, either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreItem {
    pub kind: ScoreKind,
    pub points: i64,
    pub cap: i64,
}

/// What each member should do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub receptions_per_month: i64,
    pub disputes_per_quarter: i64,
    pub contacts_per_year: i64,
}

/// A district's score sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSheet {
    pub base: i64,
    pub items: Vec<ScoreItem>,
    pub targets: Targets,
}

/// A calendar quarter: `2026Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

/// One target a member fell short of in a quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortfall {
    pub kind: ScoreKind,
    pub done: i64,
    pub target: i64,
}

/// A manager's adjustment of a member's quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub points: i64,
    pub reason: String,
    pub by: String,
    pub date: String,
}

/// One member's quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberScore {
    pub member: String,
    pub name: String,
    pub council: String,
    pub council_name: String,
    /// (kind, records, points): every kind on the sheet.
    pub lines: Vec<(ScoreKind, i64, i64)>,
    pub adjustments: Vec<Adjustment>,
    pub total: i64,
    /// 1 for the first; equal totals share a rank.
    pub rank: usize,
    pub below: Vec<Shortfall>,
}

/// One council's quarter: the average of its members' totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilScore {
    pub council: String,
    pub name: String,
    pub members: i64,
    /// In tenths of a point: 734 is 73.4.
    pub average_tenths: i64,
    pub rank: usize,
    pub below_target: i64,
}

/// A district's quarter, ranked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterRanking {
    pub district: String,
    pub district_name: String,
    pub quarter: Quarter,
    pub closed: bool,
    pub sheet: ScoreSheet,
    pub members: Vec<MemberScore>,
    pub councils: Vec<CouncilScore>,
}

/// What `/scores` shows its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoresPageData {
    /// Districts the caller may open: (area key, name).
    pub districts: Vec<(String, String)>,
    pub ranking: QuarterRanking,
    /// The caller sets the sheet, closes and reopens quarters (a district admin).
    pub can_manage: bool,
    /// Members whose quarter the caller may adjust.
    pub can_adjust: Vec<String>,
    /// The quarters to choose from, newest first.
    pub quarters: Vec<Quarter>,
}
