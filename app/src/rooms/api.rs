use super::RoomPageData;
use crate::error::AppError;
use leptos::prelude::*;

/// A room's public page, with a fresh intake form or the resident's unsent one (`draft`).
#[server(endpoint = "room_page")]
pub async fn room_page(code: String, draft: Option<String>) -> Result<RoomPageData, AppError> {
    crate::auth::authorize(crate::auth::Action::ViewRoom).await?;
    let state = crate::state::app_state()?;
    let code = super::RoomCode::parse(&code).ok_or(AppError::NotFound)?;
    let room = super::store::find_public(&state.db, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let intake = state.drafts.start(draft.as_deref());
    let duty = crate::roster::store::on_duty_by_code(&state.db, &code).await?;
    Ok(RoomPageData { room, intake, duty })
}
