//! A signed-in member's or department's own work: entering a concern for a resident or putting a
//! topic forward, and the assignments a department must report on.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::{CaseSource, ConcernForm};
use serde::{Deserialize, Serialize};

/// A council the caller may enter cases for, with its rooms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkCouncil {
    pub key: String,
    pub name: String,
    /// (room code, room name)
    pub rooms: Vec<(String, String)>,
}

/// What the `/work` page offers its caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOverview {
    pub name: String,
    pub is_admin: bool,
    pub councils: Vec<WorkCouncil>,
    pub department_name: Option<String>,
    /// 社情民意信息 referred to the caller's department waiting for its answer, and how many of
    /// them are past their deadline.
    pub referrals_waiting: (i64, i64),
    /// The caller's member key, for the link to their duty record.
    pub member: Option<String>,
    /// Notices (站内消息) the caller has not read.
    #[serde(default)]
    pub unread_notices: i64,
}

/// A case entered by a member: for a resident met on a visit, or a topic put forward.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberConcern {
    pub council: String,
    pub room: String,
    pub source: CaseSource,
    pub category: String,
    pub form: ConcernForm,
    /// Where it is, when not at the room: typed or tapped on a map; both empty for none.
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lng: String,
    /// Raised at an activity or a reception day: `activity:KEY` or `reception:KEY`.
    #[serde(default)]
    pub raised_at: String,
}

/// Where a concern entered by a member was raised: (table, key) of an activity or a reception
/// day, or nowhere in particular. Anything else is refused.
pub fn raised_at_of(text: &str) -> Result<Option<(&'static str, String)>, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let refused = || AppError::invalid("raised_at", t().work_err_raised_at);
    let (table, key) = text.split_once(':').ok_or_else(refused)?;
    let table = match table {
        "activity" => "activity",
        "reception" => "reception",
        _ => return Err(refused()),
    };
    if !crate::base::validate::is_record_key(key) {
        return Err(refused());
    }
    Ok(Some((table, key.to_string())))
}

pub const CATEGORY_MAX: usize = 20;

/// The form as the intake rules check it: a topic has no resident, so it carries no contact and
/// needs no resident's consent.
pub fn as_concern_form(input: &MemberConcern) -> Result<ConcernForm, AppError> {
    if !CaseSource::BY_MEMBERS.contains(&input.source) {
        return Err(AppError::invalid("source", t().err_required));
    }
    let mut form = input.form.clone();
    if input.source.is_topic() {
        form.resident_name.clear();
        form.resident_phone.clear();
        form.consent = true;
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(source: CaseSource) -> MemberConcern {
        MemberConcern {
            council: "sy_dongfeng".into(),
            room: "sy-dongfeng".into(),
            source,
            category: "道路交通".into(),
            form: ConcernForm {
                submission_id: "0".repeat(32),
                title: "三社道路".into(),
                description: "雨天泥泞".into(),
                resident_name: "马大爷".into(),
                resident_phone: "13900000000".into(),
                consent: false,
            },
            lat: String::new(),
            lng: String::new(),
            raised_at: String::new(),
        }
    }

    #[test]
    fn a_concern_is_raised_at_an_activity_a_reception_day_or_nowhere() {
        assert_eq!(raised_at_of(" ").unwrap(), None);
        assert_eq!(
            raised_at_of("activity:abc123").unwrap(),
            Some(("activity", "abc123".to_string()))
        );
        assert!(raised_at_of("reception:demo_town_3").unwrap().is_some());
        for bad in ["case:abc", "activity:", "activity:a b", "account:admin"] {
            assert!(raised_at_of(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn topics_carry_no_resident_and_visits_keep_theirs() {
        let topic = as_concern_form(&input(CaseSource::MemberTopic)).unwrap();
        assert!(topic.resident_phone.is_empty() && topic.resident_name.is_empty() && topic.consent);
        let visit = as_concern_form(&input(CaseSource::MemberVisit)).unwrap();
        assert_eq!(visit.resident_phone, "13900000000");
        assert!(
            !visit.consent,
            "the resident's consent is asked, not assumed"
        );
    }

    #[test]
    fn members_cannot_pretend_a_resident_scanned_the_room_code() {
        assert!(as_concern_form(&input(CaseSource::RoomQr)).is_err());
        assert!(as_concern_form(&input(CaseSource::Web)).is_err());
    }
}
