//! The rules of a report: its text, who takes which step from which status, and who sees it.
//! Plain Rust, no I/O.
use super::{AdoptedBy, ReferralFilter, ReportInput, ReportStatus, ReportStep, StepInput};
use crate::base::clock::Day;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

/// One matter per report: title, situation, analysis and suggestion together.
pub const MAX_CHARS: usize = 1500;
pub const TITLE_MAX: usize = 60;
/// Authors of one report, the writer included.
pub const AUTHORS_MAX: usize = 10;
/// A comment, reason or instruction.
pub const NOTE_MAX: usize = 500;
/// A department's answer to a referral.
pub const ANSWER_MAX: usize = 1000;
/// A referral runs this many months unless the office sets its deadline.
pub const REFERRAL_MONTHS: u32 = 1;

/// Who someone is to a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// One of its authors (or the member who wrote it).
    Author,
    /// A manager of its council.
    Council,
    /// Staff of the CPPCC office above its council.
    Office,
    /// Staff of a department it was referred to; `open` until they answered.
    Department { open: bool },
}

/// The text of a report, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReport {
    pub title: String,
    pub situation: String,
    pub analysis: String,
    pub suggestion: String,
    pub co_authors: Vec<String>,
    pub council_author: bool,
}

pub fn check_report(input: &ReportInput) -> Result<CheckedReport, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let title = problems.check("title", validate::name(&input.title, TITLE_MAX));
    let part = |problems: &mut Problems, field: &str, value: &str| {
        let value = problems.check(field, validate::note(value, MAX_CHARS));
        if value.as_deref() == Some("") {
            problems.add(field, text.err_required);
        }
        value.unwrap_or_default()
    };
    let situation = part(&mut problems, "situation", &input.situation);
    let analysis = part(&mut problems, "analysis", &input.analysis);
    let suggestion = part(&mut problems, "suggestion", &input.suggestion);
    let title = title.unwrap_or_default();
    let length = [&title, &situation, &analysis, &suggestion]
        .iter()
        .map(|s| s.chars().count())
        .sum::<usize>();
    if length > MAX_CHARS {
        problems.add("suggestion", text.report_err_length);
    }
    let mut co_authors: Vec<String> = input
        .co_authors
        .iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    co_authors.sort();
    co_authors.dedup();
    if co_authors.len() >= AUTHORS_MAX || !co_authors.iter().all(|k| validate::is_record_key(k)) {
        problems.add("co_authors", text.report_err_co_authors);
    }
    problems.into_result()?;
    Ok(CheckedReport {
        title,
        situation,
        analysis,
        suggestion,
        co_authors,
        council_author: input.council_author,
    })
}

/// Who takes a step.
pub fn taker(step: ReportStep) -> Role {
    use ReportStep::*;
    match step {
        SendForReview => Role::Author,
        Return | Submit => Role::Council,
        Receive | Issue | Adopt | Instruct | Refer | Reject => Role::Office,
        Answer => Role::Department { open: true },
    }
}

/// Where a step leads from `status`; `None` when it cannot be taken there.
pub fn after(status: ReportStatus, step: ReportStep) -> Option<ReportStatus> {
    use ReportStatus as S;
    use ReportStep::*;
    match (step, status) {
        (SendForReview, S::Draft | S::Returned) => Some(S::Review),
        (Return, S::Review) => Some(S::Returned),
        (Submit, S::Review) => Some(S::Submitted),
        (Receive, S::Submitted) => Some(S::Received),
        (Issue, S::Received) => Some(S::Issued),
        (Adopt, S::Received | S::Issued) => Some(S::Adopted),
        (Instruct, S::Issued | S::Adopted) => Some(status),
        (Refer | Answer, S::Received | S::Issued | S::Adopted) => Some(status),
        (Reject, S::Submitted | S::Received) => Some(S::Rejected),
        _ => None,
    }
}

/// The steps someone with `roles` may take from `status`.
pub fn allowed(status: ReportStatus, roles: &[Role]) -> Vec<ReportStep> {
    ReportStep::ALL
        .iter()
        .copied()
        .filter(|s| roles.contains(&taker(*s)) && after(status, *s).is_some())
        .collect()
}

/// Whether someone in `role` sees a report in `status`: its authors always, its council once it
/// was sent for review, the office once it was sent up, a department once it was referred there.
pub fn sees(role: Role, status: ReportStatus) -> bool {
    use ReportStatus as S;
    match role {
        Role::Author | Role::Department { .. } => true,
        Role::Council => status != S::Draft,
        Role::Office => !matches!(status, S::Draft | S::Review | S::Returned),
    }
}

/// The authors change the text only while it is with them.
pub fn editable(status: ReportStatus) -> bool {
    matches!(status, ReportStatus::Draft | ReportStatus::Returned)
}

/// Which bulletin a report goes into: an issue already there, or the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bulletin {
    Next,
    Number(i64),
}

/// A step, checked: its note and detail as they are stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStep {
    pub step: ReportStep,
    pub note: String,
    /// For a referral, the department's key (the stored step names the department instead).
    pub detail: String,
    pub bulletin: Option<Bulletin>,
    pub adopted_by: Option<AdoptedBy>,
    /// A referral's deadline.
    pub deadline: Option<Day>,
}

/// Not answered, and `today` is past the deadline.
pub fn referral_overdue(answered: bool, deadline: &Day, today: &Day) -> bool {
    !answered && deadline < today
}

pub fn check_step(input: &StepInput, today: &Day) -> Result<CheckedStep, AppError> {
    let text = t();
    let step = ReportStep::from_code(&input.step)
        .ok_or_else(|| AppError::invalid("step", text.err_choose))?;
    let mut problems = Problems::default();
    let max = if step == ReportStep::Answer {
        ANSWER_MAX
    } else {
        NOTE_MAX
    };
    let note = problems
        .check("note", validate::note(&input.note, max))
        .unwrap_or_default();
    // A return, a decline, an instruction and an answer say why, or what.
    let needs_note = matches!(
        step,
        ReportStep::Return | ReportStep::Reject | ReportStep::Instruct | ReportStep::Answer
    );
    if needs_note && note.is_empty() {
        problems.add("note", text.report_err_note);
    }
    let mut deadline = None;
    let mut detail = String::new();
    let mut adopted_by = None;
    match step {
        ReportStep::Adopt => match AdoptedBy::from_code(input.detail.trim()) {
            Some(by) => {
                adopted_by = Some(by);
                detail = by.code().to_string();
            }
            None => problems.add("detail", text.err_choose),
        },
        ReportStep::Instruct => {
            detail = problems
                .check("detail", validate::name(&input.detail, 40))
                .unwrap_or_default();
        }
        ReportStep::Refer => {
            detail = input.detail.trim().to_string();
            if !validate::is_record_key(&detail) {
                problems.add("detail", text.err_choose);
            }
            match input.deadline.trim() {
                "" => deadline = Some(today.months_later(REFERRAL_MONTHS)),
                day => match Day::parse(day) {
                    Some(day) if &day >= today => deadline = Some(day),
                    Some(_) => problems.add("deadline", text.proposal_err_deadline),
                    None => problems.add("deadline", text.err_date),
                },
            }
        }
        _ => {}
    }
    let bulletin = match (step, input.bulletin.trim()) {
        (ReportStep::Issue, "") => Some(Bulletin::Next),
        (ReportStep::Issue, n) => match n.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(Bulletin::Number(n)),
            _ => {
                problems.add("bulletin", text.err_choose);
                None
            }
        },
        _ => None,
    };
    problems.into_result()?;
    Ok(CheckedStep {
        step,
        note,
        detail,
        bulletin,
        adopted_by,
        deadline,
    })
}

/// A list's status filter as the URL carries it: a status code, or empty for all.
pub fn status_filter(code: &str) -> Result<Option<ReportStatus>, AppError> {
    match code {
        "" => Ok(None),
        code => ReportStatus::from_code(code)
            .map(Some)
            .ok_or_else(|| AppError::invalid("status", t().err_choose)),
    }
}

/// A list's referral filter as the URL carries it: `open`, `overdue`, or empty for any.
pub fn referral_filter(code: &str) -> Result<Option<ReferralFilter>, AppError> {
    match code {
        "" => Ok(None),
        code => ReferralFilter::from_code(code)
            .map(Some)
            .ok_or_else(|| AppError::invalid("referral", t().err_choose)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus as S;

    fn input() -> ReportInput {
        ReportInput {
            title: "关于村口积水的建议".into(),
            situation: "村口一下雨就积水。".into(),
            analysis: "排水沟堵塞多年。".into(),
            suggestion: "疏通排水沟。".into(),
            ..Default::default()
        }
    }

    fn fields(error: AppError) -> Vec<String> {
        match error {
            AppError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_report_holds_one_matter_of_at_most_1500_characters() {
        assert!(check_report(&input()).is_ok());
        let long = ReportInput {
            situation: "水".repeat(800),
            analysis: "析".repeat(800),
            ..input()
        };
        assert_eq!(fields(check_report(&long).unwrap_err()), ["suggestion"]);
        let empty = ReportInput {
            analysis: "  ".into(),
            ..input()
        };
        assert_eq!(fields(check_report(&empty).unwrap_err()), ["analysis"]);
        let many = ReportInput {
            co_authors: (0..10).map(|i| format!("m{i}")).collect(),
            ..input()
        };
        assert_eq!(fields(check_report(&many).unwrap_err()), ["co_authors"]);
        // The same co-author twice counts once.
        let twice = ReportInput {
            co_authors: vec!["m1".into(), "m1".into(), "".into()],
            ..input()
        };
        assert_eq!(check_report(&twice).unwrap().co_authors, ["m1"]);
    }

    #[test]
    fn each_level_takes_its_own_steps_in_order() {
        assert_eq!(
            allowed(S::Draft, &[Role::Author]),
            [ReportStep::SendForReview]
        );
        assert!(allowed(S::Draft, &[Role::Council, Role::Office]).is_empty());
        assert_eq!(
            allowed(S::Review, &[Role::Council]),
            [ReportStep::Return, ReportStep::Submit]
        );
        assert_eq!(
            allowed(S::Submitted, &[Role::Office]),
            [ReportStep::Receive, ReportStep::Reject]
        );
        assert_eq!(
            allowed(S::Issued, &[Role::Office]),
            [ReportStep::Adopt, ReportStep::Instruct, ReportStep::Refer]
        );
        // A department answers its referral once; the answer keeps the report where it is.
        let open = Role::Department { open: true };
        let answered = Role::Department { open: false };
        assert_eq!(allowed(S::Adopted, &[open]), [ReportStep::Answer]);
        assert!(allowed(S::Adopted, &[answered]).is_empty());
        assert!(allowed(S::Rejected, &[open]).is_empty());
        assert_eq!(after(S::Issued, ReportStep::Answer), Some(S::Issued));
        assert!(allowed(S::Rejected, &[Role::Author, Role::Council, Role::Office]).is_empty());
        // An instruction or a referral keeps where it is.
        assert_eq!(after(S::Adopted, ReportStep::Instruct), Some(S::Adopted));
        assert_eq!(after(S::Adopted, ReportStep::Submit), None);
        assert_eq!(
            after(S::Returned, ReportStep::SendForReview),
            Some(S::Review)
        );
    }

    #[test]
    fn a_level_sees_a_report_only_once_it_reached_it() {
        assert!(sees(Role::Author, S::Draft));
        assert!(!sees(Role::Council, S::Draft) && sees(Role::Council, S::Review));
        assert!(!sees(Role::Office, S::Review) && !sees(Role::Office, S::Returned));
        assert!(sees(Role::Office, S::Submitted) && sees(Role::Office, S::Adopted));
        assert!(sees(Role::Department { open: false }, S::Adopted));
        assert!(editable(S::Returned) && !editable(S::Review));
    }

    #[test]
    fn steps_say_why_and_by_whom() {
        let step = |step: &str, note: &str, detail: &str, bulletin: &str| StepInput {
            report: "r1".into(),
            step: step.into(),
            note: note.into(),
            detail: detail.into(),
            bulletin: bulletin.into(),
            ..Default::default()
        };
        let today = Day::parse("2026-12-03").unwrap();
        let check_step = |input: &StepInput| check_step(input, &today);
        assert_eq!(
            fields(check_step(&step("return", "", "", "")).unwrap_err()),
            ["note"]
        );
        assert_eq!(
            fields(check_step(&step("adopt", "", "town", "")).unwrap_err()),
            ["detail"]
        );
        let adopt = check_step(&step("adopt", "", "city", "")).unwrap();
        assert_eq!(adopt.adopted_by, Some(AdoptedBy::City));
        assert_eq!(
            check_step(&step("issue", "", "", "")).unwrap().bulletin,
            Some(Bulletin::Next)
        );
        assert_eq!(
            check_step(&step("issue", "", "", "3")).unwrap().bulletin,
            Some(Bulletin::Number(3))
        );
        assert_eq!(
            fields(check_step(&step("issue", "", "", "0")).unwrap_err()),
            ["bulletin"]
        );
        assert_eq!(
            fields(check_step(&step("instruct", "抓紧办理", "", "")).unwrap_err()),
            ["detail"]
        );
        assert!(check_step(&step("fly", "", "", "")).is_err());
    }

    #[test]
    fn a_referral_names_a_department_and_runs_a_month_unless_set() {
        let today = Day::parse("2026-12-03").unwrap();
        let refer = |detail: &str, deadline: &str| StepInput {
            report: "r1".into(),
            step: "refer".into(),
            detail: detail.into(),
            deadline: deadline.into(),
            ..Default::default()
        };
        let checked = check_step(&refer("yj_shuiwu", ""), &today).unwrap();
        assert_eq!(
            (checked.detail.as_str(), checked.deadline),
            ("yj_shuiwu", Day::parse("2027-01-03"))
        );
        let set = check_step(&refer("yj_shuiwu", "2026-12-20"), &today).unwrap();
        assert_eq!(set.deadline, Day::parse("2026-12-20"));
        assert_eq!(
            fields(check_step(&refer("yj_shuiwu", "2026-12-02"), &today).unwrap_err()),
            ["deadline"]
        );
        assert_eq!(
            fields(check_step(&refer("县水务局", "2026-13-01"), &today).unwrap_err()),
            ["detail", "deadline"]
        );
        // An answer says what was done, in at most 1,000 characters.
        let answer = |note: String| StepInput {
            report: "r1".into(),
            step: "answer".into(),
            note,
            ..Default::default()
        };
        assert_eq!(
            fields(check_step(&answer(String::new()), &today).unwrap_err()),
            ["note"]
        );
        assert!(check_step(&answer("答".repeat(1000)), &today).is_ok());
        assert!(check_step(&answer("答".repeat(1001)), &today).is_err());
        // Overdue: past the deadline and not answered.
        let deadline = Day::parse("2026-12-02").unwrap();
        assert!(referral_overdue(false, &deadline, &today));
        assert!(!referral_overdue(true, &deadline, &today));
        assert!(!referral_overdue(false, &today, &today));
    }
}
