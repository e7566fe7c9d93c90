use crate::base::error::AppError;
use crate::cases::CasePublic;
use leptos::prelude::*;

/// A case's public status, for anyone holding its tracking code; whether the caller may rate it.
#[server(endpoint = "case_status")]
pub async fn case_status(code: String) -> Result<CasePublic, AppError> {
    use crate::cases::intake::logic::{parse_tracking_code, CodeProblem};
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
    let mut case = crate::cases::public::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let proof = crate::cases::public::resident::current_proof(&state).await?;
    case.may_rate = crate::cases::public::resident::raised(&state.db, &code, &proof).await?;
    if case.may_rate {
        case.texts = crate::notify::outbox::texts_on(&state.db, &code.0).await?;
    }
    // The first codes had 100,000 values per council and year: a script could walk them.
    // Whoever holds one sees how the case stands, and its text only once it is shown theirs.
    if code.is_legacy() && !case.may_rate {
        case.description = String::new();
        case.description_hidden = true;
    }
    Ok(case)
}
