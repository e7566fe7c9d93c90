//! The case pipeline (四步九环) as a state machine in plain Rust. Server functions only ask it
//! whether a step is allowed and where it leads; the rules live here and are tested here.
use serde::{Deserialize, Serialize};

/// Where a case stands. One case carries the whole thread, from intake to the resident's rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stage {
    /// 受理中: raised, waiting for screening (初筛).
    Received,
    /// 已合并: merged into another case, which carries on. Final.
    Merged,
    /// 转部门办理: handed straight to a department at screening.
    WithDepartment,
    /// 已答复: answered at screening and closed.
    Answered,
    /// 审议中: raised as a topic, at review level `n` (0-based) of the council's chain (三级会审).
    InReview(u8),
    /// 未立项: a review level turned the topic down.
    NotAdopted,
    /// 调研中: approved; research before consultation (不调研不协商).
    Researching,
    /// 协商中: consultation sessions under way.
    Consulting,
    /// 落实中: recommendations published and assigned to departments.
    Implementing,
    /// 已反馈: results published to the resident; waiting for the re-check (回头看).
    FeedbackGiven,
    /// 已办结: re-checked and closed.
    Closed,
}

/// What a council member or department does to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Screening: a duplicate of another case.
    Merge,
    /// Screening: not for consultation, but a department can act.
    HandToDepartment,
    /// Screening: answered on the spot.
    AnswerAndClose,
    /// Screening: worth consulting (六议).
    RaiseAsTopic,
    /// A review level approves; the last level sends the topic to research.
    Approve,
    /// A review level turns the topic down, with a reason.
    Reject,
    /// Research is done: consult.
    StartConsultation,
    /// The 协商建议清单 is published and its items assigned (责任落实清单).
    PublishRecommendations,
    /// The 结果反馈清单 is published.
    PublishFeedback,
    /// The re-check held: close.
    Close,
    /// The resident or the re-check says it did not hold: back to screening.
    Reopen,
}

impl Step {
    pub const ALL: [Step; 11] = [
        Step::Merge,
        Step::HandToDepartment,
        Step::AnswerAndClose,
        Step::RaiseAsTopic,
        Step::Approve,
        Step::Reject,
        Step::StartConsultation,
        Step::PublishRecommendations,
        Step::PublishFeedback,
        Step::Close,
        Step::Reopen,
    ];
}

impl Stage {
    /// The stored `status` (and `review_level`, meaningful only in review).
    pub fn as_db(self) -> (&'static str, u8) {
        match self {
            Stage::Received => ("received", 0),
            Stage::Merged => ("merged", 0),
            Stage::WithDepartment => ("with_department", 0),
            Stage::Answered => ("answered", 0),
            Stage::InReview(level) => ("in_review", level),
            Stage::NotAdopted => ("not_adopted", 0),
            Stage::Researching => ("researching", 0),
            Stage::Consulting => ("consulting", 0),
            Stage::Implementing => ("implementing", 0),
            Stage::FeedbackGiven => ("feedback_given", 0),
            Stage::Closed => ("closed", 0),
        }
    }

    pub fn from_db(status: &str, level: u8) -> Option<Stage> {
        Some(match status {
            "received" => Stage::Received,
            "merged" => Stage::Merged,
            "with_department" => Stage::WithDepartment,
            "answered" => Stage::Answered,
            "in_review" => Stage::InReview(level),
            "not_adopted" => Stage::NotAdopted,
            "researching" => Stage::Researching,
            "consulting" => Stage::Consulting,
            "implementing" => Stage::Implementing,
            "feedback_given" => Stage::FeedbackGiven,
            "closed" => Stage::Closed,
            _ => return None,
        })
    }

    /// From a database row, whose level is an integer column.
    pub fn from_row(status: &str, level: i64) -> Option<Stage> {
        Stage::from_db(status, u8::try_from(level).ok()?)
    }

    fn words(self) -> (&'static str, &'static str) {
        let key = self.as_db().0;
        crate::base::text::t()
            .case_statuses
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, label, detail)| (*label, *detail))
            .unwrap_or((key, ""))
    }

    /// What residents read: 受理中, 协商中, 已办结…
    pub fn label(self) -> &'static str {
        self.words().0
    }

    /// One sentence on what happens at this stage.
    pub fn detail(self) -> &'static str {
        self.words().1
    }
}

impl Step {
    pub fn as_db(self) -> &'static str {
        match self {
            Step::Merge => "merge",
            Step::HandToDepartment => "hand_to_department",
            Step::AnswerAndClose => "answer_and_close",
            Step::RaiseAsTopic => "raise_as_topic",
            Step::Approve => "approve",
            Step::Reject => "reject",
            Step::StartConsultation => "start_consultation",
            Step::PublishRecommendations => "publish_recommendations",
            Step::PublishFeedback => "publish_feedback",
            Step::Close => "close",
            Step::Reopen => "reopen",
        }
    }

    pub fn from_db(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_db() == s)
    }

    /// The timeline's words for this step.
    pub fn label(self) -> &'static str {
        let key = self.as_db();
        crate::base::text::t()
            .case_steps
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, label)| *label)
            .unwrap_or(key)
    }

    /// Steps that must say why or what: the answer, the reason, the department, the result.
    pub fn needs_note(self) -> bool {
        matches!(
            self,
            Step::HandToDepartment
                | Step::AnswerAndClose
                | Step::Reject
                | Step::PublishFeedback
                | Step::Reopen
        )
    }

    /// Whether the note is addressed to the resident (shown on the case page) or internal.
    pub fn note_is_public(self) -> bool {
        self.needs_note()
    }

    /// The text the resident gets when their case takes this step (if they left a number).
    pub fn resident_notice(self) -> Option<crate::notify::NoticeKind> {
        use crate::notify::NoticeKind as N;
        match self {
            Step::Merge => Some(N::CaseMerged),
            Step::HandToDepartment => Some(N::CaseHanded),
            Step::AnswerAndClose => Some(N::CaseAnswered),
            Step::RaiseAsTopic => Some(N::CaseAccepted),
            Step::Reject => Some(N::CaseRejected),
            Step::PublishFeedback => Some(N::CaseFeedback),
            Step::Approve
            | Step::StartConsultation
            | Step::PublishRecommendations
            | Step::Close
            | Step::Reopen => None,
        }
    }
}

/// Why a step cannot be taken from where the case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAllowed {
    pub from: Stage,
    pub step: Step,
}

/// Where `step` takes a case standing at `stage`, for a council whose topics pass `levels`
/// review levels (at least one).
pub fn next(stage: Stage, step: Step, levels: u8) -> Result<Stage, NotAllowed> {
    use Stage as S;
    use Step as T;
    let last_level = levels.max(1) - 1;
    let to = match (stage, step) {
        (S::Received, T::Merge) => S::Merged,
        (S::Received, T::HandToDepartment) => S::WithDepartment,
        (S::Received, T::AnswerAndClose) => S::Answered,
        (S::Received, T::RaiseAsTopic) => S::InReview(0),
        (S::InReview(n), T::Approve) if n < last_level => S::InReview(n + 1),
        (S::InReview(_), T::Approve) => S::Researching,
        (S::InReview(_), T::Reject) => S::NotAdopted,
        (S::Researching, T::StartConsultation) => S::Consulting,
        (S::Consulting, T::PublishRecommendations) => S::Implementing,
        (S::Implementing | S::WithDepartment, T::PublishFeedback) => S::FeedbackGiven,
        (S::FeedbackGiven, T::Close) => S::Closed,
        (S::Answered | S::NotAdopted | S::FeedbackGiven | S::Closed, T::Reopen) => S::Received,
        _ => return Err(NotAllowed { from: stage, step }),
    };
    Ok(to)
}

/// The steps open from a stage: what the screen offers as buttons.
pub fn steps_from(stage: Stage, levels: u8) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| next(stage, *s, levels).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stage as S;
    use Step as T;

    const STAGES: [Stage; 13] = [
        S::Received,
        S::Merged,
        S::WithDepartment,
        S::Answered,
        S::InReview(0),
        S::InReview(1),
        S::InReview(2),
        S::NotAdopted,
        S::Researching,
        S::Consulting,
        S::Implementing,
        S::FeedbackGiven,
        S::Closed,
    ];

    /// Every allowed move for a council with three review levels; everything else is refused.
    fn allowed() -> Vec<(Stage, Step, Stage)> {
        vec![
            (S::Received, T::Merge, S::Merged),
            (S::Received, T::HandToDepartment, S::WithDepartment),
            (S::Received, T::AnswerAndClose, S::Answered),
            (S::Received, T::RaiseAsTopic, S::InReview(0)),
            (S::InReview(0), T::Approve, S::InReview(1)),
            (S::InReview(1), T::Approve, S::InReview(2)),
            (S::InReview(2), T::Approve, S::Researching),
            (S::InReview(0), T::Reject, S::NotAdopted),
            (S::InReview(1), T::Reject, S::NotAdopted),
            (S::InReview(2), T::Reject, S::NotAdopted),
            (S::Researching, T::StartConsultation, S::Consulting),
            (S::Consulting, T::PublishRecommendations, S::Implementing),
            (S::Implementing, T::PublishFeedback, S::FeedbackGiven),
            (S::WithDepartment, T::PublishFeedback, S::FeedbackGiven),
            (S::FeedbackGiven, T::Close, S::Closed),
            (S::Answered, T::Reopen, S::Received),
            (S::NotAdopted, T::Reopen, S::Received),
            (S::FeedbackGiven, T::Reopen, S::Received),
            (S::Closed, T::Reopen, S::Received),
        ]
    }

    #[test]
    fn every_transition_is_allowed_or_refused_as_the_table_says() {
        let table = allowed();
        let mut checked = 0;
        for stage in STAGES {
            for step in Step::ALL {
                let expected = table
                    .iter()
                    .find(|(from, s, _)| *from == stage && *s == step)
                    .map(|(_, _, to)| *to);
                let got = next(stage, step, 3);
                match expected {
                    Some(to) => assert_eq!(got, Ok(to), "{stage:?} --{step:?}-->"),
                    None => assert_eq!(
                        got,
                        Err(NotAllowed { from: stage, step }),
                        "{stage:?} --{step:?}-->"
                    ),
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 13 * 11);
    }

    #[test]
    fn one_review_level_approves_straight_to_research() {
        assert_eq!(next(S::InReview(0), T::Approve, 1), Ok(S::Researching));
        // Zero configured levels is treated as one: a topic is always approved by someone.
        assert_eq!(next(S::InReview(0), T::Approve, 0), Ok(S::Researching));
    }

    #[test]
    fn stages_and_steps_survive_the_database() {
        for stage in STAGES {
            let (status, level) = stage.as_db();
            assert_eq!(Stage::from_db(status, level), Some(stage));
            assert!(
                !stage.label().is_empty() && stage.label() != status,
                "{stage:?} has words"
            );
        }
        assert_eq!(Stage::from_db("lost", 0), None);
        for step in Step::ALL {
            assert_eq!(Step::from_db(step.as_db()), Some(step));
            assert_ne!(step.label(), step.as_db(), "{step:?} has words");
        }
        assert!(Step::AnswerAndClose.note_is_public() && !Step::Approve.needs_note());
    }

    #[test]
    fn merged_cases_are_final() {
        assert!(steps_from(S::Merged, 3).is_empty());
    }

    #[test]
    fn the_whole_loop_from_concern_to_closed() {
        let mut stage = S::Received;
        for step in [
            T::RaiseAsTopic,
            T::Approve,
            T::Approve,
            T::Approve,
            T::StartConsultation,
            T::PublishRecommendations,
            T::PublishFeedback,
            T::Close,
        ] {
            stage = next(stage, step, 3).unwrap();
        }
        assert_eq!(stage, S::Closed);
        assert_eq!(steps_from(stage, 3), vec![T::Reopen]);
        assert_eq!(
            steps_from(S::Received, 3),
            vec![
                T::Merge,
                T::HandToDepartment,
                T::AnswerAndClose,
                T::RaiseAsTopic
            ]
        );
    }
}
