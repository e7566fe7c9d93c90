//! Server functions of the sectors screen.
use super::DistrictSectors;
use crate::base::error::AppError;
use leptos::prelude::*;

/// The districts whose sector lists the caller keeps.
#[server(endpoint = "district_sectors")]
pub async fn get_district_sectors() -> Result<Vec<DistrictSectors>, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::OpenAdmin).await?;
    let state = crate::server::state::app_state()?;
    let scope = (!me.system_admin).then(|| me.admin_areas.clone());
    super::store::districts(&state.db, scope).await
}

/// Adds one sector (`name`), or every usual sector when `defaults` is set.
#[server(endpoint = "add_sectors")]
pub async fn add_sectors(
    district: String,
    name: String,
    defaults: bool,
) -> Result<usize, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ManageSectors {
        district: district.clone(),
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let names: Vec<String> = if defaults {
        super::DEFAULT_SECTORS
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        vec![crate::base::validate::name(&name, 20).map_err(|m| AppError::invalid("name", m))?]
    };
    super::store::add(&state.db, &me, &district, &names).await
}
