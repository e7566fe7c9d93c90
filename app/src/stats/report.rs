//! The printable period report of a council or an area (`/stats/report`: the figures with their
//! definitions, the charts, the council table, the typical cases) and the compilation of typical
//! cases (案例汇编, `/stats/cases`): what a station hands up at the end of a quarter or a year.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;

/// A case its council marked typical (典型案例), as the compilation prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypicalCase {
    pub code: String,
    pub title: String,
    pub council_name: String,
    pub day: String,
    pub status: String,
    pub description: String,
    /// The answers and results published to the resident, in order.
    pub answers: Vec<String>,
    /// The 协商建议清单, numbered.
    pub recommendations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsReport {
    pub stats: StatsView,
    pub typical: Vec<TypicalCase>,
    /// When it was drawn, Beijing time.
    pub drawn_at: String,
}

/// The report of `scope` over `period` (as `get_stats`), with the period's typical cases.
#[server(endpoint = "stats_report")]
pub async fn get_stats_report(
    scope: Option<String>,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<StatsReport, AppError> {
    let (stats, councils) = super::api::stats_of(scope, period, from, to, None).await?;
    let state = crate::server::state::app_state()?;
    let typical = super::store::typical_cases(&state.db, &councils, &stats.period).await?;
    Ok(StatsReport {
        stats,
        typical,
        drawn_at: crate::base::clock::format_time(chrono::Utc::now()),
    })
}
