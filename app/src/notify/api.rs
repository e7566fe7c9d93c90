//! What the system's admins read about the text-message sender.
use super::OutboxOverview;
use crate::base::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "text_outbox")]
pub async fn get_text_outbox() -> Result<OutboxOverview, AppError> {
    crate::auth::authorize_signed(crate::auth::Action::WatchTexts).await?;
    let state = crate::server::state::app_state()?;
    super::outbox::overview(&state.db, chrono::Utc::now()).await
}
