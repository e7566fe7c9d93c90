//! Roster dates and turns, in plain Rust.
use chrono::{Datelike, Duration, NaiveDate};

/// The first `count` dates on `weekday` (1 = Monday) from `from` on, not before `first`.
pub fn upcoming_dates(
    first: NaiveDate,
    weekday: u8,
    from: NaiveDate,
    count: usize,
) -> Vec<NaiveDate> {
    let start = first.max(from);
    let offset =
        (i64::from(weekday) - i64::from(start.weekday().number_from_monday())).rem_euclid(7);
    let first_hit = start + Duration::days(offset);
    (0..count)
        .map(|i| first_hit + Duration::weeks(i as i64))
        .collect()
}

/// Whose turn it is on `date`: turns advance one place a week from the pattern's first date.
pub fn turn(first: NaiveDate, weekday: u8, date: NaiveDate, members: usize) -> usize {
    if members == 0 {
        return 0;
    }
    let origin = upcoming_dates(first, weekday, first, 1)[0];
    let weeks = (date - origin).num_days().div_euclid(7);
    weeks.rem_euclid(members as i64) as usize
}

/// How a date reads on a room page: 今天, 明天, or "11月27日 周五".
pub fn date_label(date: NaiveDate, today: NaiveDate) -> String {
    let t = crate::base::text::t();
    if date == today {
        return t.today.to_string();
    }
    if date == today + Duration::days(1) {
        return t.tomorrow.to_string();
    }
    format!(
        "{}月{}日 {}",
        date.month(),
        date.day(),
        super::weekday_label(date.weekday().number_from_monday() as u8)
    )
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn fridays_from_a_monday() {
        // 2026-11-23 is a Monday.
        let dates = upcoming_dates(d("2026-11-01"), 5, d("2026-11-23"), 3);
        assert_eq!(
            dates,
            vec![d("2026-11-27"), d("2026-12-04"), d("2026-12-11")]
        );
        // On the day itself, today counts.
        assert_eq!(
            upcoming_dates(d("2026-11-27"), 5, d("2026-11-27"), 1),
            vec![d("2026-11-27")]
        );
        // A first date in the future is respected.
        assert_eq!(
            upcoming_dates(d("2026-12-20"), 1, d("2026-11-23"), 1),
            vec![d("2026-12-21")]
        );
    }

    #[test]
    fn turns_rotate_weekly_and_wrap() {
        let first = d("2026-11-27");
        let turns: Vec<usize> = upcoming_dates(first, 5, first, 7)
            .into_iter()
            .map(|date| turn(first, 5, date, 3))
            .collect();
        assert_eq!(turns, vec![0, 1, 2, 0, 1, 2, 0]);
        // A first date that is not itself a Friday starts at the next Friday.
        assert_eq!(turn(d("2026-11-24"), 5, d("2026-11-27"), 3), 0);
        assert_eq!(turn(first, 5, d("2026-12-04"), 0), 0);
    }

    #[test]
    fn labels() {
        let today = d("2026-11-23");
        assert_eq!(date_label(today, today), "今天");
        assert_eq!(date_label(d("2026-11-24"), today), "明天");
        assert_eq!(date_label(d("2026-11-27"), today), "11月27日 周五");
    }
}
