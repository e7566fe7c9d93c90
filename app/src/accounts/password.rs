//! Password rules and hashing (argon2id, PHC strings), and the one-time codes admins hand out.
use crate::base::text::t;

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

/// How long a one-time code stays good: the member signs in with it within three days or asks
/// for a new one.
pub const ONE_TIME_CODE_HOURS: i64 = 72;

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

/// Argon2 takes about 19 MiB and tens of milliseconds of CPU per hash: as many at once as the
/// machine has cores, so 500 sign-ins at once queue instead of taking 10 GB.
#[cfg(feature = "ssr")]
fn hashing() -> std::sync::Arc<tokio::sync::Semaphore> {
    use std::sync::{Arc, OnceLock};
    static PERMITS: OnceLock<Arc<tokio::sync::Semaphore>> = OnceLock::new();
    PERMITS
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            Arc::new(tokio::sync::Semaphore::new(cores))
        })
        .clone()
}

/// How many may wait for a hashing slot; beyond that the server says it is busy (503) at once.
#[cfg(feature = "ssr")]
pub const MAX_WAITING_HASHES: usize = 64;

/// One request waiting for a hashing slot. Counted down when dropped, however the wait ends:
/// a client that hangs up (its request future dropped) never leaves a waiter counted.
#[cfg(feature = "ssr")]
struct Waiting;

#[cfg(feature = "ssr")]
static WAITING: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cfg(feature = "ssr")]
impl Waiting {
    fn enter() -> Option<Waiting> {
        use std::sync::atomic::Ordering;
        if WAITING.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING_HASHES {
            WAITING.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Waiting)
    }
}

#[cfg(feature = "ssr")]
impl Drop for Waiting {
    fn drop(&mut self) {
        WAITING.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Runs `work` on a blocking thread once a hashing slot is free. The slot goes with the work
/// into its thread: a request cancelled mid-hash frees it only when the hash is done.
#[cfg(feature = "ssr")]
async fn with_hashing_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, crate::base::error::AppError> {
    use crate::base::error::AppError;
    let waiting = Waiting::enter().ok_or(AppError::Unavailable)?;
    let permit = hashing()
        .acquire_owned()
        .await
        .map_err(|_| AppError::Internal)?;
    drop(waiting);
    tokio::task::spawn_blocking(move || {
        #[cfg(test)]
        let running = peak::Running::start();
        let out = work();
        #[cfg(test)]
        drop(running);
        drop(permit);
        out
    })
    .await
    .map_err(|_| AppError::Internal)
}

/// How many hashes ran at once at most, for the test that holds it to the core count.
#[cfg(all(test, feature = "ssr"))]
mod peak {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUNNING: AtomicUsize = AtomicUsize::new(0);
    pub static PEAK: AtomicUsize = AtomicUsize::new(0);

    pub struct Running;

    impl Running {
        pub fn start() -> Running {
            let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
            PEAK.fetch_max(now, Ordering::SeqCst);
            Running
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            RUNNING.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// `verify` on a blocking thread, one of at most as many at once as there are cores.
#[cfg(feature = "ssr")]
pub async fn verify_off_thread(
    phc: String,
    password: String,
) -> Result<bool, crate::base::error::AppError> {
    with_hashing_slot(move || verify(&phc, &password)).await
}

/// `hash` on a blocking thread, like `verify_off_thread`.
#[cfg(feature = "ssr")]
pub async fn hash_off_thread(password: String) -> Result<String, crate::base::error::AppError> {
    with_hashing_slot(move || hash(&password))
        .await?
        .map_err(|_| crate::base::error::AppError::Internal)
}

/// Hashes a fresh one-time code.
#[cfg(feature = "ssr")]
pub async fn fresh_code() -> Result<(String, String), crate::base::error::AppError> {
    let code = one_time_code();
    let hash = hash_off_thread(code.clone()).await?;
    Ok((code, hash))
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

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_waiter_that_hangs_up_is_not_counted_for_ever() {
        let phc = hash("青山绿水2026").unwrap();
        // Hundreds of sign-ins abandoned while they wait for a slot...
        for _ in 0..200 {
            let waiting = tokio::spawn(verify_off_thread(phc.clone(), "不对".into()));
            waiting.abort();
        }
        // ...are not counted once gone: the queue empties (other tests hash at the same time,
        // so wait for it rather than expect it at once).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while WAITING.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            assert!(std::time::Instant::now() < deadline, "waiters left counted");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(
            verify_off_thread(phc, "青山绿水2026".into()).await,
            Ok(true)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn hashes_run_at_most_one_per_core_and_a_flood_is_told_the_server_is_busy() {
        let phc = hash("青山绿水2026").unwrap();
        let tries = (0..300).map(|_| verify_off_thread(phc.clone(), "不对".into()));
        let results = all_at_once(tries).await;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let busy = results.iter().filter(|r| r.is_err()).count();
        assert!(results.iter().filter_map(|r| r.as_ref().ok()).all(|ok| !ok));
        assert!(busy > 0 && busy <= 300 - cores, "{busy} of 300 told busy");
        let peak = peak::PEAK.load(std::sync::atomic::Ordering::SeqCst);
        assert!(
            peak >= 1 && peak <= cores,
            "{peak} at once on {cores} cores"
        );
    }

    /// Runs every future at once, each on the runtime, and collects their outputs in order.
    async fn all_at_once<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
    where
        F: std::future::Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let handles: Vec<_> = futures.map(tokio::spawn).collect();
        let mut out = Vec::new();
        for h in handles {
            out.push(h.await.unwrap());
        }
        out
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
