//! Server functions of the `/work` page: what the caller may do, and entering a case for a council.
use crate::base::error::AppError;
use crate::cases::work::{MemberConcern, WorkOverview};
use crate::cases::IntakeReceipt;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller's councils (to enter cases for) and department (to report for).
#[server(endpoint = "work_overview")]
pub async fn get_work_overview() -> Result<WorkOverview, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let mut keys: Vec<String> = me
        .managed_councils
        .iter()
        .chain(&me.member_councils)
        .cloned()
        .collect();
    keys.sort();
    keys.dedup();
    let department_name = match &me.department {
        Some(key) => super::store::department_name(&state.db, key).await?,
        None => None,
    };
    let referrals_waiting = match crate::auth::department_served(&me) {
        Some(key) => {
            let today = crate::base::clock::today();
            crate::reports::store::referrals_waiting(&state.db, &key, &today).await?
        }
        None => (0, 0),
    };
    Ok(WorkOverview {
        name: me.name.clone(),
        is_admin: me.is_admin(),
        councils: super::store::councils(&state.db, &keys).await?,
        department_name,
        referrals_waiting,
        member: me.member.clone(),
        unread_notices: crate::notify::notices::unread(&state.db, &me.account).await?,
    })
}

/// A member enters a resident's concern met on a visit, or puts a topic forward. A resend of the
/// same form (same submission id) answers with the case it already created.
#[server(endpoint = "raise_for_council", input = Json)]
pub async fn raise_for_council(input: MemberConcern) -> Result<IntakeReceipt, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::RaiseForCouncil {
        council: crate::base::ids::CouncilKey::parse(&input.council).ok_or(AppError::Forbidden)?,
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let form = crate::cases::work::as_concern_form(&input)?;
    let concern = crate::cases::intake::logic::validate_concern(&form)?;
    let category =
        crate::base::validate::optional_name(&input.category, crate::cases::work::CATEGORY_MAX)
            .map_err(|m| AppError::invalid("category", m))?;
    let place = crate::base::geo::check_place(&input.lat, &input.lng)?;
    // Raised at an activity or reception day: it must be this council's.
    let raised_at = match crate::cases::work::raised_at_of(&input.raised_at)? {
        None => None,
        Some((table, key)) => {
            let at = crate::server::db::record(table, &key);
            let mut response = state
                .db
                .query("SELECT VALUE council FROM ONLY $at")
                .bind(("at", at.clone()))
                .await?
                .check()?;
            let council: Option<surrealdb::types::RecordId> = response.take(0)?;
            if council.map(|c| crate::server::db::key_text(&c)) != Some(input.council.clone()) {
                return Err(AppError::invalid(
                    "raised_at",
                    crate::base::text::t().work_err_raised_at,
                ));
            }
            Some(at)
        }
    };
    if let Some(existing) =
        crate::cases::intake::store::find_by_submission(&state.db, &concern.submission_id).await?
    {
        return Ok(IntakeReceipt {
            tracking_code: existing,
            created: false,
        });
    }
    let room = crate::base::ids::RoomCode::parse(&input.room)
        .ok_or_else(|| AppError::invalid("room", crate::base::text::t().err_required))?;
    let target = crate::cases::intake::store::intake_target(&state.db, &room)
        .await?
        .filter(|t| crate::server::db::key_text(&t.council) == input.council)
        .ok_or_else(|| AppError::invalid("room", crate::base::text::t().err_required))?;
    let origin = crate::cases::intake::store::Origin {
        source: input.source,
        raised_by: Some(crate::server::db::record("account", &me.account)),
        raised_by_name: me.name.clone(),
        category,
        place,
        // Entered by a member: the resident rates by phone check, not from the member's phone.
        raised_device: None,
        raised_at,
    };
    crate::cases::intake::store::create_case(&state.db, &target, &concern, &origin).await
}
