//! A page sent back with a refused form (`?flash=`) shows it again: the server function that
//! reads it for the caller, and the resource a page loads it with.
use crate::base::error::AppError;
use crate::base::flash::Flash;
use leptos::prelude::*;

/// The refused form a page was sent back with (`?flash=` names its key), loaded with the page.
pub fn sent_back(key: Option<String>) -> Resource<Option<Flash>> {
    Resource::new(
        move || key.clone(),
        |key| async move {
            match key {
                Some(key) => get_flash(key).await.ok().flatten(),
                None => None,
            }
        },
    )
}

/// The refused form behind `?flash=`, for the page that shows it: only to whom it was kept for
/// (the signed-in account, or the resident's browser).
#[server(endpoint = "flash")]
pub async fn get_flash(key: String) -> Result<Option<Flash>, AppError> {
    let actor = crate::auth::authorize(crate::auth::Action::WhoAmI).await?;
    if !crate::base::flash::is_key(&key) {
        return Ok(None);
    }
    let state = crate::server::state::app_state()?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    let reader = crate::server::flash::Keeper::reading(
        actor.principal().map(|p| p.account.as_str()),
        &headers,
    );
    crate::server::flash::read(&state.db, &key, &reader).await
}
