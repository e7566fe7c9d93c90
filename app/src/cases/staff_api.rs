//! Server functions for a council's cases: thin, they ask the policy and the pipeline.
use super::staff::{CaseQueue, StaffCase, StepInput};
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What waits for screening, approval, a department or a re-check.
#[server(endpoint = "case_queue")]
pub async fn get_case_queue(council: String) -> Result<CaseQueue, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    super::staff_store::queue(&state.db, &council).await
}

/// One case of the council, with the resident's contact, its history and its lists.
#[server(endpoint = "staff_case")]
pub async fn get_staff_case(council: String, code: String) -> Result<StaffCase, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code = super::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let mut case = desk_case(&state.db, &council, &code).await?;
    if case.steps.contains(&super::pipeline::Step::Merge) {
        case.duplicates = super::staff_store::duplicates_of(&state.db, &council, &case).await?;
    }
    Ok(case)
}

/// A case as the desk shows it: the case, its history and its lists.
#[cfg(feature = "ssr")]
pub async fn desk_case(
    db: &crate::server::db::Db,
    council: &str,
    code: &super::TrackingCode,
) -> Result<StaffCase, AppError> {
    let (id, mut case) = super::staff_store::find(db, council, code)
        .await?
        .ok_or(AppError::NotFound)?;
    case.lists = super::lists_store::lists(db, council, &id).await?;
    case.photos = crate::attachments::store::photo_ids(db, &id).await?;
    Ok(case)
}

/// What a step needs besides its note: the 六议 reasons to raise a topic, a published list of
/// recommendations, finished assignments and a re-check day to feed back.
#[cfg(feature = "ssr")]
async fn step_extras(
    db: &crate::server::db::Db,
    council: &str,
    id: &surrealdb::types::RecordId,
    case: &StaffCase,
    input: &StepInput,
) -> Result<(Option<Vec<String>>, Option<super::lists::Day>), AppError> {
    use super::lists::{check_feedback_ready, check_screening, Day};
    use super::pipeline::Step;
    let t = crate::base::text::t();
    match input.step {
        Step::RaiseAsTopic => Ok((Some(check_screening(&input.worth, &input.not_worth)?), None)),
        Step::PublishRecommendations => {
            let lists = super::lists_store::lists(db, council, id).await?;
            if lists.recommendations.is_empty() {
                return Err(AppError::invalid("step", t.err_recommendations_none));
            }
            Ok((None, None))
        }
        Step::PublishFeedback => {
            let lists = super::lists_store::lists(db, council, id).await?;
            check_feedback_ready(case.status, &lists.assignments)?;
            let day = if input.recheck_on.trim().is_empty() {
                crate::base::clock::days_from_today(30)
            } else {
                Day::parse(&input.recheck_on)
                    .filter(|d| *d > crate::base::clock::today())
                    .ok_or_else(|| AppError::invalid("recheck_on", t.err_recheck_day))?
            };
            Ok((None, Some(day)))
        }
        _ => Ok((None, None)),
    }
}

/// Takes a step in the pipeline. Refused when the pipeline does not allow it from where the case
/// stands, and as a conflict when someone else moved the case since `input.version`.
#[server(endpoint = "take_case_step", input = Json)]
pub async fn take_case_step(
    council: String,
    code: String,
    input: StepInput,
) -> Result<StaffCase, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code = super::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let (id, case) = super::staff_store::find(&state.db, &council, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if input.version != case.version {
        return Err(AppError::Conflict);
    }
    let note = super::staff::check_note(&input)?;
    let levels = case.review_levels.len() as u8;
    let to = super::pipeline::next(case.status, input.step, levels)
        .map_err(|_| AppError::invalid("step", crate::base::text::t().err_step_not_allowed))?;
    let merged_into = if input.step == super::pipeline::Step::Merge {
        let target = super::logic::parse_tracking_code(&input.merge_into)
            .ok()
            .filter(|t| *t != code)
            .ok_or_else(|| {
                AppError::invalid("merge_into", crate::base::text::t().err_merge_target)
            })?;
        let id = super::staff_store::merge_target(&state.db, &council, &target)
            .await?
            .ok_or_else(|| {
                AppError::invalid("merge_into", crate::base::text::t().err_merge_target)
            })?;
        Some(id)
    } else {
        None
    };
    let (screening, recheck_on) = step_extras(&state.db, &council, &id, &case, &input).await?;
    let note = match (&merged_into, note.is_empty()) {
        (Some(_), true) => input.merge_into.trim().to_uppercase(),
        _ => note,
    };
    super::staff_store::take(
        &state.db,
        &me,
        super::staff_store::Taken {
            case: id,
            from: case.status,
            to,
            step: input.step,
            version: input.version,
            note: &note,
            merged_into,
            screening,
            recheck_on,
        },
    )
    .await?;
    desk_case(&state.db, &council, &code).await
}

/// Shows the case on its room's public page, or takes it off (title, status and date only).
#[server(endpoint = "set_case_public")]
pub async fn set_case_public(council: String, code: String, public: bool) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code = super::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let (id, _) = super::staff_store::find(&state.db, &council, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    super::staff_store::set_public(&state.db, &me, &council, id, public).await
}
