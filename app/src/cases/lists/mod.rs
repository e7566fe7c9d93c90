//! The records a topic gathers after screening, and the three lists (三项清单): research before
//! consultation (不调研不协商), the 协商建议清单 (recommendations), the 责任落实清单 (assignments:
//! a department, an owner, a deadline, a status) and the 结果反馈清单 (what each assignment
//! achieved, with evidence). Types are shared with the browser; the rules here are plain functions.
pub mod api;
#[cfg(feature = "ssr")]
pub mod export;
pub mod pages;
pub mod print;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::pipeline::Stage;
use serde::{Deserialize, Serialize};

pub use crate::base::clock::Day;

/// How research was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResearchKind {
    /// 实地走访
    Visit,
    /// 入户访谈
    Interview,
    /// 座谈会
    Meeting,
    /// 查阅资料、政策
    Documents,
    /// 问卷调查
    Survey,
}

impl ResearchKind {
    pub const ALL: [ResearchKind; 5] = [
        ResearchKind::Visit,
        ResearchKind::Interview,
        ResearchKind::Meeting,
        ResearchKind::Documents,
        ResearchKind::Survey,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            ResearchKind::Visit => "visit",
            ResearchKind::Interview => "interview",
            ResearchKind::Meeting => "meeting",
            ResearchKind::Documents => "documents",
            ResearchKind::Survey => "survey",
        }
    }

    pub fn from_db(s: &str) -> Option<ResearchKind> {
        Self::ALL.into_iter().find(|k| k.as_db() == s)
    }

    pub fn label(self) -> &'static str {
        let key = self.as_db();
        t().research_kinds
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, label)| *label)
            .unwrap_or(key)
    }
}

/// One research record on a topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResearchRecord {
    pub on_date: Day,
    pub kind: ResearchKind,
    pub note: String,
    pub author_name: String,
}

/// A research record as the screen sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResearchInput {
    /// Drawn by the page for this filling-in of the form: sent twice, it is recorded once.
    #[serde(default)]
    pub id: String,
    pub on_date: String,
    pub kind: String,
    pub note: String,
}

/// One item of the 协商建议清单. `number` is its place in the list as shown (1, 2, 3…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// The record key, for editing and for assignments.
    pub id: String,
    pub number: u32,
    pub text: String,
}

/// Where an assignment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentStatus {
    /// 已交办
    Assigned,
    /// 办理中
    InProgress,
    /// 已办结
    Done,
}

impl AssignmentStatus {
    pub const ALL: [AssignmentStatus; 3] = [
        AssignmentStatus::Assigned,
        AssignmentStatus::InProgress,
        AssignmentStatus::Done,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            AssignmentStatus::Assigned => "assigned",
            AssignmentStatus::InProgress => "in_progress",
            AssignmentStatus::Done => "done",
        }
    }

    pub fn from_db(s: &str) -> Option<AssignmentStatus> {
        Self::ALL.into_iter().find(|k| k.as_db() == s)
    }

    pub fn label(self) -> &'static str {
        let key = self.as_db();
        t().assignment_statuses
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, label)| *label)
            .unwrap_or(key)
    }
}

/// One item of the 责任落实清单, with what the department reported (the 结果反馈清单).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: String,
    /// The recommendation it carries out (its number in the list), if any.
    pub recommendation: Option<u32>,
    pub department: String,
    pub department_name: String,
    pub owner: String,
    pub task: String,
    pub deadline: Day,
    pub status: AssignmentStatus,
    pub result: String,
    pub evidence: String,
    pub reported_by_name: String,
    pub version: i64,
    /// Past its deadline and not done.
    pub overdue: bool,
    /// The 催办 steps taken on it, oldest first.
    #[serde(default)]
    pub urges: Vec<Urge>,
}

/// One step of 催办 on an overdue assignment: who was told, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Urge {
    /// `2026年12月05日 07:30`.
    pub at: String,
    pub days_over: i64,
    /// Up to the district (督办), or at the council's level.
    pub district: bool,
    /// People told, by text or in the app.
    pub told: i64,
}

impl Urge {
    pub fn line(&self) -> String {
        let text = t();
        text.urge_line
            .replace("{at}", &self.at)
            .replace("{days}", &self.days_over.to_string())
            .replace(
                "{what}",
                if self.district {
                    text.urge_level_district
                } else {
                    text.urge_level_council
                },
            )
            .replace("{told}", &self.told.to_string())
    }
}

/// A department a council can give work to: its own area's and those above it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentChoice {
    pub key: String,
    pub name: String,
    pub area_name: String,
}

/// Everything gathered on a case after screening.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseLists {
    pub research: Vec<ResearchRecord>,
    pub recommendations: Vec<Recommendation>,
    pub assignments: Vec<Assignment>,
    pub departments: Vec<DepartmentChoice>,
}

/// A new assignment as the screen sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignmentInput {
    /// Drawn by the page for this filling-in of the form: sent twice, it is given once.
    #[serde(default)]
    pub id: String,
    /// A recommendation's key, or empty when the case went straight to a department.
    pub recommendation: String,
    pub department: String,
    pub owner: String,
    pub task: String,
    pub deadline: String,
}

/// A department's report on its assignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportInput {
    pub status: AssignmentStatus,
    pub result: String,
    pub evidence: String,
    /// The version the reporter saw; someone else's report since then is a conflict.
    pub version: i64,
}

/// An assignment as a department's staff see it: with the case it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepartmentTask {
    pub assignment: Assignment,
    pub tracking_code: crate::cases::TrackingCode,
    pub case_title: String,
    pub council_name: String,
    pub recommendation_text: String,
}

/// An overdue assignment in the council's queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueLine {
    pub tracking_code: crate::cases::TrackingCode,
    pub title: String,
    pub task: String,
    pub department_name: String,
    pub deadline: Day,
}

pub const RECOMMENDATION_MAX: usize = 500;
pub const TASK_MAX: usize = 500;
pub const OWNER_MAX: usize = 30;
pub const REPORT_MAX: usize = 1000;
pub const RESEARCH_MAX: usize = 2000;

/// Past its deadline (the deadline day itself still counts as in time) and not done.
pub fn is_overdue(deadline: &Day, status: AssignmentStatus, today: &Day) -> bool {
    status != AssignmentStatus::Done && deadline < today
}

/// Where research can be recorded: once a topic is approved, until the result is fed back.
pub fn research_open(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Researching | Stage::Consulting | Stage::Implementing
    )
}

/// The 协商建议清单 is written during consultation and fixed when published.
pub fn recommendations_open(stage: Stage) -> bool {
    stage == Stage::Consulting
}

/// Assignments are made for published recommendations (or drafted while consulting), or for a case
/// handed straight to a department.
pub fn assignments_open(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Consulting | Stage::Implementing | Stage::WithDepartment
    )
}

/// The recommendations residents may read: once published.
pub fn recommendations_public(stage: Stage) -> bool {
    matches!(
        stage,
        Stage::Implementing | Stage::FeedbackGiven | Stage::Closed
    )
}

/// The results residents may read: once fed back.
pub fn results_public(stage: Stage) -> bool {
    matches!(stage, Stage::FeedbackGiven | Stage::Closed)
}

/// Before the 结果反馈清单 goes out, every assignment must be done. A topic needs at least one;
/// a case handed to a department may have been answered by the department without one.
pub fn check_feedback_ready(stage: Stage, assignments: &[Assignment]) -> Result<(), AppError> {
    let open = assignments
        .iter()
        .filter(|a| a.status != AssignmentStatus::Done)
        .count();
    if stage == Stage::Implementing && assignments.is_empty() {
        return Err(AppError::invalid("step", t().err_feedback_no_assignments));
    }
    if open > 0 {
        return Err(AppError::invalid(
            "step",
            &t().err_feedback_open_assignments
                .replace("{n}", &open.to_string()),
        ));
    }
    Ok(())
}

pub fn check_recommendation(text: &str) -> Result<String, AppError> {
    let text = crate::base::validate::note(text, RECOMMENDATION_MAX)
        .map_err(|m| AppError::invalid("text", m))?;
    if text.is_empty() {
        return Err(AppError::invalid("text", t().err_required));
    }
    Ok(text)
}

pub fn check_research(input: &ResearchInput) -> Result<(Day, ResearchKind, String), AppError> {
    let mut problems = crate::base::validate::Problems::default();
    let day = problems.check("on_date", Day::parse(&input.on_date).ok_or(t().err_day));
    let kind = problems.check(
        "kind",
        ResearchKind::from_db(&input.kind).ok_or(t().err_required),
    );
    let note = problems.check(
        "note",
        crate::base::validate::note(&input.note, RESEARCH_MAX).and_then(|n| {
            if n.is_empty() {
                Err(t().err_required)
            } else {
                Ok(n)
            }
        }),
    );
    problems.into_result()?;
    Ok((day.unwrap(), kind.unwrap(), note.unwrap()))
}

/// A new assignment, checked. The deadline may not lie in the past.
pub struct ValidAssignment {
    pub recommendation: Option<String>,
    pub department: String,
    pub owner: String,
    pub task: String,
    pub deadline: Day,
}

pub fn check_assignment(input: &AssignmentInput, today: &Day) -> Result<ValidAssignment, AppError> {
    let mut problems = crate::base::validate::Problems::default();
    let department = problems.check(
        "department",
        Some(input.department.trim())
            .filter(|d| crate::base::validate::is_record_key(d))
            .ok_or(t().err_department_choose),
    );
    let owner = problems.check(
        "owner",
        crate::base::validate::name(&input.owner, OWNER_MAX),
    );
    let task = problems.check(
        "task",
        crate::base::validate::note(&input.task, TASK_MAX).and_then(|n| {
            if n.is_empty() {
                Err(t().err_required)
            } else {
                Ok(n)
            }
        }),
    );
    let deadline = problems.check(
        "deadline",
        Day::parse(&input.deadline)
            .ok_or(t().err_day)
            .and_then(|d| {
                if &d < today {
                    Err(t().err_deadline_past)
                } else {
                    Ok(d)
                }
            }),
    );
    problems.into_result()?;
    let recommendation = Some(input.recommendation.trim())
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if recommendation
        .as_deref()
        .is_some_and(|r| !crate::base::validate::is_record_key(r))
    {
        return Err(AppError::invalid("recommendation", t().err_required));
    }
    Ok(ValidAssignment {
        recommendation,
        department: department.unwrap().to_string(),
        owner: owner.unwrap(),
        task: task.unwrap(),
        deadline: deadline.unwrap(),
    })
}

/// A report, checked: finishing needs a word on what was done.
pub fn check_report(input: &ReportInput) -> Result<(String, String), AppError> {
    let mut problems = crate::base::validate::Problems::default();
    let result = problems.check(
        "result",
        crate::base::validate::note(&input.result, REPORT_MAX),
    );
    let evidence = problems.check(
        "evidence",
        crate::base::validate::note(&input.evidence, REPORT_MAX),
    );
    problems.into_result()?;
    let (result, evidence) = (result.unwrap(), evidence.unwrap());
    if input.status == AssignmentStatus::Done && result.is_empty() {
        return Err(AppError::invalid("result", t().err_result_required));
    }
    Ok((result, evidence))
}

/// The 六议六不议 rule a screener applies before raising a concern as a topic: at least one reason
/// it is worth consulting, and none of the reasons it must not be.
pub fn check_screening(worth: &[String], not_worth: &[String]) -> Result<Vec<String>, AppError> {
    let text = t();
    let known = |keys: &[(&str, &str)], k: &String| keys.iter().any(|(key, _)| key == k);
    if worth.iter().any(|k| !known(text.screening_worth, k))
        || not_worth
            .iter()
            .any(|k| !known(text.screening_not_worth, k))
    {
        return Err(AppError::invalid("screening", text.err_screening_unknown));
    }
    if !not_worth.is_empty() {
        return Err(AppError::invalid("screening", text.err_screening_not_worth));
    }
    if worth.is_empty() {
        return Err(AppError::invalid("screening", text.err_screening_none));
    }
    let mut keys = worth.to_vec();
    keys.sort();
    keys.dedup();
    Ok(keys)
}

/// One of the three lists as a table: what the printable page and the spreadsheet both show.
pub use crate::base::table::Table as ListTable;

/// The 协商建议清单, 责任落实清单 and 结果反馈清单 of a case, as tables.
pub fn three_lists(lists: &CaseLists) -> [ListTable; 3] {
    let text = t();
    let recommendation_of = |a: &Assignment| {
        a.recommendation
            .map(|n| n.to_string())
            .unwrap_or_else(|| "—".to_string())
    };
    [
        ListTable {
            title: text.recommendations_title,
            header: vec![text.lists_number, text.recommendation_text],
            rows: lists
                .recommendations
                .iter()
                .map(|r| vec![r.number.to_string(), r.text.clone()])
                .collect(),
        },
        ListTable {
            title: text.assignments_title,
            header: vec![
                text.lists_number,
                text.assignment_for_recommendation,
                text.assignment_task,
                text.assignment_department,
                text.assignment_owner,
                text.assignment_deadline,
                text.assignment_status,
            ],
            rows: lists
                .assignments
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    vec![
                        (i + 1).to_string(),
                        recommendation_of(a),
                        a.task.clone(),
                        a.department_name.clone(),
                        a.owner.clone(),
                        a.deadline.0.clone(),
                        if a.overdue {
                            format!("{}（{}）", a.status.label(), text.assignment_overdue)
                        } else {
                            a.status.label().to_string()
                        },
                    ]
                })
                .collect(),
        },
        ListTable {
            title: text.results_title,
            header: vec![
                text.lists_number,
                text.assignment_task,
                text.assignment_department,
                text.assignment_result,
                text.assignment_evidence,
                text.assignment_reported_by,
            ],
            rows: lists
                .assignments
                .iter()
                .enumerate()
                .filter(|(_, a)| a.status == AssignmentStatus::Done)
                .map(|(i, a)| {
                    vec![
                        (i + 1).to_string(),
                        a.task.clone(),
                        a.department_name.clone(),
                        a.result.clone(),
                        a.evidence.clone(),
                        a.reported_by_name.clone(),
                    ]
                })
                .collect(),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid_fields(error: &AppError) -> Vec<String> {
        match error {
            AppError::Invalid(fields) => fields.iter().map(|f| f.field.clone()).collect(),
            other => panic!("not invalid: {other:?}"),
        }
    }

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn assignment(status: AssignmentStatus) -> Assignment {
        Assignment {
            id: "a".into(),
            recommendation: Some(1),
            department: "d".into(),
            department_name: "农业农村办".into(),
            owner: "王主任".into(),
            task: "修路".into(),
            deadline: day("2026-12-01"),
            status,
            result: String::new(),
            evidence: String::new(),
            reported_by_name: String::new(),
            version: 1,
            overdue: false,
            urges: Vec::new(),
        }
    }

    #[test]
    fn days_must_exist() {
        assert!(Day::parse("2028-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-4-1",
            "26-04-01",
            "1999-01-01",
            "",
            "２０２６-01-01",
            "2026-01-01T00",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
        assert!(day("2026-12-09") < day("2026-12-10"));
    }

    #[test]
    fn overdue_means_past_the_deadline_and_not_done() {
        let deadline = day("2026-12-01");
        assert!(!is_overdue(
            &deadline,
            AssignmentStatus::Assigned,
            &day("2026-12-01")
        ));
        assert!(is_overdue(
            &deadline,
            AssignmentStatus::InProgress,
            &day("2026-12-02")
        ));
        assert!(!is_overdue(
            &deadline,
            AssignmentStatus::Done,
            &day("2027-01-01")
        ));
    }

    #[test]
    fn feedback_waits_for_every_assignment() {
        use AssignmentStatus::*;
        let err = check_feedback_ready(Stage::Implementing, &[]).unwrap_err();
        assert_eq!(
            err,
            AppError::invalid("step", t().err_feedback_no_assignments)
        );
        let err = check_feedback_ready(
            Stage::Implementing,
            &[
                assignment(Done),
                assignment(InProgress),
                assignment(Assigned),
            ],
        )
        .unwrap_err();
        assert!(format!("{err:?}").contains('2'), "{err:?}");
        assert!(check_feedback_ready(Stage::Implementing, &[assignment(Done)]).is_ok());
        // Handed to a department: it may have answered without an assignment.
        assert!(check_feedback_ready(Stage::WithDepartment, &[]).is_ok());
        assert!(check_feedback_ready(Stage::WithDepartment, &[assignment(Assigned)]).is_err());
    }

    #[test]
    fn lists_open_and_show_at_their_stages() {
        assert!(recommendations_open(Stage::Consulting));
        assert!(!recommendations_open(Stage::Implementing));
        assert!(assignments_open(Stage::WithDepartment));
        assert!(!assignments_open(Stage::Received));
        assert!(research_open(Stage::Researching));
        assert!(!research_open(Stage::InReview(0)));
        assert!(!recommendations_public(Stage::Consulting));
        assert!(recommendations_public(Stage::Implementing));
        assert!(!results_public(Stage::Implementing));
        assert!(results_public(Stage::Closed));
    }

    #[test]
    fn assignments_need_a_department_an_owner_a_task_and_a_future_deadline() {
        let today = day("2026-11-24");
        let input = AssignmentInput {
            recommendation: "r1".into(),
            department: "sy_nongye".into(),
            owner: " 王主任 ".into(),
            task: "硬化东风村三社道路 800 米".into(),
            deadline: "2026-12-31".into(),
            ..Default::default()
        };
        let ok = check_assignment(&input, &today).unwrap();
        assert_eq!(
            (ok.owner.as_str(), ok.deadline.as_str()),
            ("王主任", "2026-12-31")
        );
        assert_eq!(ok.recommendation.as_deref(), Some("r1"));
        let past = AssignmentInput {
            deadline: "2026-11-23".into(),
            ..input.clone()
        };
        assert_eq!(
            check_assignment(&past, &today)
                .err()
                .map(|e| invalid_fields(&e)),
            Some(vec!["deadline".to_string()])
        );
        let empty = AssignmentInput::default();
        let mut fields = invalid_fields(&check_assignment(&empty, &today).err().unwrap());
        fields.sort();
        assert_eq!(fields, ["deadline", "department", "owner", "task"]);
        let injected = AssignmentInput {
            department: "x; DELETE case".into(),
            ..input
        };
        assert!(check_assignment(&injected, &today).is_err());
    }

    #[test]
    fn a_finished_report_says_what_was_done() {
        let report = |status, result: &str| ReportInput {
            status,
            result: result.into(),
            evidence: "验收照片存档 🙂".into(),
            version: 1,
        };
        assert!(check_report(&report(AssignmentStatus::Done, " ")).is_err());
        assert!(check_report(&report(AssignmentStatus::InProgress, "")).is_ok());
        let (result, evidence) =
            check_report(&report(AssignmentStatus::Done, "已硬化 800 米")).unwrap();
        assert_eq!(
            (result.as_str(), evidence.as_str()),
            ("已硬化 800 米", "验收照片存档 🙂")
        );
        assert!(check_report(&report(
            AssignmentStatus::Done,
            &"长".repeat(REPORT_MAX + 1)
        ))
        .is_err());
    }

    #[test]
    fn screening_follows_six_worth_and_six_not() {
        let worth = |k: &str| vec![k.to_string()];
        let first_worth = t().screening_worth[0].0;
        let first_not = t().screening_not_worth[0].0;
        assert_eq!(t().screening_worth.len(), 6);
        assert_eq!(t().screening_not_worth.len(), 6);
        assert_eq!(
            check_screening(&[first_worth.into(), first_worth.into()], &[]).unwrap(),
            worth(first_worth)
        );
        assert!(check_screening(&[], &[]).is_err());
        assert!(check_screening(&worth(first_worth), &worth(first_not)).is_err());
        assert!(check_screening(&worth("made_up"), &[]).is_err());
    }

    #[test]
    fn research_records_need_a_real_day_a_kind_and_a_note() {
        let input = ResearchInput {
            on_date: "2026-11-20".into(),
            kind: "visit".into(),
            note: "走访三社 12 户，9 户希望先修路".into(),
            ..Default::default()
        };
        let (d, k, n) = check_research(&input).unwrap();
        assert_eq!(
            (d.as_str(), k, n.as_str()),
            (
                "2026-11-20",
                ResearchKind::Visit,
                "走访三社 12 户，9 户希望先修路"
            )
        );
        let bad = ResearchInput {
            on_date: "2026-02-30".into(),
            kind: "party".into(),
            note: "".into(),
            ..Default::default()
        };
        let mut fields = invalid_fields(&check_research(&bad).unwrap_err());
        fields.sort();
        assert_eq!(fields, ["kind", "note", "on_date"]);
    }
}
