//! Sessions, attendance and notes in SurrealDB. Every query binds its parameters.
use super::logic::{self, CheckedNote, CheckedSession, CorrectionOutcome};
use super::*;
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::Db;
use crate::server::db::Thrown;
use crate::server::db::{check_transaction, key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

/// A note as every query reads it: times as sortable ISO text.
const NOTE_FIELDS: &str =
    "id, session, author, author_name, kind, speaker_kind, speaker_name, text,
    time::format(written_at, '%Y-%m-%dT%H:%M:%S%.3fZ') AS written_at,
    time::format(updated_at, '%Y-%m-%dT%H:%M:%S%.6fZ') AS updated_at,
    version, conflicts, carried_to != NONE AS carried";

/// How far back a phone's clock is believed: older notes are placed at the time they arrive.
const OLDEST_NOTE_DAYS: i64 = 30;
/// Writes that collide with another transaction are tried again this many times.
const RETRIES: usize = 20;

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ConflictRow {
    edit: String,
    base_version: i64,
    text: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct NoteRow {
    id: RecordId,
    session: RecordId,
    author: RecordId,
    author_name: String,
    kind: String,
    speaker_kind: String,
    speaker_name: String,
    text: String,
    written_at: String,
    updated_at: String,
    version: i64,
    conflicts: Vec<ConflictRow>,
    carried: bool,
}

impl NoteRow {
    fn into_note(self) -> Note {
        Note {
            id: NoteId(key_text(&self.id)),
            session: key_text(&self.session),
            author: key_text(&self.author),
            author_name: self.author_name,
            kind: NoteKind::from_code(&self.kind).unwrap_or(NoteKind::Statement),
            speaker_kind: SpeakerKind::from_code(&self.speaker_kind)
                .unwrap_or(SpeakerKind::Anonymous),
            speaker_name: self.speaker_name,
            text: self.text,
            written_at: self.written_at,
            updated_at: self.updated_at,
            version: self.version,
            conflicts: self
                .conflicts
                .into_iter()
                .map(|c| NoteConflict {
                    edit: c.edit,
                    base_version: c.base_version,
                    text: c.text,
                })
                .collect(),
            carried: self.carried,
        }
    }
}

use crate::server::db::is_retryable;

fn thrown(e: surrealdb::Error) -> AppError {
    let t = crate::base::text::t();
    match Thrown::of(&e) {
        Some(Thrown::CaseStage) => AppError::invalid("note", t.err_list_closed),
        Some(Thrown::SessionClosed) => AppError::invalid("text", t.err_session_closed),
        Some(Thrown::NotFound) => AppError::NotFound,
        _ => AppError::from(e),
    }
}

/// The council a session belongs to: what every permission check needs first.
pub async fn council_of(db: &Db, session: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE council FROM ONLY $sess")
        .bind(("sess", record("council_session", session)))
        .await?
        .check()?;
    let council: Option<RecordId> = response.take(0)?;
    Ok(council.map(|c| key_text(&c)))
}

/// The session a note belongs to, and its author.
pub async fn note_owner(db: &Db, note: &NoteId) -> Result<Option<(String, String)>, AppError> {
    #[derive(SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct Owner {
        session: RecordId,
        author: RecordId,
    }
    let mut response = db
        .query("SELECT session, author FROM ONLY $note")
        .bind(("note", record("note", &note.0)))
        .await?
        .check()?;
    let owner: Option<Owner> = response.take(0)?;
    Ok(owner.map(|o| (key_text(&o.session), key_text(&o.author))))
}

/// Opens a session under the id the form was drawn with (`id`, or a new one when it is not one).
pub async fn create(
    db: &Db,
    me: &Principal,
    id: &str,
    council: &str,
    topic: &str,
    room: &str,
    session: CheckedSession,
) -> Result<String, AppError> {
    let council_id = record("council", council);
    let mut found = db
        .query(
            "SELECT VALUE id FROM case WHERE tracking_code = $topic AND council = $council LIMIT 1;
             SELECT VALUE id FROM room WHERE code = $room AND council = $council LIMIT 1;",
        )
        .bind(("topic", topic.trim().to_string()))
        .bind(("room", room.trim().to_string()))
        .bind(("council", council_id.clone()))
        .await?
        .check()?;
    let case: Vec<RecordId> = found.take(0)?;
    let room_id: Vec<RecordId> = found.take(1)?;
    let t = crate::base::text::t();
    if !topic.trim().is_empty() && case.is_empty() {
        return Err(AppError::invalid("topic", t.err_required));
    }
    if !room.trim().is_empty() && room_id.is_empty() {
        return Err(AppError::invalid("room", t.err_required));
    }
    let invited: Vec<serde_json::Value> = session
        .invited
        .iter()
        .map(|i| serde_json::json!({ "kind": i.kind.code(), "name": i.name }))
        .collect();
    let key = NoteId::parse(id)
        .map(|id| id.0)
        .unwrap_or_else(crate::audit::store::new_key);
    let session_id = record("council_session", &key);
    let created = db
        .query(
            "CREATE ONLY $id SET council = $council, case = $case, title = $title,
                form = $form, room = $room, place = $place, starts_at = $starts_at,
                place_lat = $lat, place_lng = $lng,
                invited = $invited, created_by = $me
             RETURN VALUE id",
        )
        .bind(("id", session_id.clone()))
        .bind(("council", council_id.clone()))
        .bind(("case", case.into_iter().next()))
        .bind(("room", room_id.into_iter().next()))
        .bind(("title", session.title))
        .bind(("form", session.form.code()))
        .bind(("place", session.place))
        .bind(("lat", session.point.map(|p| p.lat)))
        .bind(("lng", session.point.map(|p| p.lng)))
        .bind(("starts_at", session.starts_at))
        .bind(("invited", invited))
        .bind(("me", record("account", &me.account)))
        .await
        .and_then(|r| r.check());
    match created {
        Ok(_) => Ok(key),
        // The same form sent again: the session it opened, if it is this member's.
        Err(e) if crate::server::db::is_duplicate(&e) => {
            let mut response = db
                .query(
                    "SELECT VALUE id FROM ONLY $id WHERE council = $council AND created_by = $me",
                )
                .bind(("id", session_id))
                .bind(("council", council_id))
                .bind(("me", record("account", &me.account)))
                .await?
                .check()?;
            let mine: Option<RecordId> = response.take(0)?;
            mine.map(|_| key).ok_or(AppError::Conflict)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct InviteeRow {
    kind: String,
    name: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct TopicRow {
    tracking_code: String,
    title: String,
    status: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SessionRow {
    council: RecordId,
    council_name: String,
    topic: Option<TopicRow>,
    title: String,
    form: String,
    room_name: Option<String>,
    place: String,
    place_lat: Option<f64>,
    place_lng: Option<f64>,
    starts_at: String,
    invited: Vec<InviteeRow>,
    headcount: i64,
    status: String,
    summary: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AttendeeRow {
    name: String,
    kind: String,
    account: Option<RecordId>,
}

fn participant(code: &str) -> ParticipantKind {
    ParticipantKind::from_code(code).unwrap_or(ParticipantKind::Resident)
}

/// The whole session page: the session, who came, and every note in written order.
pub async fn view(
    db: &Db,
    key: &str,
    me: &Principal,
    can_manage: bool,
    public_url: &str,
) -> Result<SessionView, AppError> {
    let mut response = db
        .query(format!(
            "SELECT council, council.name AS council_name,
                (IF case != NONE {{ (SELECT tracking_code, title, status FROM ONLY $parent.case) }}) AS topic,
                title, form, room.name AS room_name, place, place_lat, place_lng, starts_at, invited,
                headcount, status, summary
             FROM ONLY $sess;
             SELECT name, kind, account, at FROM attendee WHERE session = $sess ORDER BY at;
             SELECT {NOTE_FIELDS} FROM note WHERE session = $sess;"
        ))
        .bind(("sess", record("council_session", key)))
        .await?
        .check()?;
    let row: Option<SessionRow> = response.take(0)?;
    let row = row.ok_or(AppError::NotFound)?;
    let point = row
        .place_lat
        .zip(row.place_lng)
        .map(|(lat, lng)| crate::base::geo::LatLng { lat, lng });
    let directions = point
        .map(|p| crate::base::geo::navigate_url(&row.title, p))
        .unwrap_or_default();
    let attendees: Vec<AttendeeRow> = response.take(1)?;
    let notes: Vec<NoteRow> = response.take(2)?;
    let mut notes: Vec<Note> = notes.into_iter().map(NoteRow::into_note).collect();
    logic::sort_notes(&mut notes);
    let checked_in = attendees.iter().any(|a| {
        a.account
            .as_ref()
            .is_some_and(|id| key_text(id) == me.account)
    });
    Ok(SessionView {
        key: key.to_string(),
        council: key_text(&row.council),
        council_name: row.council_name,
        topic: row.topic.map(|t| SessionTopic {
            open_for_recommendations: t.status == "consulting",
            code: t.tracking_code,
            title: t.title,
        }),
        title: row.title,
        form: SessionForm::from_code(&row.form).unwrap_or(SessionForm::Bench),
        room_name: row.room_name.unwrap_or_default(),
        directions,
        point,
        place: row.place,
        starts_at: row.starts_at,
        invited: row
            .invited
            .into_iter()
            .map(|i| Invitee {
                kind: participant(&i.kind),
                name: i.name,
            })
            .collect(),
        headcount: row.headcount,
        open: row.status == "open",
        summary: row.summary,
        attendees: attendees
            .into_iter()
            .map(|a| Attendee {
                is_member: a.account.is_some(),
                name: a.name,
                kind: participant(&a.kind),
            })
            .collect(),
        notes,
        me: me.account.clone(),
        checked_in,
        can_manage,
        join_url: format!("{}/s/{key}", public_url.trim_end_matches('/')),
        join_qr: String::new(),
        photos: crate::attachments::store::photo_ids(db, &record("council_session", key)).await?,
        fresh_note_id: super::form_post::new_note_id().0,
        fresh_attendee_id: super::form_post::new_note_id().0,
    })
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    id: RecordId,
    title: String,
    council_name: String,
    form: String,
    starts_at: String,
    status: String,
    notes: i64,
}

/// Sessions of these councils, open ones first, newest first.
pub async fn lines(db: &Db, councils: &[String]) -> Result<Vec<SessionLine>, AppError> {
    let ids: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT id, title, council.name AS council_name, form, starts_at, status,
                count(SELECT id FROM note WHERE session = $parent.id) AS notes
             FROM council_session WHERE council IN $ids
             ORDER BY status DESC, starts_at DESC LIMIT 50",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| SessionLine {
            key: key_text(&r.id),
            title: r.title,
            council_name: r.council_name,
            form: SessionForm::from_code(&r.form).unwrap_or(SessionForm::Bench),
            starts_at: r.starts_at,
            open: r.status == "open",
            notes: r.notes,
        })
        .collect())
}

/// Every council's key, for a system admin.
pub async fn all_councils(db: &Db) -> Result<Vec<String>, AppError> {
    let mut response = db.query("SELECT VALUE id FROM council").await?.check()?;
    let ids: Vec<RecordId> = response.take(0)?;
    Ok(ids.iter().map(key_text).collect())
}

/// Rooms and topics of each council, for the form that opens a session.
pub async fn choices(db: &Db, councils: &[String]) -> Result<Vec<SessionChoices>, AppError> {
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
        topics: Vec<Pair>,
    }
    let ids: Vec<RecordId> = councils.iter().map(|k| record("council", k)).collect();
    let mut response = db
        .query(
            "SELECT id, name,
                (SELECT code AS a, name AS b FROM room WHERE council = $parent.id AND active = true ORDER BY b) AS rooms,
                (SELECT tracking_code AS a, title AS b FROM case WHERE council = $parent.id
                    AND status IN ['researching', 'consulting'] ORDER BY a) AS topics
             FROM council WHERE id IN $ids ORDER BY name",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<Row> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| SessionChoices {
            council: key_text(&r.id),
            council_name: r.name,
            rooms: r.rooms.into_iter().map(|p| (p.a, p.b)).collect(),
            topics: r.topics.into_iter().map(|p| (p.a, p.b)).collect(),
        })
        .collect())
}

/// A member checks in while the session is open; a second tap changes nothing.
pub async fn check_in(db: &Db, session: &str, me: &Principal) -> Result<(), AppError> {
    let result = db
        .query(
            "BEGIN TRANSACTION;
             IF (SELECT VALUE status FROM ONLY $sess) = 'closed' { THROW 'session_closed'; };
             CREATE attendee SET session = $sess, account = $me, name = $name, kind = 'member';
             COMMIT TRANSACTION;",
        )
        .bind(("sess", record("council_session", session)))
        .bind(("me", record("account", &me.account)))
        .bind(("name", me.name.clone()))
        .await
        .and_then(check_transaction);
    match result {
        Err(e) if crate::server::db::is_duplicate(&e) => Ok(()),
        Err(e) => Err(thrown(e)),
        Ok(_) => Ok(()),
    }
}

/// Someone without an account came: added by name, under the id the form was drawn with, so a
/// form sent twice adds them once.
pub async fn add_attendee(
    db: &Db,
    session: &str,
    id: &NoteId,
    name: String,
    kind: ParticipantKind,
) -> Result<(), AppError> {
    let added = db
        .query(
            "BEGIN TRANSACTION;
             IF (SELECT VALUE status FROM ONLY $sess) = 'closed' { THROW 'session_closed'; };
             CREATE $id SET session = $sess, name = $name, kind = $kind;
             COMMIT TRANSACTION;",
        )
        .bind(("id", record("attendee", &id.0)))
        .bind(("sess", record("council_session", session)))
        .bind(("name", name))
        .bind(("kind", kind.code()))
        .await
        .and_then(check_transaction);
    match added {
        Ok(_) => Ok(()),
        Err(e) if Thrown::of(&e) == Some(Thrown::SessionClosed) => Err(AppError::invalid(
            "name",
            crate::base::text::t().err_session_closed,
        )),
        Err(e) if crate::server::db::is_duplicate(&e) => {
            let mut response = db
                .query("SELECT VALUE id FROM ONLY $id WHERE session = $sess")
                .bind(("id", record("attendee", &id.0)))
                .bind(("sess", record("council_session", session)))
                .await?
                .check()?;
            let same: Option<RecordId> = response.take(0)?;
            same.map(|_| ()).ok_or(AppError::Conflict)
        }
        Err(e) => Err(e.into()),
    }
}

/// The headcount, while the session is open: its record is fixed once it is closed.
pub async fn set_headcount(db: &Db, session: &str, headcount: i64) -> Result<(), AppError> {
    let mut response = db
        .query("UPDATE $sess SET headcount = $headcount WHERE status != 'closed' RETURN VALUE id")
        .bind(("sess", record("council_session", session)))
        .bind(("headcount", headcount))
        .await?
        .check()?;
    let changed: Vec<RecordId> = response.take(0)?;
    if changed.is_empty() {
        return Err(AppError::invalid(
            "headcount",
            crate::base::text::t().err_session_closed,
        ));
    }
    Ok(())
}

/// Closes a session with its summary. The summary is set once: closing again (a resent form)
/// with the same words changes nothing, with other words is a conflict.
pub async fn close(db: &Db, session: &str, summary: String) -> Result<(), AppError> {
    let mut response = db
        .query(
            "UPDATE $sess SET status = 'closed', summary = $summary, closed_at = time::now()
                 WHERE status != 'closed' RETURN VALUE id;
             SELECT VALUE summary FROM ONLY $sess;",
        )
        .bind(("sess", record("council_session", session)))
        .bind(("summary", summary.clone()))
        .await?
        .check()?;
    let stored: Option<String> = response.take(1)?;
    match stored {
        Some(stored) if stored == summary => Ok(()),
        Some(_) => Err(AppError::Conflict),
        None => Err(AppError::NotFound),
    }
}

async fn read_note(db: &Db, id: &NoteId) -> Result<Option<Note>, AppError> {
    let mut response = db
        .query(format!("SELECT {NOTE_FIELDS} FROM ONLY $note"))
        .bind(("note", record("note", &id.0)))
        .await?
        .check()?;
    let row: Option<NoteRow> = response.take(0)?;
    Ok(row.map(NoteRow::into_note))
}

/// Notes of a session changed at or after `since` (ISO time), for a subscriber catching up.
pub async fn notes_since(
    db: &Db,
    session: &str,
    since: Option<&str>,
) -> Result<Vec<Note>, AppError> {
    let mut response = db
        .query(format!(
            "SELECT {NOTE_FIELDS}, updated_at AS changed FROM note
             WHERE session = $sess AND ($since = NONE OR updated_at >= <datetime>$since)
             ORDER BY changed"
        ))
        .bind(("sess", record("council_session", session)))
        .bind(("since", since.map(str::to_string)))
        .await?
        .check()?;
    let rows: Vec<NoteRow> = response.take(0)?;
    Ok(rows.into_iter().map(NoteRow::into_note).collect())
}

/// The note with this id, for the live stream.
pub async fn note(db: &Db, id: &NoteId) -> Result<Option<Note>, AppError> {
    read_note(db, id).await
}

/// The phone's clock, believed unless it is in the future or implausibly old.
fn written_at(claimed: &str) -> String {
    let now = chrono::Utc::now();
    let oldest = now - chrono::Duration::days(OLDEST_NOTE_DAYS);
    let at = chrono::DateTime::parse_from_rfc3339(claimed.trim())
        .map(|d| d.with_timezone(&chrono::Utc))
        .ok()
        .filter(|d| *d >= oldest && *d <= now)
        .unwrap_or(now);
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Stores a note once. The same note sent again (a lost answer, a replay) returns the stored one;
/// the same id with different content, or from someone else, is a conflict.
pub async fn add_note(
    db: &Db,
    session: &str,
    me: &Principal,
    draft: &NoteDraft,
    checked: CheckedNote,
) -> Result<Note, AppError> {
    let same = |stored: &Note| {
        stored.session == session
            && stored.author == me.account
            && logic::same_content(stored, &checked)
    };
    if let Some(stored) = read_note(db, &draft.id).await? {
        return if same(&stored) {
            Ok(stored)
        } else {
            Err(AppError::Conflict)
        };
    }
    let written_at = written_at(&draft.written_at);
    for _ in 0..RETRIES {
        let result = db
            .query(
                "BEGIN TRANSACTION;
                 LET $s = (SELECT status, closed_at FROM ONLY $sess);
                 -- A closed session takes notes written before its close for 72 hours: a phone
                 -- out of signal sends them when it is back. Then its record is fixed, so a note
                 -- claiming an old time cannot be slipped in later.
                 IF $s.status = 'closed' AND (<datetime>$written_at >= $s.closed_at
                     OR time::now() > $s.closed_at + 72h) {
                     THROW 'session_closed';
                 };
                 CREATE $note SET session = $sess, author = $me, author_name = $name,
                     kind = $kind, speaker_kind = $speaker_kind, speaker_name = $speaker_name,
                     text = $text, written_at = <datetime>$written_at;
                 CREATE note_revision SET note = $note, version = 1, edit = $edit, kind = $kind,
                     speaker_kind = $speaker_kind, speaker_name = $speaker_name, text = $text;
                 COMMIT TRANSACTION;",
            )
            .bind(("note", record("note", &draft.id.0)))
            .bind(("edit", draft.id.0.clone()))
            .bind(("sess", record("council_session", session)))
            .bind(("me", record("account", &me.account)))
            .bind(("name", me.name.clone()))
            .bind(("kind", checked.kind.code()))
            .bind(("speaker_kind", checked.speaker_kind.code()))
            .bind(("speaker_name", checked.speaker_name.clone()))
            .bind(("text", checked.text.clone()))
            .bind(("written_at", written_at.clone()))
            .await
            .and_then(check_transaction);
        match result {
            Ok(_) => break,
            Err(e) if crate::server::db::is_duplicate(&e) => break,
            Err(e) if is_retryable(&e) => {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                continue;
            }
            Err(e) => return Err(thrown(e)),
        }
    }
    let stored = read_note(db, &draft.id).await?.ok_or(AppError::Internal)?;
    if same(&stored) {
        Ok(stored)
    } else {
        Err(AppError::Conflict)
    }
}

/// Applies an author's correction, or keeps it beside the note when it started from an old version.
pub async fn correct_note(
    db: &Db,
    me: &Principal,
    correction: &Correction,
    checked: CheckedNote,
) -> Result<Note, AppError> {
    for _ in 0..RETRIES {
        let current = read_note(db, &correction.note)
            .await?
            .ok_or(AppError::NotFound)?;
        if current.author != me.account {
            return Err(AppError::Forbidden);
        }
        let mut seen = db
            .query("SELECT VALUE id FROM note_revision WHERE edit = $edit")
            .bind(("edit", correction.edit.0.clone()))
            .await?
            .check()?;
        let revisions: Vec<RecordId> = seen.take(0)?;
        if !revisions.is_empty()
            || current
                .conflicts
                .iter()
                .any(|c| c.edit == correction.edit.0)
        {
            return Ok(current);
        }
        let query = match logic::correction_outcome(current.version, correction.base_version) {
            CorrectionOutcome::Apply => {
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE session.status FROM ONLY $note) = 'closed' { THROW 'session_closed'; };
                 LET $changed = UPDATE $note SET kind = $kind, speaker_kind = $speaker_kind,
                     speaker_name = $speaker_name, text = $text, version = $base + 1,
                     conflicts = [], updated_at = time::now()
                   WHERE version = $base;
                 IF array::len($changed) = 0 { THROW 'stale'; };
                 CREATE note_revision SET note = $note, version = $base + 1, edit = $edit, kind = $kind,
                     speaker_kind = $speaker_kind, speaker_name = $speaker_name, text = $text;
                 COMMIT TRANSACTION;"
            }
            CorrectionOutcome::Conflict => {
                "BEGIN TRANSACTION;
                 IF (SELECT VALUE session.status FROM ONLY $note) = 'closed' { THROW 'session_closed'; };
                 UPDATE $note SET conflicts += { edit: $edit, base_version: $base, text: $text },
                     updated_at = time::now();
                 COMMIT TRANSACTION;"
            }
        };
        let result = db
            .query(query)
            .bind(("note", record("note", &correction.note.0)))
            .bind(("edit", correction.edit.0.clone()))
            .bind(("base", correction.base_version))
            .bind(("kind", checked.kind.code()))
            .bind(("speaker_kind", checked.speaker_kind.code()))
            .bind(("speaker_name", checked.speaker_name.clone()))
            .bind(("text", checked.text.clone()))
            .await
            .and_then(check_transaction);
        match result {
            Ok(_) => {
                return read_note(db, &correction.note)
                    .await?
                    .ok_or(AppError::Internal)
            }
            Err(e)
                if Thrown::of(&e) == Some(Thrown::Stale)
                    || is_retryable(&e)
                    || crate::server::db::is_duplicate(&e) =>
            {
                continue
            }
            Err(e) => return Err(thrown(e)),
        }
    }
    Err(AppError::Conflict)
}

/// Carries a proposal or action item into the topic's 协商建议清单 as its next recommendation.
/// Carrying it again changes nothing.
pub async fn carry(db: &Db, note: &NoteId) -> Result<(), AppError> {
    let current = read_note(db, note).await?.ok_or(AppError::NotFound)?;
    if current.carried {
        return Ok(());
    }
    if !logic::can_carry(current.kind) {
        return Err(AppError::invalid(
            "note",
            crate::base::text::t().session_err_carry_kind,
        ));
    }
    let text: String = current.text.chars().take(500).collect();
    db.query(
        "BEGIN TRANSACTION;
         LET $case = (SELECT VALUE case FROM ONLY $sess);
         IF $case = NONE { THROW 'case_stage'; };
         IF (SELECT VALUE status FROM ONLY $case) != 'consulting' { THROW 'case_stage'; };
         IF (SELECT VALUE carried_to FROM ONLY $note) != NONE { THROW 'carried'; };
         LET $last = (SELECT VALUE number FROM recommendation WHERE case = $case
             ORDER BY number DESC LIMIT 1)[0] ?? 0;
         IF $last >= 99 { THROW 'case_stage'; };
         LET $made = CREATE ONLY recommendation SET case = $case, number = $last + 1, text = $text;
         UPDATE $note SET carried_to = $made.id, updated_at = time::now();
         COMMIT TRANSACTION;",
    )
    .bind(("sess", record("council_session", &current.session)))
    .bind(("note", record("note", &note.0)))
    .bind(("text", text))
    .await
    .and_then(check_transaction)
    .map_err(|e| {
        if Thrown::of(&e) == Some(Thrown::Carried) {
            AppError::Conflict
        } else {
            thrown(e)
        }
    })?;
    Ok(())
}
