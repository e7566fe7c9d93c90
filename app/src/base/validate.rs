//! Checks shared by every admin form: what a name or a note may contain. Plain Rust, no I/O.
use crate::base::error::{AppError, FieldError};
use crate::base::text::t;

/// Collects field errors so a form reports every problem at once.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn add(&mut self, field: &str, message: &str) {
        self.0.push(FieldError {
            field: field.to_string(),
            message: message.to_string(),
        });
    }

    /// Keeps the value when it is fine, records the problem otherwise.
    pub fn check<T>(&mut self, field: &str, result: Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0x200D | 0x2B00..=0x2BFF)
}

fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control())
}

/// Characters nobody types on purpose that change how the text around them reads: bidirectional
/// overrides and isolates (a name that reads backwards), zero-width spaces and joiners (two names
/// that look alike but differ), the byte-order mark, and Unicode's noncharacters.
fn is_hidden(c: char) -> bool {
    let n = c as u32;
    matches!(
        n,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x180B..=0x180E | 0x200B..=0x200F
            | 0x2028..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0x3164 | 0xFE00..=0xFE0E
            | 0xFEFF | 0xFFA0 | 0xFDD0..=0xFDEF | 0xFFF9..=0xFFFB | 0xE0000..=0xE007F
    ) || n & 0xFFFE == 0xFFFE
}

/// Whether the text holds a hidden character. A zero-width joiner between two emoji is part of
/// the emoji (a family, a flag) and allowed; anywhere else it is hidden like the rest.
pub fn has_hidden(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        if c == '\u{200D}' {
            let before = i.checked_sub(1).and_then(|j| chars.get(j));
            let after = chars.get(i + 1);
            !(before.is_some_and(|&b| is_emoji(b)) && after.is_some_and(|&a| is_emoji(a)))
        } else {
            is_hidden(c)
        }
    })
}

/// A proper name (a council, room, member, sector, team): required, at most `max` characters,
/// plain text without markup, emoji or control characters. Returns it trimmed.
pub fn name(value: &str, max: usize) -> Result<String, &'static str> {
    let value = value.trim();
    if value.is_empty() {
        return Err(t().err_required);
    }
    if value.chars().count() > max {
        return Err(t().err_too_long);
    }
    if has_control(value)
        || has_hidden(value)
        || value.contains(['<', '>'])
        || value.chars().any(is_emoji)
    {
        return Err(t().err_name_chars);
    }
    Ok(value.to_string())
}

/// Like `name`, but may be left empty.
pub fn optional_name(value: &str, max: usize) -> Result<String, &'static str> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        name(value, max)
    }
}

/// Free text (an address, hours, a note): may be empty, at most `max` characters, no control
/// characters except line breaks. Emoji and markup are kept as text.
pub fn note(value: &str, max: usize) -> Result<String, &'static str> {
    let value = value.trim().replace("\r\n", "\n");
    if value.chars().count() > max {
        return Err(t().err_too_long);
    }
    if value.chars().any(|c| c.is_control() && c != '\n') || has_hidden(&value) {
        return Err(t().err_control_chars);
    }
    Ok(value)
}

/// A record key that came from a form (a department, a recommendation): what our keys look like,
/// nothing else. Keys are bound as record ids anyway; this turns a forged one into a clear error.
pub fn is_record_key(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A path on this site to go back to (`next=`), or nothing. A browser reads `/\\evil`, `/\t/evil`
/// and `//evil` as another site: a back link must never lead there.
pub fn local_path(next: &str) -> Option<&str> {
    let rest = next.strip_prefix('/')?;
    let unsafe_char = |c: char| c == '\\' || c.is_control() || c.is_whitespace();
    let ok = !rest.starts_with('/') && !next.chars().any(unsafe_char) && next.len() <= 2000;
    ok.then_some(next)
}

/// A `HH:MM` time of day.
pub fn time_of_day(value: &str) -> Result<String, &'static str> {
    let value = value.trim();
    let ok = value.len() == 5
        && value.as_bytes()[2] == b':'
        && value[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && value[3..].parse::<u8>().is_ok_and(|m| m < 60)
        && value.bytes().filter(|b| b.is_ascii_digit()).count() == 4;
    ok.then(|| value.to_string()).ok_or(t().err_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_text() {
        assert_eq!(name("  东风村议事会 ", 60), Ok("东风村议事会".into()));
        assert_eq!(name("", 60), Err(t().err_required));
        assert_eq!(name(" \u{3000} ", 60), Err(t().err_required));
        assert_eq!(name("\t \n", 60), Err(t().err_required));
        assert_eq!(
            name("<script>alert(1)</script>", 60),
            Err(t().err_name_chars)
        );
        assert_eq!(name("议事会🎉", 60), Err(t().err_name_chars));
        assert_eq!(name("议\u{0}事", 60), Err(t().err_name_chars));
        assert_eq!(name(&"长".repeat(61), 60), Err(t().err_too_long));
        assert_eq!(
            name(&"长".repeat(60), 60).map(|s| s.chars().count()),
            Ok(60)
        );
        assert_eq!(optional_name("   ", 10), Ok(String::new()));
    }

    #[test]
    fn notes_keep_markup_and_emoji_as_text() {
        assert_eq!(note(" <b>周五</b> 🙂 ", 20), Ok("<b>周五</b> 🙂".into()));
        assert_eq!(note("a\u{7}", 20), Err(t().err_control_chars));
        assert_eq!(note(&"字".repeat(21), 20), Err(t().err_too_long));
    }

    #[test]
    fn hidden_characters_are_refused_in_names_and_notes() {
        for hidden in [
            "\u{202E}",
            "\u{202D}",
            "\u{2066}",
            "\u{2069}",
            "\u{200B}",
            "\u{200C}",
            "\u{200E}",
            "\u{2060}",
            "\u{FEFF}",
            "\u{FFFE}",
            "\u{FFFF}",
            "\u{1FFFE}",
            "\u{FDD0}",
            "\u{200D}",
        ] {
            let text = format!("王{hidden}大妈");
            assert_eq!(name(&text, 30), Err(t().err_name_chars), "{hidden:?}");
            assert_eq!(note(&text, 30), Err(t().err_control_chars), "{hidden:?}");
        }
        // A family emoji is joined by zero-width joiners: in a note it is an emoji, kept.
        assert_eq!(
            note("谢谢 👨\u{200D}👩\u{200D}👧", 30),
            Ok("谢谢 👨\u{200D}👩\u{200D}👧".into())
        );
        // Ordinary Chinese, full-width punctuation and the ideographic space pass.
        assert_eq!(name("张三（退休教师）", 30), Ok("张三（退休教师）".into()));
        assert_eq!(
            note("路灯坏了，\u{3000}晚上看不见！", 30).map(|s| s.chars().count()),
            Ok(12)
        );
    }

    #[test]
    fn back_links_stay_on_this_site() {
        assert_eq!(
            local_path("/admin/councils/x?tab=1"),
            Some("/admin/councils/x?tab=1")
        );
        assert_eq!(local_path("/"), Some("/"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "evil",
            "",
            "/ /evil",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn times_of_day() {
        assert_eq!(time_of_day("09:00"), Ok("09:00".into()));
        assert_eq!(time_of_day("23:59"), Ok("23:59".into()));
        for bad in ["24:00", "9:00", "09:60", "0900", "ab:cd", "+9:00"] {
            assert_eq!(time_of_day(bad), Err(t().err_time), "{bad}");
        }
    }

    #[test]
    fn problems_collect_every_field() {
        let mut p = Problems::default();
        assert_eq!(p.check("a", name("", 5)), None);
        assert_eq!(p.check("b", name("好", 5)), Some("好".to_string()));
        assert_eq!(p.check("c", name("太长了太长了", 5)), None);
        let err = p.into_result().unwrap_err();
        assert!(err.concerns_field("a") && err.concerns_field("c") && !err.concerns_field("b"));
    }
}
