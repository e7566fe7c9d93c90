//! A resident's case: from the concern raised at a room to the result they can look up. Types
//! here are shared with the browser and `pipeline` is the 四步九环 state machine; each feature is
//! a folder of its own with the same files (`mod.rs` its shared types, `logic.rs` rules, `store.rs`
//! queries, `api.rs` server functions, `handlers.rs` plain routes, `pages.rs`):
//! - `intake`: a resident raises a concern at a room (and adds photos);
//! - `public`: the resident's case page and rating;
//! - `lookup`: a resident finds their cases by phone;
//! - `desk`: the council works its cases (the queue, each case's steps);
//! - `lists`: research and the three lists, printed and exported;
//! - `work`: members enter concerns and topics, departments report on their tasks.
pub mod desk;
pub mod intake;
pub mod lists;
pub mod lookup;
pub mod pipeline;
pub mod public;
pub mod work;

use serde::{Deserialize, Serialize};

pub use crate::base::ids::TrackingCode;
pub use crate::base::phone::ResidentPhone;

/// The intake form exactly as typed; nothing here is trusted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConcernForm {
    pub submission_id: String,
    pub title: String,
    pub description: String,
    pub resident_name: String,
    pub resident_phone: String,
    pub consent: bool,
}

/// A concern that passed validation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidConcern {
    pub submission_id: String,
    pub title: String,
    pub description: String,
    pub resident_name: Option<String>,
    pub resident_phone: Option<ResidentPhone>,
}

/// What the resident gets back at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeReceipt {
    pub tracking_code: TrackingCode,
    /// False when this was a resend of a form that had already created its case.
    pub created: bool,
}

/// Where a case stands: the pipeline's stage, as residents read it too.
pub type CaseStatus = pipeline::Stage;

/// One public step on a case's timeline: when, what, and the note addressed to the resident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub step: pipeline::Step,
    /// Empty unless the step's note is meant for the resident (an answer, a reason, a result).
    pub note: String,
}

/// What anyone holding the tracking code may see. No name, no phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CasePublic {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub description: String,
    pub status: CaseStatus,
    /// Beijing time, already formatted for reading.
    pub submitted_at: String,
    pub room_code: String,
    pub room_name: String,
    pub council_name: String,
    /// Every step taken since intake, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// The resident's rating of the result, once given.
    pub rating: Option<public::rating::Satisfaction>,
    /// Whether the one asking raised this case (their browser, or their checked phone), and so
    /// may rate it. Everyone else holding the code only reads.
    pub may_rate: bool,
    /// For the resident only: whether texts about it still come (`None`: no number left, or
    /// not the resident asking).
    pub texts: Option<bool>,
    /// The description is left out: the code is of the first, guessable shape and the one
    /// asking has not shown the case is theirs.
    pub description_hidden: bool,
    /// The 协商建议清单, once published.
    pub recommendations: Vec<String>,
    /// The 结果反馈清单, once fed back.
    pub results: Vec<PublicResult>,
    /// The day the council checks again that the result held (回头看).
    pub recheck_on: Option<lists::Day>,
}

/// One line of the 结果反馈清单 as residents read it: the department, never the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicResult {
    pub department_name: String,
    pub task: String,
    pub result: String,
    pub evidence: String,
}

/// How the intake form opens: with a fresh submission id, or with the resident's unsent text and
/// what was wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeStart {
    pub submission_id: String,
    pub form: ConcernForm,
    pub error: Option<crate::base::error::AppError>,
}

/// Where a case came from: a resident at a room, a member on their behalf, or a topic put forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseSource {
    /// A resident scanned a room's QR code.
    RoomQr,
    /// A member wrote it down for a resident during a visit or reception day.
    MemberVisit,
    /// Raised on the website without a room (kept for older records).
    Web,
    /// 委员荐题: a member puts a topic forward.
    MemberTopic,
    /// 部门提题: a department asks for consultation.
    DepartmentTopic,
    /// 党政点题: the Party committee or government names a topic.
    PartyTopic,
}

impl CaseSource {
    pub const ALL: [CaseSource; 6] = [
        CaseSource::RoomQr,
        CaseSource::MemberVisit,
        CaseSource::Web,
        CaseSource::MemberTopic,
        CaseSource::DepartmentTopic,
        CaseSource::PartyTopic,
    ];

    /// What a member may choose when entering a case themselves.
    pub const BY_MEMBERS: [CaseSource; 4] = [
        CaseSource::MemberVisit,
        CaseSource::MemberTopic,
        CaseSource::DepartmentTopic,
        CaseSource::PartyTopic,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            CaseSource::RoomQr => "room_qr",
            CaseSource::MemberVisit => "member_visit",
            CaseSource::Web => "web",
            CaseSource::MemberTopic => "member_topic",
            CaseSource::DepartmentTopic => "department_topic",
            CaseSource::PartyTopic => "party_topic",
        }
    }

    pub fn from_db(s: &str) -> Option<CaseSource> {
        Self::ALL.into_iter().find(|k| k.as_db() == s)
    }

    pub fn label(self) -> &'static str {
        let key = self.as_db();
        crate::base::text::t()
            .case_sources
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, label)| *label)
            .unwrap_or(key)
    }

    /// A topic is put forward by members or officials; it has no resident to reply to.
    pub fn is_topic(self) -> bool {
        matches!(
            self,
            CaseSource::MemberTopic | CaseSource::DepartmentTopic | CaseSource::PartyTopic
        )
    }
}

/// The words for the 六议 reasons a screener ticked.
pub fn screening_labels(keys: &[String]) -> Vec<&'static str> {
    crate::base::text::t()
        .screening_worth
        .iter()
        .filter(|(k, _)| keys.iter().any(|key| key == k))
        .map(|(_, label)| *label)
        .collect()
}
