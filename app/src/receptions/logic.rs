//! The rules of a reception record. Plain Rust, no I/O.
use super::{ReceptionInput, VisitOutcome};
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

/// People at one reception: more is a typo, not a queue.
pub const VISITORS_MAX: i64 = 500;
/// Matters listed one by one on a record.
pub const VISITS_MAX: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReception {
    pub came: bool,
    pub absent_reason: String,
    pub visitors: i64,
    pub visits: Vec<(VisitOutcome, String)>,
}

/// Checks a record of the slot on `slot_date` (`YYYY-MM-DD`), on `today`.
pub fn check_reception(
    input: &ReceptionInput,
    slot_date: &str,
    today: &str,
) -> Result<CheckedReception, AppError> {
    let text = t();
    let mut problems = Problems::default();
    if slot_date > today {
        problems.add("slot", text.reception_err_future);
    }
    let visitors = match input.visitors.trim() {
        "" => 0,
        typed => match typed.parse::<i64>() {
            Ok(n) if (0..=VISITORS_MAX).contains(&n) => n,
            _ => {
                problems.add("visitors", text.reception_err_visitors);
                0
            }
        },
    };
    let absent_reason = if input.came {
        String::new()
    } else {
        let reason = problems.check("absent_reason", validate::name(&input.absent_reason, 100));
        if visitors > 0 || !input.visits.is_empty() {
            problems.add("visitors", text.reception_err_absent_visitors);
        }
        reason.unwrap_or_default()
    };
    if input.visits.len() > VISITS_MAX {
        problems.add("visits", text.err_too_long);
    }
    let mut visits = Vec::new();
    for visit in input.visits.iter().take(VISITS_MAX) {
        let Some(outcome) = VisitOutcome::from_code(&visit.outcome) else {
            problems.add("visits", text.err_required);
            continue;
        };
        if let Some(note) = problems.check("visits", validate::optional_name(&visit.note, 100)) {
            visits.push((outcome, note));
        }
    }
    // Each matter is someone's: more matters than people means the count is wrong.
    if i64::try_from(visits.len()).unwrap_or(i64::MAX) > visitors && input.came {
        problems.add("visitors", text.reception_err_fewer_visitors);
    }
    problems.into_result()?;
    Ok(CheckedReception {
        came: input.came,
        absent_reason,
        visitors,
        visits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receptions::VisitInput;

    fn came(visitors: &str, visits: &[(&str, &str)]) -> ReceptionInput {
        ReceptionInput {
            slot: "s1".into(),
            came: true,
            absent_reason: String::new(),
            visitors: visitors.into(),
            visits: visits
                .iter()
                .map(|(o, n)| VisitInput {
                    outcome: o.to_string(),
                    note: n.to_string(),
                })
                .collect(),
        }
    }

    fn fields(result: Result<CheckedReception, AppError>) -> Vec<String> {
        match result {
            Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_morning_with_three_visitors_keeps_each_matter() {
        let checked = check_reception(
            &came(
                "3",
                &[("answered", "低保申请咨询"), ("case", "巷道路灯不亮")],
            ),
            "2026-11-27",
            "2026-11-27",
        )
        .unwrap();
        assert_eq!(checked.visitors, 3);
        assert_eq!(
            checked.visits,
            vec![
                (VisitOutcome::Answered, "低保申请咨询".to_string()),
                (VisitOutcome::Case, "巷道路灯不亮".to_string())
            ]
        );
    }

    #[test]
    fn a_day_not_yet_come_and_impossible_counts_are_refused() {
        assert_eq!(
            fields(check_reception(&came("1", &[]), "2026-12-02", "2026-12-01")),
            ["slot"]
        );
        assert_eq!(
            fields(check_reception(
                &came("-1", &[]),
                "2026-11-27",
                "2026-12-01"
            )),
            ["visitors"]
        );
        assert_eq!(
            fields(check_reception(
                &came("5000", &[]),
                "2026-11-27",
                "2026-12-01"
            )),
            ["visitors"]
        );
        // Two matters, one person: the count is wrong.
        assert_eq!(
            fields(check_reception(
                &came("1", &[("answered", "甲"), ("referred", "乙")]),
                "2026-11-27",
                "2026-12-01"
            )),
            ["visitors"]
        );
        assert_eq!(
            fields(check_reception(
                &came("1", &[("party", "甲")]),
                "2026-11-27",
                "2026-12-01"
            )),
            ["visits"]
        );
    }

    #[test]
    fn an_absence_needs_its_reason_and_receives_no_one() {
        let mut absent = came("", &[]);
        absent.came = false;
        assert_eq!(
            fields(check_reception(&absent, "2026-11-27", "2026-12-01")),
            ["absent_reason"]
        );
        absent.absent_reason = "住院".into();
        let checked = check_reception(&absent, "2026-11-27", "2026-12-01").unwrap();
        assert!(!checked.came && checked.visitors == 0);
        absent.visitors = "2".into();
        assert_eq!(
            fields(check_reception(&absent, "2026-11-27", "2026-12-01")),
            ["visitors"]
        );
    }
}
