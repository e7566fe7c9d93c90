//! Notes without JavaScript: a plain form POST to `/s/{key}/notes`, answered by a redirect back to
//! the session. The form carries an id made when the page was drawn, so pressing send twice (or
//! the browser resending) stores the note once. A refused note comes back in the form.
use super::{NoteDraft, NoteId, NoteKind, SpeakerKind};
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

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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
        let actor = crate::auth::actor_from_headers(&state.db, &headers).await?;
        let (me, _) = super::api::session_access(&state.db, actor, &key).await?;
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
        super::store::add_note(&state.db, &key, &me, &draft, checked).await
    }
    .await;
    match result {
        Ok(note) => Redirect::to(&format!("/s/{key}#note-{}", note.id.0)).into_response(),
        Err(AppError::Unauthenticated) => {
            Redirect::to(&format!("/login?next=%2Fs%2F{}", encode(&key))).into_response()
        }
        Err(error @ (AppError::NotFound | AppError::Forbidden)) => error.into_response(),
        // Back to the form with what was typed, and why it was refused.
        Err(error) => {
            let kept: String = form
                .text
                .chars()
                .take(super::logic::NOTE_MAX_CHARS + 200)
                .collect();
            Redirect::to(&format!(
                "/s/{key}?error={}&kind={}&speaker_kind={}&speaker_name={}&text={}#new-note",
                encode(&refusal(&error)),
                encode(&form.kind),
                encode(&form.speaker_kind),
                encode(&form.speaker_name),
                encode(&kept),
            ))
            .into_response()
        }
    }
}
