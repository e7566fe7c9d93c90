//! What the server hands a browser to know it again: random tokens in HttpOnly cookies, of which
//! the database keeps only a SHA-256 (a copy of the database lets nobody in), and the token of a
//! resident's browser (`bandeng_device`), which names it to the concerns it raised.
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};

/// 256 random bits, hex.
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The token in cookie `name` of a `Cookie` header: 64 hex digits, like every token we hand out.
pub fn named_token<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The token in cookie `name` of a request, from any of its `Cookie` headers.
pub fn token_in_headers<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| named_token(header, name))
}

/// The cookie holding a resident's phone check (`/c/find`).
pub const CHECK_COOKIE: &str = "bandeng_check";

/// The cookie naming this browser to the cases it raised.
pub const DEVICE_COOKIE: &str = "bandeng_device";
/// A year: an elderly resident rates a result months after raising the concern.
const DEVICE_DAYS: i64 = 365;

/// This browser's token, if it has one of ours.
pub fn device_token(headers: &HeaderMap) -> Option<&str> {
    token_in_headers(headers, DEVICE_COOKIE)
}

/// The browser's token, or a new one with the `Set-Cookie` that gives it to the browser.
pub fn device_for(headers: &HeaderMap, secure: bool) -> (String, Option<String>) {
    match device_token(headers) {
        Some(token) => (token.to_string(), None),
        None => {
            let token = new_token();
            let secure = if secure { "; Secure" } else { "" };
            let max_age = DEVICE_DAYS * 24 * 3600;
            let cookie = format!(
                "{DEVICE_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
            );
            (token, Some(cookie))
        }
    }
}

/// `Set-Cookie` that removes cookie `name` (set with `Path=/`).
pub fn expired_cookie(name: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}
