use super::{AuditEntry, AuditFilter};
use crate::base::error::AppError;
use leptos::prelude::*;

/// The newest audit entries: all of them for a system admin, those of the councils they
/// administer for everyone else.
#[server(endpoint = "audit_log")]
pub async fn audit_log(filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ViewAudit).await?;
    let state = crate::server::state::app_state()?;
    super::store::list(&state.db, &filter, readable(&me)).await
}

/// The councils whose log the caller may read, by name: the page's filter.
#[server(endpoint = "audit_councils")]
pub async fn audit_councils() -> Result<Vec<super::AuditCouncil>, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::ViewAudit).await?;
    let state = crate::server::state::app_state()?;
    super::store::councils(&state.db, readable(&me)).await
}

/// The councils whose log the caller reads: every one for the system admin (`None`).
#[cfg(feature = "ssr")]
fn readable(me: &crate::auth::Principal) -> Option<Vec<surrealdb::types::RecordId>> {
    (!me.system_admin).then(|| {
        me.managed_councils
            .iter()
            .map(|c| crate::server::db::record("council", c))
            .collect()
    })
}
