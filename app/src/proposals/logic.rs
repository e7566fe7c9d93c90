//! The rules of a proposal: its text, who takes which step from which status, who sees it, the
//! window it is submitted in and the deadline it is handled by. Plain Rust, no I/O.
use super::{ProposalInput, ProposalStatus, ProposalStep, Rating, ReplyClass, StepInput};
use crate::base::clock::Day;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

pub const TITLE_MAX: usize = 60;
/// 案据 and 办法, each.
pub const PART_MAX: usize = 3000;
/// Co-signers one proposal may invite.
pub const SIGNERS_MAX: usize = 20;
/// Co-handling units of one hand-over.
pub const CO_UNITS_MAX: usize = 5;
/// A reason, a request or a rating's comment.
pub const NOTE_MAX: usize = 500;

/// Who someone is to a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The lead author (or the account that drafted it).
    Author,
    /// A member invited to co-sign it, whatever they answered.
    Signer,
    /// A member of its council: sees it once submitted.
    Member,
    /// Staff of the CPPCC office above its council (the district's 提案委).
    Office,
    /// Staff of the unit it was handed to, who replies.
    LeadUnit,
    /// Staff of a co-handling unit: sees it, does not reply.
    CoUnit,
}

/// The text of a proposal, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedProposal {
    pub title: String,
    pub basis: String,
    pub method: String,
    pub co_signers: Vec<String>,
}

pub fn check_proposal(input: &ProposalInput) -> Result<CheckedProposal, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let title = problems
        .check("title", validate::name(&input.title, TITLE_MAX))
        .unwrap_or_default();
    let part = |problems: &mut Problems, field: &str, value: &str| {
        let value = problems.check(field, validate::note(value, PART_MAX));
        if value.as_deref() == Some("") {
            problems.add(field, text.err_required);
        }
        value.unwrap_or_default()
    };
    let basis = part(&mut problems, "basis", &input.basis);
    let method = part(&mut problems, "method", &input.method);
    let mut co_signers: Vec<String> = input
        .co_signers
        .iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    co_signers.sort();
    co_signers.dedup();
    if co_signers.len() > SIGNERS_MAX || !co_signers.iter().all(|k| validate::is_record_key(k)) {
        problems.add("co_signers", text.proposal_err_signers);
    }
    problems.into_result()?;
    Ok(CheckedProposal {
        title,
        basis,
        method,
        co_signers,
    })
}

/// Who takes a step.
pub fn taker(step: ProposalStep) -> Role {
    use ProposalStep::*;
    match step {
        Submit | Rate | Rehandle => Role::Author,
        File | Merge | Decline | Assign => Role::Office,
        Reply => Role::LeadUnit,
    }
}

/// Where a step leads from `status`; `None` when it cannot be taken there. A reply is sent back
/// for handling again only once.
pub fn after(
    status: ProposalStatus,
    step: ProposalStep,
    rehandled: bool,
) -> Option<ProposalStatus> {
    use ProposalStatus as S;
    use ProposalStep::*;
    match (step, status) {
        (Submit, S::Draft) => Some(S::Submitted),
        (File, S::Submitted) => Some(S::Filed),
        (Merge, S::Submitted | S::Filed) => Some(S::Merged),
        (Decline, S::Submitted) => Some(S::Declined),
        (Assign, S::Filed) => Some(S::Assigned),
        (Reply, S::Assigned) => Some(S::Replied),
        (Rate, S::Replied) => Some(S::Closed),
        (Rehandle, S::Replied) if !rehandled => Some(S::Assigned),
        _ => None,
    }
}

/// The steps someone with `roles` may take from `status`.
pub fn allowed(status: ProposalStatus, roles: &[Role], rehandled: bool) -> Vec<ProposalStep> {
    ProposalStep::ALL
        .iter()
        .copied()
        .filter(|s| roles.contains(&taker(*s)) && after(status, *s, rehandled).is_some())
        .collect()
}

/// Whether someone in `role` sees a proposal in `status`: its authors and invited co-signers
/// always, its council's members and the office once it was submitted, its units once it was
/// handed to them.
pub fn sees(role: Role, status: ProposalStatus) -> bool {
    use ProposalStatus as S;
    match role {
        Role::Author | Role::Signer => true,
        Role::Member | Role::Office => status != S::Draft,
        Role::LeadUnit | Role::CoUnit => matches!(status, S::Assigned | S::Replied | S::Closed),
    }
}

/// The lead author changes the text only while it is a draft.
pub fn editable(status: ProposalStatus) -> bool {
    status == ProposalStatus::Draft
}

/// Handed over and not answered by the end of its deadline.
pub fn overdue(status: ProposalStatus, deadline: Option<&Day>, today: &Day) -> bool {
    status == ProposalStatus::Assigned && deadline.is_some_and(|d| d < today)
}

/// The same day three months later (the last day of that month when it is shorter): the
/// deadline a hand-over gets unless the office sets one.
pub fn three_months_after(day: &Day) -> Day {
    day.months_later(3)
}

/// Whether `today` lies in a window (both ends included).
pub fn in_window(today: &Day, opens: &Day, closes: &Day) -> bool {
    opens <= today && today <= closes
}

/// A window's two days, checked: real days, in order.
pub fn check_window(opens: &str, closes: &str) -> Result<(Day, Day), AppError> {
    let text = t();
    let mut problems = Problems::default();
    let opens = Day::parse(opens);
    let closes = Day::parse(closes);
    if opens.is_none() {
        problems.add("opens", text.err_date);
    }
    if closes.is_none() {
        problems.add("closes", text.err_date);
    }
    if let (Some(o), Some(c)) = (&opens, &closes) {
        if c < o {
            problems.add("closes", text.proposal_err_window_order);
        }
    }
    problems.into_result()?;
    Ok((
        opens.unwrap_or_else(|| Day(String::new())),
        closes.unwrap_or_else(|| Day(String::new())),
    ))
}

/// A step, checked: what it stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedStep {
    pub step: ProposalStep,
    pub note: String,
    /// 并案: the number of the proposal it goes into.
    pub merge_into: Option<i64>,
    pub reply_class: Option<ReplyClass>,
    pub rating: Option<Rating>,
    /// 交办: the lead unit, the co-handling units (without the lead) and the deadline.
    pub lead: Option<String>,
    pub co_units: Vec<String>,
    pub deadline: Option<Day>,
    pub to_report: bool,
}

impl CheckedStep {
    /// What the step's line shows besides its note.
    pub fn detail(&self) -> String {
        if let Some(n) = self.merge_into {
            return n.to_string();
        }
        if let Some(class) = self.reply_class {
            return class.code().to_string();
        }
        if let Some(rating) = self.rating {
            return rating.code().to_string();
        }
        self.deadline
            .as_ref()
            .map_or_else(String::new, |d| d.as_str().to_string())
    }
}

pub fn check_step(input: &StepInput, today: &Day) -> Result<CheckedStep, AppError> {
    let text = t();
    let step = ProposalStep::from_code(&input.step)
        .ok_or_else(|| AppError::invalid("step", text.err_choose))?;
    let mut problems = Problems::default();
    let max = if step == ProposalStep::Reply {
        PART_MAX
    } else {
        NOTE_MAX
    };
    let note = problems
        .check("note", validate::note(&input.note, max))
        .unwrap_or_default();
    let needs_note = matches!(
        step,
        ProposalStep::Decline | ProposalStep::Reply | ProposalStep::Rehandle
    );
    if needs_note && note.is_empty() {
        problems.add("note", text.proposal_err_note);
    }
    let mut checked = CheckedStep {
        step,
        note,
        merge_into: None,
        reply_class: None,
        rating: None,
        lead: None,
        co_units: vec![],
        deadline: None,
        to_report: step == ProposalStep::Decline && input.to_report,
    };
    let detail = input.detail.trim();
    match step {
        ProposalStep::Merge => match detail.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => checked.merge_into = Some(n),
            _ => problems.add("detail", text.proposal_err_merge),
        },
        ProposalStep::Reply => match ReplyClass::from_code(detail) {
            Some(class) => checked.reply_class = Some(class),
            None => problems.add("detail", text.err_choose),
        },
        ProposalStep::Rate => match Rating::from_code(detail) {
            Some(rating) => checked.rating = Some(rating),
            None => problems.add("detail", text.err_choose),
        },
        ProposalStep::Assign => {
            let lead = input.lead.trim();
            if validate::is_record_key(lead) {
                checked.lead = Some(lead.to_string());
            } else {
                problems.add("lead", text.err_choose);
            }
            let mut co: Vec<String> = input
                .co_units
                .iter()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty() && k != lead)
                .collect();
            co.sort();
            co.dedup();
            if co.len() > CO_UNITS_MAX || !co.iter().all(|k| validate::is_record_key(k)) {
                problems.add("co_units", text.proposal_err_co_units);
            }
            checked.co_units = co;
            match input.deadline.trim() {
                "" => checked.deadline = Some(three_months_after(today)),
                day => match Day::parse(day) {
                    Some(day) if &day >= today => checked.deadline = Some(day),
                    Some(_) => problems.add("deadline", text.proposal_err_deadline),
                    None => problems.add("deadline", text.err_date),
                },
            }
        }
        _ => {}
    }
    problems.into_result()?;
    Ok(checked)
}

/// A list's status filter as the URL carries it: a status code, or empty for all.
pub fn status_filter(code: &str) -> Result<Option<ProposalStatus>, AppError> {
    match code {
        "" => Ok(None),
        code => ProposalStatus::from_code(code)
            .map(Some)
            .ok_or_else(|| AppError::invalid("status", t().err_choose)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProposalStatus as S;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    fn fields(error: AppError) -> Vec<String> {
        match error {
            AppError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn input() -> ProposalInput {
        ProposalInput {
            title: "关于统筹建设农村供水维修队伍的提案".into(),
            basis: "全县农村饮水管网老化，爆管后维修靠临时找人。".into(),
            method: "由县水务局牵头组建维修队，经费纳入财政预算。".into(),
            ..Default::default()
        }
    }

    fn step(step: &str) -> StepInput {
        StepInput {
            proposal: "p1".into(),
            step: step.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_proposal_needs_its_three_parts_and_a_bounded_list_of_co_signers() {
        assert!(check_proposal(&input()).is_ok());
        let empty = ProposalInput {
            method: " ".into(),
            ..input()
        };
        assert_eq!(fields(check_proposal(&empty).unwrap_err()), ["method"]);
        let long = ProposalInput {
            basis: "据".repeat(PART_MAX + 1),
            ..input()
        };
        assert_eq!(fields(check_proposal(&long).unwrap_err()), ["basis"]);
        let many = ProposalInput {
            co_signers: (0..=SIGNERS_MAX).map(|i| format!("m{i}")).collect(),
            ..input()
        };
        assert_eq!(fields(check_proposal(&many).unwrap_err()), ["co_signers"]);
        let twice = ProposalInput {
            co_signers: vec!["m2".into(), "m2".into(), " ".into()],
            ..input()
        };
        assert_eq!(check_proposal(&twice).unwrap().co_signers, ["m2"]);
    }

    #[test]
    fn each_hand_takes_its_own_steps_in_order() {
        assert_eq!(
            allowed(S::Draft, &[Role::Author], false),
            [ProposalStep::Submit]
        );
        assert!(allowed(
            S::Draft,
            &[Role::Signer, Role::Office, Role::LeadUnit],
            false
        )
        .is_empty());
        assert_eq!(
            allowed(S::Submitted, &[Role::Office], false),
            [
                ProposalStep::File,
                ProposalStep::Merge,
                ProposalStep::Decline
            ]
        );
        assert_eq!(
            allowed(S::Filed, &[Role::Office], false),
            [ProposalStep::Merge, ProposalStep::Assign]
        );
        assert_eq!(
            allowed(S::Assigned, &[Role::LeadUnit], false),
            [ProposalStep::Reply]
        );
        assert!(allowed(S::Assigned, &[Role::CoUnit, Role::Office], false).is_empty());
        assert_eq!(
            allowed(S::Replied, &[Role::Author], false),
            [ProposalStep::Rate, ProposalStep::Rehandle]
        );
        // Handled again once; the second reply can only be rated.
        assert_eq!(
            allowed(S::Replied, &[Role::Author], true),
            [ProposalStep::Rate]
        );
        assert_eq!(
            after(S::Replied, ProposalStep::Rehandle, false),
            Some(S::Assigned)
        );
        // Rated once: nothing more.
        assert!(allowed(S::Closed, &[Role::Author], false).is_empty());
    }

    #[test]
    fn a_hand_sees_a_proposal_only_once_it_reached_it() {
        assert!(sees(Role::Signer, S::Draft) && sees(Role::Author, S::Draft));
        assert!(!sees(Role::Office, S::Draft) && sees(Role::Office, S::Submitted));
        assert!(!sees(Role::Member, S::Draft) && sees(Role::Member, S::Closed));
        assert!(!sees(Role::LeadUnit, S::Filed) && sees(Role::CoUnit, S::Assigned));
        assert!(editable(S::Draft) && !editable(S::Submitted));
    }

    #[test]
    fn deadlines_run_three_months_and_pass_after_their_day() {
        assert_eq!(three_months_after(&day("2026-12-02")), day("2027-03-02"));
        assert_eq!(three_months_after(&day("2026-11-30")), day("2027-02-28"));
        assert_eq!(three_months_after(&day("2027-11-30")), day("2028-02-29"));
        let today = day("2026-12-02");
        assert!(!overdue(S::Assigned, Some(&today), &today));
        assert!(overdue(S::Assigned, Some(&day("2026-12-01")), &today));
        assert!(!overdue(S::Replied, Some(&day("2026-12-01")), &today));
        assert!(in_window(&today, &day("2026-12-01"), &today));
        assert!(!in_window(&today, &day("2026-12-03"), &day("2027-01-31")));
        assert_eq!(
            fields(check_window("2027-01-31", "2026-12-01").unwrap_err()),
            ["closes"]
        );
        assert_eq!(
            fields(check_window("2026-02-30", "2026-12-01").unwrap_err()),
            ["opens"]
        );
    }

    #[test]
    fn steps_say_why_to_whom_and_by_when() {
        let today = day("2026-12-02");
        assert_eq!(
            fields(check_step(&step("decline"), &today).unwrap_err()),
            ["note"]
        );
        assert_eq!(
            fields(check_step(&step("merge"), &today).unwrap_err()),
            ["detail"]
        );
        let reply = StepInput {
            note: "已列入明年计划。".into(),
            detail: "d".into(),
            ..step("reply")
        };
        assert_eq!(fields(check_step(&reply, &today).unwrap_err()), ["detail"]);
        let reply = StepInput {
            detail: "b".into(),
            ..reply
        };
        assert_eq!(
            check_step(&reply, &today).unwrap().reply_class,
            Some(ReplyClass::B)
        );
        let assign = StepInput {
            lead: "yj_shuiwu".into(),
            co_units: vec![
                "yj_shuiwu".into(),
                "yj_caizheng".into(),
                "yj_caizheng".into(),
            ],
            ..step("assign")
        };
        let checked = check_step(&assign, &today).unwrap();
        assert_eq!(checked.co_units, ["yj_caizheng"]);
        assert_eq!(checked.deadline, Some(day("2027-03-02")));
        let past = StepInput {
            deadline: "2026-12-01".into(),
            ..assign.clone()
        };
        assert_eq!(fields(check_step(&past, &today).unwrap_err()), ["deadline"]);
        let no_lead = StepInput {
            lead: "".into(),
            ..assign
        };
        assert_eq!(fields(check_step(&no_lead, &today).unwrap_err()), ["lead"]);
        let rate = StepInput {
            detail: "satisfied".into(),
            ..step("rate")
        };
        assert_eq!(
            check_step(&rate, &today).unwrap().rating,
            Some(Rating::Satisfied)
        );
        assert!(check_step(&step("fly"), &today).is_err());
        // Only a decline turns into 社情民意.
        let file = StepInput {
            to_report: true,
            ..step("file")
        };
        assert!(!check_step(&file, &today).unwrap().to_report);
    }
}
