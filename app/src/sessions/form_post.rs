//! A session page without JavaScript: notes (`/s/{key}/notes`), attendance (`/s/{key}/attendance`)
//! and closing (`/s/{key}/close`) by plain form POSTs, each answered by a redirect back to the
//! session. A note form carries an id made when the page was drawn, so pressing send twice (or the
//! browser resending) stores the note once. What was refused comes back in its form, with why.
use super::{NoteDraft, NoteId, NoteKind, SpeakerKind};
use crate::accounts::login::query_string;
use crate::auth::Principal;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

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

/// Why a note was refused, naming the field: the page shows one message above the whole form.
fn refusal(error: &AppError) -> String {
    let t = crate::text::t();
    match error {
        AppError::Invalid(problems) => problems
            .iter()
            .map(|p| match p.field.as_str() {
                "speaker_name" => format!("{}：{}", t.session_speaker_name, p.message),
                "text" => format!("{}：{}", t.session_note_text, p.message),
                _ => p.message.clone(),
            })
            .collect::<Vec<_>>()
            .join(" "),
        other => other.message(),
    }
}

pub async fn post_note(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Form(form): Form<NoteForm>,
) -> Response {
    let result = async {
        let me = taking_part(&state, &headers, &key).await?;
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
    answer(&key, result, "new-note", |error| {
        let kept: String = form
            .text
            .chars()
            .take(super::logic::NOTE_MAX_CHARS + 200)
            .collect();
        query_string(&[
            ("error", &refusal(error)),
            ("kind", &form.kind),
            ("speaker_kind", &form.speaker_kind),
            ("speaker_name", &form.speaker_name),
            ("text", &kept),
        ])
    })
}

#[derive(Debug, Deserialize)]
pub struct AttendanceForm {
    /// `check_in` (the member posting), `add` (someone by name) or `headcount`.
    pub op: String,
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
    key: &str,
) -> Result<Principal, AppError> {
    let actor = crate::auth::actor_from_headers(&state.db, headers).await?;
    let (me, _) = super::api::session_access(&state.db, actor, key).await?;
    Ok(me)
}

/// Back to the session at the anchor `result` names; to sign-in, or the error page, when the
/// caller may not be here; otherwise back to the form at `form_anchor` with the query `refused`
/// gives (why, and what was typed).
fn answer(
    key: &str,
    result: Result<String, AppError>,
    form_anchor: &str,
    refused: impl FnOnce(&AppError) -> String,
) -> Response {
    match result {
        Ok(anchor) => Redirect::to(&format!("/s/{key}#{anchor}")).into_response(),
        Err(AppError::Unauthenticated) => {
            let next = format!("/s/{key}");
            Redirect::to(&format!("/login?{}", query_string(&[("next", &next)]))).into_response()
        }
        Err(error @ (AppError::NotFound | AppError::Forbidden)) => error.into_response(),
        Err(error) => {
            Redirect::to(&format!("/s/{key}?{}#{form_anchor}", refused(&error))).into_response()
        }
    }
}

pub async fn post_attendance(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Form(form): Form<AttendanceForm>,
) -> Response {
    let result = async {
        let me = taking_part(&state, &headers, &key).await?;
        match form.op.as_str() {
            "check_in" => super::store::check_in(&state.db, &key, &me).await,
            "add" => {
                let (name, kind) = super::logic::check_attendee(&form.name, &form.kind)?;
                super::store::add_attendee(&state.db, &key, name, kind).await
            }
            "headcount" => {
                let count = form.headcount.trim().parse().unwrap_or(-1);
                let count = super::logic::check_headcount(count)?;
                super::store::set_headcount(&state.db, &key, count).await
            }
            _ => Err(AppError::invalid("op", crate::text::t().err_required)),
        }
        .map(|()| "attendance".to_string())
    }
    .await;
    answer(&key, result, "attendance", |error| {
        let name: String = form
            .name
            .chars()
            .take(super::logic::ATTENDEE_NAME_MAX_CHARS + 20)
            .collect();
        query_string(&[
            ("attendance_error", &error.message()),
            ("name", &name),
            ("kind", &form.kind),
        ])
    })
}

pub async fn post_close(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CloseForm>,
) -> Response {
    let result = async {
        taking_part(&state, &headers, &key).await?;
        let summary = super::logic::check_summary(&form.summary)?;
        super::store::close(&state.db, &key, summary).await?;
        Ok("close-session".to_string())
    }
    .await;
    answer(&key, result, "close-session", |error| {
        let kept: String = form
            .summary
            .chars()
            .take(super::logic::SUMMARY_MAX_CHARS + 200)
            .collect();
        query_string(&[("close_error", &error.message()), ("summary", &kept)])
    })
}
