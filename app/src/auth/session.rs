//! The session cookie: a random token for the browser, only its SHA-256 in the database, so a
//! copy of the database does not let anyone sign in.
pub use crate::server::browser::{new_token, token_hash, token_in_headers};

pub const COOKIE_NAME: &str = "bandeng_session";
/// Sessions last 30 days; signing out or a password change ends them sooner.
pub const SESSION_DAYS: i64 = 30;

/// The session token from a `Cookie` header, if it looks like one of ours.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    crate::server::browser::named_token(header, COOKIE_NAME)
}

/// The session token of a request, from any of its `Cookie` headers.
pub fn token_from_headers(headers: &axum::http::HeaderMap) -> Option<&str> {
    token_in_headers(headers, COOKIE_NAME)
}

/// `Set-Cookie` for a new session: never readable by scripts, not sent on cross-site posts.
pub fn set_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_DAYS * 24 * 3600;
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The cookie marking a browser that has signed in to an account before (`store::remember_device`).
pub const KNOWN_DEVICE_COOKIE: &str = "bandeng_known";

/// `Set-Cookie` for a known device: a year, never readable by scripts.
pub fn known_device_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = 365 * 24 * 3600;
    format!("{KNOWN_DEVICE_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// Where to go after signing in: only a path on this site, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::base::validate::local_path)
        .unwrap_or("/admin")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashed() {
        let a = new_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
    }

    #[test]
    fn the_cookie_is_found_among_others_and_checked() {
        let t = new_token();
        let header = format!("theme=dark; {COOKIE_NAME}={t}; x=1");
        assert_eq!(token_from_cookie_header(&header), Some(t.as_str()));
        assert_eq!(token_from_cookie_header("bandeng_session=short"), None);
        assert_eq!(token_from_cookie_header("other=1"), None);
        let forged = format!("{COOKIE_NAME}={}", "z".repeat(64));
        assert_eq!(token_from_cookie_header(&forged), None);
    }

    #[test]
    fn the_cookie_is_httponly_lax_and_secure_on_https() {
        let c = set_cookie("abc", false);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        assert!(set_cookie("abc", true).ends_with("; Secure"));
        assert!(clear_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin/councils/x")), "/admin/councils/x");
        assert_eq!(safe_next(Some("//evil.example")), "/admin");
        assert_eq!(safe_next(Some("https://evil.example")), "/admin");
        assert_eq!(safe_next(Some("/\\evil.example")), "/admin");
        assert_eq!(safe_next(Some("/\tevil.example")), "/admin");
        assert_eq!(safe_next(None), "/admin");
    }
}
