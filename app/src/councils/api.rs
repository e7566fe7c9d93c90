use super::DistrictGroup;
use crate::base::error::AppError;
use leptos::prelude::*;

/// Every council and its rooms, by district: public, for the home page.
#[server(endpoint = "councils")]
pub async fn list_councils() -> Result<Vec<DistrictGroup>, AppError> {
    crate::auth::authorize(crate::auth::Action::ListCouncils).await?;
    let state = crate::server::state::app_state()?;
    let (areas, councils) = super::store::councils_with_rooms(&state.db).await?;
    Ok(super::logic::group_by_district(&areas, councils))
}
