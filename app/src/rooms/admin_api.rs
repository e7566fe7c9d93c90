//! Server functions for a council's rooms.
use super::admin::{RoomAdminRow, RoomInput};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "council_rooms")]
pub async fn council_rooms(council: CouncilKey) -> Result<Vec<RoomAdminRow>, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    super::admin_store::council_rooms(&state.db, &council).await
}

/// Adds a room to a council; returns its key.
#[server(endpoint = "create_room", input = Json)]
pub async fn create_room(council: CouncilKey, input: RoomInput) -> Result<String, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    crate::councils::admin_store::council_area(&state.db, &council)
        .await?
        .ok_or(AppError::NotFound)?;
    let valid = super::admin::validate_room(&input)?;
    super::admin_store::create(&state.db, &me, &council, &valid).await
}

/// Saves a room of this council (never its code).
#[server(endpoint = "update_room", input = Json)]
pub async fn update_room(
    council: CouncilKey,
    room: String,
    input: RoomInput,
) -> Result<(), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let current = super::admin_store::council_rooms(&state.db, &council)
        .await?
        .into_iter()
        .find(|r| r.key == room)
        .ok_or(AppError::NotFound)?;
    let valid = super::admin::validate_room(&RoomInput {
        code: current.form.code,
        ..input
    })?;
    super::admin_store::update(&state.db, &me, &council, &room, &valid).await
}
