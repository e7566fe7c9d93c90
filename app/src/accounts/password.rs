//! Password rules and hashing (argon2id, PHC strings), and the one-time codes admins hand out.
use crate::text::t;

pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Whether a new password is acceptable; the message says why not.
pub fn check_new_password(password: &str) -> Result<(), &'static str> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(t().err_password_short);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(t().err_password_long);
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) || password.chars().all(|c| c.is_ascii_digit()) {
        return Err(t().err_password_weak);
    }
    Ok(())
}

/// Letters and digits that cannot be misread when read aloud or copied from a screen.
#[cfg(feature = "ssr")]
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// A one-time password an admin reads to a member: 12 characters, about 59 bits.
#[cfg(feature = "ssr")]
pub fn one_time_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..12)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

#[cfg(feature = "ssr")]
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

#[cfg(feature = "ssr")]
pub fn verify(phc: &str, password: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// `verify` on a blocking thread: argon2 takes tens of milliseconds of CPU.
#[cfg(feature = "ssr")]
pub async fn verify_off_thread(phc: String, password: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&phc, &password))
        .await
        .unwrap_or(false)
}

/// `hash` on a blocking thread.
#[cfg(feature = "ssr")]
pub async fn hash_off_thread(password: String) -> Result<String, crate::error::AppError> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|_| crate::error::AppError::Internal)?
        .map_err(|_| crate::error::AppError::Internal)
}

/// Checked against when no account matches, so a wrong login takes as long as a wrong password.
#[cfg(feature = "ssr")]
pub fn decoy_hash() -> &'static str {
    use std::sync::OnceLock;
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash("decoy password never used").unwrap_or_default())
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash("青山绿水2026").unwrap();
        let b = hash("青山绿水2026").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify(&a, "青山绿水2026"));
        assert!(!verify(&a, "青山绿水2025"));
        assert!(!verify("not a hash", "青山绿水2026"));
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        assert_eq!(check_new_password("abc"), Err(t().err_password_short));
        assert_eq!(check_new_password("12345678"), Err(t().err_password_weak));
        assert_eq!(check_new_password("aaaaaaaaaa"), Err(t().err_password_weak));
        assert_eq!(
            check_new_password(&"xy".repeat(65)),
            Err(t().err_password_long)
        );
        assert_eq!(
            check_new_password("板凳协商好办法"),
            Err(t().err_password_short)
        );
        assert_eq!(check_new_password("板凳协商好办法呀"), Ok(()));
    }

    #[test]
    fn one_time_codes_are_unambiguous_and_distinct() {
        let a = one_time_code();
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|c| CODE_ALPHABET.contains(&c)));
        assert!(!a.contains('O') && !a.contains('0') && !a.contains('I') && !a.contains('1'));
        assert_ne!(a, one_time_code());
        assert!(check_new_password(&a).is_ok());
    }
}
