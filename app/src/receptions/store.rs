//! Reception records: one per duty slot (its key is the slot's), audited; and the slots each
//! caller should record.
use super::logic::CheckedReception;
use super::*;
use crate::audit::actions;
use crate::audit::store::{audited, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::{check_transaction, is_duplicate, key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue};

/// Weeks back a member's own list reaches, and the liaison's list of slots nobody recorded.
pub const MINE_DAYS: i64 = 56;
pub const UNRECORDED_DAYS: i64 = 90;

/// Where a slot stands: whose it is, when, and in which council.
#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct SlotInfo {
    pub council: RecordId,
    pub member: RecordId,
    pub date: String,
}

pub async fn slot_info(db: &Db, slot: &str) -> Result<Option<SlotInfo>, AppError> {
    let mut response = db
        .query("SELECT room.council AS council, member, date FROM ONLY $slot")
        .bind(("slot", record("duty_slot", slot)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

#[derive(Debug, Clone, PartialEq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StoredVisit {
    outcome: String,
    note: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StoredReception {
    came: bool,
    absent_reason: String,
    visitors: i64,
    visits: Vec<StoredVisit>,
    recorded_by: Option<String>,
    concerns: Option<Vec<String>>,
}

fn visits_of(checked: &CheckedReception) -> Vec<StoredVisit> {
    checked
        .visits
        .iter()
        .map(|(o, n)| StoredVisit {
            outcome: o.code().to_string(),
            note: n.clone(),
        })
        .collect()
}

/// Records slot `slot`. The same record sent again is a no-op; another record of a slot
/// already recorded is a conflict (a second phone, or a second person): nothing is overwritten.
pub async fn record_reception(
    db: &Db,
    me: &Principal,
    slot: &str,
    info: &SlotInfo,
    checked: CheckedReception,
) -> Result<(), AppError> {
    let target = record("reception", slot);
    let visits = visits_of(&checked);
    let created = audited(
        db,
        Change {
            actor: me,
            action: actions::RECEPTION_RECORD,
            target: target.clone(),
            council: Some(info.council.clone()),
        },
        "CREATE $target SET slot = $slot, council = $council, member = $member, on_date = $date,
            came = $came, absent_reason = $reason, visitors = $visitors, visits = $visits,
            recorded_by = $me",
    )
    .bind(("slot", record("duty_slot", slot)))
    .bind(("council", info.council.clone()))
    .bind(("member", info.member.clone()))
    .bind(("date", info.date.clone()))
    .bind(("came", checked.came))
    .bind(("reason", checked.absent_reason.clone()))
    .bind(("visitors", checked.visitors))
    .bind(("visits", visits.clone()))
    .bind(("me", record("account", &me.account)))
    .await
    .and_then(check_transaction);
    match created {
        Ok(_) => Ok(()),
        Err(e) if is_duplicate(&e) => {
            let mut response = db
                .query("SELECT came, absent_reason, visitors, visits, NONE AS recorded_by, NONE AS concerns FROM ONLY $target")
                .bind(("target", target))
                .await?
                .check()?;
            let stored: Option<StoredReception> = response.take(0)?;
            let same = stored.is_some_and(|s| {
                s.came == checked.came
                    && s.absent_reason == checked.absent_reason
                    && s.visitors == checked.visitors
                    && s.visits == visits
            });
            if same {
                Ok(())
            } else {
                Err(AppError::Conflict)
            }
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SlotRow {
    id: RecordId,
    council: RecordId,
    council_name: String,
    room_name: String,
    date: String,
    starts: String,
    ends: String,
    member_name: String,
    swapped: bool,
    reception: Option<StoredReception>,
}

fn slot_of(row: SlotRow) -> SlotToRecord {
    SlotToRecord {
        slot: key_text(&row.id),
        council: key_text(&row.council),
        council_name: row.council_name,
        room_name: row.room_name,
        date: row.date,
        starts: row.starts,
        ends: row.ends,
        member_name: row.member_name,
        swapped_in: row.swapped,
        recorded: row.reception.map(|r| ReceptionSummary {
            came: r.came,
            absent_reason: r.absent_reason,
            visitors: r.visitors,
            visits: r
                .visits
                .into_iter()
                .filter_map(|v| VisitOutcome::from_code(&v.outcome).map(|o| (o, v.note)))
                .collect(),
            recorded_by: r.recorded_by.unwrap_or_default(),
            concerns: r.concerns.unwrap_or_default(),
        }),
    }
}

const SLOT_FIELDS: &str =
    "id, room.council AS council, room.council.name AS council_name, room.name AS room_name, date, starts,
    ends, member.name AS member_name, swapped_from != NONE AS swapped,
    (SELECT came, absent_reason, visitors, visits, recorded_by.name AS recorded_by, NONE AS concerns
        FROM ONLY type::record('reception', record::id($parent.id))) AS reception";

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RaisedAt {
    raised_at: RecordId,
    tracking_code: String,
}

/// The caller's own slots of the last weeks, and the slots of their councils nobody recorded.
pub async fn overview(
    db: &Db,
    me: &Principal,
    managed: &[String],
) -> Result<ReceptionsOverview, AppError> {
    let today = crate::base::clock::today().0;
    let mine_from = crate::base::clock::days_from_today(-MINE_DAYS).0;
    let unrecorded_from = crate::base::clock::days_from_today(-UNRECORDED_DAYS).0;
    let councils: Vec<RecordId> = managed.iter().map(|c| record("council", c)).collect();
    let member = me.member.as_ref().map(|m| record("member", m));
    let mut response = db
        .query(format!(
            "SELECT {SLOT_FIELDS} FROM duty_slot
                WHERE $member != NONE AND member = $member AND date >= $mine_from AND date <= $today
                ORDER BY date DESC, starts DESC LIMIT 60;
             SELECT {SLOT_FIELDS} FROM duty_slot
                WHERE room.council IN $councils AND date >= $unrecorded_from AND date < $today
                    AND !record::exists(type::record('reception', record::id(id)))
                ORDER BY date DESC, starts DESC LIMIT 200;"
        ))
        .bind(("member", member))
        .bind(("councils", councils))
        .bind(("today", today))
        .bind(("mine_from", mine_from))
        .bind(("unrecorded_from", unrecorded_from))
        .await?
        .check()?;
    let mine: Vec<SlotRow> = response.take(0)?;
    let unrecorded: Vec<SlotRow> = response.take(1)?;
    // The concerns entered for the recorded days, in one query (a subquery per slot would read
    // every case once for each). A reception's key is its slot's.
    let recorded: Vec<RecordId> = mine
        .iter()
        .filter(|row| row.reception.is_some())
        .map(|row| record("reception", &key_text(&row.id)))
        .collect();
    let mut response = db
        .query("SELECT raised_at, tracking_code FROM case WHERE raised_at IN $recorded")
        .bind(("recorded", recorded))
        .await?
        .check()?;
    let raised: Vec<RaisedAt> = response.take(0)?;
    let with_concerns = |row: SlotRow| {
        let mut slot = slot_of(row);
        if let Some(done) = slot.recorded.as_mut() {
            done.concerns = raised
                .iter()
                .filter(|c| key_text(&c.raised_at) == slot.slot)
                .map(|c| c.tracking_code.clone())
                .collect();
        }
        slot
    };
    Ok(ReceptionsOverview {
        mine: mine.into_iter().map(with_concerns).collect(),
        unrecorded: unrecorded.into_iter().map(slot_of).collect(),
    })
}
