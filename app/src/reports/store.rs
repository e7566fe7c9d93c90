//! Reports in SurrealDB: written, changed and moved along in one audited transaction each; read
//! for whoever may see them. Every value is bound.
use super::logic::{Bulletin, CheckedReport, CheckedStep, Role};
use super::*;
use crate::audit::store::{audited, Change};
use crate::auth::Principal;
use crate::base::clock::Day;
use crate::base::error::AppError;
use crate::server::db::thrown::Thrown;
use crate::server::db::{key_text, named_pairs, record, Db, Named};
use surrealdb::types::{RecordId, SurrealValue};

/// Lines a page of `/reports` holds.
pub const PAGE: i64 = 30;
/// A lost write (two issues taking the same bulletin number at once) is tried again this often.
const TRIES: usize = 20;
/// One new bulletin number at a time on this server.
static NEW_BULLETIN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What decides who may see and move a report.
#[derive(Debug, Clone)]
pub struct Access {
    pub council: String,
    pub status: ReportStatus,
    /// Member keys.
    pub authors: Vec<String>,
    pub created_by: String,
    /// The departments it was referred to, each with whether it answered.
    pub referrals: Vec<(String, bool)>,
}

/// What the caller holds toward a report besides authorship, each asked of the policy.
pub struct Hands {
    /// Manages its council.
    pub council: bool,
    /// Works in an office above its council.
    pub office: bool,
    /// Serves a department: its key.
    pub department: Option<String>,
}

impl Access {
    /// What `me` is to this report.
    pub fn roles(&self, me: &Principal, hands: Hands) -> Vec<Role> {
        let author = me.account == self.created_by
            || me.member.as_ref().is_some_and(|m| self.authors.contains(m));
        let department = hands.department.and_then(|d| {
            self.referrals
                .iter()
                .find(|(key, _)| *key == d)
                .map(|(_, answered)| Role::Department { open: !answered })
        });
        [
            (author, Role::Author),
            (hands.council, Role::Council),
            (hands.office, Role::Office),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, role)| role)
        .chain(department)
        .collect()
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ReferralAccessRow {
    department: RecordId,
    status: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AccessRow {
    council: RecordId,
    status: String,
    authors: Vec<RecordId>,
    created_by: RecordId,
    referrals: Vec<ReferralAccessRow>,
}

pub async fn access(db: &Db, key: &str) -> Result<Option<Access>, AppError> {
    let mut response = db
        .query(
            "SELECT council, status, authors, created_by,
                (SELECT department, status FROM report_referral WHERE report = $report)
                    AS referrals
             FROM ONLY $report",
        )
        .bind(("report", record("report", key)))
        .await?
        .check()?;
    let row: Option<AccessRow> = response.take(0)?;
    Ok(row.and_then(|r| {
        Some(Access {
            council: key_text(&r.council),
            status: ReportStatus::from_code(&r.status)?,
            authors: r.authors.iter().map(key_text).collect(),
            created_by: key_text(&r.created_by),
            referrals: r
                .referrals
                .iter()
                .map(|f| (key_text(&f.department), f.status == "answered"))
                .collect(),
        })
    }))
}

/// The council's members, by name: who may co-author its reports.
pub async fn members_of(db: &Db, council: &str) -> Result<Vec<(String, String)>, AppError> {
    let mut response = db
        .query(
            "SELECT member AS id, member.name AS name FROM membership
                WHERE council = $council ORDER BY name LIMIT 500",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rows: Vec<Named> = response.take(0)?;
    Ok(named_pairs(rows))
}

pub async fn council_name(db: &Db, council: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("RETURN (SELECT VALUE name FROM ONLY $council)")
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SourceRow {
    title: String,
    text: Vec<String>,
    proposals: Vec<String>,
}

/// What a report or a proposal is written from: the source's title, what was said (a case's
/// description, a session's statements) and what was proposed (a session's proposals and
/// agreements).
pub struct SourceText {
    pub title: String,
    pub said: Vec<String>,
    pub proposed: Vec<String>,
}

/// The text of `source`: a case of the council (`case:` and its tracking code), one of its
/// sessions (`session:` and its key) or one of its reception days' records (`reception:` and
/// its duty slot's key). Another council's source, or none found, is `NotFound`.
pub async fn source_text(db: &Db, council: &str, source: &str) -> Result<SourceText, AppError> {
    let (kind, key) = source.split_once(':').ok_or(AppError::NotFound)?;
    let sql = match kind {
        "case" => {
            "SELECT title, [description] AS text, [] AS proposals FROM case
                WHERE tracking_code = $key AND council = $council LIMIT 1"
        }
        "session" if crate::base::validate::is_record_key(key) => {
            "SELECT title,
                (SELECT VALUE text FROM note WHERE session = $parent.id
                    AND kind IN ['statement', 'intro'] ORDER BY written_at LIMIT 20) AS text,
                (SELECT VALUE text FROM note WHERE session = $parent.id
                    AND kind IN ['proposal', 'agreement', 'action'] ORDER BY written_at LIMIT 20)
                    AS proposals
             FROM council_session WHERE id = type::record('council_session', $key)
                AND council = $council"
        }
        // What each visitor raised, in a line; nothing was proposed yet.
        "reception" if crate::base::validate::is_record_key(key) => {
            "SELECT string::replace(string::replace($reception_title, '{date}', on_date),
                    '{member}', member.name) AS title,
                visits[WHERE note != ''].note AS text, [] AS proposals
             FROM reception WHERE id = type::record('reception', $key) AND council = $council"
        }
        _ => return Err(AppError::NotFound),
    };
    let mut response = db
        .query(sql)
        .bind(("key", key.to_string()))
        .bind(("council", record("council", council)))
        .bind((
            "reception_title",
            crate::base::text::t().report_reception_title,
        ))
        .await?
        .check()?;
    let rows: Vec<SourceRow> = response.take(0)?;
    let row = rows.into_iter().next().ok_or(AppError::NotFound)?;
    Ok(SourceText {
        title: row.title,
        said: row.text,
        proposed: row.proposals,
    })
}

/// Where a report or a proposal was written from, as a link: its label and page (empty when
/// it has none).
pub fn source_link(council: &str, kind: &str, key: &str) -> Option<(String, String)> {
    let text = crate::base::text::t();
    match kind {
        "case" => Some((
            format!("{}{key}", text.report_from_case),
            format!("/admin/councils/{council}/cases/{key}"),
        )),
        "session" => Some((text.report_from_session.to_string(), format!("/s/{key}"))),
        // A reception day's record has no page of its own: its label says which day it was.
        "reception" => Some((text.report_from_reception.to_string(), String::new())),
        _ => None,
    }
}

/// The first `max` characters of `parts`, a line each.
pub fn cut(parts: &[String], max: usize) -> String {
    parts.join("\n").chars().take(max).collect()
}

/// A new report's text, from what it is written from (see `source_text`); no source, an empty
/// report of the council.
pub async fn prefill(db: &Db, council: &str, source: &str) -> Result<ReportInput, AppError> {
    let text = crate::base::text::t();
    let mut input = ReportInput {
        council: council.to_string(),
        ..Default::default()
    };
    if source.is_empty() {
        return Ok(input);
    }
    let found = source_text(db, council, source).await?;
    // Prefilled text leaves room in the 1,500 characters for the analysis the author writes.
    input.source = source.to_string();
    input.title = text
        .report_title_from
        .replace("{title}", &found.title)
        .chars()
        .take(super::logic::TITLE_MAX)
        .collect();
    input.situation = cut(&found.said, 600);
    input.suggestion = cut(&found.proposed, 400);
    Ok(input)
}

/// Stores a new report (`key` chosen beforehand, so a resent form stores it once) or changes the
/// text of one still with its authors (its authors stay as written). Co-authors must be members
/// of the council.
#[allow(clippy::too_many_arguments)]
pub async fn save(
    db: &Db,
    me: &Principal,
    member: &str,
    council: &str,
    source: &str,
    key: &str,
    new: bool,
    report: CheckedReport,
) -> Result<String, AppError> {
    let text = crate::base::text::t();
    let members = members_of(db, council).await?;
    if !report
        .co_authors
        .iter()
        .all(|k| members.iter().any(|(m, _)| m == k))
    {
        return Err(AppError::invalid("co_authors", text.report_err_co_authors));
    }
    let mut authors = vec![record("member", member)];
    authors.extend(
        report
            .co_authors
            .iter()
            .filter(|k| *k != member)
            .map(|k| record("member", k)),
    );
    let (kind, source_key) = source.split_once(':').unwrap_or(("none", ""));
    let target = record("report", key);
    let statement = if new {
        "CREATE $target SET council = $council, title = $title, situation = $situation,
            analysis = $analysis, suggestion = $suggestion, authors = $authors,
            council_author = $council_author, source_kind = $kind, source_key = $source_key,
            status = 'draft', created_by = $account"
    } else {
        "IF (SELECT VALUE status FROM ONLY $target) NOT IN ['draft', 'returned'] { THROW 'stale' };
         UPDATE $target SET title = $title, situation = $situation, analysis = $analysis,
            suggestion = $suggestion, updated_at = time::now()"
    };
    let result = audited(
        db,
        Change {
            actor: me,
            action: crate::audit::actions::REPORT_SAVE,
            target: target.clone(),
            council: Some(record("council", council)),
        },
        statement,
    )
    .bind(("council", record("council", council)))
    .bind(("title", report.title))
    .bind(("situation", report.situation))
    .bind(("analysis", report.analysis))
    .bind(("suggestion", report.suggestion))
    .bind(("authors", authors))
    .bind(("council_author", report.council_author))
    .bind(("kind", kind.to_string()))
    .bind(("source_key", source_key.to_string()))
    .bind(("account", record("account", &me.account)))
    .await
    .map_err(AppError::from)
    .map(crate::server::db::check_transaction)?;
    match result {
        Ok(_) => Ok(key.to_string()),
        // Sent twice: the first one stored it.
        Err(e) if new && crate::server::db::is_duplicate(&e) => Ok(key.to_string()),
        Err(e) if Thrown::of(&e) == Some(Thrown::Stale) => Err(AppError::Conflict),
        Err(e) => Err(e.into()),
    }
}

/// Takes a step from `from` to `to`, in one transaction that fails when someone moved the report
/// meanwhile. An issue goes into bulletin `office_area`'s next number, or one it has; a referral
/// goes to a department of `office_area` or of an area right below it; an answer is the answer
/// of `department`, the caller's, to its open referral.
#[allow(clippy::too_many_arguments)]
pub async fn take_step(
    db: &Db,
    me: &Principal,
    key: &str,
    access: &Access,
    to: ReportStatus,
    step: CheckedStep,
    office_area: Option<&str>,
    department: Option<&str>,
) -> Result<(), AppError> {
    let text = crate::base::text::t();
    let target = record("report", key);
    let (next, number) = match step.bulletin {
        Some(Bulletin::Next) => (true, 0),
        Some(Bulletin::Number(n)) => (false, n),
        None => (false, 0),
    };
    let statement = "
        IF (SELECT VALUE status FROM ONLY $target) != $from { THROW 'stale' };
        LET $bulletin = IF $issue {
            IF $next {
                (CREATE ONLY bulletin SET area = $area, number = ((SELECT number FROM bulletin
                    WHERE area = $area ORDER BY number DESC LIMIT 1)[0].number ?? 0) + 1).id
            } ELSE {
                (SELECT VALUE id FROM bulletin WHERE area = $area AND number = $number)[0]
            }
        } ELSE { NONE };
        IF $issue AND $bulletin = NONE { THROW 'not_found' };
        LET $unit = IF $step = 'refer' {
            (SELECT VALUE name FROM $department WHERE area = $area OR area.parent = $area)[0]
        } ELSE IF $step = 'answer' {
            (SELECT VALUE name FROM $department)[0]
        } ELSE { NONE };
        IF $step = 'refer' {
            IF $unit = NONE { THROW 'department_elsewhere' };
            CREATE report_referral SET report = $target, council = $council,
                department = $department, task = $note, deadline = $deadline;
        };
        IF $step = 'answer' {
            LET $answered = UPDATE report_referral SET status = 'answered', answer = $note,
                    answered_by_name = $actor_name, answered_at = time::now()
                WHERE report = $target AND department = $department AND status = 'referred';
            IF array::len($answered) = 0 { THROW 'stale' };
        };
        UPDATE $target SET status = $to, updated_at = time::now(),
            submitted_at = IF $to = 'submitted' { time::now() } ELSE { submitted_at },
            bulletin = IF $issue { $bulletin } ELSE { bulletin },
            adopted_by = IF $adopted_by != NONE { $adopted_by } ELSE { adopted_by };
        CREATE report_step SET report = $target, council = $council, step = $step,
            actor = $account, actor_name = $actor_name, note = $note,
            detail = IF $issue { <string> $bulletin.number }
                ELSE IF $unit != NONE { $unit } ELSE { $detail }";
    let area = office_area.map(|a| record("area", a));
    let needs_area = step.bulletin.is_some() || step.step == ReportStep::Refer;
    if needs_area && area.is_none() {
        return Err(AppError::Forbidden);
    }
    let unit = match step.step {
        ReportStep::Refer => Some(record("department", &step.detail)),
        ReportStep::Answer => Some(record("department", department.ok_or(AppError::Forbidden)?)),
        _ => None,
    };
    // Issues into a new bulletin wait for each other on this server, so they rarely collide;
    // between servers, the unique number and the tries below keep the numbers whole.
    let _turn = match step.bulletin {
        Some(Bulletin::Next) => Some(NEW_BULLETIN.lock().await),
        _ => None,
    };
    for try_no in 1..=TRIES {
        let result = audited(
            db,
            Change {
                actor: me,
                action: crate::audit::actions::REPORT_STEP,
                target: target.clone(),
                council: Some(record("council", &access.council)),
            },
            statement,
        )
        .bind(("from", access.status.code()))
        .bind(("to", to.code()))
        .bind(("step", step.step.code()))
        .bind(("issue", step.bulletin.is_some()))
        .bind(("next", next))
        .bind(("number", number))
        .bind(("area", area.clone()))
        .bind(("department", unit.clone()))
        .bind(("deadline", step.deadline.as_ref().map(|d| d.to_string())))
        .bind(("adopted_by", step.adopted_by.map(|a| a.code())))
        .bind(("council", record("council", &access.council)))
        .bind(("account", record("account", &me.account)))
        .bind(("actor_name", me.name.clone()))
        .bind(("note", step.note.clone()))
        .bind(("detail", step.detail.clone()))
        .await
        .map_err(AppError::from)
        .map(crate::server::db::check_transaction)?;
        match result {
            Ok(_) => return Ok(()),
            Err(e) if Thrown::of(&e) == Some(Thrown::Stale) => return Err(AppError::Conflict),
            Err(e) if Thrown::of(&e) == Some(Thrown::NotFound) => {
                return Err(AppError::invalid("bulletin", text.report_err_bulletin))
            }
            Err(e) if Thrown::of(&e) == Some(Thrown::DepartmentElsewhere) => {
                return Err(AppError::invalid("detail", text.report_err_department))
            }
            // The one referral to this department there may be.
            Err(e) if step.step == ReportStep::Refer && crate::server::db::is_duplicate(&e) => {
                return Err(AppError::invalid("detail", text.report_err_referred_twice))
            }
            Err(e)
                if crate::server::db::is_duplicate(&e) || crate::server::db::is_retryable(&e) =>
            {
                // Others issue at the same moment: step aside a little longer each time.
                tokio::time::sleep(std::time::Duration::from_millis(3 * try_no as u64)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Unavailable)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    id: RecordId,
    title: String,
    council_name: String,
    authors: Vec<String>,
    status: String,
    day: String,
    bulletin: Option<i64>,
    overdue: bool,
}

/// Who is asking for a list: their member key, the councils they manage (every one, for the
/// system admin), those under their office, and the department they answer referrals for (each
/// asked of the policy by the caller).
pub struct Reader<'a> {
    pub me: &'a Principal,
    pub managed: &'a [String],
    pub office: &'a [String],
    pub department: Option<&'a str>,
}

/// What a list keeps: a status, referrals waiting or overdue on `today`.
pub struct ListFilter<'a> {
    pub status: Option<ReportStatus>,
    pub referral: Option<ReferralFilter>,
    pub today: &'a Day,
}

/// The reports `reader` may see, newest change first, page `page` of `limit` lines, and how many.
pub async fn list(
    db: &Db,
    reader: &Reader<'_>,
    filter: &ListFilter<'_>,
    page: i64,
    limit: i64,
) -> Result<(i64, Vec<ReportLine>), AppError> {
    let councils =
        |keys: &[String]| -> Vec<RecordId> { keys.iter().map(|k| record("council", k)).collect() };
    // The reports referred to the caller's department, those waiting for an answer (past the
    // deadline or at all), those waiting past it: few, gathered once.
    let visible = "(created_by = $account OR ($member != NONE AND $member IN authors)
            OR (($all OR council IN $managed) AND status != 'draft')
            OR (council IN $office AND status NOT IN ['draft', 'review', 'returned'])
            OR id IN $mine)
        AND ($status = NONE OR status = $status)
        AND ($referral = NONE OR id IN $waiting)";
    let sql = format!(
        "LET $mine = IF $department != NONE {{
            SELECT VALUE report FROM report_referral WHERE department = $department
         }} ELSE {{ [] }};
         LET $waiting = IF $referral != NONE {{
            SELECT VALUE report FROM report_referral WHERE status = 'referred'
                AND ($referral = 'open' OR deadline < $today)
         }} ELSE {{ [] }};
         LET $late = SELECT VALUE report FROM report_referral WHERE status = 'referred'
            AND deadline < $today;
         SELECT id, title, council.name AS council_name, authors.name AS authors, status,
            time::format(updated_at + 8h, '%Y-%m-%d') AS day, bulletin.number AS bulletin,
            id IN $late AS overdue, updated_at
         FROM report WHERE {visible} ORDER BY updated_at DESC START $start LIMIT $limit;
         RETURN count(SELECT id FROM report WHERE {visible});"
    );
    let mut response = db
        .query(sql)
        .bind(("account", record("account", &reader.me.account)))
        .bind((
            "member",
            reader.me.member.as_deref().map(|m| record("member", m)),
        ))
        .bind(("all", reader.me.system_admin))
        .bind(("managed", councils(reader.managed)))
        .bind(("office", councils(reader.office)))
        .bind((
            "department",
            reader.department.map(|d| record("department", d)),
        ))
        .bind(("status", filter.status.map(|s| s.code())))
        .bind(("referral", filter.referral.map(|r| r.code())))
        .bind(("today", filter.today.to_string()))
        .bind(("start", (page - 1).max(0) * limit))
        .bind(("limit", limit))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(3)?;
    let total: Option<i64> = response.take(4)?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            Some(ReportLine {
                key: key_text(&r.id),
                title: r.title,
                council_name: r.council_name,
                authors: r.authors.join("、"),
                status: ReportStatus::from_code(&r.status)?,
                day: r.day,
                bulletin: r.bulletin,
                overdue: r.overdue,
            })
        })
        .collect();
    Ok((total.unwrap_or(0), lines))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ViewRow {
    council_name: String,
    title: String,
    situation: String,
    analysis: String,
    suggestion: String,
    authors: Vec<String>,
    council_author: bool,
    source_kind: String,
    source_key: String,
    bulletin: Option<i64>,
    adopted_by: Option<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ReferralRow {
    department_name: String,
    task: String,
    deadline: String,
    status: String,
    answer: String,
    answered_by_name: String,
    answered_at: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StepRow {
    step: String,
    actor_name: String,
    note: String,
    detail: String,
    at: String,
}

/// A report whole, with its steps and referrals (oldest first; overdue on `today`); what the
/// caller may do is filled in by the caller.
pub async fn view(
    db: &Db,
    key: &str,
    access: &Access,
    today: &Day,
) -> Result<ReportView, AppError> {
    let mut response = db
        .query(
            "SELECT council.name AS council_name, title, situation, analysis, suggestion,
                authors.name AS authors, council_author, source_kind, source_key,
                bulletin.number AS bulletin, adopted_by
             FROM ONLY $report;
             SELECT step, actor_name, note, detail,
                time::format(at + 8h, '%Y-%m-%d %H:%M') AS at
             FROM report_step WHERE report = $report ORDER BY at;
             SELECT department.name AS department_name, task, deadline, status, answer,
                answered_by_name, created_at,
                IF answered_at = NONE { '' }
                    ELSE { time::format(answered_at + 8h, '%Y-%m-%d %H:%M') } AS answered_at
             FROM report_referral WHERE report = $report ORDER BY created_at;",
        )
        .bind(("report", record("report", key)))
        .await?
        .check()?;
    let row: Option<ViewRow> = response.take(0)?;
    let row = row.ok_or(AppError::NotFound)?;
    let steps: Vec<StepRow> = response.take(1)?;
    let referrals: Vec<ReferralRow> = response.take(2)?;
    let source = source_link(&access.council, &row.source_kind, &row.source_key);
    Ok(ReportView {
        key: key.to_string(),
        council: access.council.clone(),
        council_name: row.council_name,
        title: row.title,
        situation: row.situation,
        analysis: row.analysis,
        suggestion: row.suggestion,
        authors: row.authors,
        council_author: row.council_author,
        source,
        status: access.status,
        bulletin: row.bulletin,
        adopted_by: row.adopted_by.as_deref().and_then(AdoptedBy::from_code),
        steps: steps
            .into_iter()
            .filter_map(|s| {
                Some(StepLine {
                    step: ReportStep::from_code(&s.step)?,
                    actor_name: s.actor_name,
                    note: s.note,
                    detail: s.detail,
                    at: s.at,
                })
            })
            .collect(),
        allowed: vec![],
        editable: false,
        bulletins: vec![],
        referrals: referrals
            .into_iter()
            .map(|r| {
                let answered = r.status == "answered";
                let overdue = Day::parse(&r.deadline)
                    .is_some_and(|d| super::logic::referral_overdue(answered, &d, today));
                ReferralLine {
                    department_name: r.department_name,
                    task: r.task,
                    deadline: r.deadline,
                    answer: r.answer,
                    answered_by: r.answered_by_name,
                    answered_at: r.answered_at,
                    overdue,
                }
            })
            .collect(),
        departments: vec![],
    })
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Number {
    number: i64,
}

/// The latest issue numbers of an office's bulletin, newest first.
pub async fn bulletins(db: &Db, area: &str) -> Result<Vec<i64>, AppError> {
    let mut response = db
        .query("SELECT number FROM bulletin WHERE area = $area ORDER BY number DESC LIMIT 6")
        .bind(("area", record("area", area)))
        .await?
        .check()?;
    let rows: Vec<Number> = response.take(0)?;
    Ok(rows.into_iter().map(|r| r.number).collect())
}

/// How many referrals wait for `department`'s answer, and how many of them past their deadline
/// on `today`.
pub async fn referrals_waiting(
    db: &Db,
    department: &str,
    today: &Day,
) -> Result<(i64, i64), AppError> {
    let mut response = db
        .query(
            "RETURN [
                count(SELECT id FROM report_referral
                    WHERE department = $department AND status = 'referred'),
                count(SELECT id FROM report_referral
                    WHERE department = $department AND status = 'referred' AND deadline < $today)
             ];",
        )
        .bind(("department", record("department", department)))
        .bind(("today", today.to_string()))
        .await?
        .check()?;
    let counts: Vec<i64> = response.take(0)?;
    Ok((
        counts.first().copied().unwrap_or(0),
        counts.get(1).copied().unwrap_or(0),
    ))
}
