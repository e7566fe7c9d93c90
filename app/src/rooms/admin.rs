//! Rooms as the admin screens edit them, and the checks on them.
use super::RoomCode;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};
use serde::{Deserialize, Serialize};

/// The room form as typed. The code is set once, at creation: it is printed on posters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomInput {
    pub code: String,
    pub name: String,
    pub address: String,
    pub lat: String,
    pub lng: String,
    pub hours: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidRoom {
    pub code: RoomCode,
    pub name: String,
    pub address: String,
    pub lat: f64,
    pub lng: f64,
    pub hours: String,
    pub active: bool,
}

use crate::base::geo::{coordinate, in_china};

pub fn validate_room(input: &RoomInput) -> Result<ValidRoom, AppError> {
    let mut p = Problems::default();
    let code = p.check(
        "code",
        RoomCode::parse(&input.code).ok_or(t().err_room_code),
    );
    let name = p.check("name", validate::name(&input.name, 60));
    let address = p.check("address", validate::note(&input.address, 120));
    let hours = p.check("hours", validate::note(&input.hours, 120));
    let lat = p.check("lat", coordinate(&input.lat).ok_or(t().err_coordinate));
    let lng = p.check("lng", coordinate(&input.lng).ok_or(t().err_coordinate));
    if let (Some(lat), Some(lng)) = (lat, lng) {
        if !in_china(lat, lng) {
            p.add("lat", t().err_outside_china);
        }
    }
    p.into_result()?;
    Ok(ValidRoom {
        code: code.unwrap_or(RoomCode(String::new())),
        name: name.unwrap_or_default(),
        address: address.unwrap_or_default(),
        lat: lat.unwrap_or_default(),
        lng: lng.unwrap_or_default(),
        hours: hours.unwrap_or_default(),
        active: input.active,
    })
}

/// A room in the council's admin list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomAdminRow {
    pub key: String,
    pub form: RoomInput,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> RoomInput {
        RoomInput {
            code: "XJ-Village".into(),
            name: "新建村议事室".into(),
            address: "新建村村委会二楼".into(),
            lat: "35.93".into(),
            lng: "103.32".into(),
            hours: "每周五上午".into(),
            active: true,
        }
    }

    #[test]
    fn a_good_room_is_normalised() {
        let room = validate_room(&good()).unwrap();
        assert_eq!(room.code.as_str(), "xj-village");
        assert_eq!(room.lat, 35.93);
    }

    #[test]
    fn bad_rooms_say_what_is_wrong() {
        let bad = RoomInput {
            code: "议事室".into(),
            name: " ".into(),
            lat: "abc".into(),
            lng: "NaN".into(),
            ..good()
        };
        let err = validate_room(&bad).unwrap_err();
        for field in ["code", "name", "lat", "lng"] {
            assert!(err.concerns_field(field), "{field}");
        }
        let swapped = RoomInput {
            lat: "103.32".into(),
            lng: "35.93".into(),
            ..good()
        };
        assert!(validate_room(&swapped).unwrap_err().concerns_field("lat"));
    }
}
