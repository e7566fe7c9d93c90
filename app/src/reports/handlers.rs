//! `GET /reports.xlsx?status=…&referral=…`: the list on screen as a spreadsheet, every report the caller
//! may see under that filter (up to `EXPORT_ROWS`), for the office's ledger (台账).
use crate::base::error::AppError;
use crate::base::table::Table;
use crate::base::text::t;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;

/// The most lines one spreadsheet carries: a district's years of reports fit.
pub const EXPORT_ROWS: i64 = 5_000;

pub async fn get_reports_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    crate::server::xlsx::answer(reports_xlsx(&state, &query, &headers).await)
}

async fn reports_xlsx(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let text = t();
    let code = query.get("status").cloned().unwrap_or_default();
    let status = super::logic::status_filter(&code)?;
    let referral_code = query.get("referral").cloned().unwrap_or_default();
    let referral = super::logic::referral_filter(&referral_code)?;
    let actor =
        crate::auth::authorize_route(&state.db, headers, crate::auth::Action::UseOwnAccount)
            .await?;
    let me = actor.principal().ok_or(AppError::Unauthenticated)?;
    let (_, lines) = super::api::visible(&state.db, me, status, referral, 1, EXPORT_ROWS).await?;
    let rows = lines
        .into_iter()
        .map(|l| {
            vec![
                l.bulletin.map(|n| n.to_string()).unwrap_or_default(),
                l.title,
                l.council_name,
                l.authors,
                l.status.label().to_string(),
                if l.overdue {
                    text.report_referral_overdue.to_string()
                } else {
                    String::new()
                },
                l.day,
            ]
        })
        .collect();
    let table = Table {
        title: text.reports_title,
        header: vec![
            text.reports_column_bulletin,
            text.report_field_title,
            text.stats_council,
            text.reports_column_authors,
            text.search_status,
            text.reports_column_referral,
            text.reports_column_changed,
        ],
        rows,
    };
    let bytes = crate::server::xlsx::book(&[table])?;
    let mut name = status.map_or("reports".to_string(), |s| format!("reports-{}", s.code()));
    if let Some(referral) = referral {
        name = format!("{name}-{}", referral.code());
    }
    Ok((name, bytes))
}
