//! The caller of a request, resolved at most once: a layer puts an empty cell in the request, the
//! first `authorize` (or the sign-in guard) fills it, and every later check in the same request,
//! a page's server functions run during rendering included, reads it instead of asking the
//! database again.
use super::Actor;
use crate::base::error::AppError;
use crate::server::db::Db;
use axum::http::{Extensions, HeaderMap};
use std::sync::Arc;

/// The caller of one request, once known.
#[derive(Clone, Default)]
pub struct CallerCell(Arc<tokio::sync::OnceCell<Actor>>);

/// The layer that gives each request its empty cell.
pub async fn remember_caller(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    request.extensions_mut().insert(CallerCell::default());
    next.run(request).await
}

/// The caller behind a request's session cookie: from its cell when another check already asked,
/// from the database otherwise. A failed lookup is not remembered.
pub async fn actor_of(
    db: &Db,
    headers: &HeaderMap,
    extensions: &Extensions,
) -> Result<Actor, AppError> {
    match extensions.get::<CallerCell>() {
        Some(cell) => cell
            .0
            .get_or_try_init(|| super::actor_from_headers(db, headers))
            .await
            .cloned(),
        None => super::actor_from_headers(db, headers).await,
    }
}
