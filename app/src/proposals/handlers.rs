//! `GET /proposals.xlsx?status=…&overdue=1`: the list on screen as a spreadsheet, every proposal
//! the caller may see under those filters (up to `EXPORT_ROWS`), for the 提案委's ledger.
use crate::base::error::AppError;
use crate::base::table::Table;
use crate::base::text::t;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;

/// The most lines one spreadsheet carries: a district's years of proposals fit.
pub const EXPORT_ROWS: i64 = 5_000;

pub async fn get_proposals_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    crate::server::xlsx::answer(proposals_xlsx(&state, &query, &headers).await)
}

async fn proposals_xlsx(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let text = t();
    let code = query.get("status").cloned().unwrap_or_default();
    let status = super::logic::status_filter(&code)?;
    let overdue = query.get("overdue").is_some_and(|v| v == "1");
    let actor =
        crate::auth::authorize_route(&state.db, headers, crate::auth::Action::UseOwnAccount)
            .await?;
    let me = actor.principal().ok_or(AppError::Unauthenticated)?;
    let mut councils = me.member_councils.clone();
    councils.extend(me.managed_councils.iter().cloned());
    let reader = super::store::Reader {
        me,
        councils: &councils,
        office: &me.office_councils,
    };
    let wanted = super::store::Wanted {
        status,
        overdue,
        page: 1,
        limit: EXPORT_ROWS,
    };
    let today = crate::base::clock::today();
    let (_, lines) = super::store::list(&state.db, &reader, wanted, &today).await?;
    let rows = lines
        .into_iter()
        .map(|l| {
            let mut status = l.status.label().to_string();
            if l.overdue {
                status = format!("{status}（{}）", text.proposal_overdue);
            }
            vec![
                l.number.map(|n| n.to_string()).unwrap_or_default(),
                l.title,
                l.council_name,
                l.authors,
                status,
                l.lead_unit.unwrap_or_default(),
                l.deadline.unwrap_or_default(),
                l.day,
            ]
        })
        .collect();
    let table = Table {
        title: text.proposals_title,
        header: vec![
            text.proposals_column_number,
            text.proposal_field_title,
            text.stats_council,
            text.proposals_column_authors,
            text.search_status,
            text.proposals_column_unit,
            text.proposals_column_deadline,
            text.reports_column_changed,
        ],
        rows,
    };
    let bytes = crate::server::xlsx::book(&[table])?;
    let mut name = status.map_or("proposals".to_string(), |s| {
        format!("proposals-{}", s.code())
    });
    if overdue {
        name.push_str("-overdue");
    }
    Ok((name, bytes))
}
