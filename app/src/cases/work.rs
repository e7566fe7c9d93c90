//! A signed-in member's or department's own work: entering a concern for a resident or putting a
//! topic forward, and the assignments a department must report on.
use super::{CaseSource, ConcernForm};
use crate::base::error::AppError;
use crate::base::text::t;
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

/// The place a member marked: none, or a point inside China (swapped or mistyped ones are caught).
pub fn check_place(lat: &str, lng: &str) -> Result<Option<crate::base::geo::LatLng>, AppError> {
    use crate::rooms::admin::{coordinate, in_china};
    if lat.trim().is_empty() && lng.trim().is_empty() {
        return Ok(None);
    }
    let t = t();
    let lat_value = coordinate(lat).ok_or_else(|| AppError::invalid("lat", t.err_coordinate))?;
    let lng_value = coordinate(lng).ok_or_else(|| AppError::invalid("lng", t.err_coordinate))?;
    if !in_china(lat_value, lng_value) {
        return Err(AppError::invalid("lat", t.err_outside_china));
    }
    Ok(Some(crate::base::geo::LatLng {
        lat: lat_value,
        lng: lng_value,
    }))
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
        }
    }

    #[test]
    fn a_place_is_optional_but_must_be_in_china() {
        assert_eq!(check_place("", " ").unwrap(), None);
        let p = check_place("35.931", "103.32").unwrap().unwrap();
        assert_eq!((p.lat, p.lng), (35.931, 103.32));
        assert!(check_place("103.32", "35.931").is_err(), "swapped");
        assert!(check_place("35.9", "").is_err());
        assert!(check_place("abc", "103").is_err());
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
