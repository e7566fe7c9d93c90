//! Households and contacts: stored under the phone's ids, audited without phones, and read
//! back for the member, their council's managers, and the duty record.
use super::logic::{CheckedContact, CheckedHousehold, HOUSEHOLDS_MAX};
use super::*;
use crate::audit::actions;
use crate::audit::store::{audited_without, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::{check_transaction, is_duplicate, key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue};

/// The audit log keeps a household without its phone.
const PRIVATE: &[&str] = &["phone"];
/// The latest contacts `/contacts` lists.
pub const RECENT: i64 = 30;

/// Where household `key` belongs: its council, and whose list it is on.
#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct HouseholdOwner {
    pub council: RecordId,
    pub member: RecordId,
}

pub async fn owner_of(db: &Db, key: &str) -> Result<Option<HouseholdOwner>, AppError> {
    let mut response = db
        .query("SELECT council, member FROM ONLY $id")
        .bind(("id", record("household", key)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// Whether `target` was made by this account: the same form sent again finds it; another
/// account's id is a conflict.
async fn made_by(db: &Db, me: &Principal, target: &RecordId) -> Result<(), AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM ONLY $id WHERE created_by = $me")
        .bind(("id", target.clone()))
        .bind(("me", record("account", &me.account)))
        .await?
        .check()?;
    let found: Option<RecordId> = response.take(0)?;
    found.map(|_| ()).ok_or(AppError::Conflict)
}

/// Adds a household to the calling member's list in `council`.
pub async fn add_household(
    db: &Db,
    me: &Principal,
    member: &str,
    council: &str,
    household: CheckedHousehold,
) -> Result<String, AppError> {
    let target = record("household", &household.id.0);
    let mut response = db
        .query("RETURN count(SELECT id FROM household WHERE member = $member)")
        .bind(("member", record("member", member)))
        .await?
        .check()?;
    let kept: Option<i64> = response.take(0)?;
    if kept.unwrap_or(0) >= HOUSEHOLDS_MAX {
        return Err(AppError::invalid(
            "name",
            crate::base::text::t().contact_err_too_many,
        ));
    }
    let council_id = record("council", council);
    let created = audited_without(
        db,
        Change {
            actor: me,
            action: actions::HOUSEHOLD_ADD,
            target: target.clone(),
            council: Some(council_id.clone()),
        },
        "CREATE $target SET council = $council, member = $member, name = $name, place = $place,
            phone = $phone, note = $note, created_by = $me",
        PRIVATE,
    )
    .bind(("council", council_id))
    .bind(("member", record("member", member)))
    .bind(("name", household.name))
    .bind(("place", household.place))
    .bind(("phone", household.phone))
    .bind(("note", household.note))
    .bind(("me", record("account", &me.account)))
    .await
    .and_then(check_transaction);
    match created {
        Ok(_) => Ok(household.id.0),
        Err(e) if is_duplicate(&e) => made_by(db, me, &target).await.map(|_| household.id.0),
        Err(e) => Err(e.into()),
    }
}

/// Logs a contact with household `household` (already checked to be the caller's).
pub async fn log_contact(
    db: &Db,
    me: &Principal,
    household: &str,
    owner: &HouseholdOwner,
    contact: CheckedContact,
) -> Result<(), AppError> {
    let case = match &contact.case_code {
        None => None,
        Some(code) => {
            let mut response = db
                .query(
                    "SELECT VALUE id FROM case WHERE tracking_code = $code AND council = $council LIMIT 1",
                )
                .bind(("code", code.clone()))
                .bind(("council", owner.council.clone()))
                .await?
                .check()?;
            let found: Vec<RecordId> = response.take(0)?;
            let Some(case) = found.into_iter().next() else {
                return Err(AppError::invalid(
                    "case_code",
                    crate::base::text::t().contact_err_case,
                ));
            };
            Some(case)
        }
    };
    let target = record("contact", &contact.id.0);
    for _ in 0..5 {
        let created = audited_without(
            db,
            Change {
                actor: me,
                action: actions::CONTACT_LOG,
                target: target.clone(),
                council: Some(owner.council.clone()),
            },
            "CREATE $target SET household = $household, member = $member, council = $council,
                on_date = $on_date, via = $via, heard = $heard, case = $case, created_by = $me",
            &[],
        )
        .bind(("household", record("household", household)))
        .bind(("member", owner.member.clone()))
        .bind(("council", owner.council.clone()))
        .bind(("on_date", contact.on_date.clone()))
        .bind(("via", contact.via.code()))
        .bind(("heard", contact.heard.clone()))
        .bind(("case", case.clone()))
        .bind(("me", record("account", &me.account)))
        .await
        .and_then(check_transaction);
        match created {
            Ok(_) => return Ok(()),
            Err(e) if is_duplicate(&e) => return made_by(db, me, &target).await,
            Err(e) if crate::server::db::is_retryable(&e) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    made_by(db, me, &target).await
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct HouseholdRow {
    id: RecordId,
    council_name: String,
    member_name: String,
    name: String,
    place: String,
    phone: String,
    note: String,
    contacts: i64,
    last_contact: Option<String>,
}

fn household_of(row: HouseholdRow) -> HouseholdLine {
    HouseholdLine {
        key: key_text(&row.id),
        council_name: row.council_name,
        member_name: row.member_name,
        name: row.name,
        place: row.place,
        phone: row.phone,
        note: row.note,
        contacts: row.contacts,
        last_contact: row.last_contact,
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ContactRow {
    id: RecordId,
    household: RecordId,
    household_name: String,
    on_date: String,
    via: String,
    heard: String,
    case_council: Option<RecordId>,
    case_code: Option<String>,
}

fn contact_of(row: ContactRow) -> ContactLine {
    ContactLine {
        key: key_text(&row.id),
        household: key_text(&row.household),
        household_name: row.household_name,
        date: row.on_date,
        via: ContactVia::from_code(&row.via).unwrap_or(ContactVia::Visit),
        heard: row.heard,
        case: row
            .case_council
            .zip(row.case_code)
            .map(|(c, code)| (key_text(&c), code)),
    }
}

const HOUSEHOLD_FIELDS: &str = "id, council.name AS council_name, member.name AS member_name,
    name, place, phone, note, 0 AS contacts, NONE AS last_contact";

/// One contact of this year, for counting per household in one pass (a subquery per household
/// would read every contact once for each).
#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ContactDay {
    household: RecordId,
    on_date: String,
}

/// Each household with this year's contacts and the latest of them.
fn with_tallies(rows: Vec<HouseholdRow>, days: &[ContactDay]) -> Vec<HouseholdLine> {
    rows.into_iter()
        .map(|mut row| {
            let mine = days.iter().filter(|d| d.household == row.id);
            row.contacts = i64::try_from(mine.clone().count()).unwrap_or(0);
            row.last_contact = mine.map(|d| d.on_date.clone()).max();
            household_of(row)
        })
        .collect()
}

/// The caller's households and latest contacts; for a council's own managers, the households
/// every member keeps there.
pub async fn overview(
    db: &Db,
    me: &Principal,
    councils: Vec<(String, String)>,
    target: i64,
) -> Result<ContactsOverview, AppError> {
    let today = crate::base::clock::today().0;
    let year_start = format!("{}-01-01", today.get(0..4).unwrap_or("2026"));
    let member = me.member.as_ref().map(|m| record("member", m));
    let led: Vec<RecordId> = me
        .led_councils
        .iter()
        .map(|c| record("council", c))
        .collect();
    let mut response = db
        .query(format!(
            "SELECT {HOUSEHOLD_FIELDS} FROM household
                WHERE $member != NONE AND member = $member ORDER BY name LIMIT 300;
             SELECT id, household, household.name AS household_name, on_date, via, heard,
                case.council AS case_council, case.tracking_code AS case_code
                FROM contact WHERE $member != NONE AND member = $member
                ORDER BY on_date DESC, created_at DESC LIMIT $recent;
             SELECT {HOUSEHOLD_FIELDS} FROM household
                WHERE council IN $led ORDER BY member_name, name LIMIT 1000;
             RETURN count(SELECT id FROM contact WHERE $member != NONE AND member = $member
                AND on_date >= $year_start);
             SELECT household, on_date FROM contact WITH INDEX contact_member
                WHERE $member != NONE AND member = $member AND on_date >= $year_start;
             SELECT household, on_date FROM contact WITH INDEX contact_council
                WHERE council IN $led AND on_date >= $year_start;"
        ))
        .bind(("member", member))
        .bind(("led", led))
        .bind(("year_start", year_start))
        .bind(("recent", RECENT))
        .await?
        .check()?;
    let mine: Vec<HouseholdRow> = response.take(0)?;
    let recent: Vec<ContactRow> = response.take(1)?;
    let managed: Vec<HouseholdRow> = response.take(2)?;
    let year_contacts: Option<i64> = response.take(3)?;
    let my_tallies: Vec<ContactDay> = response.take(4)?;
    let council_tallies: Vec<ContactDay> = response.take(5)?;
    Ok(ContactsOverview {
        councils,
        mine: with_tallies(mine, &my_tallies),
        recent: recent.into_iter().map(contact_of).collect(),
        managed: with_tallies(managed, &council_tallies),
        year_contacts: year_contacts.unwrap_or(0),
        year_target: target,
    })
}

/// A member's contacts from `first` to `last` (days), for the duty record: the caller blanks
/// names and what was heard for those who may not read them.
pub async fn of_days(
    db: &Db,
    member: &str,
    first: &str,
    last: &str,
) -> Result<Vec<ContactLine>, AppError> {
    let mut response = db
        .query(
            "SELECT id, household, household.name AS household_name, on_date, via, heard,
                case.council AS case_council, case.tracking_code AS case_code
                FROM contact WITH INDEX contact_member
                WHERE member = $member AND on_date >= $first AND on_date <= $last
                ORDER BY on_date DESC",
        )
        .bind(("member", record("member", member)))
        .bind(("first", first.to_string()))
        .bind(("last", last.to_string()))
        .await?
        .check()?;
    let rows: Vec<ContactRow> = response.take(0)?;
    Ok(rows.into_iter().map(contact_of).collect())
}
