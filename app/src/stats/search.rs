//! `/search`: every case of a scope, closed ones included, found by words in its title or
//! description (Chinese words inside longer text), tracking code, room, category, status,
//! source, dates and department. The filters live in the URL, so a search can be bookmarked and
//! shared. A resident's phone is shown, and searched by, only where the caller manages the case's
//! council. Types here are shared with the browser; the query is `search_store.rs`.
use super::*;
use crate::base::error::AppError;
#[cfg(feature = "ssr")]
use crate::base::text::t;
use leptos::prelude::*;

/// The words of a search at most: each must occur in the title or the description.
pub const MAX_WORDS: usize = 3;
/// Hits per page.
pub const SEARCH_PAGE: i64 = 30;

/// The filters as the URL carries them; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchFilter {
    pub scope: String,
    /// Words, separated by spaces.
    pub q: String,
    pub code: String,
    /// A room's code.
    pub room: String,
    pub category: String,
    pub status: String,
    pub source: String,
    pub from: String,
    pub to: String,
    /// A department's key: cases it was assigned.
    pub department: String,
    pub phone: String,
    pub page: i64,
}

impl SearchFilter {
    /// The filter a URL's query carries; `get` reads one parameter, empty when it is missing.
    pub fn from_query(get: impl Fn(&str) -> String) -> SearchFilter {
        SearchFilter {
            scope: get("scope"),
            q: get("q"),
            code: get("code"),
            room: get("room"),
            category: get("category"),
            status: get("status"),
            source: get("source"),
            from: get("from"),
            to: get("to"),
            department: get("department"),
            phone: get("phone"),
            page: get("page").parse().unwrap_or(1),
        }
    }

    /// `/search?…` for this filter at `page` (empty fields left out).
    pub fn href(&self, page: i64) -> String {
        let page = page.to_string();
        let pairs: Vec<(&str, &str)> = [
            ("scope", self.scope.as_str()),
            ("q", self.q.as_str()),
            ("code", self.code.as_str()),
            ("room", self.room.as_str()),
            ("category", self.category.as_str()),
            ("status", self.status.as_str()),
            ("source", self.source.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
            ("department", self.department.as_str()),
            ("phone", self.phone.as_str()),
            ("page", page.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty() && *v != "1")
        .collect();
        format!("/search?{}", crate::base::url::query_string(&pairs))
    }
}

/// One case found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseHit {
    pub code: String,
    pub title: String,
    /// The start of the description.
    pub excerpt: String,
    pub day: String,
    pub council_name: String,
    pub room_name: String,
    pub status: String,
    pub source: String,
    pub category: String,
    /// Only where the caller manages the case's council.
    pub phone: Option<String>,
    pub href: String,
}

/// What the filters may choose from in this scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    pub rooms: Vec<(String, String)>,
    pub categories: Vec<String>,
    pub departments: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub scope: Scope,
    pub scope_name: String,
    pub scopes: Vec<(String, String)>,
    pub filter: SearchFilter,
    pub options: SearchOptions,
    /// The caller may see (and search by) residents' phones somewhere in the scope.
    pub sees_phones: bool,
    pub total: i64,
    /// `total` counts every match; otherwise it counts those among the scope's newest cases and
    /// the pages go on past them.
    pub exact: bool,
    pub page: i64,
    pub pages: i64,
    pub hits: Vec<CaseHit>,
}

/// The filters checked: words, code, phone, days and codes as the query binds them.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct CheckedSearch {
    pub words: Vec<String>,
    pub code: Option<String>,
    pub room: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub from: Option<Day>,
    /// The day after the last one.
    pub after: Option<Day>,
    pub department: Option<String>,
    pub phone: Option<String>,
}

#[cfg(feature = "ssr")]
pub fn check(filter: &SearchFilter) -> Result<CheckedSearch, AppError> {
    let text = t();
    let bad = |field: &str| AppError::invalid(field, text.search_err_filter);
    let words: Vec<String> = filter.q.split_whitespace().map(str::to_string).collect();
    if words.len() > MAX_WORDS
        || filter.q.chars().count() > 40
        || crate::base::validate::has_hidden(&filter.q)
    {
        return Err(AppError::invalid("q", text.search_err_words));
    }
    let given = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let code = match given(&filter.code) {
        Some(code) => Some(
            crate::base::ids::parse_tracking_code(&code)
                .map_err(|_| bad("code"))?
                .0,
        ),
        None => None,
    };
    let known = |value: Option<String>, codes: &[&str], field: &str| match value {
        Some(v) if codes.contains(&v.as_str()) => Ok(Some(v)),
        Some(_) => Err(bad(field)),
        None => Ok(None),
    };
    let statuses: Vec<&str> = text.case_statuses.iter().map(|(c, _, _)| *c).collect();
    let sources: Vec<&str> = text.case_sources.iter().map(|(c, _)| *c).collect();
    let day = |v: &str, field: &str| match given(v) {
        Some(d) => Day::parse(&d).map(Some).ok_or_else(|| bad(field)),
        None => Ok(None),
    };
    let (from, to) = (day(&filter.from, "from")?, day(&filter.to, "to")?);
    if matches!((&from, &to), (Some(f), Some(t)) if f > t) {
        return Err(bad("to"));
    }
    let key = |v: &str, field: &str| match given(v) {
        Some(k) if crate::base::validate::is_record_key(&k) => Ok(Some(k)),
        Some(_) => Err(bad(field)),
        None => Ok(None),
    };
    let room = match given(&filter.room) {
        Some(r) => Some(
            crate::base::ids::RoomCode::parse(&r)
                .ok_or_else(|| bad("room"))?
                .0,
        ),
        None => None,
    };
    let category = given(&filter.category);
    if category.as_ref().is_some_and(|c| c.chars().count() > 20) {
        return Err(bad("category"));
    }
    let phone = match given(&filter.phone) {
        Some(p) => Some(
            crate::base::phone::parse_phone(&p)
                .ok_or_else(|| bad("phone"))?
                .0,
        ),
        None => None,
    };
    Ok(CheckedSearch {
        words,
        code,
        room,
        category,
        status: known(given(&filter.status), &statuses, "status")?,
        source: known(given(&filter.source), &sources, "source")?,
        after: to.as_ref().map(super::logic::next_day),
        from,
        department: key(&filter.department, "department")?,
        phone,
    })
}

/// Cases of the scope that match `filter`, newest first, a page of them.
#[server(endpoint = "search_cases")]
pub async fn search_cases(filter: SearchFilter) -> Result<SearchView, AppError> {
    let actor = crate::auth::current_actor().await?;
    let state = crate::server::state::app_state()?;
    let page = if filter.page == 0 { 1 } else { filter.page };
    if !(1..=10_000).contains(&page) {
        return Err(AppError::invalid("page", t().search_err_filter));
    }
    let window = state.settings.search_window;
    run(&state.db, actor, filter, page, SEARCH_PAGE, window).await
}

/// A search for `actor`: page `page` of `per_page` hits (the page, and the spreadsheet), read
/// from the scope's newest `window` cases where they hold the page (see `search_store::search`).
#[cfg(feature = "ssr")]
pub async fn run(
    db: &crate::server::db::Db,
    actor: crate::auth::Actor,
    filter: SearchFilter,
    page: i64,
    per_page: i64,
    window: i64,
) -> Result<SearchView, AppError> {
    let me = actor.principal().cloned();
    let asked = Some(filter.scope.clone()).filter(|s| !s.is_empty());
    let (scope, resolved, scopes) = super::api::scope_for(db, actor, asked).await?;
    let checked = check(&filter)?;
    let me = me.ok_or(AppError::Unauthenticated)?;
    let manages =
        |council: &str| me.system_admin || me.managed_councils.iter().any(|c| c == council);
    let managed: Vec<String> = resolved
        .councils
        .iter()
        .map(|(k, _)| k.clone())
        .filter(|k| manages(k))
        .collect();
    // Searching by phone reaches only the councils whose residents' phones the caller may see.
    let councils: Vec<String> = if checked.phone.is_some() {
        if managed.is_empty() {
            return Err(AppError::Forbidden);
        }
        managed.clone()
    } else {
        resolved.councils.iter().map(|(k, _)| k.clone()).collect()
    };
    let found = super::search_store::search(
        db,
        &councils,
        &checked,
        (page - 1) * per_page,
        per_page,
        window,
    )
    .await?;
    let options = super::search_store::options(db, &councils).await?;
    let total = found.total;
    let mut pages = (total + per_page - 1) / per_page;
    if !found.exact {
        // Not every match counted: the pages go on past the newest cases, where all are counted.
        pages = pages.max(page + 1);
    }
    let hits = found
        .hits
        .into_iter()
        .map(|mut hit| {
            if !manages(&hit.0) {
                hit.1.phone = None;
            }
            hit.1
        })
        .collect();
    Ok(SearchView {
        scope: scope.clone(),
        scope_name: resolved.name,
        scopes,
        filter: SearchFilter {
            scope: scope.code(),
            page,
            ..filter
        },
        options,
        sees_phones: !managed.is_empty(),
        total,
        exact: found.exact,
        page,
        pages: pages.max(1),
        hits,
    })
}
