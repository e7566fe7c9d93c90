//! The query behind `/search`: the councils' cases by the full-text indexes on title and
//! description (migration 013) and by their fields, newest first, with how many match. Only the
//! conditions written here are formatted into it; every value is bound.
use super::search::{CaseHit, CheckedSearch, SearchOptions};
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::{key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue};

/// Which cases a search may read at all: the scope's, in its days. The indexes on council and
/// creation time answer it in order, newest first.
fn scope_condition(search: &CheckedSearch) -> String {
    let mut parts = vec!["council IN $councils"];
    if search.from.is_some() {
        parts.push("created_at >= $from_at");
    }
    if search.after.is_some() {
        parts.push("created_at < $after_at");
    }
    parts.join(" AND ")
}

/// The other filters, one condition per filter given. `by_index` narrows each word by the
/// full-text indexes first (a `WHERE` on the table); without it the words are only checked as
/// typed (a filter over cases read already).
fn filter_condition(search: &CheckedSearch, by_index: bool) -> String {
    let mut parts = vec!["true".to_string()];
    for i in 0..search.words.len() {
        // The indexes find a word by its first one or two characters (SurrealDB 3 finds nothing
        // for a longer n-gram query, see TOOLCHAIN.md); the check that follows is exact.
        if by_index {
            parts.push(format!("(title @@ $p{i} OR description @@ $p{i})"));
        }
        parts.push(format!(
            "(string::contains(string::lowercase(title), $w{i})
                OR string::contains(string::lowercase(description), $w{i}))"
        ));
    }
    let given = [
        (search.code.is_some(), "tracking_code = $code"),
        (search.room.is_some(), "room = $room_id"),
        (search.category.is_some(), "category = $category"),
        (search.status.is_some(), "status = $status"),
        (search.source.is_some(), "source = $source"),
        (search.department.is_some(), "id IN $assigned"),
        (search.phone.is_some(), "resident_phone = $phone"),
    ];
    parts.extend(
        given
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, c)| c.to_string()),
    );
    parts.join(" AND ")
}

/// What a search found: a page of cases, each with its council's key (for who may see the
/// phone), and how many match.
#[derive(Debug)]
pub struct Found {
    pub total: i64,
    /// `total` counts every matching case; otherwise only those among the scope's newest
    /// `window`, and more may be older.
    pub exact: bool,
    pub hits: Vec<(String, CaseHit)>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Row {
    code: String,
    title: String,
    excerpt: String,
    day: String,
    council_key: String,
    council_name: String,
    room_name: Option<String>,
    status: String,
    source: String,
    category: String,
    phone: Option<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Count {
    n: i64,
}

fn label(table: &[(&'static str, &'static str)], code: &str) -> String {
    table
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code.to_string(), |(_, l)| l.to_string())
}

/// The columns a hit shows.
const HIT_FIELDS: &str = "tracking_code AS code, title,
    string::slice(description, 0, 60) AS excerpt,
    time::format(created_at + 8h, '%Y-%m-%d') AS day, meta::id(council) AS council_key,
    council.name AS council_name, room.name AS room_name, status, source, category,
    resident_phone AS phone";

/// The matching cases from `start`, `limit` of them, newest first.
///
/// A search first reads the scope's newest `window` cases and filters them as read: a scan in
/// time order that stops after `window` rows, however many match. When those are all the
/// scope's cases, or hold the page asked for, that is the answer; the count is then exact only in
/// the first case. Otherwise (a deep page, few matches, or a tracking code or phone, which their
/// own indexes find at once) the full-text and field indexes answer it, with an exact count: for
/// a common word that means reading every case holding it, which is why it is not the first way.
pub async fn search(
    db: &Db,
    councils: &[String],
    search: &CheckedSearch,
    start: i64,
    limit: i64,
    window: i64,
) -> Result<Found, AppError> {
    let start = start.max(0);
    let by_own_index = search.code.is_some() || search.phone.is_some();
    if !by_own_index {
        let sql = format!(
            "LET $window = (SELECT id, created_at, tracking_code, title, description, status,
                    source, category, room, resident_phone, council
                FROM case WHERE {scope} ORDER BY created_at DESC LIMIT $window_size);
             LET $found = $window[WHERE {filter}];
             RETURN array::len($window);
             RETURN array::len($found);
             SELECT {HIT_FIELDS} FROM $found START $start LIMIT $limit;",
            scope = scope_condition(search),
            filter = filter_condition(search, false),
        );
        let mut response = bound(db, &sql, councils, search)
            .bind(("window_size", window))
            .bind(("start", start))
            .bind(("limit", limit))
            .await?
            .check()?;
        let last = response.num_statements() - 1;
        let read: Option<i64> = response.take(last - 2)?;
        let total: Option<i64> = response.take(last - 1)?;
        let rows: Vec<Row> = response.take(last)?;
        let (read, total) = (read.unwrap_or(0), total.unwrap_or(0));
        let complete = read < window;
        if complete || total >= start + limit {
            return Ok(Found {
                total,
                exact: complete,
                hits: hits(rows),
            });
        }
    }
    let condition = format!(
        "{} AND {}",
        scope_condition(search),
        filter_condition(search, true)
    );
    let sql = format!(
        "SELECT {HIT_FIELDS}, created_at FROM case WHERE {condition}
            ORDER BY created_at DESC START $start LIMIT $limit;
         SELECT count() AS n FROM case WHERE {condition} GROUP ALL;"
    );
    let mut response = bound(db, &sql, councils, search)
        .bind(("start", start))
        .bind(("limit", limit))
        .await?
        .check()?;
    let last = response.num_statements() - 1;
    let rows: Vec<Row> = response.take(last - 1)?;
    let count: Vec<Count> = response.take(last)?;
    Ok(Found {
        total: count.first().map_or(0, |c| c.n),
        exact: true,
        hits: hits(rows),
    })
}

/// `sql` after the values every search condition refers to, bound.
fn bound<'a>(
    db: &'a Db,
    sql: &str,
    councils: &[String],
    search: &CheckedSearch,
) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
    let assigned = if search.department.is_some() {
        "LET $assigned = (SELECT VALUE case FROM assignment
            WHERE department = $department AND council IN $councils);"
    } else {
        ""
    };
    let sql = format!(
        "LET $from_at = <datetime> $from_at_text;
         LET $after_at = <datetime> $after_at_text;
         LET $room_id = (SELECT VALUE id FROM room WHERE code = $room)[0];
         {assigned}
         {sql}"
    );
    let keys: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let at = |day: &Option<crate::base::clock::Day>| {
        day.as_ref()
            .map_or("2000-01-01T00:00:00+08:00".to_string(), |d| {
                format!("{}T00:00:00+08:00", d.0)
            })
    };
    let mut query = db
        .query(sql)
        .bind(("councils", keys))
        .bind(("code", search.code.clone()))
        .bind(("room", search.room.clone()))
        .bind(("category", search.category.clone()))
        .bind(("status", search.status.clone()))
        .bind(("source", search.source.clone()))
        .bind(("from_at_text", at(&search.from)))
        .bind(("after_at_text", at(&search.after)))
        .bind((
            "department",
            search
                .department
                .as_deref()
                .map(|d| record("department", d)),
        ))
        .bind(("phone", search.phone.clone()));
    for (i, word) in search.words.iter().enumerate() {
        let word = word.to_lowercase();
        let probe: String = word.chars().take(2).collect();
        query = query
            .bind((format!("w{i}"), word))
            .bind((format!("p{i}"), probe));
    }
    query
}

/// Rows as hits, each with its council's key; codes shown by their labels.
fn hits(rows: Vec<Row>) -> Vec<(String, CaseHit)> {
    let text = t();
    let statuses: Vec<(&'static str, &'static str)> = text
        .case_statuses
        .iter()
        .map(|(c, l, _)| (*c, *l))
        .collect();
    rows.into_iter()
        .map(|r| {
            let href = format!("/admin/councils/{}/cases/{}", r.council_key, r.code);
            (
                r.council_key,
                CaseHit {
                    code: r.code,
                    title: r.title,
                    excerpt: r.excerpt,
                    day: r.day,
                    council_name: r.council_name,
                    room_name: r.room_name.unwrap_or_default(),
                    status: label(&statuses, &r.status),
                    source: label(text.case_sources, &r.source),
                    category: r.category,
                    phone: r.phone,
                    href,
                },
            )
        })
        .collect()
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Named {
    id: RecordId,
    name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RoomRow {
    code: String,
    name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Category {
    category: String,
}

/// The rooms, categories in use and departments assigned cases, in these councils.
pub async fn options(db: &Db, councils: &[String]) -> Result<SearchOptions, AppError> {
    let keys: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT code, name FROM room WHERE council IN $councils ORDER BY name LIMIT 300;
             SELECT category FROM case WHERE council IN $councils AND category != ''
                GROUP BY category LIMIT 100;
             SELECT department AS id, department.name AS name FROM assignment
                WHERE council IN $councils GROUP BY id, name LIMIT 100;",
        )
        .bind(("councils", keys))
        .await?
        .check()?;
    let rooms: Vec<RoomRow> = response.take(0)?;
    let categories: Vec<Category> = response.take(1)?;
    let departments: Vec<Named> = response.take(2)?;
    Ok(SearchOptions {
        rooms: rooms.into_iter().map(|r| (r.code, r.name)).collect(),
        categories: categories.into_iter().map(|c| c.category).collect(),
        departments: departments
            .into_iter()
            .map(|d| (key_text(&d.id), d.name))
            .collect(),
    })
}
