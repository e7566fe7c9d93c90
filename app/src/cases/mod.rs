//! A resident's case: from the concern raised at a room to the result they can look up.
//! Types here are shared with the browser; rules live in `logic`, queries in `store`.
pub mod api;
#[cfg(feature = "ssr")]
pub mod form_post;
#[cfg(feature = "ssr")]
pub mod intake;
pub mod logic;
pub mod pages;
pub mod pipeline;
pub mod rating;
pub mod similar;
pub mod staff;
pub mod staff_api;
pub mod staff_pages;
#[cfg(feature = "ssr")]
pub mod staff_store;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// The code a resident keeps to follow their case, e.g. `SY-2026-482915`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrackingCode(pub String);

impl TrackingCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A resident's phone number, normalised to digits. Personal data: never sent to public pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentPhone(pub String);

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
    pub rating: Option<rating::Satisfaction>,
}

/// How the intake form opens: with a fresh submission id, or with the resident's unsent text and
/// what was wrong with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntakeStart {
    pub submission_id: String,
    pub form: ConcernForm,
    pub error: Option<crate::error::AppError>,
}
