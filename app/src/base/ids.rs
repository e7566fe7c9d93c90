//! The ids and codes people and pages hand around, each checking itself: a resident's tracking
//! code (with its check digit), a room's code, the ids phones and pages make for what they create.
use serde::{Deserialize, Serialize};

/// The code a resident keeps to follow their case, e.g. `SY-28461-93015-27365` (`SY-2026-482915` before 2026-12).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrackingCode(pub String);

impl TrackingCode {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A code of the first shape (`SY-2026-482915`): five random digits, few enough to walk
    /// through, so it shows less to whoever holds it.
    pub fn is_legacy(&self) -> bool {
        self.0.bytes().filter(u8::is_ascii_digit).count() == 10
    }
}

impl std::fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A room's public code, as in `/r/sy-dongfeng`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoomCode(pub String);

impl RoomCode {
    /// Lowercase ASCII letters, digits and inner dashes, 3 to 32 long: safe in a URL and on a poster.
    pub fn parse(input: &str) -> Option<RoomCode> {
        let code = input.trim().to_ascii_lowercase();
        let b = code.as_bytes();
        let ok_len = (3..=32).contains(&b.len());
        let ok_chars = b
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        let ok_ends = ok_len && b[0] != b'-' && b[b.len() - 1] != b'-';
        (ok_len && ok_chars && ok_ends).then_some(RoomCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id a phone or a page gives what it is about to create (a note, a correction, a session,
/// a recommendation...): 32 lowercase hex digits. The server keys the record by it, so sending
/// it again can never make a second one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NoteId(pub String);

impl TryFrom<String> for NoteId {
    type Error = &'static str;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        NoteId::parse(&text).ok_or("not a note id")
    }
}

impl From<NoteId> for String {
    fn from(id: NoteId) -> String {
        id.0
    }
}

impl NoteId {
    /// Accepts a UUID with or without hyphens, any case.
    pub fn parse(text: &str) -> Option<NoteId> {
        let hex: String = text
            .trim()
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_ascii_lowercase();
        (hex.len() == 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(NoteId(hex))
    }
}

/// Declares a key of one kind of record as pages and URLs carry it: what our keys look like
/// (ASCII letters, digits and `_`, 1 to 64 long), checked wherever one is made or deserialized,
/// so a forged one is a clear 400 before any policy or query sees it. It reads as a `&str`.
macro_rules! record_key {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            pub fn parse(text: &str) -> Option<$name> {
                crate::base::validate::is_record_key(text).then(|| $name(text.to_string()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// A key read back from our own records, which made it: not checked again.
            #[cfg(feature = "ssr")]
            pub fn from_db(key: impl Into<String>) -> $name {
                $name(key.into())
            }
        }

        impl TryFrom<String> for $name {
            type Error = &'static str;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                if crate::base::validate::is_record_key(&text) {
                    Ok($name(text))
                } else {
                    Err(concat!("not a ", stringify!($name)))
                }
            }
        }

        impl From<$name> for String {
            fn from(key: $name) -> String {
                key.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }
    };
}

record_key! {
    /// A council's key, as in `/admin/councils/sy_xinjian`.
    CouncilKey
}

record_key! {
    /// An area's key (a village, town, district, city or province), as in `area:nanshan`.
    AreaKey
}

record_key! {
    /// A review body's key: a district committee's staff (专委会) or the chairs' secretariat.
    ReviewBodyKey
}

/// Who holds a level of a council's review chain (三级会审): a council's managers (the council
/// itself, or the station above it), or the staff of a review body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Holder {
    Council(CouncilKey),
    Body(ReviewBodyKey),
}

impl Holder {
    /// As a form carries it: `council:sy_town`, `review_body:yongjing_chair`.
    pub fn code(&self) -> String {
        match self {
            Holder::Council(key) => format!("council:{key}"),
            Holder::Body(key) => format!("review_body:{key}"),
        }
    }

    pub fn parse(code: &str) -> Option<Holder> {
        let (table, key) = code.split_once(':')?;
        match table {
            "council" => CouncilKey::parse(key).map(Holder::Council),
            "review_body" => ReviewBodyKey::parse(key).map(Holder::Body),
            _ => None,
        }
    }
}

/// Damm's quasigroup: its check digit catches every single-digit typo and every swap of neighbours.
const DAMM: [[u8; 10]; 10] = [
    [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
    [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
    [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
    [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
    [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
    [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
    [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
    [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
    [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
    [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

/// The Damm check digit of a string of ASCII digits.
pub fn damm_digit(digits: &str) -> u8 {
    digits.bytes().fold(0u8, |interim, b| {
        DAMM[interim as usize][(b - b'0') as usize]
    })
}

/// Whether a council prefix uses only unambiguous capitals (no I, no O), two to four of them.
pub fn is_valid_prefix(prefix: &str) -> bool {
    (2..=4).contains(&prefix.len())
        && prefix
            .bytes()
            .all(|b| b.is_ascii_uppercase() && b != b'I' && b != b'O')
}

/// Random digits in a tracking code: 10^14 codes, about 46.5 bits, so that nobody walks through
/// the codes of a council (the old codes had five, 100,000 per council and year).
pub const CODE_RANDOM_DIGITS: usize = 14;
/// The largest random part plus one.
pub const CODE_SPACE: u64 = 100_000_000_000_000;

/// Builds `PREFIX-NNNNN-NNNNN-NNNNC`: fourteen random digits and a Damm check digit, in groups of
/// five that read out like a phone number and type on a number pad.
pub fn make_tracking_code(prefix: &str, random: u64) -> TrackingCode {
    let body = format!("{:014}", random % CODE_SPACE);
    let digits = format!("{body}{}", damm_digit(&body));
    TrackingCode(format!(
        "{prefix}-{}-{}-{}",
        &digits[..5],
        &digits[5..10],
        &digits[10..]
    ))
}

/// Builds a code of the first shape, `PREFIX-YYYY-NNNNNC`, as issued until 2026: they keep
/// working. Only tests and old records have them.
pub fn make_legacy_tracking_code(prefix: &str, year: i32, random: u32) -> TrackingCode {
    let body = format!("{year:04}{:05}", random % 100_000);
    let check = damm_digit(&body);
    TrackingCode(format!("{prefix}-{year:04}-{}{check}", &body[4..]))
}

/// Why a typed tracking code cannot be looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not the shape of a code at all.
    Malformed,
    /// The right shape, but the check digit says a digit was mistyped.
    Mistyped,
}

/// Reads a code as a person types it on a phone: any case, with or without dashes or spaces,
/// O for 0 and I or L for 1 among the digits. Both shapes: 15 digits (current) or 10 (the first
/// codes, year and six digits).
pub fn parse_tracking_code(input: &str) -> Result<TrackingCode, CodeProblem> {
    let compact: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.len() > 40 {
        return Err(CodeProblem::Malformed);
    }
    // The digits are the last 15 (or, in the first codes, 10) characters: a letter O, I or L
    // among them, even the first, is a digit typed as a letter, never part of the prefix.
    let split = [CODE_RANDOM_DIGITS + 1, 10].into_iter().find_map(|n| {
        let (prefix, rest) = compact.split_at(compact.len().checked_sub(n)?);
        let digits: String = rest
            .chars()
            .map(|c| match c {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            })
            .collect();
        (is_valid_prefix(prefix) && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (prefix.to_string(), digits))
    });
    let Some((prefix, digits)) = split else {
        return Err(CodeProblem::Malformed);
    };
    if damm_digit(&digits) != 0 {
        return Err(CodeProblem::Mistyped);
    }
    Ok(TrackingCode(if digits.len() == 10 {
        format!("{prefix}-{}-{}", &digits[..4], &digits[4..])
    } else {
        format!(
            "{prefix}-{}-{}-{}",
            &digits[..5],
            &digits[5..10],
            &digits[10..]
        )
    }))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_holder_reads_back_from_its_code_and_nothing_else_passes() {
        for holder in [
            Holder::Council(CouncilKey::parse("sy_town").unwrap()),
            Holder::Body(ReviewBodyKey::parse("yongjing_chair").unwrap()),
        ] {
            assert_eq!(Holder::parse(&holder.code()), Some(holder));
        }
        for bad in [
            "",
            "sy_town",
            "account:a1",
            "council:",
            "council:a b",
            "review_body:x;y",
        ] {
            assert_eq!(Holder::parse(bad), None, "{bad}");
        }
    }

    use super::*;

    /// A council key refuses to exist in any shape our keys never have, however it arrives.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_council_key_checks_itself_when_read() {
        let read = |json: &str| serde_json::from_str::<CouncilKey>(json).ok();
        assert_eq!(read("\"sy_xinjian\"").as_deref(), Some("sy_xinjian"));
        for forged in ["\"\"", "\"../x\"", "\"a-b\"", "\"council:x\"", "\"新建\""] {
            assert_eq!(read(forged), None, "{forged}");
        }
        assert_eq!(read(&format!("\"{}\"", "k".repeat(65))), None);
        assert_eq!(
            CouncilKey::parse("sy_town").map(String::from),
            Some("sy_town".into())
        );
    }

    #[test]
    fn generated_codes_parse_back_and_carry_a_valid_check_digit() {
        for random in [0, 1, 7, 12_345, 99_999_999_999_999, CODE_SPACE + 42] {
            let code = make_tracking_code("SY", random);
            assert_eq!(code.0.len(), "SY-00000-00000-00000".len(), "{code:?}");
            assert_eq!(parse_tracking_code(&code.0), Ok(code.clone()));
        }
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn codes_carry_at_least_forty_random_bits() {
        assert!((CODE_SPACE as f64).log2() >= 40.0);
        assert_eq!(10u64.pow(CODE_RANDOM_DIGITS as u32), CODE_SPACE);
        let a = make_tracking_code("SY", rand::random_range(0..CODE_SPACE));
        let b = make_tracking_code("SY", rand::random_range(0..CODE_SPACE));
        assert_ne!(a, b);
    }

    #[test]
    fn codes_issued_before_keep_working() {
        let old = make_legacy_tracking_code("SY", 2026, 48_291);
        assert_eq!(old.0.len(), "SY-2026-000000".len());
        assert_eq!(parse_tracking_code(&old.0), Ok(old.clone()));
        assert_eq!(
            parse_tracking_code(&old.0.replace('-', "").to_lowercase()),
            Ok(old)
        );
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        let code = make_tracking_code("NS", 4821);
        let digits = code.0.replace('-', "");
        assert_eq!(
            parse_tracking_code(&digits.to_lowercase()),
            Ok(code.clone())
        );
        assert_eq!(
            parse_tracking_code(&format!(" {} ", code.0)),
            Ok(code.clone())
        );
        let spaced = code.0.replace('-', " ");
        assert_eq!(parse_tracking_code(&spaced), Ok(code.clone()));
        let with_letter_o = code.0.replacen('0', "O", 1);
        assert_eq!(parse_tracking_code(&with_letter_o), Ok(code.clone()));
        // Every zero typed as O and every one as l: still the same code.
        let lettered = code.0.replace('0', "o").replace('1', "l");
        assert_eq!(parse_tracking_code(&lettered), Ok(code));
        let legacy = make_legacy_tracking_code("SL", 2026, 1);
        assert_eq!(parse_tracking_code(&legacy.0.replace('-', "")), Ok(legacy));
    }

    /// Each digit of each code shape, replaced by each other digit.
    fn single_typos(code: &TrackingCode) -> Vec<String> {
        let chars: Vec<char> = code.0.chars().collect();
        let mut typos = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            let Some(d) = c.to_digit(10) else { continue };
            for other in (0..10).filter(|&o| o != d) {
                let mut typo = chars.clone();
                typo[i] = char::from_digit(other, 10).unwrap();
                typos.push(typo.into_iter().collect());
            }
        }
        typos
    }

    /// Each pair of neighbouring, different digits, swapped (dashes between them skipped, as a
    /// person typing the digits alone would skip them).
    fn neighbour_swaps(code: &TrackingCode) -> Vec<String> {
        let (prefix, _) = code.0.split_once('-').unwrap();
        let digits: Vec<char> = code.0.chars().filter(char::is_ascii_digit).collect();
        (0..digits.len() - 1)
            .filter(|&i| digits[i] != digits[i + 1])
            .map(|i| {
                let mut swapped = digits.clone();
                swapped.swap(i, i + 1);
                format!("{prefix}{}", swapped.into_iter().collect::<String>())
            })
            .collect()
    }

    #[test]
    fn every_single_digit_typo_is_caught() {
        for code in [
            make_tracking_code("SY", 31_415_926_535_897),
            make_tracking_code("SY", 0),
            make_legacy_tracking_code("SY", 2026, 31_415),
        ] {
            for typo in single_typos(&code) {
                assert_eq!(
                    parse_tracking_code(&typo),
                    Err(CodeProblem::Mistyped),
                    "{typo}"
                );
            }
        }
    }

    #[test]
    fn swapped_neighbouring_digits_are_caught() {
        for code in [
            make_tracking_code("SY", 13_579_246_801_357),
            make_legacy_tracking_code("SY", 2026, 13_579),
        ] {
            let swaps = neighbour_swaps(&code);
            assert!(swaps.len() >= 5, "{code}");
            for swapped in swaps {
                assert_eq!(
                    parse_tracking_code(&swapped),
                    Err(CodeProblem::Mistyped),
                    "{swapped}"
                );
            }
        }
    }

    #[test]
    fn malformed_codes_are_told_apart_from_mistyped_ones() {
        for bad in [
            "",
            "SY",
            "SY-2026-12345",
            "SY-2026-1234567",
            "IO-2026-123456",
            "S-2026-123456",
            "好-2026-123456",
            "SY-12345-12345-1234",
            "SY-12345-12345-123456",
            "12345-12345-12345",
        ] {
            assert_eq!(
                parse_tracking_code(bad),
                Err(CodeProblem::Malformed),
                "{bad}"
            );
        }
        assert_eq!(
            parse_tracking_code(&"SY1".repeat(30)),
            Err(CodeProblem::Malformed)
        );
    }

    #[test]
    fn prefixes_avoid_letters_that_look_like_digits() {
        assert!(is_valid_prefix("SY"));
        assert!(is_valid_prefix("ABCD"));
        assert!(!is_valid_prefix("SO"));
        assert!(!is_valid_prefix("SI"));
        assert!(!is_valid_prefix("sy"));
        assert!(!is_valid_prefix("ABCDE"));
    }
}
