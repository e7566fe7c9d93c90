use crate::base::error::AppError;
use crate::cases::{ConcernForm, IntakeReceipt};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Raises a concern at a room: anonymous, rate-limited per client, idempotent per submission id.
/// The browser gets a cookie that names it to the case, so that it alone may rate the result.
#[server(endpoint = "submit_concern", input = Json)]
pub async fn submit_concern(
    room_code: String,
    form: ConcernForm,
) -> Result<IntakeReceipt, AppError> {
    crate::auth::authorize(crate::auth::Action::RaiseConcern).await?;
    let state = crate::server::state::app_state()?;
    let client = crate::server::state::caller(&state).await?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    let (device, set_cookie) =
        crate::cases::public::resident::device_for(&headers, state.settings.secure_cookies);
    let receipt =
        crate::cases::intake::raise::raise_concern(&state, &room_code, &form, client, &device)
            .await?;
    if let (Some(cookie), Some(options)) =
        (set_cookie, use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
            options.append_header(axum::http::header::SET_COOKIE, value);
        }
    }
    Ok(receipt)
}
