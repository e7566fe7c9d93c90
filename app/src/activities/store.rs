//! Activity queries: recorded (audited, once per phone-made id), listed, read, checked in to,
//! and chosen for the room pages.
use super::logic::CheckedActivity;
use super::*;
use crate::audit::actions;
use crate::audit::store::{audited, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::ids::NoteId;
use crate::server::db::{check_transaction, is_duplicate, key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue, Value};

/// The first day a council may have held an activity: the day it was founded when known, else
/// a year before it came to Bandeng (a new station may enter the year behind it).
pub async fn earliest_day(db: &Db, council: &str) -> Result<String, AppError> {
    let mut response = db
        .query(
            "RETURN (SELECT VALUE founded_on ?? time::format(created_at - 1y, '%Y-%m-%d')
                FROM ONLY $council)",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let day: Option<String> = response.take(0)?;
    day.ok_or(AppError::NotFound)
}

/// The council an activity belongs to, if the key names one.
pub async fn council_of(db: &Db, key: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE council FROM ONLY $id")
        .bind(("id", record("activity", key)))
        .await?
        .check()?;
    let council: Option<RecordId> = response.take(0)?;
    Ok(council.as_ref().map(key_text))
}

/// Records an activity under the id the phone made: sent again, it finds the one it made.
pub async fn create(
    db: &Db,
    me: &Principal,
    id: &str,
    council: &str,
    room: &str,
    work_team: &str,
    activity: CheckedActivity,
) -> Result<String, AppError> {
    let t = crate::base::text::t();
    let council_id = record("council", council);
    let members: Vec<RecordId> = activity
        .members
        .iter()
        .map(|m| record("member", m))
        .collect();
    let mut found = db
        .query(
            "SELECT VALUE id FROM room WHERE code = $room AND council = $council LIMIT 1;
             SELECT VALUE id FROM work_team WHERE id = $team AND council = $council LIMIT 1;
             SELECT VALUE member FROM membership WHERE council = $council AND member IN $members;",
        )
        .bind(("room", room.trim().to_string()))
        .bind(("team", record("work_team", work_team.trim())))
        .bind(("members", members.clone()))
        .bind(("council", council_id.clone()))
        .await?
        .check()?;
    let room_id: Vec<RecordId> = found.take(0)?;
    let team_id: Vec<RecordId> = found.take(1)?;
    let serving: Vec<RecordId> = found.take(2)?;
    if !room.trim().is_empty() && room_id.is_empty() {
        return Err(AppError::invalid("room", t.err_required));
    }
    if !work_team.trim().is_empty() && team_id.is_empty() {
        return Err(AppError::invalid("work_team", t.err_required));
    }
    // Someone ticked who does not serve here: refused, not silently dropped.
    if members.iter().any(|m| !serving.contains(m)) {
        return Err(AppError::invalid("members", t.activity_err_not_member));
    }
    let key = NoteId::parse(id)
        .map(|id| id.0)
        .unwrap_or_else(crate::audit::store::new_key);
    let target = record("activity", &key);
    let others: serde_json::Value = activity
        .others
        .iter()
        .map(|(k, n)| (k.code().to_string(), serde_json::json!(n)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let outcomes: serde_json::Value = activity
        .outcomes
        .iter()
        .map(|(o, n)| (o.code().to_string(), serde_json::json!(n)))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let on_date = activity
        .starts_at
        .get(0..10)
        .unwrap_or_default()
        .to_string();
    // Two phones sending the same activity at once: one stores it, the other finds it. A write
    // conflict between them (on the activity, or on the month tallies it adds to) is tried again
    // unless the one that won is there by then.
    for _ in 0..20 {
        let created = audited(
            db,
            Change {
                actor: me,
                action: actions::ACTIVITY_RECORD,
                target: target.clone(),
                council: Some(council_id.clone()),
            },
            "CREATE $target SET council = $council, kind = $kind, title = $title,
                starts_at = $starts_at, on_date = $on_date, room = $room, place = $place,
                place_lat = $lat, place_lng = $lng, work_team = $team, members = $members,
                others = $others, served = $served, outcomes = $outcomes, report = $report,
                created_by = $me;
             FOR $m IN $members {
                 CREATE activity_member SET activity = $target, member = $m, on_date = $on_date,
                     disputes = $disputes;
             };",
        )
        .bind(("council", council_id.clone()))
        .bind(("kind", activity.kind.code()))
        .bind(("title", activity.title.clone()))
        .bind(("on_date", on_date.clone()))
        .bind(("starts_at", activity.starts_at.clone()))
        .bind(("room", room_id.first().cloned()))
        .bind(("place", activity.place.clone()))
        .bind(("lat", activity.point.map(|p| p.lat)))
        .bind(("lng", activity.point.map(|p| p.lng)))
        .bind(("team", team_id.first().cloned()))
        .bind(("members", members.clone()))
        .bind(("others", others.clone()))
        .bind(("served", activity.served))
        .bind(("outcomes", outcomes.clone()))
        .bind(("report", activity.report.clone()))
        .bind((
            "disputes",
            activity
                .outcomes
                .iter()
                .find(|(o, _)| *o == Outcome::DisputesResolved)
                .map_or(0, |(_, n)| *n),
        ))
        .bind(("me", record("account", &me.account)))
        .await
        .and_then(check_transaction);
        match created {
            Ok(_) => return Ok(key),
            Err(e) if is_duplicate(&e) => return mine(db, me, &target, &council_id, key).await,
            Err(e) if crate::server::db::is_retryable(&e) => {
                if let Ok(found) = mine(db, me, &target, &council_id, key.clone()).await {
                    return Ok(found);
                }
            }
            Err(e) => return Err(e.into()),
        }
    }
    // Still conflicting after several tries: the activity may be there now.
    mine(db, me, &target, &council_id, key).await
}

/// The activity under `target` if this account recorded it in this council: the same form sent
/// again finds the one it made; someone else's id is a conflict.
async fn mine(
    db: &Db,
    me: &Principal,
    target: &RecordId,
    council: &RecordId,
    key: String,
) -> Result<String, AppError> {
    let mut response = db
        .query("SELECT VALUE id FROM ONLY $id WHERE council = $council AND created_by = $me")
        .bind(("id", target.clone()))
        .bind(("council", council.clone()))
        .bind(("me", record("account", &me.account)))
        .await?
        .check()?;
    let found: Option<RecordId> = response.take(0)?;
    found.map(|_| key).ok_or(AppError::Conflict)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    id: RecordId,
    title: String,
    kind: String,
    council_name: String,
    starts_at: String,
    members: i64,
    served: i64,
    published: bool,
}

fn kind_of(code: &str) -> ActivityKind {
    ActivityKind::from_code(code).unwrap_or(ActivityKind::Service)
}

/// The latest activities of these councils, newest first.
pub async fn lines(db: &Db, councils: &[String]) -> Result<Vec<ActivityLine>, AppError> {
    let ids: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT id, title, kind, council.name AS council_name, starts_at,
                array::len(members) AS members, served, published
             FROM activity WHERE council IN $ids ORDER BY starts_at DESC LIMIT 50",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| ActivityLine {
            key: key_text(&r.id),
            title: r.title,
            kind: kind_of(&r.kind),
            council_name: r.council_name,
            starts_at: r.starts_at,
            members: r.members,
            served: r.served,
            published: r.published,
        })
        .collect())
}

/// Rooms, work teams and members of each council, for the form.
pub async fn choices(db: &Db, councils: &[String]) -> Result<Vec<ActivityChoices>, AppError> {
    #[derive(SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct Pair {
        a: String,
        b: String,
    }
    #[derive(SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct Row {
        id: RecordId,
        name: String,
        rooms: Vec<Pair>,
        teams: Vec<Pair>,
        members: Vec<Pair>,
    }
    let ids: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT id, name,
                (SELECT code AS a, name AS b FROM room WHERE council = $parent.id AND active = true ORDER BY b) AS rooms,
                (SELECT record::id(id) AS a, name AS b FROM work_team WHERE council = $parent.id ORDER BY b) AS teams,
                (SELECT record::id(member) AS a, member.name AS b FROM membership WHERE council = $parent.id ORDER BY b) AS members
             FROM council WHERE id IN $ids ORDER BY name",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<Row> = response.take(0)?;
    let pairs = |list: Vec<Pair>| list.into_iter().map(|p| (p.a, p.b)).collect();
    Ok(rows
        .into_iter()
        .map(|r| ActivityChoices {
            council: key_text(&r.id),
            council_name: r.name,
            rooms: pairs(r.rooms),
            work_teams: pairs(r.teams),
            members: pairs(r.members),
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ViewRow {
    council: RecordId,
    council_name: String,
    kind: String,
    title: String,
    starts_at: String,
    room_name: Option<String>,
    place: String,
    team_name: Option<String>,
    members: Vec<MemberRow>,
    others: Value,
    served: i64,
    outcomes: Value,
    report: String,
    published: bool,
    recorded_by: Option<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct MemberRow {
    id: RecordId,
    name: String,
}

/// The counts an object holds, in the order of `all`: kinds it does not name are left out.
fn counts<K: Copy>(value: Value, all: &[K], code: fn(K) -> &'static str) -> Vec<(K, i64)> {
    let value = value.into_json_value();
    all.iter()
        .filter_map(|k| {
            value
                .get(code(*k))
                .and_then(|n| n.as_i64())
                .map(|n| (*k, n))
        })
        .collect()
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct RaisedRow {
    tracking_code: String,
    title: String,
}

/// One activity, for the caller (who may see it: checked before).
pub async fn view(
    db: &Db,
    key: &str,
    me: &Principal,
    can_publish: bool,
) -> Result<ActivityView, AppError> {
    let mut response = db
        .query(
            "SELECT council, council.name AS council_name, kind, title, starts_at,
                room.name AS room_name, place, work_team.name AS team_name,
                (SELECT id, name FROM $parent.members) AS members,
                others, served, outcomes, report, published, created_by.name AS recorded_by
             FROM ONLY $id;
             SELECT tracking_code, title FROM case WHERE raised_at = $id LIMIT 100;",
        )
        .bind(("id", record("activity", key)))
        .await?
        .check()?;
    let row: Option<ViewRow> = response.take(0)?;
    let concerns: Vec<RaisedRow> = response.take(1)?;
    let row = row.ok_or(AppError::NotFound)?;
    let council = key_text(&row.council);
    let members: Vec<(String, String)> = row
        .members
        .into_iter()
        .map(|m| (key_text(&m.id), m.name))
        .collect();
    let present = |m: &String| members.iter().any(|(k, _)| k == m);
    let can_check_in = me
        .member
        .as_ref()
        .is_some_and(|m| !present(m) && me.member_councils.contains(&council));
    let organiser = row.team_name.unwrap_or_else(|| row.council_name.clone());
    let photos = crate::attachments::store::photo_ids(db, &record("activity", key)).await?;
    Ok(ActivityView {
        key: key.to_string(),
        council,
        council_name: row.council_name,
        kind: kind_of(&row.kind),
        title: row.title,
        starts_at: row.starts_at,
        room_name: row.room_name.unwrap_or_default(),
        place: row.place,
        organiser,
        members,
        others: counts(row.others, OtherKind::ALL, OtherKind::code),
        served: row.served,
        outcomes: counts(row.outcomes, Outcome::ALL, Outcome::code),
        report: row.report,
        published: row.published,
        recorded_by: row.recorded_by.unwrap_or_default(),
        photos,
        can_check_in,
        can_publish,
        concerns: concerns
            .into_iter()
            .map(|c| (c.tracking_code, c.title))
            .collect(),
    })
}

/// A member taps 我也参加了: present once; a second tap says so and changes nothing.
pub async fn check_in(db: &Db, me: &Principal, key: &str, council: &str) -> Result<(), AppError> {
    let t = crate::base::text::t();
    let member = me
        .member
        .as_ref()
        .filter(|_| me.member_councils.iter().any(|c| c == council))
        .ok_or_else(|| AppError::invalid("member", t.activity_err_not_member))?;
    let member = record("member", member);
    let target = record("activity", key);
    let mut response = db
        .query("RETURN $member IN (SELECT VALUE members FROM ONLY $target)")
        .bind(("member", member.clone()))
        .bind(("target", target.clone()))
        .await?
        .check()?;
    let already: Option<bool> = response.take(0)?;
    if already == Some(true) {
        return Err(AppError::invalid("member", t.activity_err_checked_in));
    }
    audited(
        db,
        Change {
            actor: me,
            action: actions::ACTIVITY_CHECK_IN,
            target,
            council: Some(record("council", council)),
        },
        "UPDATE $target SET members = array::union(members, [$member]), updated_at = time::now();
         CREATE activity_member SET activity = $target, member = $member, on_date = $target.on_date,
             disputes = $target.outcomes.disputes_resolved ?? 0;",
    )
    .bind(("member", member))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

/// Lists an activity under 工作动态 on the council's room pages, or takes it off.
pub async fn set_published(
    db: &Db,
    me: &Principal,
    key: &str,
    council: &str,
    published: bool,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::ACTIVITY_PUBLISH,
            target: record("activity", key),
            council: Some(record("council", council)),
        },
        "UPDATE $target SET published = $published, updated_at = time::now()",
    )
    .bind(("published", published))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PublicRow {
    photos: Vec<RecordId>,
    title: String,
    kind: String,
    on_date: String,
    place: String,
    room_name: Option<String>,
    members: i64,
    served: i64,
    outcomes: Value,
    report: String,
}

/// The activities a room's council chose for its room pages, newest first.
pub async fn for_room(
    db: &Db,
    room_code: &str,
    limit: i64,
) -> Result<Vec<PublicActivity>, AppError> {
    let mut response = db
        .query(
            "LET $council = (SELECT VALUE council FROM room WHERE code = $code LIMIT 1)[0];
             SELECT title, kind, on_date, place, room.name AS room_name,
                (SELECT VALUE id FROM photo WHERE case = $parent.id ORDER BY at) AS photos,
                array::len(members) AS members, served, outcomes, report, starts_at
             FROM activity WHERE $council != NONE AND council = $council AND published = true
             ORDER BY starts_at DESC LIMIT $limit;",
        )
        .bind(("code", room_code.to_string()))
        .bind(("limit", limit))
        .await?
        .check()?;
    let rows: Vec<PublicRow> = response.take(1)?;
    Ok(rows
        .into_iter()
        .map(|r| PublicActivity {
            title: r.title,
            kind: kind_of(&r.kind),
            date: crate::base::clock::Day::parse(&r.on_date)
                .map(|d| d.long_label())
                .unwrap_or(r.on_date),
            place: r
                .room_name
                .filter(|_| r.place.is_empty())
                .unwrap_or(r.place),
            members: r.members,
            served: r.served,
            outcomes: counts(r.outcomes, Outcome::ALL, Outcome::code),
            report: r.report,
            photos: r.photos.iter().map(key_text).collect(),
        })
        .collect())
}
