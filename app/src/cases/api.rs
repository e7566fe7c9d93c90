use super::{CasePublic, ConcernForm, IntakeReceipt};
use crate::base::error::AppError;
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
    let (device, set_cookie) = super::resident::device_for(&headers, state.settings.secure_cookies);
    let receipt = super::intake::raise_concern(&state, &room_code, &form, client, &device).await?;
    if let (Some(cookie), Some(options)) =
        (set_cookie, use_context::<leptos_axum::ResponseOptions>())
    {
        if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
            options.append_header(axum::http::header::SET_COOKIE, value);
        }
    }
    Ok(receipt)
}

/// A case's public status, for anyone holding its tracking code; whether the caller may rate it.
#[server(endpoint = "case_status")]
pub async fn case_status(code: String) -> Result<CasePublic, AppError> {
    use super::logic::{parse_tracking_code, CodeProblem};
    crate::auth::authorize(crate::auth::Action::ViewCaseByCode).await?;
    let state = crate::server::state::app_state()?;
    let client = crate::server::state::caller(&state).await?;
    if !state.lookup_limiter.allow(client) {
        return Err(AppError::RateLimited);
    }
    let code = parse_tracking_code(&code).map_err(|problem| match problem {
        CodeProblem::Malformed => AppError::NotFound,
        CodeProblem::Mistyped => {
            AppError::invalid("code", crate::base::text::t().case_code_mistyped)
        }
    })?;
    let mut case = super::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let proof = super::resident::current_proof(&state).await?;
    case.may_rate = super::resident::raised(&state.db, &code, &proof).await?;
    // The first codes had 100,000 values per council and year: a script could walk them.
    // Whoever holds one sees how the case stands, and its text only once it is shown theirs.
    if code.is_legacy() && !case.may_rate {
        case.description = String::new();
        case.description_hidden = true;
    }
    Ok(case)
}
