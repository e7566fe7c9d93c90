//! The rules of scoring: a quarter's days, the default sheet from the articles, a member's
//! score from their tallies, targets, ranks. Plain Rust, no I/O.
use super::*;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::Problems;

/// An adjustment is a correction, not a second score: a few points either way.
pub const ADJUST_MAX: i64 = 20;

impl Quarter {
    /// Reads `2026Q4` (any case).
    pub fn parse(text: &str) -> Option<Quarter> {
        let text = text.trim().to_ascii_uppercase();
        let (year, q) = text.split_once('Q')?;
        let year: i32 = year.parse().ok()?;
        let q: u8 = q.parse().ok()?;
        ((1..=4).contains(&q) && (2000..=2100).contains(&year)).then_some(Quarter { year, q })
    }

    /// The quarter a `YYYY-MM-DD` day falls in.
    pub fn of_day(day: &str) -> Option<Quarter> {
        let year: i32 = day.get(0..4)?.parse().ok()?;
        let month: u8 = day.get(5..7)?.parse().ok()?;
        (1..=12).contains(&month).then(|| Quarter {
            year,
            q: (month - 1) / 3 + 1,
        })
    }

    pub fn code(self) -> String {
        format!("{}Q{}", self.year, self.q)
    }

    pub fn first_day(self) -> String {
        format!("{}-{:02}-01", self.year, (self.q - 1) * 3 + 1)
    }

    pub fn last_day(self) -> String {
        let day = if self.q == 1 || self.q == 4 { 31 } else { 30 };
        format!("{}-{:02}-{day}", self.year, self.q * 3)
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter {
                year: self.year - 1,
                q: 4,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q - 1,
            }
        }
    }

    pub fn label(self) -> String {
        let names = t().score_quarter_names;
        format!(
            "{}{}",
            self.year,
            names.get(usize::from(self.q) - 1).copied().unwrap_or("")
        )
    }

    /// From `first` to `last`, newest first.
    pub fn range(first: Quarter, last: Quarter) -> Vec<Quarter> {
        let mut all = Vec::new();
        let mut q = last;
        while q >= first && all.len() < 200 {
            all.push(q);
            q = q.previous();
        }
        all
    }
}

impl Default for ScoreSheet {
    /// The articles' standard: a base of 60; points for each kind of duty, capped; and the
    /// targets "每月接待1次、每季度化解1次矛盾纠纷、全年联系界别群众不少于40人次".
    fn default() -> ScoreSheet {
        use ScoreKind::*;
        let item = |kind, points, cap| ScoreItem { kind, points, cap };
        ScoreSheet {
            base: 60,
            items: vec![
                item(ReceptionsKept, 3, 9),
                item(ReceptionsMissed, -3, 9),
                item(Disputes, 3, 9),
                item(Contacts, 1, 10),
                item(Activities, 2, 10),
                item(Concerns, 2, 6),
                item(Sessions, 1, 4),
                item(Research, 2, 4),
            ],
            targets: Targets {
                receptions_per_month: 1,
                disputes_per_quarter: 1,
                contacts_per_year: 40,
            },
        }
    }
}

/// Checks a sheet a district admin typed.
pub fn check_sheet(sheet: &ScoreSheet) -> Result<(), AppError> {
    let text = t();
    let mut problems = Problems::default();
    if !(0..=100).contains(&sheet.base) {
        problems.add("base", text.score_err_base);
    }
    for item in &sheet.items {
        if !(-20..=20).contains(&item.points) || !(0..=100).contains(&item.cap) {
            problems.add(item.kind.code(), text.score_err_item);
        }
    }
    let mut kinds: Vec<&str> = sheet.items.iter().map(|i| i.kind.code()).collect();
    kinds.sort_unstable();
    if kinds.windows(2).any(|w| w[0] == w[1]) {
        problems.add("items", text.score_err_item);
    }
    let t = sheet.targets;
    if !(0..=10).contains(&t.receptions_per_month)
        || !(0..=50).contains(&t.disputes_per_quarter)
        || !(0..=1000).contains(&t.contacts_per_year)
    {
        problems.add("targets", text.score_err_target);
    }
    problems.into_result()
}

/// Checks an adjustment: a few points either way, and why.
pub fn check_adjustment(points: i64, reason: &str) -> Result<String, AppError> {
    let text = t();
    let mut problems = Problems::default();
    if points == 0 || points.abs() > ADJUST_MAX {
        problems.add("points", text.score_err_points);
    }
    let reason = reason.trim();
    let chars = reason.chars().count();
    if !(2..=100).contains(&chars) || crate::base::validate::has_hidden(reason) {
        problems.add("reason", text.score_err_reason);
    }
    problems.into_result()?;
    Ok(reason.to_string())
}

/// The quarter's targets: a month's receptions times three, the year's contacts over four
/// (rounded up: 40 a year is 10 a quarter).
pub fn quarter_targets(targets: Targets) -> [(ScoreKind, i64); 3] {
    [
        (ScoreKind::ReceptionsKept, targets.receptions_per_month * 3),
        (ScoreKind::Disputes, targets.disputes_per_quarter),
        (ScoreKind::Contacts, (targets.contacts_per_year + 3) / 4),
    ]
}

/// A member's lines, total and shortfalls from the tallies of a quarter.
pub fn score(
    sheet: &ScoreSheet,
    tally: &[(ScoreKind, i64)],
    adjustments: &[Adjustment],
) -> (Vec<(ScoreKind, i64, i64)>, i64, Vec<Shortfall>) {
    let count = |kind: ScoreKind| {
        tally
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, n)| *n)
            .sum::<i64>()
    };
    let lines: Vec<(ScoreKind, i64, i64)> = sheet
        .items
        .iter()
        .map(|item| {
            let n = count(item.kind);
            let points = item.points.saturating_mul(n).clamp(-item.cap, item.cap);
            (item.kind, n, points)
        })
        .collect();
    let total = sheet.base
        + lines.iter().map(|(_, _, p)| p).sum::<i64>()
        + adjustments.iter().map(|a| a.points).sum::<i64>();
    let below = quarter_targets(sheet.targets)
        .into_iter()
        .filter(|(_, target)| *target > 0)
        .filter_map(|(kind, target)| {
            let done = count(kind);
            (done < target).then_some(Shortfall { kind, done, target })
        })
        .collect();
    (lines, total, below)
}

/// Competition ranks of totals already sorted high to low: 1, 2, 2, 4.
pub fn ranks<T>(sorted: &[T], total: impl Fn(&T) -> i64) -> Vec<usize> {
    let mut ranks = Vec::with_capacity(sorted.len());
    for (i, item) in sorted.iter().enumerate() {
        let rank = match (i, ranks.last()) {
            (0, _) | (_, None) => 1,
            (_, Some(&previous)) if total(&sorted[i - 1]) == total(item) => previous,
            _ => i + 1,
        };
        ranks.push(rank);
    }
    ranks
}

/// The average of totals in tenths, rounded half away from zero.
pub fn average_tenths(totals: &[i64]) -> i64 {
    if totals.is_empty() {
        return 0;
    }
    let n = i64::try_from(totals.len()).unwrap_or(i64::MAX);
    let sum: i64 = totals.iter().sum::<i64>() * 10;
    let doubled = if sum >= 0 { 2 * sum + n } else { 2 * sum - n };
    doubled / (2 * n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adjustment(points: i64) -> Adjustment {
        Adjustment {
            points,
            reason: "获区级表彰".into(),
            by: "站长".into(),
            date: "2026-12-01".into(),
        }
    }

    #[test]
    fn quarters_read_and_bound_their_days() {
        let q = Quarter::parse("2026q4").unwrap();
        assert_eq!(
            (q.first_day(), q.last_day()),
            ("2026-10-01".into(), "2026-12-31".into())
        );
        assert_eq!(Quarter::parse("2026Q2").unwrap().last_day(), "2026-06-30");
        assert_eq!(Quarter::of_day("2026-03-31"), Quarter::parse("2026Q1"));
        assert_eq!(
            Quarter::parse("2026Q1").unwrap().previous().code(),
            "2025Q4"
        );
        assert!(Quarter::parse("2026Q5").is_none() && Quarter::parse("Q1").is_none());
        let all = Quarter::range(Quarter::parse("2025Q3").unwrap(), q);
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], q);
    }

    #[test]
    fn a_score_is_the_base_plus_capped_points_plus_adjustments() {
        let sheet = ScoreSheet::default();
        let tally = [
            (ScoreKind::ReceptionsKept, 3),
            (ScoreKind::Disputes, 1),
            // 25 contacts at one point each, capped at 10.
            (ScoreKind::Contacts, 25),
            (ScoreKind::Activities, 2),
        ];
        let (lines, total, below) = score(&sheet, &tally, &[]);
        let points = |k| lines.iter().find(|(kind, _, _)| *kind == k).unwrap().2;
        assert_eq!(points(ScoreKind::ReceptionsKept), 9);
        assert_eq!(points(ScoreKind::Contacts), 10);
        assert_eq!(points(ScoreKind::Activities), 4);
        assert_eq!(points(ScoreKind::Research), 0);
        assert_eq!(total, 60 + 9 + 3 + 10 + 4);
        assert!(below.is_empty());
        let (_, adjusted, _) = score(&sheet, &tally, &[adjustment(5), adjustment(-2)]);
        assert_eq!(adjusted, total + 3);
    }

    #[test]
    fn missed_receptions_take_points_off_down_to_their_cap() {
        let sheet = ScoreSheet::default();
        let (_, total, below) = score(&sheet, &[(ScoreKind::ReceptionsMissed, 5)], &[]);
        assert_eq!(total, 60 - 9);
        // Nothing kept, nothing resolved, no contacts: short of all three targets.
        assert_eq!(
            below,
            vec![
                Shortfall {
                    kind: ScoreKind::ReceptionsKept,
                    done: 0,
                    target: 3
                },
                Shortfall {
                    kind: ScoreKind::Disputes,
                    done: 0,
                    target: 1
                },
                Shortfall {
                    kind: ScoreKind::Contacts,
                    done: 0,
                    target: 10
                },
            ]
        );
    }

    #[test]
    fn a_target_of_zero_is_never_missed() {
        let mut sheet = ScoreSheet::default();
        sheet.targets.disputes_per_quarter = 0;
        let tally = [(ScoreKind::ReceptionsKept, 3), (ScoreKind::Contacts, 10)];
        assert!(score(&sheet, &tally, &[]).2.is_empty());
    }

    #[test]
    fn equal_totals_share_a_rank() {
        assert_eq!(ranks(&[90, 80, 80, 70], |t| *t), [1, 2, 2, 4]);
        assert_eq!(ranks::<i64>(&[], |t| *t), Vec::<usize>::new());
    }

    #[test]
    fn averages_round_to_a_tenth() {
        assert_eq!(average_tenths(&[70, 71, 71]), 707);
        assert_eq!(average_tenths(&[70, 71]), 705);
        assert_eq!(average_tenths(&[]), 0);
    }

    #[test]
    fn sheets_and_adjustments_are_checked() {
        assert!(check_sheet(&ScoreSheet::default()).is_ok());
        let mut sheet = ScoreSheet::default();
        sheet.items[0].points = 50;
        sheet.targets.contacts_per_year = -1;
        assert!(check_sheet(&sheet).is_err());
        assert!(check_adjustment(5, "获区级优秀委员表彰").is_ok());
        assert!(check_adjustment(0, "无").is_err());
        assert!(check_adjustment(25, "表彰").is_err());
        assert!(check_adjustment(5, " ").is_err());
    }
}
