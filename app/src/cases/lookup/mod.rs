//! A resident finds all their cases by phone number. Knowing a number is not enough: a six-digit
//! code goes to that phone by text message, and only the browser that asked (it holds a random
//! token in an HttpOnly cookie) can use it, once, within ten minutes, with five tries. The answer
//! to "send me a code" is the same whether or not the number has cases, so nobody learns who
//! raised what. Plain form posts: works without JavaScript.
#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;

use crate::base::error::AppError;
use crate::cases::{CaseStatus, TrackingCode};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A code is valid this long after it is sent.
pub const CODE_MINUTES: i64 = 10;
/// After the check, the list stays open this long in that browser.
pub const VERIFIED_MINUTES: i64 = 30;
pub const MAX_TRIES: i64 = 5;
/// Codes sent to one number per hour, whoever asks.
pub const CODES_PER_PHONE_HOUR: usize = 3;

/// One of the resident's cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyCaseLine {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub status: CaseStatus,
    pub submitted_at: String,
    pub room_name: String,
}

/// What `/c/mine` shows after the check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyCases {
    /// `139****0000`: enough to recognise, not enough to copy.
    pub phone_masked: String,
    pub cases: Vec<MyCaseLine>,
}

/// What went wrong, as the page's query names it, in words.
pub fn problem_message(key: &str) -> Option<&'static str> {
    let t = crate::base::text::t();
    Some(match key {
        "phone" => t.err_phone_format,
        "limited" => t.err_rate_limited,
        "expired" => t.find_err_expired,
        "wrong" => t.find_err_wrong,
        "tries" => t.find_err_tries,
        _ => return None,
    })
}

/// A six-digit code, checked for shape only.
pub fn is_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

/// The resident's cases, for the browser that passed the check.
#[server(endpoint = "my_cases")]
pub async fn get_my_cases() -> Result<MyCases, AppError> {
    crate::auth::authorize(crate::auth::Action::FindCasesByPhone).await?;
    let state = crate::server::state::app_state()?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    let phone = match handlers::token_from_headers(&headers) {
        Some(token) => handlers::verified_phone(&state.db, token).await?,
        None => None,
    };
    let Some(phone) = phone else {
        return Err(AppError::Unauthenticated);
    };
    Ok(MyCases {
        phone_masked: crate::base::phone::mask_phone(&phone),
        cases: handlers::cases_of(&state.db, &phone).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_digits() {
        assert!(is_code("012345"));
        for bad in ["12345", "1234567", "12345a", "１２３４５６", ""] {
            assert!(!is_code(bad), "{bad}");
        }
    }

    #[test]
    fn every_problem_has_words() {
        for key in ["phone", "limited", "expired", "wrong", "tries"] {
            assert!(problem_message(key).is_some(), "{key}");
        }
        assert_eq!(problem_message("<script>"), None);
    }
}
