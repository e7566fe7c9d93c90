//! The resident behind a case, without an account: the browser that raised it holds a random
//! token in an HttpOnly cookie (only its hash is kept on the case), and a phone that passed the
//! one-time check of `/c/find` holds that check. Either proves "this is my concern"; a tracking
//! code alone only lets one read the public page.
use crate::base::error::AppError;
use crate::server::browser::token_hash;
pub use crate::server::browser::{device_for, device_token, DEVICE_COOKIE};
use crate::server::{db::Db, state::AppState};
use axum::http::HeaderMap;

/// What a request proves about who raised a case.
#[derive(Debug, Clone, Default)]
pub struct ResidentProof {
    /// The hash of this browser's token.
    pub device_hash: Option<String>,
    /// The phone number this browser passed the one-time check for.
    pub phone: Option<String>,
}

impl ResidentProof {
    pub async fn of(db: &Db, headers: &HeaderMap) -> Result<ResidentProof, AppError> {
        let phone = match crate::cases::lookup::handlers::token_from_headers(headers) {
            Some(token) => crate::cases::lookup::handlers::verified_phone(db, token).await?,
            None => None,
        };
        Ok(ResidentProof {
            device_hash: device_token(headers).map(token_hash),
            phone,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.device_hash.is_none() && self.phone.is_none()
    }
}

/// Whether the proof names the resident who raised this case. A member who entered a case with
/// their own number as the resident's does not get to rate it by checking that number.
pub async fn raised(
    db: &Db,
    code: &crate::cases::TrackingCode,
    proof: &ResidentProof,
) -> Result<bool, AppError> {
    if proof.is_empty() {
        return Ok(false);
    }
    let mut response = db
        .query(
            "RETURN count(SELECT id FROM case WHERE tracking_code = $code
                 AND (($device != NONE AND raised_device = $device)
                   OR ($phone != NONE AND resident_phone = $phone
                       AND (raised_by = NONE OR raised_by.phone != $phone)))) > 0",
        )
        .bind(("code", code.0.clone()))
        .bind(("device", proof.device_hash.clone()))
        .bind(("phone", proof.phone.clone()))
        .await?
        .check()?;
    Ok(response.take::<Option<bool>>(0)?.unwrap_or(false))
}

/// The proof of the current request, inside a server function or a page rendered on the server.
pub async fn current_proof(state: &AppState) -> Result<ResidentProof, AppError> {
    let headers = leptos_axum::extract::<HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    ResidentProof::of(&state.db, &headers).await
}

/// The gate of a resident's own posts about their case (a rating, stopping texts): the policy,
/// the lookup budget, a well-formed code (404) and the proof that the case is theirs (403):
/// the code alone is not enough to speak for the resident.
pub async fn own_case(
    state: &AppState,
    client: crate::server::client_ip::ClientKey,
    headers: &HeaderMap,
    code: &str,
) -> Result<crate::cases::TrackingCode, AppError> {
    crate::auth::authorize_route(&state.db, headers, crate::auth::Action::ViewCaseByCode).await?;
    if !state.lookup_limiter.allow(client) {
        return Err(AppError::RateLimited);
    }
    let code =
        crate::cases::intake::logic::parse_tracking_code(code).map_err(|_| AppError::NotFound)?;
    let proof = ResidentProof::of(&state.db, headers).await?;
    if !raised(&state.db, &code, &proof).await? {
        return Err(AppError::Forbidden);
    }
    Ok(code)
}
