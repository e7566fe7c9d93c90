//! The queries behind a duty record: read-only, across the tables each record kind lives in.
//! One round trip per record; each list is bounded by the years asked for (one, or a term).
use super::*;
use crate::base::error::AppError;
use crate::server::db::{key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue, Value};

/// Every council the member serves: who may read the record depends on it.
pub async fn councils_of(db: &Db, member: &str) -> Result<Option<Vec<String>>, AppError> {
    let mut response = db
        .query(
            "RETURN (SELECT VALUE id FROM ONLY $member) != NONE;
             SELECT VALUE council FROM membership WHERE member = $member;",
        )
        .bind(("member", record("member", member)))
        .await?
        .check()?;
    let exists: Option<bool> = response.take(0)?;
    let councils: Vec<RecordId> = response.take(1)?;
    Ok((exists == Some(true)).then(|| councils.iter().map(key_text).collect()))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Head {
    name: String,
    sector: String,
    councils: Vec<CouncilRole>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilRole {
    name: String,
    role: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ActivityRow {
    id: RecordId,
    title: String,
    kind: String,
    on_date: String,
    council_name: String,
    served: i64,
    outcomes: Value,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SessionRow {
    id: RecordId,
    title: String,
    starts_at: String,
    council_name: String,
    notes: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ReportRow {
    id: RecordId,
    title: String,
    status: String,
    bulletin: Option<i64>,
    at: chrono::DateTime<chrono::Utc>,
    instructions: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ProposalRow {
    id: RecordId,
    title: String,
    status: String,
    number: Option<i64>,
    at: chrono::DateTime<chrono::Utc>,
    lead: bool,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CaseRow {
    tracking_code: String,
    council: RecordId,
    title: String,
    at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ResearchRow {
    code: String,
    council: RecordId,
    case_title: String,
    on_date: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SlotRow {
    date: String,
    room_name: String,
    starts: String,
    ends: String,
    swapped: bool,
    came: Option<bool>,
    visitors: Option<i64>,
}

/// A member's record for Beijing calendar years `year` to `to_year` (one year, or a term).
pub async fn duty_record(
    db: &Db,
    member: &str,
    year: i32,
    to_year: i32,
) -> Result<DutyRecord, AppError> {
    let (first_day, last_day) = (format!("{year}-01-01"), format!("{to_year}-12-31"));
    // The bounds as instants: Beijing midnight of the first 1 January, and of the one after.
    let from = format!("{year}-01-01T00:00:00+08:00");
    let to = format!("{}-01-01T00:00:00+08:00", to_year + 1);
    let mut response = db
        .query(
            "LET $account = (SELECT VALUE id FROM account WHERE member = $member LIMIT 1)[0];
             SELECT name, sector.name AS sector,
                (SELECT council.name AS name, role FROM membership WHERE member = $parent.id ORDER BY name) AS councils
                FROM ONLY $member;
             SELECT id, title, kind, on_date, council.name AS council_name, served, outcomes
                FROM (SELECT VALUE activity FROM activity_member WITH INDEX activity_member_year
                    WHERE member = $member AND on_date >= $first_day AND on_date <= $last_day)
                ORDER BY on_date DESC;
             SELECT id, title, starts_at, council.name AS council_name,
                count(SELECT id FROM note WHERE session = $parent.id AND author = $account) AS notes
                FROM council_session
                WHERE $account != NONE AND starts_at >= $first_day AND starts_at <= $last_moment
                    AND id IN (SELECT VALUE session FROM attendee WHERE account = $account)
                ORDER BY starts_at DESC;
             SELECT tracking_code, council, title, created_at AS at FROM case
                WHERE $account != NONE AND raised_by = $account
                    AND created_at >= <datetime>$from AND created_at < <datetime>$to
                ORDER BY at DESC;
             SELECT case.tracking_code AS code, case.council AS council, case.title AS case_title, on_date
                FROM research WHERE $account != NONE AND author = $account AND on_date >= $first_day AND on_date <= $last_day
                ORDER BY on_date DESC;
             SELECT date, room.name AS room_name, starts, ends, swapped_from != NONE AS swapped,
                (type::record('reception', record::id(id))).came AS came,
                (type::record('reception', record::id(id))).visitors AS visitors
                FROM duty_slot WITH INDEX duty_slot_member WHERE member = $member AND date >= $first_day
                    AND date <= $last_day AND date <= $today
                ORDER BY date DESC;
             SELECT id, title, status, bulletin.number AS bulletin, submitted_at AS at,
                count(SELECT id FROM report_step WHERE report = $parent.id AND step = 'instruct')
                    AS instructions
                FROM report WHERE $member IN authors AND submitted_at != NONE
                    AND submitted_at >= <datetime>$from AND submitted_at < <datetime>$to
                ORDER BY at DESC;
             SELECT id, title, status, number, submitted_at AS at, author = $member AS lead
                FROM proposal WHERE (author = $member OR id IN (SELECT VALUE proposal
                    FROM proposal_signer WHERE member = $member AND status = 'confirmed'))
                    AND submitted_at != NONE
                    AND submitted_at >= <datetime>$from AND submitted_at < <datetime>$to
                ORDER BY at DESC;",
        )
        .bind(("member", record("member", member)))
        .bind(("first_day", first_day.clone()))
        .bind(("last_day", last_day.clone()))
        .bind(("last_moment", format!("{last_day}T23:59")))
        .bind(("from", from))
        .bind(("to", to))
        .bind(("today", crate::base::clock::today().0))
        .await?
        .check()?;
    let head: Option<Head> = response.take(1)?;
    let head = head.ok_or(AppError::NotFound)?;
    let activity_rows: Vec<ActivityRow> = response.take(2)?;
    let sessions: Vec<SessionRow> = response.take(3)?;
    let cases: Vec<CaseRow> = response.take(4)?;
    let research: Vec<ResearchRow> = response.take(5)?;
    let slots: Vec<SlotRow> = response.take(6)?;
    let report_rows: Vec<ReportRow> = response.take(7)?;
    let proposal_rows: Vec<ProposalRow> = response.take(8)?;
    let contacts = crate::contacts::store::of_days(db, member, &first_day, &last_day).await?;

    let mut outcomes: Vec<(Outcome, i64)> = Vec::new();
    let activities: Vec<RecordActivity> = activity_rows
        .into_iter()
        .map(|r| {
            let json = r.outcomes.into_json_value();
            for o in Outcome::ALL {
                if let Some(n) = json.get(o.code()).and_then(|n| n.as_i64()) {
                    outcomes.push((*o, n));
                }
            }
            RecordActivity {
                key: key_text(&r.id),
                title: r.title,
                kind: ActivityKind::from_code(&r.kind).unwrap_or(ActivityKind::Service),
                date: r.on_date,
                council_name: r.council_name,
                served: r.served,
            }
        })
        .collect();
    let sessions: Vec<RecordSession> = sessions
        .into_iter()
        .map(|r| RecordSession {
            key: key_text(&r.id),
            title: r.title,
            date: r.starts_at.get(0..10).unwrap_or_default().to_string(),
            council_name: r.council_name,
            notes: r.notes,
        })
        .collect();
    let concerns: Vec<RecordCase> = cases
        .into_iter()
        .map(|r| RecordCase {
            code: r.tracking_code,
            council: key_text(&r.council),
            title: r.title,
            date: crate::base::clock::format_date(r.at),
        })
        .collect();
    let research: Vec<RecordResearch> = research
        .into_iter()
        .map(|r| RecordResearch {
            code: r.code,
            council: key_text(&r.council),
            case_title: r.case_title,
            date: r.on_date,
        })
        .collect();
    let duty_slots: Vec<RecordSlot> = slots
        .into_iter()
        .map(|r| RecordSlot {
            date: r.date,
            room_name: r.room_name,
            starts: r.starts,
            ends: r.ends,
            swapped_in: r.swapped,
            came: r.came,
            visitors: r.visitors.unwrap_or(0),
        })
        .collect();
    let reports: Vec<RecordReport> = report_rows
        .into_iter()
        .filter_map(|r| {
            Some(RecordReport {
                key: key_text(&r.id),
                title: r.title,
                date: crate::base::clock::format_date(r.at),
                status: crate::reports::ReportStatus::from_code(&r.status)?,
                bulletin: r.bulletin,
                instructions: r.instructions,
            })
        })
        .collect();
    let mut counts = counts_of(
        &activities,
        &outcomes,
        &sessions,
        &concerns,
        &research,
        &duty_slots,
        &contacts,
    );
    counts.extend(report_counts(&reports));
    let proposals: Vec<RecordProposal> = proposal_rows
        .into_iter()
        .filter_map(|r| {
            Some(RecordProposal {
                key: key_text(&r.id),
                title: r.title,
                date: crate::base::clock::format_date(r.at),
                number: r.number,
                status: crate::proposals::ProposalStatus::from_code(&r.status)?,
                lead: r.lead,
            })
        })
        .collect();
    counts.extend(proposal_counts(&proposals));
    Ok(DutyRecord {
        member: member.to_string(),
        name: head.name,
        sector: head.sector,
        councils: head
            .councils
            .into_iter()
            .map(|c| {
                let role = crate::auth::roles::Role::from_db(&c.role)
                    .map_or(c.role.clone(), |r| r.label().to_string());
                (c.name, role)
            })
            .collect(),
        year,
        to_year,
        counts,
        activities,
        sessions,
        concerns,
        research,
        duty_slots,
        contacts,
        reports,
        proposals,
    })
}
