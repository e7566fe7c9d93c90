//! What each figure counts, written once (`source`), and the queries built from it: a figure per
//! council, its splits, its months, and its list of records all share the same `WHERE`, so a
//! figure always equals the length of its list and an area's figure the sum of its councils'.
//!
//! Every record has exactly one owning council (a case's, a session's, an activity's…), and is
//! counted there only: a member serving two councils who attends a session counts once, in the
//! session's council. Only fixed SurrealQL from this file is formatted into a query; every value
//! (councils, days, parts, pages) is a bound parameter.
use super::logic::{median, part_label, permille, sort_councils};
use super::*;
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::{key_text, record, Db};
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue};

/// When a record happened, for the period.
#[derive(Clone, Copy)]
enum When {
    /// A stored moment (UTC datetime); compared with the Beijing midnights of the period.
    At(&'static str),
    /// A Beijing day or `YYYY-MM-DDTHH:MM` string; compared as text.
    Day(&'static str),
    /// Not by period: as of today.
    Now,
}

/// Where a record's list row links to.
#[derive(Clone, Copy)]
enum Link {
    /// The staff page of the case, by council and tracking code.
    Case,
    Session,
    Activity,
    /// A member's duty record.
    Member,
}

/// One figure's definition as a query.
struct Source {
    table: &'static str,
    /// The owning council of a row.
    council: &'static str,
    when: When,
    /// What else a row must be, if anything.
    filter: &'static str,
    /// The field summed for a sum figure; a count otherwise.
    sum: Option<&'static str>,
    /// The list row: day, title, council_name, detail, amount, code, council_key, link_key.
    row: &'static str,
    link: Link,
}

const CASE_ROW: &str = "time::format(created_at + 8h, '%Y-%m-%d') AS day, title,
    council.name AS council_name, status AS detail, NONE AS amount, tracking_code AS code,
    meta::id(council) AS council_key, NONE AS link_key";
const RECEIVED: &str = "status != 'merged'";
const SETTLED: &str = "status IN ['answered', 'not_adopted', 'closed']";
const ATTENDEE_ROW: &str = "string::slice(session.starts_at, 0, 10) AS day,
    session.title AS title, session.council.name AS council_name,
    IF kind = 'member' THEN name ELSE kind END AS detail, NONE AS amount, NONE AS code,
    meta::id(session.council) AS council_key, meta::id(session) AS link_key";
const ASSIGNMENT_ROW: &str = "time::format(created_at + 8h, '%Y-%m-%d') AS day, task AS title,
    council.name AS council_name, deadline AS detail, NONE AS amount,
    case.tracking_code AS code, meta::id(council) AS council_key, NONE AS link_key";
const RECEPTION_ROW: &str = "on_date AS day, member.name AS title, council.name AS council_name,
    absent_reason AS detail, visitors AS amount, NONE AS code, meta::id(council) AS council_key,
    meta::id(member) AS link_key";

fn source(figure: Figure) -> Source {
    use Figure::*;
    let case = |filter: &'static str| Source {
        table: "case",
        council: "council",
        when: When::At("created_at"),
        filter,
        sum: None,
        row: CASE_ROW,
        link: Link::Case,
    };
    let attendee = |filter: &'static str| Source {
        table: "attendee",
        council: "session.council",
        when: When::Day("session.starts_at"),
        filter,
        sum: None,
        row: ATTENDEE_ROW,
        link: Link::Session,
    };
    let assignment = |when: When, filter: &'static str| Source {
        table: "assignment",
        council: "council",
        when,
        filter,
        sum: None,
        row: ASSIGNMENT_ROW,
        link: Link::Case,
    };
    let activity = |filter: &'static str, sum: Option<&'static str>, row: &'static str| Source {
        table: "activity",
        council: "council",
        when: When::Day("on_date"),
        filter,
        sum,
        row,
        link: Link::Activity,
    };
    let reception = |filter: &'static str, sum: Option<&'static str>| Source {
        table: "reception",
        council: "council",
        when: When::Day("on_date"),
        filter,
        sum,
        row: RECEPTION_ROW,
        link: Link::Member,
    };
    match figure {
        Sessions => Source {
            table: "council_session",
            council: "council",
            when: When::Day("starts_at"),
            filter: "starts_at <= $now_local",
            sum: None,
            row: "string::slice(starts_at, 0, 10) AS day, title, council.name AS council_name,
                form AS detail, NONE AS amount, NONE AS code, meta::id(council) AS council_key,
                meta::id(id) AS link_key",
            link: Link::Session,
        },
        MemberAttendances => attendee(const_concat::MEMBER_AT_HELD),
        ResidentAttendances => attendee(const_concat::RESIDENT_AT_HELD),
        Concerns => case(RECEIVED),
        Settled => Source {
            row: "time::format(created_at + 8h, '%Y-%m-%d') AS day, title,
                council.name AS council_name, status AS detail,
                duration::days(updated_at - created_at) AS amount, tracking_code AS code,
                meta::id(council) AS council_key, NONE AS link_key",
            ..case(SETTLED)
        },
        Topics => case("status != 'merged' AND array::len(screening) > 0"),
        TopicsConsulted => case(
            "array::len(screening) > 0
             AND status IN ['consulting', 'implementing', 'feedback_given', 'closed']",
        ),
        Recommendations => Source {
            table: "recommendation",
            council: "case.council",
            when: When::At("updated_at"),
            filter: "",
            sum: None,
            row: "time::format(updated_at + 8h, '%Y-%m-%d') AS day, text AS title,
                case.council.name AS council_name, case.title AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            link: Link::Case,
        },
        Assignments => assignment(When::At("created_at"), ""),
        AssignmentsDone => assignment(When::At("created_at"), "status = 'done'"),
        Overdue => assignment(When::Now, "status != 'done' AND deadline < $today"),
        Ratings => Source {
            table: "case_rating",
            council: "case.council",
            when: When::At("at"),
            filter: "",
            sum: None,
            row: "time::format(at + 8h, '%Y-%m-%d') AS day, case.title AS title,
                case.council.name AS council_name, <string> score AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            link: Link::Case,
        },
        Rechecks => Source {
            table: "case_event",
            council: "case.council",
            when: When::At("at"),
            filter: "(step = 'close' OR (step = 'reopen' AND from_status = 'feedback_given'))",
            sum: None,
            row: "time::format(at + 8h, '%Y-%m-%d') AS day, case.title AS title,
                case.council.name AS council_name, step AS detail, NONE AS amount,
                case.tracking_code AS code, meta::id(case.council) AS council_key,
                NONE AS link_key",
            link: Link::Case,
        },
        Activities => activity("", None, const_concat::ACTIVITY_ROW),
        ActivityMembers => Source {
            table: "activity_member",
            council: "activity.council",
            when: When::Day("on_date"),
            filter: "",
            sum: None,
            row: "on_date AS day, activity.title AS title, activity.council.name AS council_name,
                member.name AS detail, NONE AS amount, NONE AS code,
                meta::id(activity.council) AS council_key, meta::id(activity) AS link_key",
            link: Link::Activity,
        },
        Served => activity("served > 0", Some("served"), const_concat::SERVED_ROW),
        Disputes => activity(
            "outcomes.disputes_resolved > 0",
            Some("outcomes.disputes_resolved"),
            const_concat::DISPUTES_ROW,
        ),
        Receptions => reception("came = true", None),
        ReceptionsMissed => reception("came = false", None),
        Visitors => reception("came = true AND visitors > 0", Some("visitors")),
        Contacts => Source {
            table: "contact",
            council: "council",
            when: When::Day("on_date"),
            filter: "",
            sum: None,
            row: "on_date AS day, member.name AS title, council.name AS council_name,
                via AS detail, NONE AS amount, NONE AS code, meta::id(council) AS council_key,
                meta::id(member) AS link_key",
            link: Link::Member,
        },
    }
}

/// Conditions and rows put together from the parts above (Rust has no `concat!` for consts).
mod const_concat {
    pub const MEMBER_AT_HELD: &str = "session.starts_at <= $now_local AND kind = 'member'";
    pub const RESIDENT_AT_HELD: &str =
        "session.starts_at <= $now_local AND kind IN ['resident', 'elder', 'stakeholder']";
    pub const ACTIVITY_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, NONE AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
    pub const SERVED_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, served AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
    pub const DISPUTES_ROW: &str = "on_date AS day, title, council.name AS council_name,
        kind AS detail, outcomes.disputes_resolved AS amount, meta::id(council) AS council_key,
        meta::id(id) AS link_key, NONE AS code";
}

/// The field a split reads, on its figure's table.
fn split_field(split: Split) -> &'static str {
    match split {
        Split::Form => "form",
        Split::Source => "source",
        Split::Category => "category",
        Split::Score => "<string> score",
        Split::Kind => "kind",
    }
}

/// The `WHERE` of a figure: its councils, its period (`bounds` picks which bound parameters:
/// the period's, or a trend's), its own filter, and a part when one is asked for.
fn condition(source: &Source, bounds: &str, split: Option<Split>) -> String {
    let mut parts = vec![format!("{} IN $councils", source.council)];
    match source.when {
        When::At(field) => parts.push(format!(
            "{field} >= ${bounds}from_at AND {field} < ${bounds}after_at"
        )),
        When::Day(field) => parts.push(format!(
            "{field} >= ${bounds}from_day AND {field} < ${bounds}after_day"
        )),
        When::Now => {}
    }
    if !source.filter.is_empty() {
        parts.push(format!("({})", source.filter));
    }
    if let Some(split) = split {
        parts.push(format!("{} = $part", split_field(split)));
    }
    parts.join(" AND ")
}

fn value_columns(source: &Source) -> String {
    match source.sum {
        Some(field) => format!("count() AS n, <int> math::sum({field}) AS s"),
        None => "count() AS n".to_string(),
    }
}

fn month_of(source: &Source) -> String {
    match source.when {
        When::At(field) => format!("time::format({field} + 8h, '%Y-%m')"),
        When::Day(field) => format!("string::slice({field}, 0, 7)"),
        When::Now => "''".to_string(),
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Grouped {
    key: Option<RecordId>,
    n: i64,
    s: Option<i64>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct GroupedText {
    key: Option<String>,
    n: i64,
    s: Option<i64>,
}

impl Grouped {
    fn value(&self, summed: bool) -> i64 {
        if summed {
            self.s.unwrap_or(0)
        } else {
            self.n
        }
    }
}

impl GroupedText {
    fn value(&self, summed: bool) -> i64 {
        if summed {
            self.s.unwrap_or(0)
        } else {
            self.n
        }
    }
}

/// A scope resolved: its name and its councils (key, name), by name.
pub struct Resolved {
    pub name: String,
    pub councils: Vec<(String, String)>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Named {
    id: RecordId,
    name: String,
}

/// The scope's name and councils, or none when the key names nothing. An area holds every
/// council whose area lies in it, up to five levels down (province to village).
pub async fn resolve(db: &Db, scope: &Scope) -> Result<Option<Resolved>, AppError> {
    let (sql, id) = match scope {
        Scope::Council(c) => (
            "SELECT VALUE name FROM ONLY $id;
             SELECT id, name FROM council WHERE id = $id;",
            record("council", c),
        ),
        Scope::Area(a) => (
            "SELECT VALUE name FROM ONLY $id;
             SELECT id, name FROM council WHERE area = $id OR area.parent = $id
                OR area.parent.parent = $id OR area.parent.parent.parent = $id
                OR area.parent.parent.parent.parent = $id ORDER BY name;",
            record("area", a),
        ),
    };
    let mut response = db.query(sql).bind(("id", id)).await?.check()?;
    let name: Option<String> = response.take(0)?;
    let councils: Vec<Named> = response.take(1)?;
    Ok(name.map(|name| Resolved {
        name,
        councils: councils
            .into_iter()
            .map(|c| (key_text(&c.id), c.name))
            .collect(),
    }))
}

/// The scopes the caller may open: the areas they hold (above the village) and the councils
/// they manage or serve; every area and council for the system admin.
pub async fn scopes_for(db: &Db, me: &Principal) -> Result<Vec<(String, String)>, AppError> {
    let areas: Vec<RecordId> = me.admin_areas.iter().map(|a| record("area", a)).collect();
    let councils: Vec<RecordId> = me
        .managed_councils
        .iter()
        .chain(&me.member_councils)
        .map(|c| record("council", c))
        .collect();
    let mut response = db
        .query(
            "SELECT id, name, level FROM area WHERE level != 'village' AND ($system OR id IN $areas)
                ORDER BY level, name LIMIT 500;
             SELECT id, name FROM council WHERE $system OR id IN $councils ORDER BY name LIMIT 500;",
        )
        .bind(("system", me.system_admin))
        .bind(("areas", areas))
        .bind(("councils", councils))
        .await?
        .check()?;
    let areas: Vec<Named> = response.take(0)?;
    let councils: Vec<Named> = response.take(1)?;
    Ok(areas
        .into_iter()
        .map(|a| (format!("area:{}", key_text(&a.id)), a.name))
        .chain(
            councils
                .into_iter()
                .map(|c| (format!("council:{}", key_text(&c.id)), c.name)),
        )
        .collect())
}

/// The period's bound parameters, and a trend's (prefixed `t_`).
fn bind_period<'a>(
    query: surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    prefix: &'static str,
    from: &Day,
    after: &Day,
) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
    let at = |day: &Day| format!("{}T00:00:00+08:00", day.0);
    query
        .bind((format!("{prefix}from_day"), from.0.clone()))
        .bind((format!("{prefix}after_day"), after.0.clone()))
        .bind((format!("{prefix}from_at_text"), at(from)))
        .bind((format!("{prefix}after_at_text"), at(after)))
}

/// Datetimes made from the bound texts once, before the statements that compare with them.
const DATETIMES: &str = "LET $from_at = <datetime> $from_at_text;
    LET $after_at = <datetime> $after_at_text;
    LET $t_from_at = <datetime> $t_from_at_text;
    LET $t_after_at = <datetime> $t_after_at_text;";
const DATETIME_STATEMENTS: usize = 4;

/// The figures trend charts show.
pub const TRENDS: [Figure; 3] = [Figure::Concerns, Figure::Sessions, Figure::Activities];

/// Everything the screen shows, for councils `councils` of a scope over `period`.
pub async fn figures(
    db: &Db,
    councils: &[(String, String)],
    period: &Period,
    sort: Option<Figure>,
) -> Result<(Vec<FigureValue>, Derived, Vec<CouncilRow>, Vec<Trend>), AppError> {
    // Statements in order: the datetimes, then per figure one grouped by council, then each
    // split, then each trend, then the days to settle.
    let mut sql = String::from(DATETIMES);
    for figure in Figure::ALL {
        let source = source(*figure);
        sql.push_str(&format!(
            "SELECT {} AS key, {} FROM {} WHERE {} GROUP BY key;\n",
            source.council,
            value_columns(&source),
            source.table,
            condition(&source, "", None)
        ));
    }
    let splits: Vec<(Figure, Split)> = Figure::ALL
        .iter()
        .flat_map(|f| f.splits().iter().map(move |s| (*f, *s)))
        .collect();
    for (figure, split) in &splits {
        let source = source(*figure);
        sql.push_str(&format!(
            "SELECT {} AS key, {} FROM {} WHERE {} GROUP BY key;\n",
            split_field(*split),
            value_columns(&source),
            source.table,
            condition(&source, "", None)
        ));
    }
    for figure in TRENDS {
        let source = source(figure);
        sql.push_str(&format!(
            "SELECT {} AS key, {} FROM {} WHERE {} GROUP BY key;\n",
            month_of(&source),
            value_columns(&source),
            source.table,
            condition(&source, "t_", None)
        ));
    }
    let settled = source(Figure::Settled);
    sql.push_str(&format!(
        "SELECT VALUE duration::days(updated_at - created_at) FROM case WHERE {};",
        condition(&settled, "", None)
    ));

    let months = period.trend_months();
    let trend_from = Day(format!("{}-01", months[0]));
    let trend_after = super::logic::next_day(&super::logic::month_last_day(
        months.last().map(String::as_str).unwrap_or("2026-01"),
    ));
    let keys: Vec<RecordId> = councils.iter().map(|(k, _)| record("council", k)).collect();
    let query = db
        .query(sql)
        .bind(("councils", keys))
        .bind(("today", crate::base::clock::today().0))
        .bind(("now_local", crate::base::clock::minutes_from_now(0)));
    let query = bind_period(query, "", &period.from, &period.after());
    let query = bind_period(query, "t_", &trend_from, &trend_after);
    let mut response = query.await?.check()?;

    let mut index = DATETIME_STATEMENTS;
    let mut rows: Vec<CouncilRow> = councils
        .iter()
        .map(|(key, name)| CouncilRow {
            council: key.clone(),
            name: name.clone(),
            values: vec![0; Figure::ALL.len()],
        })
        .collect();
    let position: HashMap<String, usize> = councils
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    let mut values = Vec::new();
    for (column, figure) in Figure::ALL.iter().enumerate() {
        let summed = source(*figure).sum.is_some();
        let grouped: Vec<Grouped> = response.take(index)?;
        index += 1;
        let mut total = 0;
        for g in &grouped {
            let Some(row) = g.key.as_ref().and_then(|k| position.get(&key_text(k))) else {
                continue;
            };
            rows[*row].values[column] = g.value(summed);
            total += g.value(summed);
        }
        values.push(FigureValue {
            figure: *figure,
            value: total,
            splits: Vec::new(),
        });
    }
    for (figure, split) in &splits {
        let summed = source(*figure).sum.is_some();
        let grouped: Vec<GroupedText> = response.take(index)?;
        index += 1;
        let mut parts: Vec<PartValue> = grouped
            .iter()
            .map(|g| {
                let part = g.key.clone().unwrap_or_default();
                PartValue {
                    label: part_label(*split, &part),
                    part,
                    value: g.value(summed),
                }
            })
            .collect();
        parts.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.part.cmp(&b.part)));
        if let Some(v) = values.iter_mut().find(|v| v.figure == *figure) {
            v.splits.push(SplitValues {
                split: *split,
                parts,
            });
        }
    }
    let mut trends = Vec::new();
    for figure in TRENDS {
        let summed = source(figure).sum.is_some();
        let grouped: Vec<GroupedText> = response.take(index)?;
        index += 1;
        let by_month: HashMap<String, i64> = grouped
            .iter()
            .map(|g| (g.key.clone().unwrap_or_default(), g.value(summed)))
            .collect();
        trends.push(Trend {
            figure,
            months: months
                .iter()
                .map(|m| (m.clone(), by_month.get(m).copied().unwrap_or(0)))
                .collect(),
        });
    }
    let mut days: Vec<i64> = response.take(index)?;

    let value_of = |f: Figure| values.iter().find(|v| v.figure == f).map_or(0, |v| v.value);
    let satisfied: i64 = values
        .iter()
        .find(|v| v.figure == Figure::Ratings)
        .and_then(|v| v.splits.first())
        .map_or(0, |s| {
            s.parts
                .iter()
                .filter(|p| p.part == "3" || p.part == "2")
                .map(|p| p.value)
                .sum()
        });
    let derived = Derived {
        settled_permille: permille(value_of(Figure::Settled), value_of(Figure::Concerns)),
        median_days_to_settle: median(&mut days),
        satisfied_permille: permille(satisfied, value_of(Figure::Ratings)),
    };
    sort_councils(&mut rows, sort);
    Ok((values, derived, rows, trends))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StoredRow {
    day: Option<String>,
    title: Option<String>,
    council_name: Option<String>,
    detail: Option<String>,
    amount: Option<i64>,
    code: Option<String>,
    council_key: Option<String>,
    link_key: Option<String>,
}

/// The words a list shows for a row's detail: a stored code read out, or the text as stored.
fn detail_label(figure: Figure, detail: &str) -> String {
    let text = t();
    let from_table = |table: &[(&'static str, &'static str)]| {
        table
            .iter()
            .find(|(code, _)| *code == detail)
            .map_or(detail.to_string(), |(_, label)| label.to_string())
    };
    use Figure::*;
    match figure {
        Sessions => part_label(Split::Form, detail),
        ResidentAttendances => crate::sessions::ParticipantKind::from_code(detail)
            .map_or(detail.to_string(), |k| k.label().to_string()),
        Concerns | Settled | Topics | TopicsConsulted => text
            .case_statuses
            .iter()
            .find(|(code, _, _)| *code == detail)
            .map_or(detail.to_string(), |(_, label, _)| label.to_string()),
        Assignments | AssignmentsDone | Overdue => {
            format!("{}{detail}", text.stats_deadline)
        }
        Ratings => part_label(Split::Score, detail),
        Rechecks => from_table(text.case_steps),
        Activities | Served | Disputes => part_label(Split::Kind, detail),
        Receptions | Visitors => text.stats_reception_kept.to_string(),
        Contacts => crate::contacts::ContactVia::from_code(detail)
            .map_or(detail.to_string(), |v| v.label().to_string()),
        _ => detail.to_string(),
    }
}

fn href(link: Link, row: &StoredRow) -> Option<String> {
    let council = row.council_key.as_deref()?;
    match link {
        Link::Case => row
            .code
            .as_ref()
            .map(|code| format!("/admin/councils/{council}/cases/{code}")),
        Link::Session => row.link_key.as_ref().map(|k| format!("/s/{k}")),
        Link::Activity => row.link_key.as_ref().map(|k| format!("/activities/{k}")),
        Link::Member => row
            .link_key
            .as_ref()
            .map(|k| format!("/members/{k}/record")),
    }
}

/// The records behind `figure` (and `part` of `split`) for the councils over the period,
/// `limit` of them from `start`, with how many there are in all and, for a sum, the sum.
pub async fn records(
    db: &Db,
    councils: &[(String, String)],
    period: &Period,
    figure: Figure,
    part: Option<(Split, &str)>,
    start: i64,
    limit: i64,
) -> Result<(i64, Option<i64>, Vec<RecordRow>), AppError> {
    let source = source(figure);
    let split = part.map(|(s, _)| s);
    let condition = condition(&source, "", split);
    let sql = format!(
        "{DATETIMES}
         SELECT {row} FROM {table} WHERE {condition} ORDER BY day DESC, title
            START $start LIMIT $limit;
         SELECT {values} FROM {table} WHERE {condition} GROUP ALL;",
        row = source.row,
        table = source.table,
        values = value_columns(&source),
    );
    let keys: Vec<RecordId> = councils.iter().map(|(k, _)| record("council", k)).collect();
    let query = db
        .query(sql)
        .bind(("councils", keys))
        .bind(("today", crate::base::clock::today().0))
        .bind(("now_local", crate::base::clock::minutes_from_now(0)))
        .bind(("part", part.map(|(_, p)| p.to_string()).unwrap_or_default()))
        .bind(("start", start.max(0)))
        .bind(("limit", limit));
    let query = bind_period(query, "", &period.from, &period.after());
    let query = bind_period(query, "t_", &period.from, &period.after());
    let mut response = query.await?.check()?;
    let rows: Vec<StoredRow> = response.take(DATETIME_STATEMENTS)?;
    let totals: Vec<GroupedText> = response.take(DATETIME_STATEMENTS + 1)?;
    let total = totals.first().map_or(0, |g| g.n);
    let sum = source
        .sum
        .map(|_| totals.first().and_then(|g| g.s).unwrap_or(0));
    let rows = rows
        .iter()
        .map(|row| RecordRow {
            day: row.day.clone().unwrap_or_default(),
            title: row.title.clone().unwrap_or_default(),
            council_name: row.council_name.clone().unwrap_or_default(),
            detail: match figure {
                Figure::ReceptionsMissed => row.detail.clone().unwrap_or_default(),
                _ => detail_label(figure, row.detail.as_deref().unwrap_or_default()),
            },
            amount: row.amount,
            href: href(source.link, row),
        })
        .collect();
    Ok((total, sum, rows))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct TypicalRow {
    id: RecordId,
    code: String,
    title: String,
    description: String,
    council_name: String,
    day: String,
    status: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CaseText {
    case: RecordId,
    text: String,
}

/// The typical cases (典型案例) the councils received over the period, oldest first, with the
/// answers published to the resident and the recommendations. At most 100.
pub async fn typical_cases(
    db: &Db,
    councils: &[(String, String)],
    period: &Period,
) -> Result<Vec<super::report::TypicalCase>, AppError> {
    let keys: Vec<RecordId> = councils.iter().map(|(k, _)| record("council", k)).collect();
    let at = |day: &Day| format!("{}T00:00:00+08:00", day.0);
    let mut response = db
        .query(
            "LET $from_at = <datetime> $from_text;
             LET $after_at = <datetime> $after_text;
             LET $cases = SELECT id, tracking_code AS code, title, description,
                 council.name AS council_name, time::format(created_at + 8h, '%Y-%m-%d') AS day,
                 status, created_at
               FROM case WHERE typical = true AND council IN $councils
                 AND created_at >= $from_at AND created_at < $after_at
               ORDER BY created_at LIMIT 100;
             RETURN $cases;
             SELECT case, note AS text, at FROM case_event
                 WHERE case IN $cases.id AND note_public = true AND note != '' ORDER BY at;
             SELECT case, text, number FROM recommendation WHERE case IN $cases.id ORDER BY number;",
        )
        .bind(("councils", keys))
        .bind(("from_text", at(&period.from)))
        .bind(("after_text", at(&period.after())))
        .await?
        .check()?;
    let cases: Vec<TypicalRow> = response.take(3)?;
    let answers: Vec<CaseText> = response.take(4)?;
    let recommendations: Vec<CaseText> = response.take(5)?;
    let text = t();
    Ok(cases
        .into_iter()
        .map(|c| super::report::TypicalCase {
            answers: answers
                .iter()
                .filter(|a| a.case == c.id)
                .map(|a| a.text.clone())
                .collect(),
            recommendations: recommendations
                .iter()
                .filter(|r| r.case == c.id)
                .map(|r| r.text.clone())
                .collect(),
            status: text
                .case_statuses
                .iter()
                .find(|(code, _, _)| *code == c.status)
                .map_or(c.status.clone(), |(_, label, _)| label.to_string()),
            code: c.code,
            title: c.title,
            council_name: c.council_name,
            day: c.day,
            description: c.description,
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PerCouncil {
    council: RecordId,
    n: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Village {
    id: RecordId,
    name: String,
}

/// The coverage of the scope today: its villages (and whether one of its councils has an active
/// room there) and, per council, members, active rooms and standard items met.
pub async fn coverage(
    db: &Db,
    scope: &Scope,
    councils: &[(String, String)],
) -> Result<Coverage, AppError> {
    let keys: Vec<RecordId> = councils.iter().map(|(k, _)| record("council", k)).collect();
    let area = match scope {
        Scope::Area(a) => Some(record("area", a)),
        Scope::Council(_) => None,
    };
    let mut response = db
        .query(
            "SELECT council, count() AS n FROM membership WHERE council IN $councils GROUP BY council;
             SELECT council, count() AS n FROM room WHERE council IN $councils AND active = true GROUP BY council;
             SELECT council, count() AS n FROM council_standard WHERE council IN $councils AND met = true
                GROUP BY council;
             IF $area = NONE { RETURN [] } ELSE {
                RETURN SELECT id, name FROM area WHERE level = 'village' AND (id = $area OR parent = $area
                    OR parent.parent = $area OR parent.parent.parent = $area
                    OR parent.parent.parent.parent = $area) ORDER BY name LIMIT 2000
             };
             SELECT VALUE council.area FROM room WHERE council IN $councils AND active = true;",
        )
        .bind(("councils", keys))
        .bind(("area", area))
        .await?
        .check()?;
    let count = |rows: Vec<PerCouncil>| -> std::collections::HashMap<String, i64> {
        rows.into_iter()
            .map(|r| (key_text(&r.council), r.n))
            .collect()
    };
    let members = count(response.take(0)?);
    let rooms = count(response.take(1)?);
    let standards = count(response.take(2)?);
    let villages: Vec<Village> = response.take(3)?;
    let with_room: Vec<RecordId> = response.take(4)?;
    Ok(Coverage {
        villages: villages
            .into_iter()
            .map(|v| {
                let room = with_room.contains(&v.id);
                (v.name, room)
            })
            .collect(),
        councils: councils
            .iter()
            .map(|(key, name)| CoverageRow {
                name: name.clone(),
                members: members.get(key).copied().unwrap_or(0),
                rooms: rooms.get(key).copied().unwrap_or(0),
                standards_met: standards.get(key).copied().unwrap_or(0),
            })
            .collect(),
    })
}
