//! The rules of statistics in plain Rust: what a period is, which periods the chooser offers,
//! the months a trend covers, medians and shares, how the council table sorts, and what each
//! figure's parts are called. No I/O.
use super::*;
use crate::base::clock::FIRST_YEAR;
use crate::base::text::t;
use crate::scores::Quarter;

/// The longest range a period may span: three years, the longest a report covers.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;

/// Months a trend chart shows at least (the last twelve up to the period's end).
pub const TREND_MONTHS: usize = 12;

fn year_of(day: &Day) -> i32 {
    day.0
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(FIRST_YEAR)
}

/// `YYYY-MM` → its last day.
fn month_end(year: i32, month: u32) -> Day {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let last = match month {
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 31,
    };
    Day(format!("{year}-{month:02}-{last}"))
}

/// Days from `from` to `to` (0 when the same), counted on the calendar.
pub fn days_between(from: &Day, to: &Day) -> i64 {
    fn ordinal(day: &Day) -> i64 {
        // Days since 2000-01-01 by the civil-from-days algorithm's inverse.
        let y: i64 = day.0[0..4].parse().unwrap_or(2000);
        let m: i64 = day.0[5..7].parse().unwrap_or(1);
        let d: i64 = day.0[8..10].parse().unwrap_or(1);
        let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * m + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }
    ordinal(to) - ordinal(from)
}

impl Period {
    /// A month (`2026-11`), a quarter (`2026Q4`), a year (`2026`), or, with `custom`, the range
    /// `from`–`to`. Nothing before `FIRST_YEAR`, nothing after `today`'s year, ranges at most
    /// three years long.
    pub fn parse(code: &str, from: &str, to: &str, today: &Day) -> Option<Period> {
        let code = code.trim();
        let period = if code == "custom" {
            let (from, to) = (Day::parse(from)?, Day::parse(to)?);
            (from <= to && days_between(&from, &to) <= MAX_PERIOD_DAYS).then(|| Period {
                code: format!("{}~{}", from.0, to.0),
                from,
                to,
            })?
        } else if let Some((a, b)) = code.split_once('~') {
            return Period::parse("custom", a, b, today);
        } else if let Some(q) = code
            .to_ascii_uppercase()
            .contains('Q')
            .then(|| Quarter::parse(code))
            .flatten()
        {
            Period {
                code: q.code(),
                from: Day(q.first_day()),
                to: Day(q.last_day()),
            }
        } else if code.len() == 7 {
            let year: i32 = code.get(0..4)?.parse().ok()?;
            let month: u32 = code.get(5..7)?.parse().ok()?;
            if code.as_bytes()[4] != b'-' || !(1..=12).contains(&month) {
                return None;
            }
            Period {
                code: code.to_string(),
                from: Day(format!("{code}-01")),
                to: month_end(year, month),
            }
        } else if code.len() == 4 {
            let year: i32 = code.parse().ok()?;
            Period {
                code: code.to_string(),
                from: Day(format!("{year}-01-01")),
                to: Day(format!("{year}-12-31")),
            }
        } else {
            return None;
        };
        (year_of(&period.from) >= FIRST_YEAR && year_of(&period.to) <= year_of(today))
            .then_some(period)
    }

    /// The quarter `today` falls in: what the screen opens on.
    pub fn default_for(today: &Day) -> Period {
        let q = Quarter::of_day(today.as_str()).unwrap_or(Quarter { year: 2026, q: 1 });
        Period::parse(&q.code(), "", "", today).expect("this quarter is a period")
    }

    /// As people read it: 2026年第四季度, 2026年11月, 2026年, 2026-01-05 至 2026-02-10.
    pub fn label(&self) -> String {
        let text = t();
        let code = self.code.as_str();
        if let Some(q) = Quarter::parse(code).filter(|_| code.contains('Q')) {
            q.label()
        } else if code.len() == 7 {
            format!(
                "{}{}{}{}",
                &code[0..4],
                text.year_suffix,
                code[5..7].trim_start_matches('0'),
                text.month_suffix
            )
        } else if code.len() == 4 {
            format!("{code}{}", text.year_suffix)
        } else {
            format!("{} {} {}", self.from.0, text.stats_period_to, self.to.0)
        }
    }

    /// The day after the last one: the exclusive end the queries use.
    pub fn after(&self) -> Day {
        next_day(&self.to)
    }

    /// The months a trend of this period shows: the period's own months, and at least the twelve
    /// up to its end. Oldest first.
    pub fn trend_months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let (mut y, mut m) = (year_of(&self.to), month_of(&self.to));
        let first = &self.from.0[0..7];
        loop {
            let code = format!("{y}-{m:02}");
            let reached = code.as_str() <= first && months.len() + 1 >= TREND_MONTHS;
            months.push(code);
            if reached || months.len() >= 36 || (y <= FIRST_YEAR && m == 1) {
                break;
            }
            (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
        }
        months.reverse();
        months
    }
}

/// The last day of a `YYYY-MM` month.
pub fn month_last_day(month: &str) -> Day {
    let year: i32 = month
        .get(0..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(FIRST_YEAR);
    let m: u32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    month_end(year, m)
}

fn month_of(day: &Day) -> u32 {
    day.0.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1)
}

/// The calendar day after `day`.
pub fn next_day(day: &Day) -> Day {
    let (y, m) = (year_of(day), month_of(day));
    let d: u32 = day.0.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    if month_end(y, m) == *day {
        if m == 12 {
            Day(format!("{}-01-01", y + 1))
        } else {
            Day(format!("{y}-{:02}-01", m + 1))
        }
    } else {
        Day(format!("{y}-{m:02}-{:02}", d + 1))
    }
}

/// How a figure over the days `[from, after)` is read: its whole months from the month tallies
/// SurrealDB keeps (`stat_*`), the days around them from the records themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadPlan {
    /// Months `[from, after)` as `YYYY-MM`, read from the tallies; none without a whole month.
    pub months: Option<(String, String)>,
    /// At most two ranges of days `[from, after)` read from the records.
    pub days: Vec<(Day, Day)>,
}

fn month_start(day: &Day) -> Day {
    Day(format!("{}-01", &day.0[0..7]))
}

/// The plan for `[from, after)`. `today` is given for a figure that counts only what has
/// happened by now (a session held, a deadline passed): nothing after today counts, and this
/// month is read from the records, since its tally still holds what is yet to come.
pub fn read_plan(from: &Day, after: &Day, today: Option<&Day>) -> ReadPlan {
    let mut after = after.clone();
    let mut whole_until = month_start(&after);
    if let Some(today) = today {
        after = after.min(next_day(today));
        whole_until = whole_until.min(month_start(today));
    }
    if *from >= after {
        return ReadPlan {
            months: None,
            days: Vec::new(),
        };
    }
    let whole_from = if from.0.ends_with("-01") {
        from.clone()
    } else {
        next_day(&month_last_day(&from.0[0..7]))
    };
    if whole_from >= whole_until {
        return ReadPlan {
            months: None,
            days: vec![(from.clone(), after)],
        };
    }
    let mut days = Vec::new();
    if *from < whole_from {
        days.push((from.clone(), whole_from.clone()));
    }
    if whole_until < after {
        days.push((whole_until.clone(), after));
    }
    ReadPlan {
        months: Some((
            whole_from.0[0..7].to_string(),
            whole_until.0[0..7].to_string(),
        )),
        days,
    }
}

/// The periods the chooser offers: this and the last eleven months, this and the last seven
/// quarters, and every year since the first.
pub fn period_choices(today: &Day) -> Vec<(String, String)> {
    let mut choices = Vec::new();
    let this_year = year_of(today);
    for year in (FIRST_YEAR..=this_year).rev() {
        choices.push(year.to_string());
    }
    let mut q = Quarter::of_day(today.as_str()).unwrap_or(Quarter {
        year: this_year,
        q: 1,
    });
    for _ in 0..8 {
        choices.push(q.code());
        q = q.previous();
    }
    let (mut y, mut m) = (this_year, month_of(today));
    for _ in 0..12 {
        choices.push(format!("{y}-{m:02}"));
        (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    }
    choices
        .into_iter()
        .filter_map(|code| Period::parse(&code, "", "", today))
        .map(|p| (p.code.clone(), p.label()))
        .collect()
}

/// The median of `values` (the mean of the two middle ones for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

/// The median of values given as (value, how many times): what `median` gives of them listed.
pub fn median_of_counts(counts: &mut [(i64, i64)]) -> Option<f64> {
    counts.sort_unstable();
    let total: i64 = counts.iter().map(|(_, n)| n.max(&0)).sum();
    if total == 0 {
        return None;
    }
    // The value at a 0-based position in the sorted list.
    let at = |position: i64| {
        let mut seen = 0;
        for (value, n) in counts.iter() {
            seen += n.max(&0);
            if position < seen {
                return *value;
            }
        }
        counts.last().map_or(0, |(v, _)| *v)
    };
    let mid = total / 2;
    Some(if total % 2 == 0 {
        (at(mid - 1) + at(mid)) as f64 / 2.0
    } else {
        at(mid) as f64
    })
}

/// `part` of `whole` in tenths of a percent, rounded; none of nothing.
pub fn permille(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| (part * 1000 + whole / 2) / whole)
}

/// `734` → `73.4%`.
pub fn percent_label(permille: i64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// The council table sorted by `figure`, largest first (ties by name); by name when none.
pub fn sort_councils(rows: &mut [CouncilRow], figure: Option<Figure>) {
    let column = figure.and_then(|f| Figure::ALL.iter().position(|x| *x == f));
    rows.sort_by(|a, b| match column {
        Some(i) => b.values[i]
            .cmp(&a.values[i])
            .then_with(|| a.name.cmp(&b.name)),
        None => a.name.cmp(&b.name),
    });
}

/// The words for one part of a split: a stored code, or a category as typed.
pub fn part_label(split: Split, part: &str) -> String {
    let text = t();
    let from_table = |table: &[(&'static str, &'static str)]| {
        table
            .iter()
            .find(|(code, _)| *code == part)
            .map(|(_, label)| label.to_string())
    };
    let label = match split {
        Split::Form => crate::sessions::SessionForm::from_code(part).map(|f| f.label().to_string()),
        Split::Source => from_table(text.case_sources),
        Split::Category => Some(if part.is_empty() {
            text.stats_no_category.to_string()
        } else {
            part.to_string()
        }),
        Split::Score => from_table(text.stats_scores),
        Split::Kind => {
            crate::activities::ActivityKind::from_code(part).map(|k| k.label().to_string())
        }
    };
    label.unwrap_or_else(|| part.to_string())
}

/// A figure's name and its one written definition.
pub fn label_and_definition(figure: Figure) -> (&'static str, &'static str) {
    t().stats_figures
        .iter()
        .find(|(code, _, _)| *code == figure.code())
        .map(|(_, label, definition)| (*label, *definition))
        .unwrap_or(("", ""))
}

/// The unit a figure counts in: 次, 件, 人次, 条.
pub fn unit(figure: Figure) -> &'static str {
    let text = t();
    match figure {
        Figure::MemberAttendances
        | Figure::ResidentAttendances
        | Figure::ActivityMembers
        | Figure::Served
        | Figure::Visitors
        | Figure::Contacts => text.stats_unit_people,
        Figure::Concerns
        | Figure::Settled
        | Figure::Topics
        | Figure::TopicsConsulted
        | Figure::Assignments
        | Figure::AssignmentsDone
        | Figure::Overdue
        | Figure::Disputes
        | Figure::Proposals
        | Figure::ProposalsFiled => text.stats_unit_items,
        Figure::Recommendations
        | Figure::Ratings
        | Figure::Reports
        | Figure::ReportsAdopted
        | Figure::ReportInstructions => text.stats_unit_entries,
        _ => text.stats_unit_times,
    }
}

/// The figure's list: `/stats/records?scope=…&period=…&figure=…[&split=…&part=…]`.
pub fn records_href(
    scope: &Scope,
    period: &Period,
    figure: Figure,
    part: Option<(Split, &str)>,
) -> String {
    let scope = scope.code();
    let mut pairs = vec![
        ("scope", scope.as_str()),
        ("period", period.code.as_str()),
        ("figure", figure.code()),
    ];
    if let Some((split, part)) = part {
        pairs.push(("split", split.code()));
        pairs.push(("part", part));
    }
    format!("/stats/records?{}", crate::base::url::query_string(&pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Day {
        Day("2026-12-01".into())
    }

    fn period(code: &str) -> Option<Period> {
        Period::parse(code, "", "", &today())
    }

    #[test]
    fn periods_are_months_quarters_years_and_ranges() {
        let m = period("2026-02").unwrap();
        assert_eq!(
            (m.from.0.as_str(), m.to.0.as_str()),
            ("2026-02-01", "2026-02-28")
        );
        let leap = Period::parse("2024-02", "", "", &today()).unwrap();
        assert_eq!(leap.to.0, "2024-02-29");
        let q = period("2026q4").unwrap();
        assert_eq!((q.code.as_str(), q.to.0.as_str()), ("2026Q4", "2026-12-31"));
        let y = period("2025").unwrap();
        assert_eq!(
            (y.from.0.as_str(), y.to.0.as_str()),
            ("2025-01-01", "2025-12-31")
        );
        let r = Period::parse("custom", "2026-01-05", "2026-02-10", &today()).unwrap();
        assert_eq!(r.code, "2026-01-05~2026-02-10");
        // The code a range carries reads back as the same range.
        assert_eq!(period(&r.code).unwrap(), r);
        assert_eq!(y.after().0, "2026-01-01");
        assert_eq!(m.after().0, "2026-03-01");
    }

    #[test]
    fn bad_periods_are_refused() {
        for code in [
            "", "2026-13", "2026Q5", "1999", "2027", "2026/11", "20261", "abc", "2026-1x",
        ] {
            assert!(period(code).is_none(), "{code}");
        }
        // Backwards, too long, or not days.
        assert!(Period::parse("custom", "2026-02-10", "2026-01-05", &today()).is_none());
        assert!(Period::parse("custom", "2020-01-01", "2026-01-01", &today()).is_none());
        assert!(Period::parse("custom", "2026-02-30", "2026-03-01", &today()).is_none());
    }

    #[test]
    fn the_next_day_crosses_months_and_years() {
        assert_eq!(next_day(&Day("2026-01-31".into())).0, "2026-02-01");
        assert_eq!(next_day(&Day("2026-12-31".into())).0, "2027-01-01");
        assert_eq!(next_day(&Day("2024-02-28".into())).0, "2024-02-29");
        assert_eq!(next_day(&Day("2026-11-09".into())).0, "2026-11-10");
        assert_eq!(
            days_between(&Day("2025-12-31".into()), &Day("2026-03-01".into())),
            60
        );
    }

    #[test]
    fn a_trend_shows_at_least_twelve_months_up_to_the_end() {
        let months = period("2026Q4").unwrap().trend_months();
        assert_eq!(months.len(), 12);
        assert_eq!(
            (months[0].as_str(), months[11].as_str()),
            ("2026-01", "2026-12")
        );
        let two_years = Period::parse("custom", "2024-06-15", "2026-02-01", &today()).unwrap();
        let months = two_years.trend_months();
        assert_eq!((months[0].as_str(), months.len()), ("2024-06", 21));
    }

    #[test]
    fn the_chooser_offers_years_quarters_and_months_that_parse() {
        let choices = period_choices(&today());
        assert!(choices
            .iter()
            .any(|(c, l)| c == "2026Q4" && l == "2026年第四季度"));
        assert!(choices
            .iter()
            .any(|(c, l)| c == "2026-12" && l == "2026年12月"));
        assert!(choices.iter().any(|(c, _)| c == "2020"));
        assert_eq!(choices.len(), 7 + 8 + 12);
    }

    #[test]
    fn whole_months_come_from_the_tallies_and_the_days_around_them_from_the_records() {
        let d = |s: &str| Day(s.into());
        let plan = |from: &str, after: &str, today: Option<&str>| {
            let today = today.map(d);
            read_plan(&d(from), &d(after), today.as_ref())
        };
        let months = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        // A year, a quarter, a month: tallies only.
        assert_eq!(
            plan("2026-01-01", "2027-01-01", None),
            ReadPlan {
                months: months("2026-01", "2027-01"),
                days: vec![]
            }
        );
        assert_eq!(
            plan("2026-07-01", "2026-10-01", None),
            ReadPlan {
                months: months("2026-07", "2026-10"),
                days: vec![]
            }
        );
        // A range from the middle of one month into another: the edges are days.
        assert_eq!(
            plan("2026-01-15", "2026-04-10", None),
            ReadPlan {
                months: months("2026-02", "2026-04"),
                days: vec![
                    (d("2026-01-15"), d("2026-02-01")),
                    (d("2026-04-01"), d("2026-04-10"))
                ]
            }
        );
        // Inside one month, or across one border without a whole month: days only.
        assert_eq!(
            plan("2026-09-30", "2026-10-02", None),
            ReadPlan {
                months: None,
                days: vec![(d("2026-09-30"), d("2026-10-02"))]
            }
        );
        assert_eq!(
            plan("2026-03-05", "2026-03-06", None),
            ReadPlan {
                months: None,
                days: vec![(d("2026-03-05"), d("2026-03-06"))]
            }
        );
        // What counts once it happened: this month from the records, up to today.
        assert_eq!(
            plan("2026-01-01", "2027-01-01", Some("2026-12-02")),
            ReadPlan {
                months: months("2026-01", "2026-12"),
                days: vec![(d("2026-12-01"), d("2026-12-03"))]
            }
        );
        assert_eq!(
            plan("2026-12-01", "2027-01-01", Some("2026-12-01")),
            ReadPlan {
                months: None,
                days: vec![(d("2026-12-01"), d("2026-12-02"))]
            }
        );
        // A period wholly after today holds nothing that has happened.
        assert_eq!(
            plan("2027-01-01", "2027-02-01", Some("2026-12-31")),
            ReadPlan {
                months: None,
                days: vec![]
            }
        );
        // Deadlines passed before today (1970 on): every month before this one, then days.
        assert_eq!(
            plan("1970-01-01", "2026-12-03", Some("2026-12-02")),
            ReadPlan {
                months: months("1970-01", "2026-12"),
                days: vec![(d("2026-12-01"), d("2026-12-03"))]
            }
        );
    }

    #[test]
    fn medians_and_shares() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5, 1, 3]), Some(3.0));
        assert_eq!(median(&mut [4, 1, 3, 10]), Some(3.5));
        assert_eq!(median_of_counts(&mut []), None);
        assert_eq!(median_of_counts(&mut [(5, 1), (1, 1), (3, 1)]), Some(3.0));
        assert_eq!(
            median_of_counts(&mut [(10, 1), (1, 1), (3, 1), (4, 1)]),
            Some(3.5)
        );
        // 2, 2, 2, 7, 9, 9: the middle pair is 2 and 7.
        assert_eq!(median_of_counts(&mut [(9, 2), (2, 3), (7, 1)]), Some(4.5));
        assert_eq!(median_of_counts(&mut [(4, 0), (6, 2)]), Some(6.0));
        assert_eq!(permille(2, 3), Some(667));
        assert_eq!(permille(0, 0), None);
        assert_eq!(percent_label(667), "66.7%");
        assert_eq!(percent_label(1000), "100.0%");
    }

    #[test]
    fn the_table_sorts_by_any_figure() {
        let row = |name: &str, n: i64| CouncilRow {
            council: name.into(),
            name: name.into(),
            values: Figure::ALL.iter().map(|_| n).collect(),
        };
        let mut rows = vec![row("乙", 1), row("甲", 5), row("丙", 5)];
        sort_councils(&mut rows, Some(Figure::Contacts));
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["丙", "甲", "乙"]);
        sort_councils(&mut rows, None);
        assert_eq!(rows[0].name, "丙");
    }

    #[test]
    fn every_figure_has_a_name_a_definition_and_a_query_code() {
        for figure in Figure::ALL {
            let (label, definition) = label_and_definition(*figure);
            assert!(!label.is_empty() && definition.len() > 10, "{figure:?}");
            assert_eq!(Figure::from_code(figure.code()), Some(*figure));
        }
        assert_eq!(t().stats_figures.len(), Figure::ALL.len());
    }

    #[test]
    fn parts_have_words() {
        assert_eq!(part_label(Split::Source, "room_qr"), "居民扫码反映");
        assert_eq!(part_label(Split::Category, ""), t().stats_no_category);
        assert_eq!(part_label(Split::Score, "3"), "满意");
        assert_eq!(
            part_label(Split::Form, "bench"),
            crate::sessions::SessionForm::Bench.label()
        );
    }
}
