//! The statistics as spreadsheets, honouring what the screen shows: `GET /stats/export.xlsx`
//! (the figures with their definitions, the splits, and the council table as sorted) and
//! `GET /stats/records.xlsx` (every record one figure counts). Same query string as the pages.
use super::api::{figure_of, period_of, scope_for};
use super::logic::{label_and_definition, unit};
use super::*;
use crate::base::error::AppError;
use crate::base::table::Table;
use crate::base::text::t;
use crate::server::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use std::collections::HashMap;

/// The most records one spreadsheet carries: a district's year of one figure fits.
pub const EXPORT_ROWS: i64 = 20_000;

fn optional(query: &HashMap<String, String>, key: &str) -> Option<String> {
    query.get(key).cloned().filter(|v| !v.is_empty())
}

/// A file name in ASCII: `stats-nanshan-2026Q4`.
fn file_name(kind: &str, scope: &Scope, period: &Period) -> String {
    let key = match scope {
        Scope::Council(c) => c.to_string(),
        Scope::Area(a) => a.to_string(),
    };
    let period: String = period
        .code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{kind}-{key}-{period}")
}

/// The scope the request names, allowed for its caller.
async fn scope_of(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(Scope, super::store::Resolved), AppError> {
    let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
    let (scope, resolved, _) = scope_for(&state.db, actor, optional(query, "scope")).await?;
    Ok((scope, resolved))
}

pub async fn get_stats_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    crate::server::xlsx::answer(stats_xlsx(&state, &query, &headers).await)
}

async fn stats_xlsx(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let text = t();
    let (scope, resolved) = scope_of(state, query, headers).await?;
    let period = period_of(
        optional(query, "period"),
        optional(query, "from"),
        optional(query, "to"),
    )?;
    let sort = optional(query, "sort").and_then(|s| Figure::from_code(&s));
    let (figures, _, councils, _) =
        super::store::figures(&state.db, &resolved.councils, &period, sort).await?;
    let heading = format!("{} · {}", resolved.name, period.label());
    let mut tables = vec![Table {
        title: text.stats_title,
        header: vec![
            text.stats_scope_column,
            text.stats_figure_column,
            text.stats_value_column,
            text.stats_unit_column,
            text.stats_definition,
        ],
        rows: figures
            .iter()
            .map(|v| {
                let (label, definition) = label_and_definition(v.figure);
                vec![
                    heading.clone(),
                    label.to_string(),
                    v.value.to_string(),
                    unit(v.figure).to_string(),
                    definition.to_string(),
                ]
            })
            .collect(),
    }];
    tables.push(Table {
        title: text.stats_parts_sheet,
        header: vec![
            text.stats_figure_column,
            text.stats_part_column,
            text.stats_value_column,
        ],
        rows: figures
            .iter()
            .flat_map(|v| {
                let label = label_and_definition(v.figure).0;
                v.splits.iter().flat_map(move |s| {
                    s.parts
                        .iter()
                        .map(move |p| vec![label.to_string(), p.label.clone(), p.value.to_string()])
                })
            })
            .collect(),
    });
    if matches!(scope, Scope::Area(_)) {
        let mut header = vec![text.stats_council];
        header.extend(Figure::ALL.iter().map(|f| label_and_definition(*f).0));
        let mut rows: Vec<Vec<String>> = councils
            .iter()
            .map(|row| {
                std::iter::once(row.name.clone())
                    .chain(row.values.iter().map(i64::to_string))
                    .collect()
            })
            .collect();
        rows.push(
            std::iter::once(text.stats_total.to_string())
                .chain(figures.iter().map(|v| v.value.to_string()))
                .collect(),
        );
        tables.push(Table {
            title: text.stats_councils,
            header,
            rows,
        });
    }
    Ok((
        file_name("stats", &scope, &period),
        crate::server::xlsx::book(&tables)?,
    ))
}

/// `GET /search.xlsx?…`: every case the search on screen finds (up to `EXPORT_ROWS`).
pub async fn get_search_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    crate::server::xlsx::answer(search_xlsx(&state, &query, &headers).await)
}

async fn search_xlsx(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let text = t();
    let get = |k: &str| query.get(k).cloned().unwrap_or_default();
    // One page holds the whole export: the page asked on screen does not narrow it.
    let filter = super::search::SearchFilter {
        page: 1,
        ..super::search::SearchFilter::from_query(get)
    };
    let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
    let window = state.settings.search_window;
    let found = super::search::run(&state.db, actor, filter, 1, EXPORT_ROWS, window).await?;
    let mut header = vec![
        text.search_code,
        text.stats_record_column,
        text.stats_date_column,
        text.search_status,
        text.stats_council,
        text.search_room,
        text.search_source,
        text.search_category,
    ];
    if found.sees_phones {
        header.push(text.search_phone);
    }
    let rows = found
        .hits
        .into_iter()
        .map(|h| {
            let mut row = vec![
                h.code,
                h.title,
                h.day,
                h.status,
                h.council_name,
                h.room_name,
                h.source,
                h.category,
            ];
            if found.sees_phones {
                row.push(h.phone.unwrap_or_default());
            }
            row
        })
        .collect();
    let table = Table {
        title: text.search_title,
        header,
        rows,
    };
    let period = Period {
        code: "search".into(),
        from: crate::base::clock::today(),
        to: crate::base::clock::today(),
    };
    Ok((
        file_name("cases", &found.scope, &period),
        crate::server::xlsx::book(&[table])?,
    ))
}

pub async fn get_records_xlsx(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    crate::server::xlsx::answer(records_xlsx(&state, &query, &headers).await)
}

async fn records_xlsx(
    state: &AppState,
    query: &HashMap<String, String>,
    headers: &HeaderMap,
) -> Result<(String, Vec<u8>), AppError> {
    let text = t();
    let (scope, resolved) = scope_of(state, query, headers).await?;
    let period = period_of(optional(query, "period"), None, None)?;
    let (figure, part) = figure_of(
        query.get("figure").map(String::as_str).unwrap_or_default(),
        optional(query, "split"),
        optional(query, "part"),
    )?;
    let (_, _, rows) = super::store::records(
        &state.db,
        &resolved.councils,
        &period,
        figure,
        part.as_ref().map(|(s, p)| (*s, p.as_str())),
        0,
        EXPORT_ROWS,
    )
    .await?;
    let table = Table {
        title: label_and_definition(figure).0,
        header: vec![
            text.stats_date_column,
            text.stats_record_column,
            text.stats_council,
            text.stats_detail_column,
            text.stats_amount_column,
        ],
        rows: rows
            .into_iter()
            .map(|r| {
                vec![
                    r.day,
                    r.title,
                    r.council_name,
                    r.detail,
                    r.amount.map(|a| a.to_string()).unwrap_or_default(),
                ]
            })
            .collect(),
    };
    let name = file_name(figure.code(), &scope, &period);
    Ok((name, crate::server::xlsx::book(&[table])?))
}
