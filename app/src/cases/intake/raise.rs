//! Raising a concern: the one path shared by the server function (with JavaScript) and the plain
//! form POST (without).
use super::{logic, store};
use crate::base::error::AppError;
use crate::base::ids::RoomCode;
use crate::cases::{ConcernForm, IntakeReceipt};
use crate::server::client_ip::ClientKey;
use crate::server::state::AppState;

/// Stores the concern for the resident in the browser holding `device` (its token).
pub async fn raise_concern(
    state: &AppState,
    room_code: &str,
    form: &ConcernForm,
    client: ClientKey,
    device: &str,
) -> Result<IntakeReceipt, AppError> {
    let room_code = RoomCode::parse(room_code).ok_or(AppError::NotFound)?;
    let concern = logic::validate_concern(form)?;
    // A resend (double tap, flaky link, back-and-resubmit) gets its case back and costs nothing.
    if let Some(existing) = store::find_by_submission(&state.db, &concern.submission_id).await? {
        return Ok(IntakeReceipt {
            tracking_code: existing,
            created: false,
        });
    }
    if !state.intake_limiter.allow(client) {
        tracing::warn!("intake rate limit hit");
        return Err(AppError::RateLimited);
    }
    let target = store::intake_target(&state.db, &room_code)
        .await?
        .ok_or(AppError::NotFound)?;
    store::create_case(
        &state.db,
        &target,
        &concern,
        &store::Origin::resident(device),
    )
    .await
}
