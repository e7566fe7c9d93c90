//! What the system's admins read about the text-message sender, and what each signed-in person
//! reads of their own notices.
use super::{Notices, OutboxOverview};
use crate::base::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "text_outbox")]
pub async fn get_text_outbox() -> Result<OutboxOverview, AppError> {
    crate::auth::authorize_signed(crate::auth::Action::WatchTexts).await?;
    let state = crate::server::state::app_state()?;
    super::outbox::overview(&state.db, chrono::Utc::now()).await
}

/// The caller's own notices: nobody reads another's.
#[server(endpoint = "my_notices")]
pub async fn get_my_notices() -> Result<Notices, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    super::notices::of_account(&state.db, &me.account).await
}
