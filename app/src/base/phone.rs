//! Phone numbers as residents and members type them: normalised to digits, shown masked.
//! A resident's phone is personal data: only those who need it see it, never a log.

/// A phone number, normalised to digits: a mobile (11 digits) or a landline with its area code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResidentPhone(pub String);

/// Normalises a phone number as residents type it: spaces, dashes, +86. Mobile (11 digits) or a
/// landline with its area code.
pub fn parse_phone(input: &str) -> Option<ResidentPhone> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let b = digits.as_bytes();
    let mobile = b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    let landline = (10..=12).contains(&b.len()) && b[0] == b'0' && b[1] != b'0';
    (mobile || landline).then(|| ResidentPhone(digits.to_string()))
}

/// `13912340000` → `139****0000`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised() {
        assert_eq!(
            parse_phone("139 0000 1234"),
            Some(ResidentPhone("13900001234".into()))
        );
        assert_eq!(
            parse_phone("+86 139-0000-1234"),
            Some(ResidentPhone("13900001234".into()))
        );
        assert_eq!(
            parse_phone("0930-1234567"),
            Some(ResidentPhone("09301234567".into()))
        );
        assert_eq!(parse_phone("12345"), None);
        assert_eq!(parse_phone("12900001234"), None);
        assert_eq!(parse_phone("1390000123a"), None);
        assert_eq!(parse_phone("１３９００００１２３４"), None);
    }

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13912340000"), "139****0000");
        assert_eq!(mask_phone("123"), "***");
    }
}
