//! The rules that protect the people texted, as plain functions of the time: no texts at night
//! (Beijing 21:30–07:30), at most `DAILY_CAP` a day to one number, a few tries with growing waits.
use super::NoticeKind;
use chrono::{DateTime, Duration, NaiveTime, Utc};

/// Texts to one number in one Beijing day before the rest wait for the next morning's digest.
pub const DAILY_CAP: i64 = 5;
/// Tries of one text before it is given up.
pub const MAX_ATTEMPTS: i64 = 3;

fn quiet_end() -> NaiveTime {
    NaiveTime::from_hms_opt(7, 30, 0).expect("a time")
}

fn quiet_start() -> NaiveTime {
    NaiveTime::from_hms_opt(21, 30, 0).expect("a time")
}

/// When a text of `kind` may leave, asked at `now`: at once, or at 07:30 when it is night in
/// Beijing and the text is not one the person just asked for.
pub fn may_leave_at(kind: NoticeKind, now: DateTime<Utc>) -> DateTime<Utc> {
    if kind.urgent() {
        return now;
    }
    let local = now.with_timezone(&crate::base::clock::beijing());
    let time = local.time();
    if time >= quiet_end() && time < quiet_start() {
        return now;
    }
    let day = if time >= quiet_start() {
        local.date_naive() + Duration::days(1)
    } else {
        local.date_naive()
    };
    morning_of(day)
}

/// 07:30 Beijing on `day`, as UTC.
fn morning_of(day: chrono::NaiveDate) -> DateTime<Utc> {
    (day.and_time(quiet_end()) - Duration::hours(8)).and_utc()
}

/// The next 07:30 Beijing after `now`: when a digest of today's held texts leaves.
pub fn next_morning(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&crate::base::clock::beijing());
    morning_of(local.date_naive() + Duration::days(1))
}

/// Midnight Beijing of `now`'s day, as UTC: the daily cap counts from here.
pub fn day_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let local = now.with_timezone(&crate::base::clock::beijing());
    (local.date_naive().and_time(NaiveTime::MIN) - Duration::hours(8)).and_utc()
}

/// After the `attempts`-th failed try: when to try again (30 s, then 2 min), or `None` when
/// the text is given up.
pub fn retry_at(attempts: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (attempts < MAX_ATTEMPTS)
        .then(|| now + Duration::seconds(30 * 4_i64.pow(attempts.max(1) as u32 - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Beijing wall-clock time as UTC.
    fn beijing(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{text}+08:00"))
            .expect("a time")
            .with_timezone(&Utc)
    }

    #[test]
    fn texts_in_the_day_leave_at_once() {
        for at in [
            "2026-12-03T07:30:00",
            "2026-12-03T12:00:00",
            "2026-12-03T21:29:59",
        ] {
            assert_eq!(
                may_leave_at(NoticeKind::CaseAnswered, beijing(at)),
                beijing(at)
            );
        }
    }

    #[test]
    fn texts_at_night_wait_for_half_past_seven() {
        let morning = beijing("2026-12-04T07:30:00");
        for at in [
            "2026-12-03T21:30:00",
            "2026-12-03T23:59:00",
            "2026-12-04T00:00:00",
            "2026-12-04T07:29:59",
        ] {
            assert_eq!(
                may_leave_at(NoticeKind::CaseFeedback, beijing(at)),
                morning,
                "{at}"
            );
        }
    }

    #[test]
    fn what_the_person_just_asked_for_leaves_at_night_too() {
        let night = beijing("2026-12-03T23:10:00");
        assert_eq!(may_leave_at(NoticeKind::CaseRaised, night), night);
        assert_eq!(may_leave_at(NoticeKind::Code, night), night);
    }

    #[test]
    fn the_day_and_the_next_morning_are_beijing_ones() {
        // 01:00 Beijing is still the previous day in UTC.
        let at = beijing("2026-12-04T01:00:00");
        assert_eq!(day_start(at), beijing("2026-12-04T00:00:00"));
        assert_eq!(next_morning(at), beijing("2026-12-05T07:30:00"));
    }

    #[test]
    fn a_text_is_tried_three_times_with_growing_waits() {
        let now = beijing("2026-12-03T10:00:00");
        assert_eq!(retry_at(1, now), Some(now + Duration::seconds(30)));
        assert_eq!(retry_at(2, now), Some(now + Duration::seconds(120)));
        assert_eq!(retry_at(3, now), None);
    }
}
