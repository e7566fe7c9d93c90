//! Server functions for a council's cases: thin, they ask the policy and the pipeline.
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::cases::desk::{CaseQueue, StaffCase, StepInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What waits for screening, approval, a department or a re-check.
#[server(endpoint = "case_queue")]
pub async fn get_case_queue(council: CouncilKey) -> Result<CaseQueue, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    crate::cases::desk::store::queue(&state.db, &council).await
}

/// One case of the council, with the resident's contact, its history and its lists.
#[server(endpoint = "staff_case")]
pub async fn get_staff_case(council: CouncilKey, code: String) -> Result<StaffCase, AppError> {
    let me = crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let mut case = desk_case(&state.db, &council, &code).await?;
    if !holds_level(&me, &case) {
        case.steps.retain(|step| !is_review_decision(*step));
    }
    if case.steps.contains(&crate::cases::pipeline::Step::Merge) {
        case.duplicates =
            crate::cases::desk::store::duplicates_of(&state.db, &council, &case).await?;
    }
    Ok(case)
}

/// Approving or turning down a topic: decisions of the level it waits at.
pub fn is_review_decision(step: crate::cases::pipeline::Step) -> bool {
    use crate::cases::pipeline::Step;
    matches!(step, Step::Approve | Step::Reject)
}

/// Whether the caller sits at the level the case waits at (false outside review).
#[cfg(feature = "ssr")]
pub fn holds_level(actor: &crate::auth::Actor, case: &StaffCase) -> bool {
    case.reviewer.as_ref().is_some_and(|holder| {
        crate::auth::can(
            actor,
            &crate::auth::Action::ReviewTopic {
                holder: holder.clone(),
            },
        )
    })
}

/// A case as the desk shows it: the case, its history and its lists.
#[cfg(feature = "ssr")]
pub async fn desk_case(
    db: &crate::server::db::Db,
    council: &str,
    code: &crate::cases::TrackingCode,
) -> Result<StaffCase, AppError> {
    let (id, mut case) = crate::cases::desk::store::find(db, council, code)
        .await?
        .ok_or(AppError::NotFound)?;
    case.lists = crate::cases::lists::store::lists(db, council, &id).await?;
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
) -> Result<(Option<Vec<String>>, Option<crate::cases::lists::Day>), AppError> {
    use crate::cases::lists::{check_feedback_ready, check_screening, Day};
    use crate::cases::pipeline::Step;
    let t = crate::base::text::t();
    match input.step {
        Step::RaiseAsTopic => Ok((Some(check_screening(&input.worth, &input.not_worth)?), None)),
        Step::PublishRecommendations => {
            let lists = crate::cases::lists::store::lists(db, council, id).await?;
            if lists.recommendations.is_empty() {
                return Err(AppError::invalid("step", t.err_recommendations_none));
            }
            Ok((None, None))
        }
        Step::PublishFeedback => {
            let lists = crate::cases::lists::store::lists(db, council, id).await?;
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
    council: CouncilKey,
    code: String,
    input: StepInput,
) -> Result<StaffCase, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(&code).map_err(|_| AppError::NotFound)?;
    let (id, case) = crate::cases::desk::store::find(&state.db, &council, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    if input.version != case.version {
        return Err(AppError::Conflict);
    }
    // A level held elsewhere (the town's station, a committee) is decided there, not here.
    let holder = review_holder(&me, &case, input.step)?;
    let note = crate::cases::desk::check_note(&input)?;
    let levels = case.review_levels.len() as u8;
    let to = crate::cases::pipeline::next(case.status, input.step, levels)
        .map_err(|_| AppError::invalid("step", crate::base::text::t().err_step_not_allowed))?;
    let merged_into = if input.step == crate::cases::pipeline::Step::Merge {
        let target = crate::cases::intake::logic::parse_tracking_code(&input.merge_into)
            .ok()
            .filter(|t| *t != code)
            .ok_or_else(|| {
                AppError::invalid("merge_into", crate::base::text::t().err_merge_target)
            })?;
        let id = crate::cases::desk::store::merge_target(&state.db, &council, &target)
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
    crate::cases::desk::store::take(
        &state.db,
        &me,
        crate::cases::desk::store::Taken {
            case: id,
            from: case.status,
            to,
            step: input.step,
            version: input.version,
            note: &note,
            merged_into,
            screening,
            recheck_on,
            holder,
        },
    )
    .await?;
    desk_case(&state.db, &council, &code).await
}

/// For a review decision: the record of the level's holder, when the caller sits there;
/// refused when they do not. Other steps have none.
#[cfg(feature = "ssr")]
pub fn review_holder(
    me: &crate::auth::Principal,
    case: &StaffCase,
    step: crate::cases::pipeline::Step,
) -> Result<Option<surrealdb::types::RecordId>, AppError> {
    if !is_review_decision(step) {
        return Ok(None);
    }
    let Some(holder) = case.reviewer.clone() else {
        // Not in review: the pipeline refuses the step with its own message.
        return Ok(None);
    };
    let record = crate::server::db::holder_record(&holder);
    crate::auth::check(
        crate::auth::Actor::Signed(me.clone()),
        &crate::auth::Action::ReviewTopic { holder },
    )?;
    Ok(Some(record))
}

/// A case of a council the caller administers, by its code: who is calling, and the case's id.
#[cfg(feature = "ssr")]
async fn administered_case(
    council: &CouncilKey,
    code: &str,
) -> Result<
    (
        crate::server::state::AppState,
        crate::auth::Principal,
        surrealdb::types::RecordId,
    ),
    AppError,
> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(code).map_err(|_| AppError::NotFound)?;
    let (id, _) = crate::cases::desk::store::find(&state.db, council, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((state, me, id))
}

/// Marks the case as typical (典型案例) for the compilation, or takes the mark off.
#[server(endpoint = "set_case_typical")]
pub async fn set_case_typical(
    council: CouncilKey,
    code: String,
    typical: bool,
) -> Result<(), AppError> {
    let (state, me, id) = administered_case(&council, &code).await?;
    crate::cases::desk::store::set_typical(&state.db, &me, &council, id, typical).await
}

/// Shows the case on its room's public page, or takes it off (title, status and date only).
#[server(endpoint = "set_case_public")]
pub async fn set_case_public(
    council: CouncilKey,
    code: String,
    public: bool,
) -> Result<(), AppError> {
    let (state, me, id) = administered_case(&council, &code).await?;
    crate::cases::desk::store::set_public(&state.db, &me, &council, id, public).await
}
