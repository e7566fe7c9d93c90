use super::{CasePublic, ConcernForm, IntakeReceipt};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Raises a concern at a room: anonymous, rate-limited per client, idempotent per submission id.
#[server(endpoint = "submit_concern", input = Json)]
pub async fn submit_concern(
    room_code: String,
    form: ConcernForm,
) -> Result<IntakeReceipt, AppError> {
    crate::auth::authorize(crate::auth::Action::RaiseConcern).await?;
    let state = crate::state::app_state()?;
    let client = crate::state::caller_ip(&state).await?;
    super::intake::raise_concern(&state, &room_code, &form, client).await
}

/// A case's public status, for anyone holding its tracking code.
#[server(endpoint = "case_status")]
pub async fn case_status(code: String) -> Result<CasePublic, AppError> {
    use super::logic::{parse_tracking_code, CodeProblem};
    crate::auth::authorize(crate::auth::Action::ViewCaseByCode).await?;
    let state = crate::state::app_state()?;
    let client = crate::state::caller_ip(&state).await?;
    if !state.lookup_limiter.allow(client) {
        return Err(AppError::RateLimited);
    }
    let code = parse_tracking_code(&code).map_err(|problem| match problem {
        CodeProblem::Malformed => AppError::NotFound,
        CodeProblem::Mistyped => AppError::invalid("code", crate::text::t().case_code_mistyped),
    })?;
    super::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)
}

/// The resident rates the result, by tracking code (the code is what they hold; no account).
#[server(endpoint = "rate_case")]
pub async fn rate_case(code: String, score: i64, comment: String) -> Result<(), AppError> {
    crate::auth::authorize(crate::auth::Action::ViewCaseByCode).await?;
    let state = crate::state::app_state()?;
    let client = crate::state::caller_ip(&state).await?;
    if !state.lookup_limiter.allow(client) {
        return Err(AppError::RateLimited);
    }
    let code = super::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let (satisfaction, comment) = super::rating::check_rating(score, &comment)?;
    super::store::rate(&state.db, &code, satisfaction, &comment).await
}
