//! The queries of the statistics, built from each figure's one definition (`sources.rs`): a
//! figure per council, its splits, its months, the days to settle, and its list of records all
//! share the same filter. A figure's whole months are read from the month tallies SurrealDB
//! keeps in the writing transaction (`stat_*`), the days around them from the records
//! (`logic::read_plan`), so a district's year is a few thousand tally rows, not every record.
//! Every value (councils, days, parts, pages) is a bound parameter.
use super::logic::{median_of_counts, next_day, part_label, permille, read_plan, sort_councils};
use super::sources::{month_of, source, split_field, Link, Source, When, DAYS_TO_SETTLE};
use super::*;
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::{key_text, record, Db};
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue};

/// Which bounds a condition reads: the period's (`$from_day`…), or a range of a batch's.
#[derive(Clone, Copy)]
enum Bounds<'a> {
    Period,
    Range(&'a str),
}

/// The `WHERE` of a figure's records: its time bounds first (each time field has an index of
/// its own), its councils, its own filter, and a part when one is asked for. A figure counted as
/// of today has no period bounds in its list.
fn condition(source: &Source, bounds: Bounds, split: Option<Split>) -> String {
    let mut parts = Vec::new();
    let prefix = match bounds {
        Bounds::Period if source.as_of_today => None,
        Bounds::Period => Some(""),
        Bounds::Range(prefix) => Some(prefix),
    };
    match (prefix, source.when) {
        (Some(p), When::At(field)) => {
            parts.push(format!("{field} >= ${p}from_at AND {field} < ${p}after_at"))
        }
        (Some(p), When::Day(field)) => parts.push(format!(
            "{field} >= ${p}from_day AND {field} < ${p}after_day"
        )),
        (None, _) => {}
    }
    parts.push(format!("{} IN $councils", source.council));
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

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct GroupedDays {
    key: Option<i64>,
    n: i64,
}

fn value_of(n: i64, s: Option<i64>, summed: bool) -> i64 {
    if summed {
        s.unwrap_or(0)
    } else {
        n
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

/// The period's bound parameters (`$from_day`, `$after_day`, and texts for `$from_at`…).
fn bind_period<'a>(
    query: surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    from: &Day,
    after: &Day,
) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
    query
        .bind(("from_day", from.0.clone()))
        .bind(("after_day", after.0.clone()))
        .bind(("from_at_text", beijing_midnight(from)))
        .bind(("after_at_text", beijing_midnight(after)))
}

fn beijing_midnight(day: &Day) -> String {
    format!("{}T00:00:00+08:00", day.0)
}

/// The figures trend charts show.
pub const TRENDS: [Figure; 3] = [Figure::Concerns, Figure::Sessions, Figure::Activities];

/// What one statement of a batch answers.
#[derive(Clone, Copy)]
enum Answer {
    /// A figure's value per council (its column in the council table).
    Council(usize),
    /// A figure's parts by one split (its index in the batch's splits).
    Split(usize),
    /// A trend's months (its index in `TRENDS`).
    Trend(usize),
    /// Settled cases by days to settle.
    Days,
}

/// What rows are grouped by.
#[derive(Clone, Copy)]
enum Key {
    Council,
    Split(Split),
    Month,
    Days,
}

/// The statements answering the screen, with their bound values and what each answers.
struct Batch {
    /// Today in Beijing, read once: the plans and the bound `$today` agree across midnight.
    today: Day,
    sql: String,
    texts: Vec<(String, String)>,
    statements: usize,
    answers: Vec<(usize, Answer)>,
    months: Vec<(String, String)>,
    ranges: Vec<(Day, Day)>,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            today: crate::base::clock::today(),
            sql: String::new(),
            texts: Vec::new(),
            statements: 0,
            answers: Vec::new(),
            months: Vec::new(),
            ranges: Vec::new(),
        }
    }

    fn push(&mut self, statement: String, answer: Option<Answer>) {
        self.sql.push_str(&statement);
        self.sql.push('\n');
        if let Some(answer) = answer {
            self.answers.push((self.statements, answer));
        }
        self.statements += 1;
    }

    /// The batch as a query with its values bound: the councils, now, and its own.
    fn query<'a>(
        &self,
        db: &'a Db,
        councils: &[(String, String)],
    ) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
        let keys: Vec<RecordId> = councils.iter().map(|(k, _)| record("council", k)).collect();
        let mut query = db
            .query(self.sql.clone())
            .bind(("councils", keys))
            .bind(("today", self.today.0.clone()))
            .bind(("now_local", crate::base::clock::minutes_from_now(0)));
        for (name, value) in &self.texts {
            query = query.bind((name.clone(), value.clone()));
        }
        query
    }

    /// The prefix of the bound months `[from, after)`, bound on first use.
    fn months(&mut self, from: &str, after: &str) -> String {
        let pair = (from.to_string(), after.to_string());
        let n = match self.months.iter().position(|m| *m == pair) {
            Some(n) => n,
            None => {
                self.texts
                    .push((format!("m{}_from", self.months.len()), pair.0.clone()));
                self.texts
                    .push((format!("m{}_after", self.months.len()), pair.1.clone()));
                self.months.push(pair);
                self.months.len() - 1
            }
        };
        format!("m{n}_")
    }

    /// The prefix of the bound days `[from, after)`, bound (and made datetimes) on first use.
    fn days(&mut self, from: &Day, after: &Day) -> String {
        let pair = (from.clone(), after.clone());
        if let Some(n) = self.ranges.iter().position(|r| *r == pair) {
            return format!("r{n}_");
        }
        let p = format!("r{}_", self.ranges.len());
        self.texts.push((format!("{p}from_day"), from.0.clone()));
        self.texts.push((format!("{p}after_day"), after.0.clone()));
        self.texts
            .push((format!("{p}from_text"), beijing_midnight(from)));
        self.texts
            .push((format!("{p}after_text"), beijing_midnight(after)));
        self.push(format!("LET ${p}from_at = <datetime> ${p}from_text;"), None);
        self.push(
            format!("LET ${p}after_at = <datetime> ${p}after_text;"),
            None,
        );
        self.ranges.push(pair);
        p
    }

    /// The statements reading `source` over `[from, after)` grouped by `key`: the whole months
    /// from its tally, the days around them from its records.
    fn read(&mut self, source: &Source, key: Key, from: &Day, after: &Day, answer: Answer) {
        let today = self.today.clone();
        let plan = if source.as_of_today {
            read_plan(&Day("1970-01-01".into()), &next_day(&today), Some(&today))
        } else {
            read_plan(from, after, source.until_now.then_some(&today))
        };
        if let Some((first, end)) = &plan.months {
            let m = self.months(first, end);
            let tally = &source.tally;
            let key = match key {
                Key::Council => "council".to_string(),
                Key::Split(split) => split_field(split).to_string(),
                Key::Month => "month".to_string(),
                Key::Days => "days".to_string(),
            };
            let values = match tally.sum {
                Some(column) => {
                    format!("<int> math::sum(n) AS n, <int> math::sum({column}) AS s")
                }
                None => "<int> math::sum(n) AS n".to_string(),
            };
            let filter = if tally.filter.is_empty() {
                String::new()
            } else {
                format!(" AND ({})", tally.filter)
            };
            self.push(
                format!(
                    "SELECT {key} AS key, {values} FROM {view} WHERE month >= ${m}from
                        AND month < ${m}after AND council IN $councils{filter} GROUP BY key;",
                    view = tally.view
                ),
                Some(answer),
            );
        }
        for (first, end) in &plan.days {
            let r = self.days(first, end);
            let key = match key {
                Key::Council => source.council.to_string(),
                Key::Split(split) => split_field(split).to_string(),
                Key::Month => month_of(source),
                Key::Days => DAYS_TO_SETTLE.to_string(),
            };
            self.push(
                format!(
                    "SELECT {key} AS key, {} FROM {} WHERE {} GROUP BY key;",
                    value_columns(source),
                    source.table,
                    condition(source, Bounds::Range(&r), None)
                ),
                Some(answer),
            );
        }
    }
}

/// Everything the screen shows, for councils `councils` of a scope over `period`.
pub async fn figures(
    db: &Db,
    councils: &[(String, String)],
    period: &Period,
    sort: Option<Figure>,
) -> Result<(Vec<FigureValue>, Derived, Vec<CouncilRow>, Vec<Trend>), AppError> {
    let (from, after) = (&period.from, &period.after());
    let months = period.trend_months();
    let trend_from = Day(format!("{}-01", months[0]));
    let trend_after = next_day(&super::logic::month_last_day(
        months.last().map(String::as_str).unwrap_or("2026-01"),
    ));
    let splits: Vec<(Figure, Split)> = Figure::ALL
        .iter()
        .flat_map(|f| f.splits().iter().map(move |s| (*f, *s)))
        .collect();

    let mut batch = Batch::new();
    for (column, figure) in Figure::ALL.iter().enumerate() {
        let source = source(*figure);
        batch.read(&source, Key::Council, from, after, Answer::Council(column));
    }
    for (n, (figure, split)) in splits.iter().enumerate() {
        let key = Key::Split(*split);
        batch.read(&source(*figure), key, from, after, Answer::Split(n));
    }
    for (n, figure) in TRENDS.iter().enumerate() {
        let source = source(*figure);
        batch.read(
            &source,
            Key::Month,
            &trend_from,
            &trend_after,
            Answer::Trend(n),
        );
    }
    batch.read(
        &source(Figure::Settled),
        Key::Days,
        from,
        after,
        Answer::Days,
    );

    let mut response = batch.query(db, councils).await?.check()?;

    let position: HashMap<String, usize> = councils
        .iter()
        .enumerate()
        .map(|(i, (k, _))| (k.clone(), i))
        .collect();
    let mut rows: Vec<CouncilRow> = councils
        .iter()
        .map(|(key, name)| CouncilRow {
            council: key.clone(),
            name: name.clone(),
            values: vec![0; Figure::ALL.len()],
        })
        .collect();
    let mut parts: Vec<HashMap<String, i64>> = vec![HashMap::new(); splits.len()];
    let mut by_month: Vec<HashMap<String, i64>> = vec![HashMap::new(); TRENDS.len()];
    let mut days: HashMap<i64, i64> = HashMap::new();
    for (index, answer) in batch.answers {
        match answer {
            Answer::Council(column) => {
                let summed = source(Figure::ALL[column]).sum.is_some();
                for g in response.take::<Vec<Grouped>>(index)? {
                    let row = g.key.as_ref().and_then(|k| position.get(&key_text(k)));
                    if let Some(row) = row {
                        rows[*row].values[column] += value_of(g.n, g.s, summed);
                    }
                }
            }
            Answer::Split(n) => {
                let summed = source(splits[n].0).sum.is_some();
                for g in response.take::<Vec<GroupedText>>(index)? {
                    *parts[n].entry(g.key.unwrap_or_default()).or_default() +=
                        value_of(g.n, g.s, summed);
                }
            }
            Answer::Trend(n) => {
                let summed = source(TRENDS[n]).sum.is_some();
                for g in response.take::<Vec<GroupedText>>(index)? {
                    *by_month[n].entry(g.key.unwrap_or_default()).or_default() +=
                        value_of(g.n, g.s, summed);
                }
            }
            Answer::Days => {
                for g in response.take::<Vec<GroupedDays>>(index)? {
                    *days.entry(g.key.unwrap_or_default()).or_default() += g.n;
                }
            }
        }
    }

    let mut values: Vec<FigureValue> = Figure::ALL
        .iter()
        .enumerate()
        .map(|(column, figure)| FigureValue {
            figure: *figure,
            value: rows.iter().map(|r| r.values[column]).sum(),
            splits: Vec::new(),
        })
        .collect();
    for (n, (figure, split)) in splits.iter().enumerate() {
        let mut split_parts: Vec<PartValue> = parts[n]
            .iter()
            .filter(|(_, value)| **value != 0)
            .map(|(part, value)| PartValue {
                label: part_label(*split, part),
                part: part.clone(),
                value: *value,
            })
            .collect();
        split_parts.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.part.cmp(&b.part)));
        if let Some(v) = values.iter_mut().find(|v| v.figure == *figure) {
            v.splits.push(SplitValues {
                split: *split,
                parts: split_parts,
            });
        }
    }
    let trends = TRENDS
        .iter()
        .enumerate()
        .map(|(n, figure)| Trend {
            figure: *figure,
            months: months
                .iter()
                .map(|m| (m.clone(), by_month[n].get(m).copied().unwrap_or(0)))
                .collect(),
        })
        .collect();

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
    let mut days: Vec<(i64, i64)> = days.into_iter().collect();
    let derived = Derived {
        settled_permille: permille(value_of(Figure::Settled), value_of(Figure::Concerns)),
        median_days_to_settle: median_of_counts(&mut days),
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
        Reports | ReportsAdopted => crate::reports::ReportStatus::from_code(detail)
            .map_or(detail.to_string(), |s| s.label().to_string()),
        ReportInstructions => format!("{}{detail}", text.stats_instructed_by),
        Proposals | ProposalsFiled => crate::proposals::ProposalStatus::from_code(detail)
            .map_or(detail.to_string(), |s| s.label().to_string()),
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
        Link::Report => row.link_key.as_ref().map(|k| format!("/reports/{k}")),
        Link::Proposal => row.link_key.as_ref().map(|k| format!("/proposals/{k}")),
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
    let condition = condition(&source, Bounds::Period, split);
    let newest_first = match source.when {
        When::At(field) | When::Day(field) => field,
    };
    // How many there are: a count comes from the tallies as the figure does; a sum's list holds
    // only its records with an amount, which the tallies do not count, so it counts them.
    let mut batch = Batch::new();
    if source.sum.is_none() {
        let key = split.map_or(Key::Council, Key::Split);
        batch.read(
            &source,
            key,
            &period.from,
            &period.after(),
            Answer::Council(0),
        );
    }
    let totals_at = batch.answers.clone();
    batch.push("LET $from_at = <datetime> $from_at_text;".into(), None);
    batch.push("LET $after_at = <datetime> $after_at_text;".into(), None);
    let rows_at = batch.statements;
    batch.push(
        format!(
            "SELECT {row} FROM {table} WHERE {condition} ORDER BY {newest_first} DESC
                START $start LIMIT $limit;",
            row = source.row,
            table = source.table,
        ),
        None,
    );
    let sum_at = batch.statements;
    if source.sum.is_some() {
        batch.push(
            format!(
                "SELECT {} FROM {} WHERE {condition} GROUP ALL;",
                value_columns(&source),
                source.table
            ),
            None,
        );
    }
    let wanted = part.map(|(_, p)| p.to_string()).unwrap_or_default();
    let query = batch
        .query(db, councils)
        .bind(("part", wanted.clone()))
        .bind(("start", start.max(0)))
        .bind(("limit", limit));
    let query = bind_period(query, &period.from, &period.after());
    let mut response = query.await?.check()?;
    let rows: Vec<StoredRow> = response.take(rows_at)?;
    let (mut total, mut sum) = (0, None);
    for (index, _) in totals_at {
        total += match split {
            None => response
                .take::<Vec<Grouped>>(index)?
                .iter()
                .map(|g| g.n)
                .sum(),
            Some(_) => response
                .take::<Vec<GroupedText>>(index)?
                .iter()
                .filter(|g| g.key.as_deref().unwrap_or_default() == wanted)
                .map(|g| g.n)
                .sum::<i64>(),
        };
    }
    if source.sum.is_some() {
        let totals: Vec<GroupedText> = response.take(sum_at)?;
        total = totals.first().map_or(0, |g| g.n);
        sum = Some(totals.first().and_then(|g| g.s).unwrap_or(0));
    }
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
