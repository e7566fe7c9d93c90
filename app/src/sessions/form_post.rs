//! A session page without JavaScript: notes (`/s/{key}/notes`), attendance (`/s/{key}/attendance`)
//! and closing (`/s/{key}/close`) by plain form POSTs, each answered by a redirect back to the
//! session. A note form carries an id made when the page was drawn, so pressing send twice (or the
//! browser resending) stores the note once. What was refused comes back in its form, with why,
//! through a flash kept for the member who sent it (never in the URL).
use super::{NoteDraft, NoteId, NoteKind, SpeakerKind};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::flash::Flash;
use crate::base::url::query_string;
use crate::server::flash::{keep, Keeper};
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize)]
pub struct NoteForm {
    pub id: String,
    pub kind: String,
    pub speaker_kind: String,
    #[serde(default)]
    pub speaker_name: String,
    pub text: String,
}

/// A fresh note id for a form: 32 hex digits.
pub fn new_note_id() -> NoteId {
    NoteId(uuid::Uuid::new_v4().simple().to_string())
}

pub async fn post_note(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(key): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<NoteForm>,
) -> Response {
    let mut caller = None;
    let result = async {
        let me = taking_part(&state, &headers, &extensions, &key).await?;
        caller = Some(me.account.clone());
        let draft = NoteDraft {
            id: NoteId::parse(&form.id).unwrap_or_else(new_note_id),
            kind: NoteKind::from_code(&form.kind).unwrap_or(NoteKind::Statement),
            speaker_kind: SpeakerKind::from_code(&form.speaker_kind)
                .unwrap_or(SpeakerKind::Anonymous),
            speaker_name: form.speaker_name.clone(),
            text: form.text.clone(),
            written_at: chrono::Utc::now().to_rfc3339(),
        };
        let checked = super::logic::check_draft(&draft)?;
        let note = super::store::add_note(&state.db, &key, &me, &draft, checked).await?;
        Ok(format!("note-{}", note.id.0))
    }
    .await;
    let refused = |error| {
        Flash::new(
            "note",
            &[
                ("kind", &form.kind),
                ("speaker_kind", &form.speaker_kind),
                ("speaker_name", &form.speaker_name),
                ("text", &form.text),
            ],
            error,
        )
    };
    let sender = Sender {
        state: &state,
        peer,
        headers: &headers,
        account: caller,
    };
    answer(sender, &key, result, "new-note", refused).await
}

#[derive(Debug, Deserialize)]
pub struct AttendanceForm {
    /// `check_in` (the member posting), `add` (someone by name) or `headcount`.
    pub op: String,
    /// For `add`: the id the page drew for this person, so a resent form adds them once.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub headcount: String,
}

#[derive(Debug, Deserialize)]
pub struct CloseForm {
    pub summary: String,
}

/// The caller and the session they may take part in, from the cookie.
async fn taking_part(
    state: &AppState,
    headers: &HeaderMap,
    extensions: &Extensions,
    key: &str,
) -> Result<Principal, AppError> {
    let actor = crate::auth::caller::actor_of(&state.db, headers, extensions).await?;
    let (me, _) = super::api::session_access(&state.db, actor, key).await?;
    Ok(me)
}

/// Who sent a form, for keeping what they typed if it is refused.
struct Sender<'a> {
    state: &'a AppState,
    peer: SocketAddr,
    headers: &'a HeaderMap,
    /// The member, once known to take part.
    account: Option<String>,
}

/// Back to the session at the anchor `result` names; to sign-in, or the error page, when the
/// caller may not be here; otherwise back to the form at `form_anchor`, with what was typed and
/// why it was refused kept in a flash for the sender.
async fn answer(
    sender: Sender<'_>,
    key: &str,
    result: Result<String, AppError>,
    form_anchor: &str,
    refused: impl FnOnce(AppError) -> Flash,
) -> Response {
    match result {
        Ok(anchor) => Redirect::to(&format!("/s/{key}#{anchor}")).into_response(),
        Err(AppError::Unauthenticated) => {
            let next = format!("/s/{key}");
            Redirect::to(&format!("/login?{}", query_string(&[("next", &next)]))).into_response()
        }
        Err(error @ (AppError::NotFound | AppError::Forbidden)) => error.into_response(),
        Err(error) => {
            let Some(account) = sender.account else {
                return error.into_response();
            };
            let client = sender.state.client(sender.peer.ip(), sender.headers);
            match keep(
                sender.state,
                client,
                &Keeper::Account(account),
                &refused(error),
            )
            .await
            {
                Ok(flash) => {
                    Redirect::to(&format!("/s/{key}?flash={flash}#{form_anchor}")).into_response()
                }
                Err(error) => error.into_response(),
            }
        }
    }
}

pub async fn post_attendance(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(key): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<AttendanceForm>,
) -> Response {
    let mut caller = None;
    let result = async {
        let me = taking_part(&state, &headers, &extensions, &key).await?;
        caller = Some(me.account.clone());
        match form.op.as_str() {
            "check_in" => super::store::check_in(&state.db, &key, &me).await,
            "add" => {
                let (name, kind) = super::logic::check_attendee(&form.name, &form.kind)?;
                let id = NoteId::parse(&form.id).unwrap_or_else(new_note_id);
                super::store::add_attendee(&state.db, &key, &id, name, kind).await
            }
            "headcount" => {
                let count = form.headcount.trim().parse().unwrap_or(-1);
                let count = super::logic::check_headcount(count)?;
                super::store::set_headcount(&state.db, &key, count).await
            }
            _ => Err(AppError::invalid("op", crate::base::text::t().err_required)),
        }
        .map(|()| "attendance".to_string())
    }
    .await;
    let refused = |error| {
        Flash::new(
            "attendance",
            &[("name", &form.name), ("kind", &form.kind)],
            error,
        )
    };
    let sender = Sender {
        state: &state,
        peer,
        headers: &headers,
        account: caller,
    };
    answer(sender, &key, result, "attendance", refused).await
}

pub async fn post_close(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(key): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    Form(form): Form<CloseForm>,
) -> Response {
    let mut caller = None;
    let result = async {
        let me = taking_part(&state, &headers, &extensions, &key).await?;
        caller = Some(me.account.clone());
        let summary = super::logic::check_summary(&form.summary)?;
        super::store::close(&state.db, &key, summary).await?;
        Ok("close-session".to_string())
    }
    .await;
    let refused = |error| Flash::new("close", &[("summary", &form.summary)], error);
    let sender = Sender {
        state: &state,
        peer,
        headers: &headers,
        account: caller,
    };
    answer(sender, &key, result, "close-session", refused).await
}
