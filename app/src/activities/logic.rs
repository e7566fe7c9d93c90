//! The rules of an activity record: which counts fit which kind, and what a form may hold.
//! Plain Rust, no I/O, both builds (the form shows only the counts that fit).
use super::{ActivityInput, ActivityKind, OtherKind, Outcome};
use crate::base::clock::parse_starts_at;
use crate::base::error::AppError;
use crate::base::geo::LatLng;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

/// No count on one activity goes above this: a typo (an extra zero or two), not a village.
pub const COUNT_MAX: i64 = 10_000;
/// More residents served than this is kept but flagged for a second look.
pub const SERVED_FLAG: i64 = 1_000;
pub const REPORT_MAX: usize = 2_000;
/// Minutes a phone's clock may run ahead of the server's before a time counts as future.
pub const CLOCK_SLACK_MINUTES: i64 = 10;

/// The outcomes a kind of activity counts (咨询人次 for legal aid, 化解纠纷件数 for disputes…).
pub fn outcomes_of(kind: ActivityKind) -> &'static [Outcome] {
    use Outcome::*;
    match kind {
        ActivityKind::Legal => &[Consultations, AidCases, AidPeople],
        ActivityKind::Dispute => &[DisputesResolved, Consultations],
        ActivityKind::Service => &[Consultations, Suggestions],
        ActivityKind::Inspection
        | ActivityKind::Lecture
        | ActivityKind::Visit
        | ActivityKind::Reading
        | ActivityKind::Fellowship => &[Suggestions],
    }
}

/// The form field of a count of others present: the name its error comes back under.
pub fn other_field(kind: OtherKind) -> &'static str {
    match kind {
        OtherKind::Department => "other_department",
        OtherKind::Elder => "other_elder",
        OtherKind::Expert => "other_expert",
        OtherKind::Volunteer => "other_volunteer",
    }
}

/// The form field of an outcome's count.
pub fn outcome_field(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Consultations => "outcome_consultations",
        Outcome::AidCases => "outcome_aid_cases",
        Outcome::AidPeople => "outcome_aid_people",
        Outcome::Suggestions => "outcome_suggestions",
        Outcome::DisputesResolved => "outcome_disputes_resolved",
    }
}

/// A served head count this large is flagged on the record, not refused.
pub fn served_is_flagged(served: i64) -> bool {
    served > SERVED_FLAG
}

/// An activity that passed its checks; the room, team and members are still to be found in
/// the council by the store.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedActivity {
    pub kind: ActivityKind,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`, Beijing time.
    pub starts_at: String,
    pub place: String,
    pub point: Option<LatLng>,
    pub members: Vec<String>,
    /// Every kind, zero where none came.
    pub others: Vec<(OtherKind, i64)>,
    pub served: i64,
    /// Only the outcomes that fit the kind.
    pub outcomes: Vec<(Outcome, i64)>,
    pub report: String,
}

fn count(problems: &mut Problems, field: &str, text: &str) -> i64 {
    let text = text.trim();
    if text.is_empty() {
        return 0;
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=COUNT_MAX).contains(&n) => n,
        _ => {
            problems.add(field, t().activity_err_count);
            0
        }
    }
}

/// Checks the form against the rules. `latest` is the latest time it may have started, Beijing
/// time as `YYYY-MM-DDTHH:MM` (now, and a phone's clock running a little ahead); `earliest` the
/// first day the council may have held anything (`YYYY-MM-DD`).
pub fn check_activity(
    input: &ActivityInput,
    latest: &str,
    earliest: &str,
) -> Result<CheckedActivity, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let kind = ActivityKind::from_code(&input.kind);
    if kind.is_none() {
        problems.add("kind", text.err_required);
    }
    let title = problems.check("title", validate::name(&input.title, 60));
    let starts_at = parse_starts_at(&input.starts_at);
    match &starts_at {
        None => problems.add("starts_at", text.session_err_time),
        Some(at) if at.as_str() > latest => problems.add("starts_at", text.activity_err_future),
        Some(at) if at.get(0..10).unwrap_or_default() < earliest => {
            problems.add("starts_at", text.activity_err_too_early)
        }
        Some(_) => {}
    }
    let place = problems.check("place", validate::optional_name(&input.place, 80));
    let point = match crate::base::geo::check_place(&input.lat, &input.lng) {
        Ok(point) => point,
        Err(AppError::Invalid(errors)) => {
            for e in errors {
                problems.add(&e.field, &e.message);
            }
            None
        }
        Err(other) => return Err(other),
    };
    let mut members: Vec<String> = Vec::new();
    for key in &input.members {
        if !validate::is_record_key(key) {
            problems.add("members", text.err_required);
        } else if members.contains(key) {
            // The same member ticked twice (two phones merged): present once.
        } else {
            members.push(key.clone());
        }
    }
    if members.len() > 200 {
        problems.add("members", text.err_too_long);
    }
    let mut others: Vec<(OtherKind, i64)> = OtherKind::ALL.iter().map(|k| (*k, 0)).collect();
    for (code, value) in &input.others {
        match OtherKind::from_code(code) {
            Some(k) => {
                let n = count(&mut problems, other_field(k), value);
                if let Some(slot) = others.iter_mut().find(|(kind, _)| *kind == k) {
                    slot.1 = n;
                }
            }
            None => problems.add("others", text.err_required),
        }
    }
    let served = count(&mut problems, "served", &input.served);
    let mut outcomes = Vec::new();
    if let Some(kind) = kind {
        let fits = outcomes_of(kind);
        for (code, value) in &input.outcomes {
            let Some(outcome) = Outcome::from_code(code) else {
                problems.add("outcomes", text.err_required);
                continue;
            };
            let n = count(&mut problems, outcome_field(outcome), value);
            // A count that does not fit the kind (left over when the kind was changed) is dropped.
            if fits.contains(&outcome) && !outcomes.iter().any(|(o, _)| *o == outcome) {
                outcomes.push((outcome, n));
            }
        }
        for outcome in fits {
            if !outcomes.iter().any(|(o, _)| o == outcome) {
                outcomes.push((*outcome, 0));
            }
        }
        outcomes.sort_by_key(|(o, _)| fits.iter().position(|f| f == o));
    }
    let report = problems.check("report", validate::note(&input.report, REPORT_MAX));
    problems.into_result()?;
    Ok(CheckedActivity {
        kind: kind.ok_or(AppError::Internal)?,
        title: title.ok_or(AppError::Internal)?,
        starts_at: starts_at.ok_or(AppError::Internal)?,
        place: place.unwrap_or_default(),
        point,
        members,
        others,
        served,
        outcomes,
        report: report.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ActivityInput {
        ActivityInput {
            id: "0".repeat(32),
            council: "sy_dongfeng".into(),
            kind: "legal".into(),
            title: "法律咨询进村".into(),
            starts_at: "2026-11-20T09:30".into(),
            members: vec!["sy_01".into(), "sy_02".into()],
            others: vec![("expert".into(), "2".into())],
            served: "35".into(),
            outcomes: vec![
                ("consultations".into(), "28".into()),
                ("aid_cases".into(), "3".into()),
            ],
            report: "为村民解答土地流转、赡养纠纷等法律问题。".into(),
            ..Default::default()
        }
    }

    /// Ten minutes after 10:00, the server's now in these tests.
    const NOW: &str = "2026-12-01T10:10";
    const EARLIEST: &str = "2025-01-01";

    fn fields(result: Result<CheckedActivity, AppError>) -> Vec<String> {
        match result {
            Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_legal_aid_day_keeps_its_counts_and_fills_the_missing_one() {
        let checked = check_activity(&input(), NOW, EARLIEST).unwrap();
        assert_eq!(checked.kind, ActivityKind::Legal);
        assert_eq!(
            checked.outcomes,
            vec![
                (Outcome::Consultations, 28),
                (Outcome::AidCases, 3),
                (Outcome::AidPeople, 0)
            ]
        );
        assert_eq!(checked.served, 35);
        assert!(checked.others.contains(&(OtherKind::Expert, 2)));
        assert!(checked.others.contains(&(OtherKind::Department, 0)));
    }

    #[test]
    fn counts_that_do_not_fit_the_kind_are_dropped() {
        let mut form = input();
        form.kind = "dispute".into();
        let checked = check_activity(&form, NOW, EARLIEST).unwrap();
        assert_eq!(
            checked.outcomes,
            vec![(Outcome::DisputesResolved, 0), (Outcome::Consultations, 28)]
        );
    }

    #[test]
    fn future_and_too_early_times_are_refused() {
        let mut form = input();
        form.starts_at = "2026-12-01T10:30".into();
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["starts_at"]);
        // A phone whose clock runs a few minutes ahead is not refused.
        form.starts_at = "2026-12-01T10:05".into();
        assert!(check_activity(&form, NOW, EARLIEST).is_ok());
        form.starts_at = "2024-12-31T10:00".into();
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["starts_at"]);
        form.starts_at = "2026-02-30T10:00".into();
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["starts_at"]);
    }

    #[test]
    fn negative_absurd_and_unreadable_counts_are_refused_each_by_its_field() {
        let mut form = input();
        form.served = "-3".into();
        form.outcomes = vec![("aid_cases".into(), "100000".into())];
        form.others = vec![("volunteer".into(), "三".into())];
        assert_eq!(
            fields(check_activity(&form, NOW, EARLIEST)),
            ["other_volunteer", "served", "outcome_aid_cases"]
        );
    }

    #[test]
    fn a_large_crowd_is_kept_but_flagged() {
        let mut form = input();
        form.served = "5000".into();
        let checked = check_activity(&form, NOW, EARLIEST).unwrap();
        assert!(served_is_flagged(checked.served));
        assert!(!served_is_flagged(35));
    }

    #[test]
    fn a_member_ticked_twice_is_present_once_and_bad_keys_are_refused() {
        let mut form = input();
        form.members = vec!["sy_01".into(), "sy_01".into()];
        assert_eq!(
            check_activity(&form, NOW, EARLIEST).unwrap().members,
            ["sy_01"]
        );
        form.members = vec!["sy_01'; DELETE member".into()];
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["members"]);
    }

    #[test]
    fn a_place_outside_china_and_an_unknown_kind_are_refused() {
        let mut form = input();
        form.lat = "103.2".into();
        form.lng = "35.9".into();
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["lat"]);
        let mut form = input();
        form.kind = "party".into();
        assert_eq!(fields(check_activity(&form, NOW, EARLIEST)), ["kind"]);
    }
}
