//! The one clock of the app: Beijing time (UTC+8) whatever the server's or the phone's zone, and
//! `Day`, the calendar day every deadline, duty date and re-check is kept as.
use serde::{Deserialize, Serialize};

/// A calendar day, `YYYY-MM-DD` (Beijing), checked to exist. Compares in date order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Day(pub String);

/// The first year Bandeng keeps records of: duty records and quarters start here.
pub const FIRST_YEAR: i32 = 2020;

impl Day {
    pub fn parse(text: &str) -> Option<Day> {
        let text = text.trim();
        let mut parts = text.splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((2000..=2100).contains(&y) && (1..=days).contains(&d)).then(|| Day(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As a short text reads it: `2026-12-05` → `12月5日`.
    pub fn short(&self) -> String {
        let mut parts = self.0.splitn(3, '-').skip(1);
        let mut number = || {
            parts
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(0)
        };
        let (month, day) = (number(), number());
        format!("{month}月{day}日")
    }

    /// The same day `months` later, or the last day of that month when it is shorter
    /// (11-30 plus three months is 02-28, or 02-29 in a leap year).
    pub fn months_later(&self, months: u32) -> Day {
        let mut parts = self.0.splitn(3, '-');
        let mut number = || {
            parts
                .next()
                .and_then(|p| p.parse::<u32>().ok())
                .unwrap_or(1)
        };
        let (y, m, d) = (number(), number(), number());
        let months_since_zero = y * 12 + (m - 1) + months;
        let (y, m) = (months_since_zero / 12, months_since_zero % 12 + 1);
        (0..4)
            .find_map(|less| Day::parse(&format!("{y:04}-{m:02}-{:02}", d.saturating_sub(less))))
            .unwrap_or_else(|| self.clone())
    }

    /// As people read it: `2026年11月20日`.
    pub fn long_label(&self) -> String {
        let t = crate::base::text::t();
        let mut parts = self.0.splitn(3, '-');
        let (y, m, d) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        format!(
            "{y}{}{m}{}{d}{}",
            t.year_suffix, t.month_suffix, t.day_suffix
        )
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `HH:MM` in Beijing of an ISO 8601 UTC time (`2026-11-24T01:30:00Z` → `09:30`).
pub fn beijing_time_of_day(iso: &str) -> String {
    let time = iso.split('T').nth(1).unwrap_or_default();
    let hour: u32 = time.get(0..2).and_then(|h| h.parse().ok()).unwrap_or(0);
    let minute = time.get(3..5).unwrap_or("00");
    format!("{:02}:{minute}", (hour + 8) % 24)
}

/// Today in Beijing as a date input wants it: filled in the browser, empty on the server (the
/// page is drawn the same on both, and the phone knows the day it is used on).
pub fn today_in_browser() -> String {
    #[cfg(feature = "hydrate")]
    {
        let now = js_sys::Date::new_0();
        let beijing = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            now.get_time() + 8.0 * 3600.0 * 1000.0,
        ));
        format!(
            "{:04}-{:02}-{:02}",
            beijing.get_utc_full_year(),
            beijing.get_utc_month() + 1,
            beijing.get_utc_date()
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        String::new()
    }
}

/// `YYYY-MM-DDTHH:MM` (seconds dropped), checked to be a real day and time.
pub fn parse_starts_at(text: &str) -> Option<String> {
    let text = text.trim();
    let (day, time) = text.split_once('T').or_else(|| text.split_once(' '))?;
    let day = Day::parse(day)?;
    let time = crate::base::validate::time_of_day(time.get(0..5)?).ok()?;
    Some(format!("{day}T{time}"))
}

#[cfg(feature = "ssr")]
mod server_side {
    use super::Day;
    use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

    pub fn beijing() -> FixedOffset {
        FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
    }

    /// A moment as residents read it: `2026年11月02日 09:30`.
    pub fn format_time(at: DateTime<Utc>) -> String {
        at.with_timezone(&beijing())
            .format(crate::base::text::t().time_format)
            .to_string()
    }

    /// A day as residents read it: `2026年11月02日`.
    pub fn format_date(at: DateTime<Utc>) -> String {
        at.with_timezone(&beijing())
            .format(crate::base::text::t().date_format)
            .to_string()
    }

    /// Beijing time `minutes` from now, `YYYY-MM-DDTHH:MM`, as a datetime-local input writes it.
    pub fn minutes_from_now(minutes: i64) -> String {
        (Utc::now() + chrono::Duration::minutes(minutes))
            .with_timezone(&beijing())
            .format("%Y-%m-%dT%H:%M")
            .to_string()
    }

    /// Today in Beijing.
    pub fn today_naive() -> NaiveDate {
        Utc::now().with_timezone(&beijing()).date_naive()
    }

    /// Today in Beijing: deadlines and re-check dates are Beijing days.
    pub fn today() -> Day {
        days_from_today(0)
    }

    /// The Beijing day `days` after today.
    pub fn days_from_today(days: i64) -> Day {
        Day((Utc::now() + chrono::Duration::days(days))
            .with_timezone(&beijing())
            .format("%Y-%m-%d")
            .to_string())
    }
}

#[cfg(feature = "ssr")]
pub use server_side::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_exist_and_compare_in_order() {
        assert!(Day::parse("2026-02-29").is_none());
        assert!(Day::parse("2028-02-29").is_some());
        assert!(Day::parse("2026-13-01").is_none());
        assert!(Day::parse("2026-12-31") < Day::parse("2027-01-01"));
    }

    #[test]
    fn a_month_later_is_the_same_day_or_the_months_last() {
        let day = |s: &str| Day::parse(s).unwrap();
        assert_eq!(day("2026-12-03").months_later(1), day("2027-01-03"));
        assert_eq!(day("2027-01-31").months_later(1), day("2027-02-28"));
        assert_eq!(day("2026-11-30").months_later(3), day("2027-02-28"));
        assert_eq!(day("2026-03-31").months_later(12), day("2027-03-31"));
    }

    #[test]
    fn the_time_of_day_is_beijings() {
        assert_eq!(beijing_time_of_day("2026-11-24T17:30:00.000Z"), "01:30");
        assert_eq!(beijing_time_of_day("2026-11-24T01:05:00Z"), "09:05");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn times_are_shown_in_beijing_time() {
        use chrono::TimeZone;
        let late_utc = chrono::Utc
            .with_ymd_and_hms(2026, 12, 31, 17, 5, 0)
            .unwrap();
        assert_eq!(format_time(late_utc), "2027年01月01日 01:05");
        assert_eq!(format_date(late_utc), "2027年01月01日");
    }
}
