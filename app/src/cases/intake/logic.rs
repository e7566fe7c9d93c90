//! Rules of intake in plain Rust: tracking codes and the validation of a resident's concern.
use crate::base::error::{AppError, FieldError};
pub use crate::base::ids::{
    make_legacy_tracking_code, make_tracking_code, parse_tracking_code, CodeProblem, CODE_SPACE,
};
use crate::base::phone::parse_phone;
use crate::base::text::t;
use crate::cases::{ConcernForm, ValidConcern};

pub const TITLE_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 2000;
pub const NAME_MAX: usize = 30;

fn has_control_chars(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
        || crate::base::validate::has_hidden(s)
}

/// Trims and normalises line breaks, so that the limits count what the person sees.
fn clean(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// Checks every field and reports every problem at once, so a person fixes them in one go.
pub fn validate_concern(form: &ConcernForm) -> Result<ValidConcern, AppError> {
    let text = t();
    let mut errors = Vec::new();
    let mut fail = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.to_string(),
            message: message.to_string(),
        })
    };

    let title = clean(&form.title).replace('\n', " ");
    if title.is_empty() {
        fail("title", text.err_title_empty);
    } else if title.chars().count() > TITLE_MAX {
        fail("title", text.err_title_long);
    }
    let description = clean(&form.description);
    if description.is_empty() {
        fail("description", text.err_description_empty);
    } else if description.chars().count() > DESCRIPTION_MAX {
        fail("description", text.err_description_long);
    }
    let name = clean(&form.resident_name);
    if name.chars().count() > NAME_MAX {
        fail("resident_name", text.err_name_long);
    }
    for (field, value) in [
        ("title", &title),
        ("description", &description),
        ("resident_name", &name),
    ] {
        if has_control_chars(value) {
            fail(field, text.err_control_chars);
        }
    }
    let phone_input = form.resident_phone.trim();
    let phone = if phone_input.is_empty() {
        None
    } else {
        let parsed = parse_phone(phone_input);
        if parsed.is_none() {
            fail("resident_phone", text.err_phone_format);
        }
        parsed
    };
    if !form.consent {
        fail("consent", text.err_consent);
    }
    if !is_submission_id(&form.submission_id) {
        fail("submission_id", text.err_form_expired);
    }

    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(ValidConcern {
        submission_id: form.submission_id.clone(),
        title,
        description,
        resident_name: (!name.is_empty()).then_some(name),
        resident_phone: phone,
    })
}

/// A submission id is 128 random bits in lowercase hex, rendered into the form by the server.
pub fn is_submission_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ConcernForm {
        ConcernForm {
            submission_id: "0123456789abcdef0123456789abcdef".into(),
            title: "村口路灯不亮".into(),
            description: "东风村村口的路灯坏了两个月，晚上走路看不见。".into(),
            resident_name: "王大妈".into(),
            resident_phone: "139 0000 1234".into(),
            consent: true,
        }
    }

    #[test]
    fn a_good_form_is_cleaned() {
        let valid = validate_concern(&ConcernForm {
            title: "  村口路灯不亮 💡 ".into(),
            description: "第一行\r\n第二行\n".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(valid.title, "村口路灯不亮 💡");
        assert_eq!(valid.description, "第一行\n第二行");
        assert_eq!(
            valid.resident_phone,
            Some(crate::base::phone::ResidentPhone("13900001234".into()))
        );
        assert_eq!(valid.resident_name.as_deref(), Some("王大妈"));
    }

    #[test]
    fn optional_fields_may_stay_empty() {
        let valid = validate_concern(&ConcernForm {
            resident_name: "   ".into(),
            resident_phone: "".into(),
            ..form()
        })
        .unwrap();
        assert_eq!(valid.resident_name, None);
        assert_eq!(valid.resident_phone, None);
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        let sixty = "路".repeat(TITLE_MAX);
        assert!(validate_concern(&ConcernForm {
            title: sixty.clone(),
            ..form()
        })
        .is_ok());
        let err = validate_concern(&ConcernForm {
            title: sixty + "灯",
            ..form()
        })
        .unwrap_err();
        assert!(err.concerns_field("title"));
        let long = "😀".repeat(DESCRIPTION_MAX + 1);
        let err = validate_concern(&ConcernForm {
            description: long,
            ..form()
        })
        .unwrap_err();
        assert!(err.concerns_field("description"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = validate_concern(&ConcernForm {
            submission_id: "not-an-id".into(),
            title: " \n ".into(),
            description: "".into(),
            resident_name: "名".repeat(NAME_MAX + 1),
            resident_phone: "123".into(),
            consent: false,
        })
        .unwrap_err();
        for field in [
            "title",
            "description",
            "resident_name",
            "resident_phone",
            "consent",
            "submission_id",
        ] {
            assert!(err.concerns_field(field), "{field}: {err:?}");
        }
        assert_eq!(err.status(), 400);
    }

    #[test]
    fn control_characters_are_refused_but_markup_is_just_text() {
        let err = validate_concern(&ConcernForm {
            title: "路灯\u{0}".into(),
            ..form()
        })
        .unwrap_err();
        assert!(err.concerns_field("title"));
        let ok = validate_concern(&ConcernForm {
            title: "<script>alert(1)</script>".into(),
            ..form()
        });
        assert_eq!(ok.unwrap().title, "<script>alert(1)</script>");
    }
}
