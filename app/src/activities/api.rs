//! Server functions of activities: decode, ask the policy, check, store. Thin.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who may see activity `key`, and its council: its council's members and admins. An unknown
/// key is not found; another council's activity is forbidden (keys are 128 random bits, made by
/// phones: not guessable, as sessions').
#[cfg(feature = "ssr")]
pub async fn activity_access(
    db: &crate::server::db::Db,
    actor: crate::auth::Actor,
    key: &str,
) -> Result<(crate::auth::Principal, String), AppError> {
    let council = if actor.principal().is_some() && crate::base::validate::is_record_key(key) {
        super::store::council_of(db, key).await?
    } else {
        None
    };
    crate::auth::check_for_council(actor, council, |council| {
        crate::auth::Action::KeepStationRecord { council }
    })
}

#[cfg(feature = "ssr")]
async fn access(
    key: &str,
) -> Result<
    (
        crate::auth::Principal,
        String,
        crate::server::state::AppState,
    ),
    AppError,
> {
    let actor = crate::auth::current_actor().await?;
    let state = crate::server::state::app_state()?;
    let (me, council) = activity_access(&state.db, actor, key).await?;
    Ok((me, council, state))
}

/// The caller's councils: their latest activities, and what a new one can name.
#[server(endpoint = "activities_overview")]
pub async fn get_activities_overview() -> Result<(Vec<ActivityLine>, Vec<ActivityChoices>), AppError>
{
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let mut councils: Vec<String> = me
        .managed_councils
        .iter()
        .chain(&me.member_councils)
        .cloned()
        .collect();
    councils.sort();
    councils.dedup();
    let lines = super::store::lines(&state.db, &councils).await?;
    let choices = super::store::choices(&state.db, &councils).await?;
    Ok((lines, choices))
}

/// Records an activity; answers its key. Sent twice under the same id, it is stored once.
#[server(endpoint = "record_activity", input = Json)]
pub async fn record_activity(input: ActivityInput) -> Result<String, AppError> {
    let council = crate::base::ids::CouncilKey::parse(&input.council).ok_or(AppError::Forbidden)?;
    let me = crate::auth::authorize_signed(crate::auth::Action::KeepStationRecord {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let earliest = super::store::earliest_day(&state.db, &council).await?;
    let latest = crate::base::clock::minutes_from_now(super::logic::CLOCK_SLACK_MINUTES);
    let checked = super::logic::check_activity(&input, &latest, &earliest)?;
    super::store::create(
        &state.db,
        &me,
        &input.id,
        &council,
        &input.room,
        &input.work_team,
        checked,
    )
    .await
}

#[server(endpoint = "activity")]
pub async fn get_activity(key: String) -> Result<ActivityView, AppError> {
    let (me, council, state) = access(&key).await?;
    let can_publish = crate::auth::can(
        &crate::auth::Actor::Signed(me.clone()),
        &crate::auth::Action::AdministerCouncil {
            council: crate::base::ids::CouncilKey::from_db(&council),
        },
    );
    super::store::view(&state.db, &key, &me, can_publish).await
}

/// 我也参加了: the calling member is present.
#[server(endpoint = "activity_check_in")]
pub async fn check_in_activity(key: String) -> Result<(), AppError> {
    let (me, council, state) = access(&key).await?;
    super::store::check_in(&state.db, &me, &key, &council).await
}

/// Lists the activity under 工作动态 on the council's room pages, or takes it off: managers only.
#[server(endpoint = "activity_publish")]
pub async fn publish_activity(key: String, published: bool) -> Result<(), AppError> {
    let (_, council, state) = access(&key).await?;
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: crate::base::ids::CouncilKey::from_db(&council),
    })
    .await?;
    super::store::set_published(&state.db, &me, &key, &council, published).await
}
