//! Cases as a council's staff work them: the queue, one case with its history, and the checks on
//! a step before the pipeline takes it.
pub mod api;
pub mod pages;
pub mod similar;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::pipeline::{Stage, Step};
use crate::cases::TrackingCode;
use serde::{Deserialize, Serialize};

/// A case in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueLine {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub room_name: String,
    pub submitted_at: String,
    pub status: Stage,
    /// Fed back: the day of the re-check (回头看), and whether it has come.
    pub recheck_on: Option<crate::cases::lists::Day>,
    pub recheck_due: bool,
}

/// A council's work queue (工作台): what waits on whom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseQueue {
    /// Waiting for screening (初筛).
    pub to_screen: Vec<QueueLine>,
    /// Topics waiting for approval at some level.
    pub in_review: Vec<QueueLine>,
    /// Approved or handed on: research, consultation, implementation, a department.
    pub in_progress: Vec<QueueLine>,
    /// Results published, waiting for the re-check (回头看); those due first.
    pub to_recheck: Vec<QueueLine>,
    /// Assignments past their deadline and not done.
    pub overdue: Vec<crate::cases::lists::OverdueLine>,
}

impl CaseQueue {
    /// Sorts open cases into the lists; finished ones (merged, answered, not adopted, closed) stay out.
    pub fn from_lines(lines: Vec<QueueLine>) -> CaseQueue {
        let mut queue = CaseQueue::default();
        for line in lines {
            match line.status {
                Stage::Received => queue.to_screen.push(line),
                Stage::InReview(_) => queue.in_review.push(line),
                Stage::WithDepartment
                | Stage::Researching
                | Stage::Consulting
                | Stage::Implementing => queue.in_progress.push(line),
                Stage::FeedbackGiven => queue.to_recheck.push(line),
                Stage::Merged | Stage::Answered | Stage::NotAdopted | Stage::Closed => {}
            }
        }
        // A stable sort keeps the oldest first among those due and among those not yet due.
        queue.to_recheck.sort_by_key(|line| !line.recheck_due);
        queue
    }
}

/// One step in a case's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventLine {
    pub at: String,
    pub actor_name: String,
    pub step: Step,
    pub to: Stage,
    pub note: String,
    pub note_public: bool,
}

/// A case as its council sees it: the resident's contact included (they need it to reply).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffCase {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub description: String,
    pub room_name: String,
    pub submitted_at: String,
    pub resident_name: Option<String>,
    pub resident_phone: Option<String>,
    pub status: Stage,
    /// Listed on the room's public page (title, status, date; never the resident).
    pub public: bool,
    /// Marked by the council as a typical case (典型案例), for the compilation.
    pub typical: bool,
    /// What the next step must quote, so that two people acting at once cannot overwrite each other.
    pub version: i64,
    pub merged_into: Option<TrackingCode>,
    /// The council's review levels (三级会审), in order.
    pub review_levels: Vec<String>,
    /// In review: who holds the level it waits at, and their name.
    pub reviewer: Option<crate::base::ids::Holder>,
    pub reviewer_name: String,
    /// Where it came from (a resident at a room, a member on a visit, a topic from a member…).
    pub source: crate::cases::CaseSource,
    /// The member or staff who entered it for a resident or put it forward as a topic.
    pub raised_by_name: String,
    /// Raised at an activity or a reception day: what it says, and where it is.
    pub raised_at: Option<RaisedAt>,
    pub category: String,
    /// Where it is, when a member marked a point.
    pub place: Option<crate::base::geo::LatLng>,
    /// The 六议 reasons ticked at screening.
    pub screening: Vec<String>,
    pub recheck_on: Option<crate::cases::lists::Day>,
    /// The steps open from here.
    pub steps: Vec<Step>,
    pub events: Vec<EventLine>,
    /// While waiting for screening: the council's cases that read most like this one.
    pub duplicates: Vec<DuplicateSuggestion>,
    /// Research, recommendations and assignments.
    pub lists: crate::cases::lists::CaseLists,
    /// The photos sent with it (ids for `/photos/{id}`).
    pub photos: Vec<String>,
    /// The resident's rating of the result, with their comment.
    pub rating: Option<(crate::cases::public::rating::Satisfaction, String)>,
}

/// Another case that may be the same concern, and how alike the two read (0–100).
/// Where a concern was raised, when at an activity or a reception day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedAt {
    /// "在活动中反映：法律咨询进村" or "在委员接待日反映：2026-11-20".
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateSuggestion {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub status: Stage,
    pub likeness: u8,
}

/// A step as the screen sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepInput {
    pub step: Step,
    pub version: i64,
    pub note: String,
    /// For a merge: the tracking code of the case that carries on.
    pub merge_into: String,
    /// Raising as a topic: the 六议 reasons that apply, and any 六不议 reason (which forbids it).
    #[serde(default)]
    pub worth: Vec<String>,
    #[serde(default)]
    pub not_worth: Vec<String>,
    /// Feeding back: the re-check day, `YYYY-MM-DD`; empty means thirty days from today.
    #[serde(default)]
    pub recheck_on: String,
}

pub const NOTE_MAX: usize = 1000;

/// The note, checked: required where the step must say why or what.
pub fn check_note(input: &StepInput) -> Result<String, AppError> {
    let note = crate::base::validate::note(&input.note, NOTE_MAX)
        .map_err(|m| AppError::invalid("note", m))?;
    if input.step.needs_note() && note.is_empty() {
        return Err(AppError::invalid("note", t().err_step_note_required));
    }
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(status: Stage) -> QueueLine {
        QueueLine {
            tracking_code: TrackingCode("SY-2026-000000".into()),
            title: "t".into(),
            room_name: "r".into(),
            submitted_at: String::new(),
            status,
            recheck_on: None,
            recheck_due: false,
        }
    }

    #[test]
    fn the_queue_sorts_open_cases_and_leaves_finished_ones_out() {
        let q = CaseQueue::from_lines(
            [
                Stage::Received,
                Stage::InReview(1),
                Stage::Consulting,
                Stage::WithDepartment,
                Stage::FeedbackGiven,
                Stage::Closed,
                Stage::Merged,
                Stage::Answered,
                Stage::NotAdopted,
            ]
            .into_iter()
            .map(line)
            .collect(),
        );
        assert_eq!(
            (
                q.to_screen.len(),
                q.in_review.len(),
                q.in_progress.len(),
                q.to_recheck.len()
            ),
            (1, 1, 2, 1)
        );
    }

    #[test]
    fn re_checks_that_are_due_come_first() {
        let fed_back = |code: &str, due: bool| QueueLine {
            tracking_code: TrackingCode(code.into()),
            recheck_due: due,
            ..line(Stage::FeedbackGiven)
        };
        let q = CaseQueue::from_lines(vec![
            fed_back("A", false),
            fed_back("B", true),
            fed_back("C", false),
            fed_back("D", true),
        ]);
        let order: Vec<&str> = q
            .to_recheck
            .iter()
            .map(|l| l.tracking_code.as_str())
            .collect();
        assert_eq!(order, ["B", "D", "A", "C"]);
    }

    #[test]
    fn notes_are_required_where_a_step_must_say_why() {
        let input = |step, note: &str| StepInput {
            step,
            version: 1,
            note: note.into(),
            merge_into: String::new(),
            worth: Vec::new(),
            not_worth: Vec::new(),
            recheck_on: String::new(),
        };
        assert!(check_note(&input(Step::Reject, "  ")).is_err());
        assert_eq!(
            check_note(&input(Step::Reject, " 属于诉讼中的事项 ")).unwrap(),
            "属于诉讼中的事项"
        );
        assert_eq!(check_note(&input(Step::Approve, "")).unwrap(), "");
        assert!(check_note(&input(Step::AnswerAndClose, &"长".repeat(NOTE_MAX + 1))).is_err());
        assert!(check_note(&input(Step::AnswerAndClose, "已联系供电所\u{0}")).is_err());
    }
}
