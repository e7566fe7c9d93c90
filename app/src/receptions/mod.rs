//! Reception days on record (委员接待日): each duty slot of the roster, once its day has come, gets
//! a record in under a minute: came or absent (why), how many people came, and what happened
//! with each (answered on the spot, turned into a case, dispute resolved, referred elsewhere).
//! The liaison sees the slots past their day that nobody recorded. Types shared with the browser.
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

/// What became of one visitor's matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitOutcome {
    /// 当场答复
    Answered,
    /// 转为诉求办理
    Case,
    /// 化解矛盾纠纷
    Resolved,
    /// 转交有关部门
    Referred,
}

codes!(VisitOutcome {
    Answered = "answered",
    Case = "case",
    Resolved = "resolved",
    Referred = "referred",
});

/// One visitor's matter, as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitInput {
    pub outcome: String,
    /// What it was about, in a few words: "低保申请咨询".
    pub note: String,
}

/// The record of one duty slot.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionInput {
    pub slot: String,
    pub came: bool,
    /// Why nobody came to receive (sick, called away...): required when absent.
    pub absent_reason: String,
    /// How many people came; empty is none.
    pub visitors: String,
    pub visits: Vec<VisitInput>,
}

/// A recorded reception, in short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionSummary {
    pub came: bool,
    pub absent_reason: String,
    pub visitors: i64,
    pub visits: Vec<(VisitOutcome, String)>,
    pub recorded_by: String,
    /// Tracking codes of the concerns entered for this day.
    pub concerns: Vec<String>,
}

/// A duty slot whose day has come, recorded or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotToRecord {
    pub slot: String,
    pub council: String,
    pub council_name: String,
    pub room_name: String,
    /// `YYYY-MM-DD`
    pub date: String,
    pub starts: String,
    pub ends: String,
    pub member_name: String,
    /// Took the slot over from a fellow member (a swap).
    pub swapped_in: bool,
    pub recorded: Option<ReceptionSummary>,
}

/// What `/receptions` shows its caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionsOverview {
    /// The caller's own slots of the last weeks, today's first.
    pub mine: Vec<SlotToRecord>,
    /// Slots past their day that nobody recorded, in the councils the caller administers.
    pub unrecorded: Vec<SlotToRecord>,
}

impl VisitOutcome {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            VisitOutcome::Answered => t.visit_answered,
            VisitOutcome::Case => t.visit_case,
            VisitOutcome::Resolved => t.visit_resolved,
            VisitOutcome::Referred => t.visit_referred,
        }
    }
}
