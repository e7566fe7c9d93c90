//! The three lists of a case as an .xlsx workbook, for councils that report upward in Excel:
//! one sheet per list (`server::xlsx`).
use crate::base::error::AppError;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

/// `GET /admin/councils/{key}/cases/{code}/lists.xlsx`, for those who administer the council.
pub async fn get_lists_xlsx(
    State(state): State<AppState>,
    Path((council, code)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match lists_xlsx(&state, &council, &code, &headers).await {
        Ok((file_name, bytes)) => crate::server::xlsx::attachment(&file_name, bytes),
        Err(e) => e.into_response(),
    }
}

async fn lists_xlsx(
    state: &AppState,
    council: &str,
    code: &str,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let council = crate::base::ids::CouncilKey::parse(council).ok_or(AppError::NotFound)?;
    crate::auth::authorize_route(
        &state.db,
        headers,
        crate::auth::Action::AdministerCouncil {
            council: council.clone(),
        },
    )
    .await?;
    let code =
        crate::cases::intake::logic::parse_tracking_code(code).map_err(|_| AppError::NotFound)?;
    let case = crate::cases::desk::api::desk_case(&state.db, &council, &code).await?;
    let tables = crate::cases::lists::three_lists(&case.lists);
    let bytes = crate::server::xlsx::workbook(&tables).map_err(|e| {
        tracing::error!(%e, "xlsx");
        AppError::Internal
    })?;
    // The tracking code is ASCII, so the file name needs no encoding.
    Ok((code.0, bytes))
}
