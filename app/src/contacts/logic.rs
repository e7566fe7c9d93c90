//! The rules of households and contact logs. Plain Rust, no I/O.
use super::{ContactInput, ContactVia, HouseholdInput};
use crate::base::error::AppError;
use crate::base::ids::NoteId;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

/// Households one member may keep: "六邻" is a few dozen; more is a list typed in by mistake.
pub const HOUSEHOLDS_MAX: i64 = 300;
pub const HEARD_MAX: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedHousehold {
    pub id: NoteId,
    pub name: String,
    pub place: String,
    /// Digits only, or empty.
    pub phone: String,
    pub note: String,
}

pub fn check_household(input: &HouseholdInput) -> Result<CheckedHousehold, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let id = NoteId::parse(&input.id);
    if id.is_none() {
        problems.add("id", text.err_required);
    }
    let name = problems.check("name", validate::name(&input.name, 20));
    let place = problems.check("place", validate::optional_name(&input.place, 40));
    let phone = match input.phone.trim() {
        "" => Some(String::new()),
        typed => match crate::base::phone::parse_phone(typed) {
            Some(phone) => Some(phone.0),
            None => {
                problems.add("phone", text.err_phone_format);
                None
            }
        },
    };
    let note = problems.check("note", validate::optional_name(&input.note, 100));
    problems.into_result()?;
    Ok(CheckedHousehold {
        id: id.ok_or(AppError::Internal)?,
        name: name.ok_or(AppError::Internal)?,
        place: place.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        note: note.unwrap_or_default(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedContact {
    pub id: NoteId,
    pub on_date: String,
    pub via: ContactVia,
    pub heard: String,
    pub case_code: Option<String>,
}

/// Checks a contact made on `on_date`, between `earliest` (the council's first day) and `today`.
pub fn check_contact(
    input: &ContactInput,
    today: &str,
    earliest: &str,
) -> Result<CheckedContact, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let id = NoteId::parse(&input.id);
    if id.is_none() {
        problems.add("id", text.err_required);
    }
    let day = crate::base::clock::Day::parse(input.on_date.trim());
    match &day {
        None => problems.add("on_date", text.err_date),
        Some(d) if d.as_str() > today => problems.add("on_date", text.contact_err_future),
        Some(d) if d.as_str() < earliest => problems.add("on_date", text.contact_err_too_early),
        Some(_) => {}
    }
    let via = ContactVia::from_code(&input.via);
    if via.is_none() {
        problems.add("via", text.err_required);
    }
    let heard = problems.check("heard", validate::note(&input.heard, HEARD_MAX));
    let case_code = match input.case_code.trim() {
        "" => None,
        typed => match crate::base::ids::parse_tracking_code(typed) {
            Ok(code) => Some(code.0),
            Err(_) => {
                problems.add("case_code", text.contact_err_case);
                None
            }
        },
    };
    problems.into_result()?;
    Ok(CheckedContact {
        id: id.ok_or(AppError::Internal)?,
        on_date: day.ok_or(AppError::Internal)?.0,
        via: via.ok_or(AppError::Internal)?,
        heard: heard.unwrap_or_default(),
        case_code,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn household() -> HouseholdInput {
        HouseholdInput {
            id: "a".repeat(32),
            council: "sy_dongfeng".into(),
            name: "马大爷".into(),
            place: "三社 12 号".into(),
            phone: "139 0000 1234".into(),
            note: String::new(),
        }
    }

    fn contact() -> ContactInput {
        ContactInput {
            id: "b".repeat(32),
            household: "c".repeat(32),
            on_date: "2026-11-20".into(),
            via: "visit".into(),
            heard: "反映村道路灯不亮。".into(),
            case_code: String::new(),
        }
    }

    fn fields(e: AppError) -> Vec<String> {
        match e {
            AppError::Invalid(errors) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_household_keeps_its_phone_as_digits() {
        let checked = check_household(&household()).unwrap();
        assert_eq!(checked.phone, "13900001234");
        assert_eq!(checked.name, "马大爷");
    }

    #[test]
    fn a_household_needs_a_name_and_a_real_phone() {
        let mut input = household();
        input.name = "  ".into();
        input.phone = "12345".into();
        let f = fields(check_household(&input).unwrap_err());
        assert!(f.contains(&"name".to_string()));
        assert!(f.contains(&"phone".to_string()));
        // No phone at all is fine: many elderly residents have none.
        input = household();
        input.phone = String::new();
        assert_eq!(check_household(&input).unwrap().phone, "");
    }

    #[test]
    fn a_contact_is_neither_in_the_future_nor_before_the_council() {
        let c = contact();
        assert!(check_contact(&c, "2026-11-20", "2020-01-01").is_ok());
        assert_eq!(
            fields(check_contact(&c, "2026-11-19", "2020-01-01").unwrap_err()),
            ["on_date"]
        );
        assert_eq!(
            fields(check_contact(&c, "2026-12-01", "2026-11-21").unwrap_err()),
            ["on_date"]
        );
    }

    #[test]
    fn a_contact_says_how_and_keeps_a_case_code_tidy() {
        let mut c = contact();
        c.via = "letter".into();
        assert_eq!(
            fields(check_contact(&c, "2026-12-01", "2020-01-01").unwrap_err()),
            ["via"]
        );
        c = contact();
        let code = crate::base::ids::make_tracking_code("SY", 12_345_678_901_234).0;
        c.case_code = format!(" {} ", code.to_lowercase());
        let checked = check_contact(&c, "2026-12-01", "2020-01-01").unwrap();
        assert_eq!(checked.case_code, Some(code));
        c.case_code = "<script>".into();
        assert_eq!(
            fields(check_contact(&c, "2026-12-01", "2020-01-01").unwrap_err()),
            ["case_code"]
        );
    }
}
