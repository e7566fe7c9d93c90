use super::directory::{DirectoryFilter, RoomDirectory};
use super::{RoomPageData, RoomPoster};
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A room's public page, with a fresh intake form or the resident's refused one (`flash`).
#[server(endpoint = "room_page")]
pub async fn room_page(code: String, flash: Option<String>) -> Result<RoomPageData, AppError> {
    crate::auth::authorize(crate::auth::Action::ViewRoom).await?;
    let state = crate::server::state::app_state()?;
    let code = super::RoomCode::parse(&code).ok_or(AppError::NotFound)?;
    let room = super::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let flash = match flash.filter(|k| crate::base::flash::is_key(k)) {
        Some(key) => {
            let actor = crate::auth::current_actor().await?;
            let headers = leptos_axum::extract::<axum::http::HeaderMap>()
                .await
                .map_err(|_| AppError::Internal)?;
            let readers = crate::server::flash::Keeper::reading(
                actor.principal().map(|p| p.account.as_str()),
                &headers,
            );
            crate::server::flash::read(&state.db, &key, &readers).await?
        }
        None => None,
    };
    let intake = crate::cases::intake::handlers::start(flash);
    let duty = crate::roster::store::on_duty_by_code(&state.db, &code).await?;
    let recent = super::store::recent_public_cases(&state.db, &code, super::RECENT_CASES).await?;
    let news =
        crate::activities::store::for_room(&state.db, code.as_str(), super::NEWS_ITEMS).await?;
    Ok(RoomPageData {
        room,
        intake,
        duty,
        recent,
        news,
    })
}

/// `/rooms`: the open rooms that pass the filter, with the choices and the map's tiles.
#[server(endpoint = "room_directory", input = Json)]
pub async fn get_room_directory(filter: DirectoryFilter) -> Result<RoomDirectory, AppError> {
    crate::auth::authorize(crate::auth::Action::ViewRoom).await?;
    let state = crate::server::state::app_state()?;
    let all = super::store::open_rooms(&state.db).await?;
    Ok(super::directory::directory(
        all,
        &filter,
        state.settings.tiles.clone(),
    ))
}

/// One room's poster: what is printed around its QR code.
#[server(endpoint = "room_poster")]
pub async fn get_room_poster(code: String) -> Result<RoomPoster, AppError> {
    crate::auth::authorize(crate::auth::Action::ViewRoom).await?;
    let state = crate::server::state::app_state()?;
    let code = super::RoomCode::parse(&code).ok_or(AppError::NotFound)?;
    let room = super::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::poster::poster_of(&room, &state.settings.public_url))
}

/// Posters of every room of a council, to print at once.
#[server(endpoint = "council_posters")]
pub async fn get_council_posters(council: CouncilKey) -> Result<Vec<RoomPoster>, AppError> {
    crate::auth::authorize(crate::auth::Action::AdministerCouncil {
        council: council.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let rooms = super::store::council_rooms_public(&state.db, &council).await?;
    Ok(rooms
        .iter()
        .map(|room| super::poster::poster_of(room, &state.settings.public_url))
        .collect())
}
