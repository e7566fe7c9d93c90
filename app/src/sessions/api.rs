//! Server functions of sessions: decode, ask the auth policy, check, store. Thin.
use super::*;
use crate::base::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Who may take part in session `key`, and which council it belongs to. Unknown sessions and
/// other councils' sessions answer alike once signed in.
#[cfg(feature = "ssr")]
pub async fn session_access(
    db: &crate::server::db::Db,
    actor: crate::auth::Actor,
    key: &str,
) -> Result<(crate::auth::Principal, String), AppError> {
    let council = if actor.principal().is_some() && crate::base::validate::is_record_key(key) {
        super::store::council_of(db, key).await?
    } else {
        None
    };
    crate::auth::check_for_council(actor, council, |council| {
        crate::auth::Action::TakePartInSession { council }
    })
}

#[cfg(feature = "ssr")]
async fn access(
    key: &str,
) -> Result<
    (
        crate::auth::Principal,
        String,
        crate::server::state::AppState,
    ),
    AppError,
> {
    let actor = crate::auth::current_actor().await?;
    let state = crate::server::state::app_state()?;
    let (me, council) = session_access(&state.db, actor, key).await?;
    Ok((me, council, state))
}

#[cfg(feature = "ssr")]
fn can_manage(me: &crate::auth::Principal, council: &str) -> bool {
    crate::auth::can(
        &crate::auth::Actor::Signed(me.clone()),
        &crate::auth::Action::AdministerCouncil {
            council: crate::base::ids::CouncilKey::from_db(council),
        },
    )
}

/// The caller's councils: sessions there, and what a new one can be about.
#[server(endpoint = "sessions_overview")]
pub async fn get_sessions_overview() -> Result<(Vec<SessionLine>, Vec<SessionChoices>), AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::UseOwnAccount).await?;
    let state = crate::server::state::app_state()?;
    let mut councils: Vec<String> = me
        .managed_councils
        .iter()
        .chain(&me.member_councils)
        .cloned()
        .collect();
    // A system admin may run a session for any council.
    if me.system_admin {
        councils = super::store::all_councils(&state.db).await?;
    }
    councils.sort();
    councils.dedup();
    let lines = super::store::lines(&state.db, &councils).await?;
    let choices = super::store::choices(&state.db, &councils).await?;
    Ok((lines, choices))
}

#[server(endpoint = "create_session", input = Json)]
pub async fn create_session(input: SessionInput) -> Result<String, AppError> {
    let me = crate::auth::authorize_signed(crate::auth::Action::TakePartInSession {
        council: crate::base::ids::CouncilKey::parse(&input.council).ok_or(AppError::Forbidden)?,
    })
    .await?;
    let state = crate::server::state::app_state()?;
    let checked = super::logic::check_session(&input)?;
    super::store::create(
        &state.db,
        &me,
        &input.id,
        &input.council,
        &input.topic,
        &input.room,
        checked,
    )
    .await
}

#[server(endpoint = "session")]
pub async fn get_session(key: String) -> Result<SessionView, AppError> {
    let (me, council, state) = access(&key).await?;
    let manage = can_manage(&me, &council);
    let mut view =
        super::store::view(&state.db, &key, &me, manage, &state.settings.public_url).await?;
    view.join_qr = crate::server::qr::qr_svg(&view.join_url);
    Ok(view)
}

#[server(endpoint = "session_check_in")]
pub async fn check_in(key: String) -> Result<(), AppError> {
    let (me, _, state) = access(&key).await?;
    super::store::check_in(&state.db, &key, &me).await
}

/// A resident or guest came: by name, or just one more in the headcount. `id` is the one the page
/// drew for this entry: sent twice, the person is added once.
#[server(endpoint = "session_attendee")]
pub async fn add_attendee(
    key: String,
    name: String,
    kind: String,
    id: Option<String>,
) -> Result<(), AppError> {
    let (_, _, state) = access(&key).await?;
    let (name, kind) = super::logic::check_attendee(&name, &kind)?;
    let id = id
        .as_deref()
        .and_then(NoteId::parse)
        .unwrap_or_else(super::form_post::new_note_id);
    super::store::add_attendee(&state.db, &key, &id, name, kind).await
}

#[server(endpoint = "session_headcount")]
pub async fn set_headcount(key: String, headcount: i64) -> Result<(), AppError> {
    let (_, _, state) = access(&key).await?;
    let headcount = super::logic::check_headcount(headcount)?;
    super::store::set_headcount(&state.db, &key, headcount).await
}

/// A note from a phone: stored once, whatever happens to the answer.
#[server(endpoint = "session_note", input = Json)]
pub async fn add_note(key: String, draft: NoteDraft) -> Result<Note, AppError> {
    let (me, _, state) = access(&key).await?;
    let checked = super::logic::check_draft(&draft)?;
    super::store::add_note(&state.db, &key, &me, &draft, checked).await
}

#[server(endpoint = "session_correct", input = Json)]
pub async fn correct_note(key: String, correction: Correction) -> Result<Note, AppError> {
    let (me, _, state) = access(&key).await?;
    let checked = super::logic::check_correction(&correction)?;
    match super::store::note_owner(&state.db, &correction.note).await? {
        Some((session, _)) if session == key => {}
        _ => return Err(AppError::NotFound),
    }
    super::store::correct_note(&state.db, &me, &correction, checked).await
}

/// Closes the session with its summary: anyone taking part may, as at a real table.
#[server(endpoint = "session_close")]
pub async fn close_session(key: String, summary: String) -> Result<(), AppError> {
    let (_, _, state) = access(&key).await?;
    let summary = super::logic::check_summary(&summary)?;
    super::store::close(&state.db, &key, summary).await
}

/// One tap: a proposal or action item becomes the topic's next recommendation.
#[server(endpoint = "session_carry")]
pub async fn carry_note(key: String, note: String) -> Result<(), AppError> {
    let (me, council, state) = access(&key).await?;
    if !can_manage(&me, &council) {
        return Err(AppError::Forbidden);
    }
    let note = NoteId::parse(&note).ok_or(AppError::NotFound)?;
    match super::store::note_owner(&state.db, &note).await? {
        Some((session, _)) if session == key => super::store::carry(&state.db, &note).await,
        _ => Err(AppError::NotFound),
    }
}
