//! Server functions of the roster screen.
use super::{PatternInput, RoomRoster};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Checks the caller administers the council and the room is one of its rooms.
#[cfg(feature = "ssr")]
async fn authorize_room(
    council: &CouncilKey,
    room: &str,
) -> Result<(crate::auth::Principal, crate::server::state::AppState), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    if super::store::room_council(&state.db, room).await? != Some(council.to_string()) {
        return Err(AppError::NotFound);
    }
    Ok((me, state))
}

/// Every room's roster of a council, for its roster screen.
#[server(endpoint = "council_roster")]
pub async fn get_council_roster(council: CouncilKey) -> Result<Vec<RoomRoster>, AppError> {
    crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    super::store::council_rosters(&state.db, &council).await
}

#[server(endpoint = "room_roster")]
pub async fn get_room_roster(council: CouncilKey, room: String) -> Result<RoomRoster, AppError> {
    let (_, state) = authorize_room(&council, &room).await?;
    super::store::room_roster(&state.db, &room)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a weekly reception pattern to a room and generates its coming dates.
#[server(endpoint = "create_duty_pattern", input = Json)]
pub async fn create_duty_pattern(
    council: CouncilKey,
    room: String,
    input: PatternInput,
) -> Result<(), AppError> {
    use super::logic::parse_date;
    use crate::base::clock::today_naive;
    use crate::base::text::t;
    use crate::base::validate::{time_of_day, Problems};
    let (me, state) = authorize_room(&council, &room).await?;
    let mut p = Problems::default();
    if !(1..=7).contains(&input.weekday) {
        p.add("weekday", t().err_choose);
    }
    let starts = p.check("starts", time_of_day(&input.starts));
    let ends = p.check("ends", time_of_day(&input.ends));
    if let (Some(s), Some(e)) = (&starts, &ends) {
        if s >= e {
            p.add("ends", t().err_ends_before_starts);
        }
    }
    let first_date = if input.first_date.trim().is_empty() {
        Some(today_naive())
    } else {
        p.check(
            "first_date",
            parse_date(&input.first_date).ok_or(t().err_date),
        )
    };
    let members = crate::members::store::council_members(&state.db, &council).await?;
    let mut rotation: Vec<String> = Vec::new();
    for key in &input.rotation {
        if !members.iter().any(|m| m.key == *key) {
            p.add("rotation", t().err_choose);
            break;
        }
        if !rotation.contains(key) {
            rotation.push(key.clone());
        }
    }
    if rotation.is_empty() {
        p.add("rotation", t().err_rotation_empty);
    }
    p.into_result()?;
    let pattern = super::store::ValidPattern {
        weekday: input.weekday,
        starts: starts.unwrap_or_default(),
        ends: ends.unwrap_or_default(),
        first_date: first_date.unwrap_or_else(today_naive),
        rotation,
    };
    super::store::create_pattern(&state.db, &me, &council, &room, &pattern).await
}

/// Puts another member of the council on a reception date, with the reason.
#[server(endpoint = "swap_duty")]
pub async fn swap_duty(
    council: CouncilKey,
    slot: String,
    member: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::base::text::t;
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let room = super::store::slot_room(&state.db, &slot)
        .await?
        .ok_or(AppError::NotFound)?;
    if super::store::room_council(&state.db, &room).await? != Some(council.to_string()) {
        return Err(AppError::NotFound);
    }
    let members = crate::members::store::council_members(&state.db, &council).await?;
    if !members.iter().any(|m| m.key == member) {
        return Err(AppError::invalid("member", t().err_choose));
    }
    let reason =
        crate::base::validate::note(&reason, 200).map_err(|m| AppError::invalid("reason", m))?;
    if reason.is_empty() {
        return Err(AppError::invalid("reason", t().err_swap_reason));
    }
    super::store::swap(&state.db, &me, &council, &slot, &member, &reason).await
}

/// Stops a weekly reception pattern: its coming dates disappear from the room page.
#[server(endpoint = "stop_duty_pattern")]
pub async fn stop_duty_pattern(council: CouncilKey, pattern: String) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let room = super::store::pattern_room(&state.db, &pattern)
        .await?
        .ok_or(AppError::NotFound)?;
    if super::store::room_council(&state.db, &room).await? != Some(council.to_string()) {
        return Err(AppError::NotFound);
    }
    super::store::stop_pattern(&state.db, &me, &council, &pattern).await
}
