//! A form sent without JavaScript and refused comes back with what was typed and why. The server
//! keeps both in the database for half an hour under a random key, and the redirect carries only
//! that key: never the text (it would sit in the browser's history and in proxy logs, and a link
//! with `?error=…` could make a page say whatever its author wanted), and any app server can
//! draw the page. Kept per client at a bounded rate, each value cut to a bounded length.
use crate::base::error::AppError;
use serde::{Deserialize, Serialize};

/// Values kept per form, and characters per value: more than any of our forms takes.
pub const MAX_FIELDS: usize = 16;
pub const MAX_VALUE_CHARS: usize = 4000;
/// How long a refused form waits to be shown.
pub const FLASH_MINUTES: i64 = 30;

/// A refused form: which form, what was typed, and the error to show with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form this was (`concern`, `note`, `attendance`, `close`, `rating`): a page shows a
    /// flash only in the form it came from.
    pub form: String,
    pub fields: Vec<(String, String)>,
    pub error: AppError,
}

impl Flash {
    pub fn new(form: &str, fields: &[(&str, &str)], error: AppError) -> Flash {
        Flash {
            form: form.to_string(),
            fields: fields
                .iter()
                .take(MAX_FIELDS)
                .map(|(k, v)| (k.to_string(), v.chars().take(MAX_VALUE_CHARS).collect()))
                .collect(),
            error,
        }
    }

    /// What was typed into `name`, if anything.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The flash if it belongs to `form`.
    pub fn of(flash: Option<Flash>, form: &str) -> Option<Flash> {
        flash.filter(|f| f.form == form)
    }
}

/// A flash key: 32 lowercase hex digits.
pub fn is_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_and_fields_counted() {
        let long = "字".repeat(MAX_VALUE_CHARS + 10);
        let many: Vec<(String, String)> =
            (0..40).map(|i| (format!("f{i}"), long.clone())).collect();
        let pairs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let flash = Flash::new("note", &pairs, AppError::RateLimited);
        assert_eq!(flash.fields.len(), MAX_FIELDS);
        assert!(flash
            .fields
            .iter()
            .all(|(_, v)| v.chars().count() == MAX_VALUE_CHARS));
        assert_eq!(
            flash.field("f0").map(|v| v.chars().count()),
            Some(MAX_VALUE_CHARS)
        );
        assert_eq!(flash.field("nope"), None);
        assert!(Flash::of(Some(flash.clone()), "note").is_some());
        assert!(Flash::of(Some(flash), "close").is_none());
    }

    #[test]
    fn keys_are_32_hex_digits() {
        assert!(is_key(&"a1".repeat(16)));
        assert!(!is_key("../../etc"));
        assert!(!is_key(&"A1".repeat(16)));
    }
}
