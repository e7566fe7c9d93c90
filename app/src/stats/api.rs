//! The statistics' server functions: the screen, and the records behind one figure. Both read
//! the scope and period from the URL as typed, check them, and ask the policy for the scope.
use super::*;
use crate::base::error::AppError;
#[cfg(feature = "ssr")]
use crate::base::text::t;
use leptos::prelude::*;

/// The caller's scope (the first they may open when none is asked), resolved and allowed.
#[cfg(feature = "ssr")]
async fn allowed_scope(
    scope: Option<String>,
) -> Result<(Scope, super::store::Resolved, Vec<(String, String)>), AppError> {
    let actor = crate::auth::current_actor().await?;
    let state = crate::server::state::app_state()?;
    scope_for(&state.db, actor, scope).await
}

/// `allowed_scope` for a caller already known (a plain route has no Leptos context).
#[cfg(feature = "ssr")]
pub async fn scope_for(
    db: &crate::server::db::Db,
    actor: crate::auth::Actor,
    scope: Option<String>,
) -> Result<(Scope, super::store::Resolved, Vec<(String, String)>), AppError> {
    use crate::auth::Action;
    let me = crate::auth::check_signed(actor, &Action::UseOwnAccount)?;
    let scopes = super::store::scopes_for(db, &me).await?;
    let asked = match scope.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => Some(
            Scope::parse(text).ok_or_else(|| AppError::invalid("scope", t().stats_err_scope))?,
        ),
        None => scopes.first().and_then(|(code, _)| Scope::parse(code)),
    };
    let scope = asked.ok_or(AppError::Forbidden)?;
    let action = match &scope {
        Scope::Council(council) => Action::ViewCouncilStats {
            council: council.clone(),
        },
        Scope::Area(area) => Action::ViewAreaStats {
            area: area.to_string(),
        },
    };
    crate::auth::check(crate::auth::Actor::Signed(me), &action)?;
    let resolved = super::store::resolve(db, &scope)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((scope, resolved, scopes))
}

#[cfg(feature = "ssr")]
pub fn period_of(
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Period, AppError> {
    let today = crate::base::clock::today();
    match period.as_deref().filter(|p| !p.is_empty()) {
        None => Ok(Period::default_for(&today)),
        Some(code) => Period::parse(
            code,
            from.as_deref().unwrap_or_default(),
            to.as_deref().unwrap_or_default(),
            &today,
        )
        .ok_or_else(|| AppError::invalid("period", t().stats_err_period)),
    }
}

/// The statistics of `scope` (`council:…` or `area:…`) over `period` (`2026-11`, `2026Q4`,
/// `2026`, or `custom` with `from` and `to`), the council table sorted by `sort`.
#[server(endpoint = "stats")]
pub async fn get_stats(
    scope: Option<String>,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
) -> Result<StatsView, AppError> {
    Ok(stats_of(scope, period, from, to, sort).await?.0)
}

/// `get_stats`, and the councils of its scope (for what a report adds to the figures).
#[cfg(feature = "ssr")]
pub(super) async fn stats_of(
    scope: Option<String>,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
    sort: Option<String>,
) -> Result<(StatsView, Vec<(String, String)>), AppError> {
    let (scope, resolved, scopes) = allowed_scope(scope).await?;
    let period = period_of(period, from, to)?;
    let sort = match sort.as_deref().filter(|s| !s.is_empty()) {
        Some(code) => Some(
            Figure::from_code(code)
                .ok_or_else(|| AppError::invalid("sort", t().stats_err_figure))?,
        ),
        None => None,
    };
    let state = crate::server::state::app_state()?;
    let (figures, derived, councils, trends) =
        super::store::figures(&state.db, &resolved.councils, &period, sort).await?;
    let coverage = super::store::coverage(&state.db, &scope, &resolved.councils).await?;
    let councils = match scope {
        Scope::Area(_) => councils,
        Scope::Council(_) => Vec::new(),
    };
    let view = StatsView {
        scope,
        scope_name: resolved.name,
        periods: super::logic::period_choices(&crate::base::clock::today()),
        period,
        scopes,
        figures,
        derived,
        councils,
        sort,
        trends,
        coverage,
    };
    Ok((view, resolved.councils))
}

/// A figure, and a part of one of its splits, as the URL names them.
#[cfg(feature = "ssr")]
pub fn figure_of(
    figure: &str,
    split: Option<String>,
    part: Option<String>,
) -> Result<(Figure, Option<(Split, String)>), AppError> {
    let figure = Figure::from_code(figure)
        .ok_or_else(|| AppError::invalid("figure", t().stats_err_figure))?;
    let part = match split.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(code) => {
            let split = Split::from_code(code)
                .filter(|s| figure.splits().contains(s))
                .ok_or_else(|| AppError::invalid("split", t().stats_err_part))?;
            let part = part.unwrap_or_default();
            if part.chars().count() > 40 {
                return Err(AppError::invalid("part", t().stats_err_part));
            }
            Some((split, part))
        }
    };
    Ok((figure, part))
}

/// The records `figure` counts for `scope` over `period` (and only `part` of `split`, when
/// given), page `page` of them.
#[server(endpoint = "stats_records")]
pub async fn get_stat_records(
    scope: Option<String>,
    period: Option<String>,
    figure: String,
    split: Option<String>,
    part: Option<String>,
    page: Option<i64>,
) -> Result<FigureRecords, AppError> {
    let (scope, resolved, _) = allowed_scope(scope).await?;
    let period = period_of(period, None, None)?;
    let (figure, part) = figure_of(&figure, split, part)?;
    let page = page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        return Err(AppError::invalid("page", t().stats_err_part));
    }
    let state = crate::server::state::app_state()?;
    let (total, sum, rows) = super::store::records(
        &state.db,
        &resolved.councils,
        &period,
        figure,
        part.as_ref().map(|(s, p)| (*s, p.as_str())),
        (page - 1) * PAGE_SIZE,
        PAGE_SIZE,
    )
    .await?;
    Ok(FigureRecords {
        scope,
        scope_name: resolved.name,
        period,
        figure,
        part: part.map(|(split, part)| {
            let label = super::logic::part_label(split, &part);
            (split, part, label)
        }),
        total,
        sum,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        rows,
    })
}
