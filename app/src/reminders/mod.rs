//! What the server plans by itself, once a day, on the node that holds the text sender's lease:
//! the day's deadlines for departments, 催办 of what is overdue (recorded on the assignment),
//! the members on duty tomorrow, the morning digest of each council's heads and liaisons, and
//! the residents whose result is checked again today. Every text and notice carries an event
//! key naming its day or its assignment, so planning again after a restart adds nothing. Plans
//! are made once a day, in the day (07:30–21:30 Beijing): a day the server was down is not
//! caught up at night. This module sits above the domains (it reads their tables and tops up
//! rosters) and queues through `notify`, which imports no domain.
use crate::base::error::AppError;
use crate::base::text::t;
use crate::notify::outbox::{CaseNotice, Recipient, StaffNotice, CASE_NOTICE, STAFF_NOTICE};
use crate::notify::sender::Sender;
use crate::notify::{rules, NoticeKind};
use crate::server::db::{check_transaction, key_text, Db};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::BTreeMap;
use surrealdb::types::{RecordId, SurrealValue};

/// Days before a deadline that its department is reminded.
pub const SOON_DAYS: i64 = 3;
/// Days past a deadline after which the district is asked to step in (督办).
pub const DISTRICT_AFTER_DAYS: i64 = 3;
/// Case statuses whose assignments and re-checks no longer matter.
const FINISHED: [&str; 5] = [
    "merged",
    "answered",
    "not_adopted",
    "feedback_given",
    "closed",
];
/// Tracking codes named in one text; the rest are counted.
const CODES_NAMED: usize = 3;

/// What one planning pass queued.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Planned {
    /// Departments told of the day's deadlines.
    pub deadlines: usize,
    /// 催办 steps recorded on assignments.
    pub urges: usize,
    /// Members told of tomorrow's reception.
    pub receptions: usize,
    /// Councils whose heads and liaisons got the morning digest.
    pub mornings: usize,
    /// Residents told of today's re-check.
    pub rechecks: usize,
}

/// Plans `now`'s day once: `None` at night, or when the day was planned already (the day is
/// kept in the database, so a restarted or second app server does not plan it again).
pub async fn plan(db: &Db, now: DateTime<Utc>) -> Result<Option<Planned>, AppError> {
    if rules::may_leave_at(NoticeKind::Deadlines, now) > now {
        return Ok(None);
    }
    let day = today_key(now);
    let mut response = db
        .query("SELECT VALUE day FROM ONLY sms_lease:planner")
        .await?
        .check()?;
    let planned: Option<String> = response.take(0)?;
    if planned.as_deref() == Some(day.as_str()) {
        return Ok(None);
    }
    let done = plan_now(db, now).await?;
    db.query("UPSERT sms_lease:planner SET holder = 'planner', until = $now, day = $day")
        .bind(("now", now))
        .bind(("day", day))
        .await?
        .check()?;
    Ok(Some(done))
}

fn today_key(now: DateTime<Utc>) -> String {
    now.with_timezone(&crate::base::clock::beijing())
        .format("%Y%m%d")
        .to_string()
}

/// Plans `now`'s day whether or not it was planned: what is queued already is not queued again
/// (every text and notice has its event key), so an interrupted plan is simply made again.
pub async fn plan_now(db: &Db, now: DateTime<Utc>) -> Result<Planned, AppError> {
    let today = now
        .with_timezone(&crate::base::clock::beijing())
        .date_naive();
    let day = Today { date: today, now };
    let urged = urges(db, &day).await?;
    Ok(Planned {
        deadlines: deadlines(db, &day, &urged).await?,
        urges: urged.len(),
        receptions: receptions(db, &day).await?,
        mornings: mornings(db, &day).await?,
        rechecks: rechecks(db, &day).await?,
    })
}

struct Today {
    date: NaiveDate,
    now: DateTime<Utc>,
}

impl Today {
    /// `YYYY-MM-DD` of the day `days` from today, as deadlines are stored.
    fn plus(&self, days: i64) -> String {
        (self.date + Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    }

    /// For event keys: `20261204`.
    fn key(&self) -> String {
        self.date.format("%Y%m%d").to_string()
    }
}

/// `2026-12-05` → `12月5日`.
fn short_date(day: &str) -> String {
    crate::base::clock::Day::parse(day).map_or_else(|| day.to_string(), |d| d.short())
}

/// Only mobiles get texts; a landline on a member's card does not.
fn mobile(phone: Option<String>) -> Option<String> {
    phone.filter(|p| p.len() == 11 && p.starts_with('1') && p.bytes().all(|b| b.is_ascii_digit()))
}

fn codes_text(codes: &[String]) -> String {
    let mut named = codes
        .iter()
        .take(CODES_NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join("、");
    if codes.len() > CODES_NAMED {
        named.push('等');
    }
    named
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PersonRow {
    account: Option<RecordId>,
    phone: Option<String>,
    other_phone: Option<String>,
}

fn recipients(rows: Vec<PersonRow>) -> Vec<Recipient> {
    rows.into_iter()
        .map(|r| Recipient {
            account: r.account,
            phone: mobile(r.phone).or_else(|| mobile(r.other_phone)),
        })
        .filter(|r| r.account.is_some() || r.phone.is_some())
        .collect()
}

/// A department's staff who can sign in.
async fn department_staff(db: &Db, department: &RecordId) -> Result<Vec<Recipient>, AppError> {
    let mut response = db
        .query(
            "SELECT id AS account, phone, member.phone AS other_phone FROM account
             WHERE department = $department AND disabled = false",
        )
        .bind(("department", department.clone()))
        .await?
        .check()?;
    Ok(recipients(response.take(0)?))
}

/// The members holding `roles` in a council, by the number on their card and their account.
async fn council_people(
    db: &Db,
    council: &RecordId,
    roles: &[&str],
) -> Result<Vec<Recipient>, AppError> {
    let mut response = db
        .query(
            "SELECT (SELECT VALUE id FROM account WHERE member = $parent.member
                        AND disabled = false LIMIT 1)[0] AS account,
                    member.phone AS phone,
                    (SELECT VALUE phone FROM account WHERE member = $parent.member LIMIT 1)[0]
                        AS other_phone
             FROM membership WHERE council = $council AND role IN $roles",
        )
        .bind(("council", council.clone()))
        .bind((
            "roles",
            roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        ))
        .await?
        .check()?;
    Ok(recipients(response.take(0)?))
}

/// The district's admins over a council.
async fn district_admins(db: &Db, council: &RecordId) -> Result<Vec<Recipient>, AppError> {
    let mut response = db
        .query(
            "LET $area = (SELECT VALUE area FROM ONLY $council);
             SELECT id AS account, phone, member.phone AS other_phone FROM account
             WHERE disabled = false AND admin_area != NONE AND admin_area.level = 'district'
                AND admin_area IN [$area, $area.parent, $area.parent.parent,
                    $area.parent.parent.parent];",
        )
        .bind(("council", council.clone()))
        .await?
        .check()?;
    Ok(recipients(response.take(1)?))
}

/// Queues one notice to `to`. The caller's `event` names it once.
async fn notify(db: &Db, notice: StaffNotice, to: Vec<Recipient>) -> Result<(), AppError> {
    if to.is_empty() {
        return Ok(());
    }
    let query = db.query(format!(
        "BEGIN TRANSACTION; LET $sms_fill = {{ code: NONE }}; {STAFF_NOTICE} COMMIT TRANSACTION;"
    ));
    notice
        .bind(query)
        .bind(("to", to))
        .await
        .and_then(check_transaction)?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct OverdueRow {
    id: RecordId,
    council: RecordId,
    council_name: String,
    code: String,
    deadline: String,
    urged: Vec<String>,
}

/// One 催办 step taken today: the assignment, its level, its council and code.
#[derive(Debug, Clone)]
struct Urged {
    assignment: RecordId,
    district: bool,
    council: RecordId,
    council_name: String,
    code: String,
    days_over: i64,
}

/// Every overdue assignment is urged once at the council's level (its department and the
/// council's liaisons are told), and once more at the district's when it is still open
/// `DISTRICT_AFTER_DAYS` later. Each step is recorded on the assignment with whom it told.
async fn urges(db: &Db, day: &Today) -> Result<Vec<Urged>, AppError> {
    let mut response = db
        .query(
            "SELECT id, council, council.name AS council_name, case.tracking_code AS code,
                    deadline,
                    (SELECT VALUE level FROM assignment_urge WHERE assignment = $parent.id) AS urged
             FROM assignment
             WHERE status != 'done' AND deadline < $today AND case.status NOT IN $finished
             ORDER BY deadline, id",
        )
        .bind(("today", day.plus(0)))
        .bind(("finished", FINISHED.to_vec()))
        .await?
        .check()?;
    let rows: Vec<OverdueRow> = response.take(0)?;
    let mut steps = Vec::new();
    for row in rows {
        let Ok(deadline) = NaiveDate::parse_from_str(&row.deadline, "%Y-%m-%d") else {
            continue;
        };
        let days_over = (day.date - deadline).num_days();
        let step = |district| Urged {
            assignment: row.id.clone(),
            district,
            council: row.council.clone(),
            council_name: row.council_name.clone(),
            code: row.code.clone(),
            days_over,
        };
        if !row.urged.iter().any(|l| l == "council") {
            steps.push(step(false));
        }
        if days_over >= DISTRICT_AFTER_DAYS && !row.urged.iter().any(|l| l == "district") {
            steps.push(step(true));
        }
    }
    // Told by council and level: one text a person a day, naming the codes.
    let mut groups: BTreeMap<(String, bool), Vec<&Urged>> = BTreeMap::new();
    for step in &steps {
        groups
            .entry((key_text(&step.council), step.district))
            .or_default()
            .push(step);
    }
    let text = t();
    for ((council_key, district), group) in groups {
        let first = group[0];
        let (kind, template, to) = if district {
            (
                NoticeKind::UrgeDistrict,
                text.sms_urge_district,
                district_admins(db, &first.council).await?,
            )
        } else {
            (
                NoticeKind::UrgeCouncil,
                text.sms_urge_council,
                council_people(db, &first.council, &["liaison"]).await?,
            )
        };
        let codes: Vec<String> = group.iter().map(|s| s.code.clone()).collect();
        let told = to.len() as i64;
        let notice = StaffNotice {
            kind,
            event: format!("{}:{council_key}:{}", kind.as_db(), day.key()),
            text: template
                .replace("{council}", &first.council_name)
                .replace("{n}", &group.len().to_string())
                .replace("{codes}", &codes_text(&codes)),
            link: Some(format!("/admin/councils/{council_key}/cases")),
            case: None,
            now: day.now,
        };
        notify(db, notice, to).await?;
        for step in group {
            record_urge(db, step, told).await?;
        }
    }
    Ok(steps)
}

async fn record_urge(db: &Db, step: &Urged, told: i64) -> Result<(), AppError> {
    db.query(
        "IF count((SELECT id FROM assignment_urge WHERE assignment = $assignment
                AND level = $level)) = 0 {
             CREATE assignment_urge SET assignment = $assignment, council = $council,
                level = $level, told = $told, days_over = $days_over;
         };",
    )
    .bind(("assignment", step.assignment.clone()))
    .bind(("council", step.council.clone()))
    .bind(("level", if step.district { "district" } else { "council" }))
    .bind(("told", told))
    .bind(("days_over", step.days_over))
    .await?
    .check()?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DeadlineRow {
    id: RecordId,
    department: RecordId,
    department_name: String,
    deadline: String,
}

/// Each department with assignments due in `SOON_DAYS`, due today, or urged today for the
/// first time gets one text a person, counting each.
async fn deadlines(db: &Db, day: &Today, urged: &[Urged]) -> Result<usize, AppError> {
    let soon = day.plus(SOON_DAYS);
    let today = day.plus(0);
    let newly_over: Vec<RecordId> = urged
        .iter()
        .filter(|u| !u.district)
        .map(|u| u.assignment.clone())
        .collect();
    let mut response = db
        .query(
            "SELECT id, department, department.name AS department_name, deadline
             FROM assignment
             WHERE status != 'done' AND case.status NOT IN $finished
                AND (deadline IN [$soon, $today] OR id IN $newly_over)
             ORDER BY department, id",
        )
        .bind(("soon", soon.clone()))
        .bind(("today", today.clone()))
        .bind(("newly_over", newly_over))
        .bind(("finished", FINISHED.to_vec()))
        .await?
        .check()?;
    let rows: Vec<DeadlineRow> = response.take(0)?;
    // Per department: due soon, due today, newly overdue.
    let mut counts: BTreeMap<String, (RecordId, String, [usize; 3])> = BTreeMap::new();
    for row in rows {
        let slot = if row.deadline == soon {
            0
        } else if row.deadline == today {
            1
        } else {
            2
        };
        counts
            .entry(key_text(&row.department))
            .or_insert_with(|| (row.department.clone(), row.department_name.clone(), [0; 3]))
            .2[slot] += 1;
    }
    let text = t();
    let told = counts.len();
    for (key, (department, name, [soon, due, over])) in counts {
        let parts: Vec<String> = [
            (soon, text.sms_part_soon),
            (due, text.sms_part_today),
            (over, text.sms_part_overdue),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, part)| part.replace("{n}", &n.to_string()))
        .collect();
        let notice = StaffNotice {
            kind: NoticeKind::Deadlines,
            event: format!("deadlines:{key}:{}", day.key()),
            text: text
                .sms_deadlines
                .replace("{department}", &name)
                .replace("{parts}", &parts.join("，")),
            link: Some("/work".to_string()),
            case: None,
            now: day.now,
        };
        notify(db, notice, department_staff(db, &department).await?).await?;
    }
    Ok(told)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SlotRow {
    id: RecordId,
    date: String,
    starts: String,
    ends: String,
    room_name: String,
    account: Option<RecordId>,
    phone: Option<String>,
    other_phone: Option<String>,
}

/// The member on duty tomorrow, once a slot. Rosters are topped up first: a room whose roster
/// nobody opened lately still has its coming days.
async fn receptions(db: &Db, day: &Today) -> Result<usize, AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM duty_pattern")
        .await?
        .check()?;
    let patterns: Vec<RecordId> = response.take(0)?;
    for pattern in &patterns {
        crate::roster::store::top_up(db, &key_text(pattern), day.date).await?;
    }
    let mut response = db
        .query(
            "SELECT id, date, starts, ends, room.name AS room_name, member.phone AS phone,
                    (SELECT VALUE id FROM account WHERE member = $parent.member
                        AND disabled = false LIMIT 1)[0] AS account,
                    (SELECT VALUE phone FROM account WHERE member = $parent.member LIMIT 1)[0]
                        AS other_phone
             FROM duty_slot WHERE date = $tomorrow AND room.active = true",
        )
        .bind(("tomorrow", day.plus(1)))
        .await?
        .check()?;
    let slots: Vec<SlotRow> = response.take(0)?;
    let text = t();
    let mut told = 0;
    for slot in slots {
        let to = recipients(vec![PersonRow {
            account: slot.account,
            phone: slot.phone,
            other_phone: slot.other_phone,
        }]);
        if to.is_empty() {
            continue;
        }
        let notice = StaffNotice {
            kind: NoticeKind::ReceptionEve,
            event: format!("reception_eve:{}", key_text(&slot.id)),
            text: text
                .sms_reception_eve
                .replace("{date}", &short_date(&slot.date))
                .replace("{starts}", &slot.starts)
                .replace("{ends}", &slot.ends)
                .replace("{room}", &slot.room_name),
            link: Some("/receptions".to_string()),
            case: None,
            now: day.now,
        };
        notify(db, notice, to).await?;
        told += 1;
    }
    Ok(told)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CountRow {
    council: Option<RecordId>,
    n: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct NameRow {
    id: RecordId,
    name: String,
}

/// What waits for one council this morning.
#[derive(Debug, Default)]
struct Waiting {
    screening: i64,
    overdue: i64,
    unrecorded: i64,
    rechecks: i64,
}

/// Each council's heads and liaisons, when something waits: 待初筛, overdue assignments,
/// reception days nobody recorded, re-checks due. The same counts their screens show.
async fn mornings(db: &Db, day: &Today) -> Result<usize, AppError> {
    let today = day.plus(0);
    let mut response = db
        .query(
            "SELECT council, count() AS n FROM case WHERE status = 'received' GROUP BY council;
             SELECT council, count() AS n FROM assignment
                WHERE status != 'done' AND deadline < $today AND case.status NOT IN $finished
                GROUP BY council;
             SELECT room.council AS council, count() AS n FROM duty_slot
                WHERE date >= $unrecorded_from AND date < $today
                    AND !record::exists(type::record('reception', record::id(id)))
                GROUP BY council;
             SELECT council, count() AS n FROM case
                WHERE recheck_on != NONE AND recheck_on <= $today
                    AND status NOT IN ['merged', 'answered', 'not_adopted', 'closed']
                GROUP BY council;",
        )
        .bind(("today", today))
        .bind((
            "unrecorded_from",
            day.plus(-crate::receptions::store::UNRECORDED_DAYS),
        ))
        .bind(("finished", FINISHED.to_vec()))
        .await?
        .check()?;
    let mut waiting: BTreeMap<String, (RecordId, Waiting)> = BTreeMap::new();
    for index in 0..4 {
        let rows: Vec<CountRow> = response.take(index)?;
        for row in rows {
            let Some(council) = row.council else { continue };
            let entry = &mut waiting
                .entry(key_text(&council))
                .or_insert_with(|| (council.clone(), Waiting::default()))
                .1;
            match index {
                0 => entry.screening = row.n,
                1 => entry.overdue = row.n,
                2 => entry.unrecorded = row.n,
                _ => entry.rechecks = row.n,
            }
        }
    }
    // The councils' names in one query, not one a council.
    let ids: Vec<RecordId> = waiting.values().map(|(id, _)| id.clone()).collect();
    let mut response = db
        .query("SELECT id, name FROM council WHERE id IN $ids")
        .bind(("ids", ids))
        .await?
        .check()?;
    let names: BTreeMap<String, String> = response
        .take::<Vec<NameRow>>(0)?
        .into_iter()
        .map(|r| (key_text(&r.id), r.name))
        .collect();
    let text = t();
    let mut told = 0;
    for (key, (council, w)) in waiting {
        let parts: Vec<String> = [
            (w.screening, text.morning_screening),
            (w.overdue, text.morning_overdue),
            (w.unrecorded, text.morning_unrecorded),
            (w.rechecks, text.morning_rechecks),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, part)| part.replace("{n}", &n.to_string()))
        .collect();
        let to = council_people(db, &council, &["head", "rotating_head", "liaison"]).await?;
        if parts.is_empty() || to.is_empty() {
            continue;
        }
        let notice = StaffNotice {
            kind: NoticeKind::MorningDigest,
            event: format!("morning:{key}:{}", day.key()),
            text: text
                .sms_morning
                .replace("{council}", names.get(&key).map_or("", String::as_str))
                .replace("{parts}", &parts.join("，")),
            link: Some(format!("/admin/councils/{key}/cases")),
            case: None,
            now: day.now,
        };
        notify(db, notice, to).await?;
        told += 1;
    }
    Ok(told)
}

/// The residents whose concern is checked again today (回头看), once a case and day.
async fn rechecks(db: &Db, day: &Today) -> Result<usize, AppError> {
    let mut response = db
        .query(
            "SELECT VALUE id FROM case WHERE recheck_on = $today AND resident_phone != NONE
                AND status NOT IN ['merged', 'answered', 'not_adopted', 'closed']",
        )
        .bind(("today", day.plus(0)))
        .await?
        .check()?;
    let cases: Vec<RecordId> = response.take(0)?;
    for case in &cases {
        let mut notice = CaseNotice::new(
            Some(NoticeKind::CaseRecheck),
            format!("case_recheck:{}:{}", key_text(case), day.key()),
        );
        notice.now = day.now;
        notice
            .bind(db.query(CASE_NOTICE))
            .bind(("case", case.clone()))
            .await?
            .check()?;
    }
    Ok(cases.len())
}

/// How often the holder of the lease looks whether the day is planned.
const PLAN_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

/// Runs the sender's round every second for as long as the server runs; the node that holds
/// the lease also plans the day (checked every minute, planned once).
pub fn spawn(sender: Sender) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
        let mut planned_at: Option<tokio::time::Instant> = None;
        loop {
            tick.tick().await;
            let now = Utc::now();
            match sender.round(now).await {
                Ok(Some(_)) if planned_at.is_none_or(|at| at.elapsed() >= PLAN_EVERY) => {
                    planned_at = Some(tokio::time::Instant::now());
                    if let Err(e) = plan(sender.db(), now).await {
                        tracing::warn!(?e, "planning reminders failed; will retry");
                    }
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(?e, "text message round failed; will retry"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_past_three_are_counted_not_named() {
        let codes: Vec<String> = (1..=4).map(|i| format!("SY-{i}")).collect();
        assert_eq!(codes_text(&codes[..2]), "SY-1、SY-2");
        assert_eq!(codes_text(&codes), "SY-1、SY-2、SY-3等");
    }

    #[test]
    fn only_mobiles_get_texts() {
        assert_eq!(
            mobile(Some("13912340000".into())),
            Some("13912340000".into())
        );
        assert_eq!(mobile(Some("02883334444".into())), None);
        assert_eq!(mobile(None), None);
    }

    #[test]
    fn dates_read_short() {
        assert_eq!(short_date("2026-12-05"), "12月5日");
    }
}
