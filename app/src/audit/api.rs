use super::{AuditEntry, AuditFilter};
use crate::base::error::AppError;
use leptos::prelude::*;

/// The newest audit entries: all of them for a system admin, those of the councils they
/// administer for everyone else.
#[server(endpoint = "audit_log")]
pub async fn audit_log(filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ViewAudit).await?;
    let state = crate::server::state::app_state()?;
    let councils = (!me.system_admin).then(|| {
        me.managed_councils
            .iter()
            .map(|c| crate::server::db::record("council", c))
            .collect()
    });
    super::store::list(&state.db, &filter, councils).await
}
