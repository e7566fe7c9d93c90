//! Server functions for research and the three lists: thin, they ask the policy, check the input
//! with `lists`, and write with `lists_store`. Council-side calls answer with the whole desk case so
//! the screen shows exactly what is stored.
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::cases::desk::StaffCase;
use crate::cases::lists::{AssignmentInput, DepartmentTask, ReportInput, ResearchInput};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller, if they administer the council, and the case's id.
#[cfg(feature = "ssr")]
async fn council_case(
    council: &CouncilKey,
    code: &str,
) -> Result<
    (
        crate::auth::Principal,
        crate::server::state::AppState,
        crate::cases::TrackingCode,
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
    Ok((me, state, code, id))
}

/// Records a visit, interview or meeting before consultation (不调研不协商).
#[server(endpoint = "add_research", input = Json)]
pub async fn add_research(
    council: CouncilKey,
    code: String,
    input: ResearchInput,
) -> Result<StaffCase, AppError> {
    let (me, state, code, id) = council_case(&council, &code).await?;
    let record = crate::cases::lists::check_research(&input)?;
    crate::cases::lists::store::add_research(&state.db, &me, &id, &input.id, record).await?;
    crate::cases::desk::api::desk_case(&state.db, &council, &code).await
}

/// Adds a recommendation to the 协商建议清单 (`id` empty) or rewrites one, while consulting.
/// A new one is kept under `fresh`, the id the page drew for it: sent twice, it is added once.
#[server(endpoint = "save_recommendation")]
pub async fn save_recommendation(
    council: CouncilKey,
    code: String,
    id: String,
    text: String,
    fresh: Option<String>,
) -> Result<StaffCase, AppError> {
    let (_, state, code, case) = council_case(&council, &code).await?;
    let text = crate::cases::lists::check_recommendation(&text)?;
    let id = id.trim();
    if !id.is_empty() && !crate::base::validate::is_record_key(id) {
        return Err(AppError::NotFound);
    }
    let target = if id.is_empty() {
        crate::cases::lists::store::RecommendationTarget::New(fresh.as_deref().unwrap_or_default())
    } else {
        crate::cases::lists::store::RecommendationTarget::Existing(id)
    };
    crate::cases::lists::store::save_recommendation(&state.db, &case, target, text).await?;
    crate::cases::desk::api::desk_case(&state.db, &council, &code).await
}

/// Takes a recommendation off the list, while consulting and before anything is assigned for it.
#[server(endpoint = "delete_recommendation")]
pub async fn delete_recommendation(
    council: CouncilKey,
    code: String,
    id: String,
) -> Result<StaffCase, AppError> {
    let (_, state, code, case) = council_case(&council, &code).await?;
    if !crate::base::validate::is_record_key(&id) {
        return Err(AppError::NotFound);
    }
    crate::cases::lists::store::delete_recommendation(&state.db, &case, &id).await?;
    crate::cases::desk::api::desk_case(&state.db, &council, &code).await
}

/// Gives a department a task with an owner and a deadline (责任落实清单).
#[server(endpoint = "add_assignment", input = Json)]
pub async fn add_assignment(
    council: CouncilKey,
    code: String,
    input: AssignmentInput,
) -> Result<StaffCase, AppError> {
    let (_, state, code, case) = council_case(&council, &code).await?;
    let valid = crate::cases::lists::check_assignment(&input, &crate::base::clock::today())?;
    crate::cases::lists::store::add_assignment(&state.db, &council, &case, &input.id, valid)
        .await?;
    crate::cases::desk::api::desk_case(&state.db, &council, &code).await
}

/// Withdraws an assignment given by mistake (not one already done).
#[server(endpoint = "delete_assignment")]
pub async fn delete_assignment(
    council: CouncilKey,
    code: String,
    id: String,
) -> Result<StaffCase, AppError> {
    let (_, state, code, case) = council_case(&council, &code).await?;
    if !crate::base::validate::is_record_key(&id) {
        return Err(AppError::NotFound);
    }
    crate::cases::lists::store::delete_assignment(&state.db, &case, &id).await?;
    crate::cases::desk::api::desk_case(&state.db, &council, &code).await
}

/// A department reports on its assignment: in progress, or done with what was done and the
/// evidence. The council that gave it may report for it too.
#[server(endpoint = "report_assignment", input = Json)]
pub async fn report_assignment(id: String, input: ReportInput) -> Result<(), AppError> {
    use crate::auth::{can, Action, Actor};
    let actor = crate::auth::current_actor().await?;
    let state = crate::server::state::app_state()?;
    let owner = if crate::base::validate::is_record_key(&id) {
        crate::cases::lists::store::assignment_owner(&state.db, &id).await?
    } else {
        None
    };
    // An unknown id and someone else's assignment answer alike: nothing to learn by guessing.
    let allowed = owner.as_ref().is_some_and(|o| {
        can(
            &actor,
            &Action::ReportForDepartment {
                department: crate::server::db::key_text(&o.department),
            },
        ) || can(
            &actor,
            &Action::AdministerCouncil {
                council: CouncilKey::from_db(crate::server::db::key_text(&o.council)),
            },
        )
    });
    if !allowed {
        let action = Action::ReportForDepartment {
            department: String::new(),
        };
        crate::auth::check(actor, &action)?;
        return Err(AppError::Forbidden);
    }
    let Actor::Signed(me) = actor else {
        return Err(AppError::Unauthenticated);
    };
    let (result, evidence) = crate::cases::lists::check_report(&input)?;
    crate::cases::lists::store::report(
        &state.db,
        &me,
        &id,
        input.version,
        input.status,
        result,
        evidence,
    )
    .await
}

/// The assignments of the caller's department.
#[server(endpoint = "my_tasks")]
pub async fn get_my_tasks() -> Result<Vec<DepartmentTask>, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let Some(department) = me.department.clone() else {
        return Ok(Vec::new());
    };
    crate::auth::authorize(crate::auth::Action::ReportForDepartment {
        department: department.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    crate::cases::lists::store::department_tasks(&state.db, &department).await
}
