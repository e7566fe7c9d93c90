//! Queries for research records and the three lists. Every value is a bound parameter; writes that
//! depend on where the case stands check it in the same query.
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::cases::lists::{
    is_overdue, Assignment, AssignmentStatus, CaseLists, Day, DepartmentChoice, DepartmentTask,
    OverdueLine, Recommendation, ResearchKind, ResearchRecord, Urge, ValidAssignment,
};
use crate::cases::TrackingCode;
use crate::notify::outbox::{StaffNotice, STAFF_NOTICE};
use crate::notify::NoticeKind;
use crate::server::db::Db;
use crate::server::db::Thrown;
use crate::server::db::{check_transaction, key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

/// A failed write whose query threw one of our named reasons.
fn thrown(e: surrealdb::Error) -> AppError {
    let t = crate::base::text::t();
    match Thrown::of(&e) {
        Some(Thrown::CaseStage) => AppError::invalid("step", t.err_list_closed),
        Some(Thrown::AssignmentConflict) => AppError::Conflict,
        Some(Thrown::NotFound) => AppError::NotFound,
        Some(Thrown::DepartmentElsewhere) => {
            AppError::invalid("department", t.err_department_choose)
        }
        Some(Thrown::RecommendationElsewhere) => {
            AppError::invalid("recommendation", t.err_required)
        }
        Some(Thrown::HasAssignments) => {
            AppError::invalid("text", t.err_recommendation_has_assignments)
        }
        Some(Thrown::AssignmentDone) => AppError::invalid("status", t.err_assignment_done),
        _ if crate::server::db::is_duplicate(&e) => AppError::Conflict,
        _ => AppError::from(e),
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ResearchRow {
    on_date: String,
    kind: String,
    note: String,
    author_name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RecommendationRow {
    id: RecordId,
    text: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AssignmentRow {
    id: RecordId,
    recommendation: Option<RecordId>,
    department: RecordId,
    department_name: String,
    owner: String,
    task: String,
    deadline: String,
    status: String,
    result: String,
    evidence: String,
    reported_by_name: String,
    version: i64,
    urges: Vec<UrgeRow>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct UrgeRow {
    at: chrono::DateTime<chrono::Utc>,
    days_over: i64,
    level: String,
    told: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DepartmentRow {
    id: RecordId,
    name: String,
    area_name: String,
}

const ASSIGNMENT_FIELDS: &str =
    "id, recommendation, department, department.name AS department_name,
    owner, task, deadline, status, result, evidence, reported_by_name, version,
    (SELECT at, days_over, level, told FROM assignment_urge WHERE assignment = $parent.id
        ORDER BY at) AS urges";

fn assignment_of(
    row: AssignmentRow,
    numbers: &[RecordId],
    today: &Day,
) -> Result<Assignment, AppError> {
    let status = AssignmentStatus::from_db(&row.status).ok_or(AppError::Internal)?;
    let deadline = Day::parse(&row.deadline).ok_or(AppError::Internal)?;
    Ok(Assignment {
        id: key_text(&row.id),
        recommendation: row
            .recommendation
            .and_then(|r| numbers.iter().position(|n| *n == r))
            .map(|i| i as u32 + 1),
        department: key_text(&row.department),
        department_name: row.department_name,
        owner: row.owner,
        task: row.task,
        overdue: is_overdue(&deadline, status, today),
        deadline,
        status,
        result: row.result,
        evidence: row.evidence,
        reported_by_name: row.reported_by_name,
        version: row.version,
        urges: row
            .urges
            .into_iter()
            .map(|u| Urge {
                at: crate::base::clock::format_time(u.at),
                days_over: u.days_over,
                district: u.level == "district",
                told: u.told,
            })
            .collect(),
    })
}

/// Departments a council may give work to: those of its own area and of every area above it.
const DEPARTMENTS_OF_COUNCIL: &str = "
    LET $area = (SELECT VALUE area FROM ONLY $council);
    LET $areas = [$area, $area.parent, $area.parent.parent, $area.parent.parent.parent,
        $area.parent.parent.parent.parent];";

/// Research, recommendations (numbered in order) and assignments of a case, and the departments
/// its council can choose from.
pub async fn lists(db: &Db, council: &str, case: &RecordId) -> Result<CaseLists, AppError> {
    let mut response = db
        .query(format!(
            "SELECT on_date, kind, note, author_name, at FROM research WHERE case = $case
                 ORDER BY on_date, at;
             SELECT id, text, number FROM recommendation WHERE case = $case ORDER BY number;
             SELECT {ASSIGNMENT_FIELDS}, created_at FROM assignment WHERE case = $case
                 ORDER BY created_at;
             {DEPARTMENTS_OF_COUNCIL}
             SELECT id, name, area.name AS area_name FROM department WHERE area IN $areas
                 ORDER BY name;"
        ))
        .bind(("case", case.clone()))
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let research: Vec<ResearchRow> = response.take(0)?;
    let recommendations: Vec<RecommendationRow> = response.take(1)?;
    let assignments: Vec<AssignmentRow> = response.take(2)?;
    let departments: Vec<DepartmentRow> = response.take(5)?;
    let numbers: Vec<RecordId> = recommendations.iter().map(|r| r.id.clone()).collect();
    let today = crate::base::clock::today();
    Ok(CaseLists {
        research: research
            .into_iter()
            .map(|r| {
                Ok(ResearchRecord {
                    on_date: Day::parse(&r.on_date).ok_or(AppError::Internal)?,
                    kind: ResearchKind::from_db(&r.kind).ok_or(AppError::Internal)?,
                    note: r.note,
                    author_name: r.author_name,
                })
            })
            .collect::<Result<_, AppError>>()?,
        recommendations: recommendations
            .into_iter()
            .enumerate()
            .map(|(i, r)| Recommendation {
                id: key_text(&r.id),
                number: i as u32 + 1,
                text: r.text,
            })
            .collect(),
        assignments: assignments
            .into_iter()
            .map(|a| assignment_of(a, &numbers, &today))
            .collect::<Result<_, _>>()?,
        departments: departments
            .into_iter()
            .map(|d| DepartmentChoice {
                key: key_text(&d.id),
                name: d.name,
                area_name: d.area_name,
            })
            .collect(),
    })
}

/// Throws `case_stage` unless the case stands at one of `stages` (checked inside the write).
const STAGE_GUARD: &str =
    "IF (SELECT VALUE status FROM ONLY $case) NOT IN $stages { THROW 'case_stage'; };";

/// The record a form creates: under the id the page drew (`submitted`, 32 hex digits), or a new
/// one when it sent none.
fn submitted_record(table: &str, submitted: &str) -> RecordId {
    let key = crate::base::ids::NoteId::parse(submitted)
        .map(|id| id.0)
        .unwrap_or_else(crate::audit::store::new_key);
    record(table, &key)
}

/// A form sent again created nothing new: fine when its record is there for this case.
async fn already_made(db: &Db, made: RecordId, case: &RecordId) -> Result<(), AppError> {
    let mut response = db
        .query("SELECT VALUE case FROM ONLY $made")
        .bind(("made", made))
        .await?
        .check()?;
    let owner: Option<RecordId> = response.take(0)?;
    if owner.as_ref() == Some(case) {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Runs a statement that creates `$made`; a second run with the same id is a no-op.
async fn create_once(
    db: &Db,
    made: &RecordId,
    case: &RecordId,
    result: Result<surrealdb::IndexedResults, surrealdb::Error>,
) -> Result<(), AppError> {
    match result.and_then(check_transaction) {
        Ok(_) => Ok(()),
        Err(e) if crate::server::db::is_duplicate(&e) => already_made(db, made.clone(), case).await,
        Err(e) => Err(thrown(e)),
    }
}

pub async fn add_research(
    db: &Db,
    actor: &Principal,
    case: &RecordId,
    submitted: &str,
    record_: (Day, ResearchKind, String),
) -> Result<(), AppError> {
    let (day, kind, note) = record_;
    let made = submitted_record("research", submitted);
    let result = db
        .query(format!(
            "BEGIN TRANSACTION;
         {STAGE_GUARD}
         CREATE $made SET case = $case, on_date = $on_date, kind = $kind, note = $note,
             author = $author, author_name = $author_name;
         COMMIT TRANSACTION;"
        ))
        .bind(("made", made.clone()))
        .bind(("case", case.clone()))
        .bind(("stages", vec!["researching", "consulting", "implementing"]))
        .bind(("on_date", day.0))
        .bind(("kind", kind.as_db()))
        .bind(("note", note))
        .bind(("author", author(actor)))
        .bind(("author_name", actor.name.clone()))
        .await;
    create_once(db, &made, case, result).await
}

fn author(actor: &Principal) -> Option<RecordId> {
    (!actor.account.is_empty()).then(|| record("account", &actor.account))
}

/// Which recommendation a save is for.
pub enum RecommendationTarget<'a> {
    /// A new one, under the id the page drew for it.
    New(&'a str),
    /// The one with this key, rewritten.
    Existing(&'a str),
}

/// Adds a recommendation at the end of the list, or rewrites one (while consulting only).
pub async fn save_recommendation(
    db: &Db,
    case: &RecordId,
    target: RecommendationTarget<'_>,
    text: String,
) -> Result<(), AppError> {
    let (query, made) = match target {
        RecommendationTarget::New(submitted) => (
            format!(
                "BEGIN TRANSACTION;
             {STAGE_GUARD}
             LET $last = (SELECT VALUE number FROM recommendation WHERE case = $case
                 ORDER BY number DESC LIMIT 1)[0] ?? 0;
             IF $last >= 99 {{ THROW 'case_stage'; }};
             CREATE $id SET case = $case, number = $last + 1, text = $text;
             COMMIT TRANSACTION;"
            ),
            submitted_record("recommendation", submitted),
        ),
        RecommendationTarget::Existing(key) => (
            format!(
                "BEGIN TRANSACTION;
             {STAGE_GUARD}
             LET $changed = UPDATE $id SET text = $text, updated_at = time::now() WHERE case = $case;
             IF array::len($changed) = 0 {{ THROW 'not_found'; }};
             COMMIT TRANSACTION;"
            ),
            record("recommendation", key),
        ),
    };
    let result = db
        .query(query)
        .bind(("case", case.clone()))
        .bind(("stages", vec!["consulting"]))
        .bind(("id", made.clone()))
        .bind(("text", text))
        .await;
    create_once(db, &made, case, result).await
}

/// Takes a recommendation off the list (while consulting, and only without assignments).
pub async fn delete_recommendation(db: &Db, case: &RecordId, id: &str) -> Result<(), AppError> {
    db.query(format!(
        "BEGIN TRANSACTION;
         {STAGE_GUARD}
         IF (SELECT VALUE case FROM ONLY $id) != $case {{ THROW 'not_found'; }};
         IF array::len((SELECT id FROM assignment WHERE recommendation = $id)) > 0 {{
             THROW 'has_assignments';
         }};
         DELETE $id;
         COMMIT TRANSACTION;"
    ))
    .bind(("case", case.clone()))
    .bind(("stages", vec!["consulting"]))
    .bind(("id", record("recommendation", id)))
    .await
    .and_then(check_transaction)
    .map_err(thrown)?;
    Ok(())
}

/// Gives a task to a department, for one of the case's recommendations or for the case itself.
pub async fn add_assignment(
    db: &Db,
    council: &str,
    case: &RecordId,
    submitted: &str,
    valid: ValidAssignment,
) -> Result<(), AppError> {
    let made = submitted_record("assignment", submitted);
    let query = db.query(format!(
        "BEGIN TRANSACTION;
         {STAGE_GUARD}
         {DEPARTMENTS_OF_COUNCIL}
         IF (SELECT VALUE area FROM ONLY $department) NOT IN $areas {{ THROW 'department_elsewhere'; }};
         IF $recommendation != NONE AND (SELECT VALUE case FROM ONLY $recommendation) != $case {{
             THROW 'recommendation_elsewhere';
         }};
         CREATE $made SET case = $case, council = $council, recommendation = $recommendation,
             department = $department, owner = $owner, task = $task, deadline = $deadline;
         LET $sms_fill = {{ code: (SELECT VALUE tracking_code FROM ONLY $case),
             council: (SELECT VALUE name FROM ONLY $council) }};
         LET $to = (SELECT id AS account, phone FROM account
             WHERE department = $department AND disabled = false);
         {STAFF_NOTICE}
         COMMIT TRANSACTION;"
    ));
    let notice = StaffNotice {
        kind: NoticeKind::AssignmentNew,
        event: format!("assignment_new:{}", key_text(&made)),
        text: crate::base::text::t()
            .sms_assignment_new
            .replace("{task}", &brief(&valid.task))
            .replace("{deadline}", &valid.deadline.short()),
        link: Some("/work".to_string()),
        case: Some(case.clone()),
        now: chrono::Utc::now(),
    };
    let result = notice
        .bind(query)
        .bind(("made", made.clone()))
        .bind(("case", case.clone()))
        .bind(("council", record("council", council)))
        .bind((
            "stages",
            vec!["consulting", "implementing", "with_department"],
        ))
        .bind(("department", record("department", &valid.department)))
        .bind((
            "recommendation",
            valid
                .recommendation
                .as_deref()
                .map(|r| record("recommendation", r)),
        ))
        .bind(("owner", valid.owner))
        .bind(("task", valid.task))
        .bind(("deadline", valid.deadline.0))
        .await;
    create_once(db, &made, case, result).await
}

/// The first words of a task, for a text.
fn brief(task: &str) -> String {
    const WORDS: usize = 12;
    let mut short: String = task.chars().take(WORDS).collect();
    if task.chars().count() > WORDS {
        short.push('…');
    }
    short
}

/// Withdraws an assignment given by mistake: never one the department has finished.
pub async fn delete_assignment(db: &Db, case: &RecordId, id: &str) -> Result<(), AppError> {
    db.query(
        "BEGIN TRANSACTION;
         LET $a = (SELECT case, status FROM ONLY $id);
         IF $a = NONE OR $a.case != $case { THROW 'not_found'; };
         IF $a.status = 'done' { THROW 'assignment_done'; };
         DELETE $id;
         COMMIT TRANSACTION;",
    )
    .bind(("case", case.clone()))
    .bind(("id", record("assignment", id)))
    .await
    .and_then(check_transaction)
    .map_err(thrown)?;
    Ok(())
}

/// Who may report on an assignment: its department, and the council that gave it.
#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct AssignmentOwner {
    pub department: RecordId,
    pub council: RecordId,
    pub case_status: String,
}

pub async fn assignment_owner(db: &Db, id: &str) -> Result<Option<AssignmentOwner>, AppError> {
    let mut response = db
        .query("SELECT department, council, case.status AS case_status FROM ONLY $id")
        .bind(("id", record("assignment", id)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// A department's report: its status, what was done and the evidence. Refused as a conflict when
/// someone reported since `version`; a finished case's assignments stay as they were fed back.
pub async fn report(
    db: &Db,
    actor: &Principal,
    id: &str,
    version: i64,
    status: AssignmentStatus,
    result: String,
    evidence: String,
) -> Result<(), AppError> {
    db.query(
        "BEGIN TRANSACTION;
         IF (SELECT VALUE case.status FROM ONLY $id) IN ['feedback_given', 'closed'] {
             THROW 'case_stage';
         };
         LET $changed = UPDATE $id SET status = $status, result = $result, evidence = $evidence,
             reported_by_name = $name, version = version + 1, updated_at = time::now()
             WHERE version = $version;
         IF array::len($changed) = 0 { THROW 'assignment_conflict'; };
         COMMIT TRANSACTION;",
    )
    .bind(("id", record("assignment", id)))
    .bind(("status", status.as_db()))
    .bind(("result", result))
    .bind(("evidence", evidence))
    .bind(("name", actor.name.clone()))
    .bind(("version", version))
    .await
    .and_then(check_transaction)
    .map_err(thrown)?;
    Ok(())
}

/// What a department's clerk needs to know about the case behind an assignment.
#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct TaskContext {
    tracking_code: String,
    case_title: String,
    council_name: String,
    recommendation_text: Option<String>,
    recommendations: Vec<RecordId>,
}

/// A department's assignments: open ones first, nearest deadline first. The assignments and their
/// context come from the same rows in the same order (the id breaks ties).
pub async fn department_tasks(db: &Db, department: &str) -> Result<Vec<DepartmentTask>, AppError> {
    let order = "FROM assignment WHERE department = $department
        ORDER BY finished, deadline, id LIMIT 200";
    let mut response = db
        .query(format!(
            "SELECT {ASSIGNMENT_FIELDS}, status = 'done' AS finished {order};
             SELECT case.tracking_code AS tracking_code, case.title AS case_title,
                    council.name AS council_name, recommendation.text AS recommendation_text,
                    (SELECT VALUE id FROM recommendation WHERE case = $parent.case ORDER BY number)
                        AS recommendations,
                    status = 'done' AS finished, deadline, id
             {order};"
        ))
        .bind(("department", record("department", department)))
        .await?
        .check()?;
    let rows: Vec<AssignmentRow> = response.take(0)?;
    let contexts: Vec<TaskContext> = response.take(1)?;
    let today = crate::base::clock::today();
    rows.into_iter()
        .zip(contexts)
        .map(|(row, c)| {
            Ok(DepartmentTask {
                assignment: assignment_of(row, &c.recommendations, &today)?,
                tracking_code: TrackingCode(c.tracking_code),
                case_title: c.case_title,
                council_name: c.council_name,
                recommendation_text: c.recommendation_text.unwrap_or_default(),
            })
        })
        .collect()
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct OverdueRow {
    tracking_code: String,
    title: String,
    task: String,
    department_name: String,
    deadline: String,
}

/// A council's assignments past their deadline and not done, most overdue first.
pub async fn overdue(db: &Db, council: &str) -> Result<Vec<OverdueLine>, AppError> {
    let mut response = db
        .query(
            "SELECT case.tracking_code AS tracking_code, case.title AS title, task,
                    department.name AS department_name, deadline
             FROM assignment WHERE council = $council AND status != 'done' AND deadline < $today
             ORDER BY deadline",
        )
        .bind(("council", record("council", council)))
        .bind(("today", crate::base::clock::today().0))
        .await?
        .check()?;
    let rows: Vec<OverdueRow> = response.take(0)?;
    rows.into_iter()
        .map(|r| {
            Ok(OverdueLine {
                tracking_code: TrackingCode(r.tracking_code),
                title: r.title,
                task: r.task,
                department_name: r.department_name,
                deadline: Day::parse(&r.deadline).ok_or(AppError::Internal)?,
            })
        })
        .collect()
}
