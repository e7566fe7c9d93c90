//! Intake without JavaScript: a plain form POST to `/r/{code}/concern`, answered by a redirect to
//! the case (303), or back to the form with the resident's text kept as a draft.
use super::{intake, ConcernForm, IntakeStart};
use crate::error::AppError;
use crate::rooms::RoomCode;
use crate::state::AppState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A fresh id for one filling-in of the form: 128 random bits as 32 hex digits.
pub fn new_submission_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

const DRAFT_TTL: Duration = Duration::from_secs(30 * 60);
const DRAFT_MAX: usize = 10_000;

struct Draft {
    saved: Instant,
    form: ConcernForm,
    error: AppError,
}

/// Forms that came back with an error, keyed by their submission id, so the page can show them
/// again with the message. The id is random and unguessable; drafts expire after half an hour.
#[derive(Default)]
pub struct Drafts {
    inner: Mutex<HashMap<String, Draft>>,
}

impl Drafts {
    /// Keeps the form; returns the key to put in the redirect.
    pub fn save(&self, mut form: ConcernForm, error: AppError) -> String {
        if !super::logic::is_submission_id(&form.submission_id) {
            form.submission_id = new_submission_id();
        }
        let key = form.submission_id.clone();
        let mut drafts = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        drafts.retain(|_, d| now.duration_since(d.saved) < DRAFT_TTL);
        if drafts.len() >= DRAFT_MAX {
            if let Some(oldest) = drafts
                .iter()
                .min_by_key(|(_, d)| d.saved)
                .map(|(k, _)| k.clone())
            {
                drafts.remove(&oldest);
            }
        }
        drafts.insert(
            key.clone(),
            Draft {
                saved: now,
                form,
                error,
            },
        );
        key
    }

    /// How the form opens: the draft under `key` if there is one, else empty with a new id.
    pub fn start(&self, key: Option<&str>) -> IntakeStart {
        let drafts = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match key
            .and_then(|k| drafts.get(k))
            .filter(|d| d.saved.elapsed() < DRAFT_TTL)
        {
            Some(draft) => IntakeStart {
                submission_id: draft.form.submission_id.clone(),
                form: draft.form.clone(),
                error: Some(draft.error.clone()),
            },
            None => IntakeStart {
                submission_id: new_submission_id(),
                form: ConcernForm::default(),
                error: None,
            },
        }
    }
}

/// The form as the browser posts it; a checkbox is present only when ticked.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PostedConcern {
    submission_id: String,
    title: String,
    description: String,
    resident_name: String,
    resident_phone: String,
    consent: Option<String>,
}

impl From<PostedConcern> for ConcernForm {
    fn from(p: PostedConcern) -> Self {
        ConcernForm {
            submission_id: p.submission_id,
            title: p.title,
            description: p.description,
            resident_name: p.resident_name,
            resident_phone: p.resident_phone,
            consent: p.consent.is_some(),
        }
    }
}

pub async fn post_concern(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(posted): Form<PostedConcern>,
) -> Response {
    let authorized =
        crate::auth::authorize_route(&state.db, &headers, crate::auth::Action::RaiseConcern).await;
    if let Err(error) = authorized {
        return error.into_response();
    }
    let Some(room) = RoomCode::parse(&code) else {
        return Redirect::to("/").into_response();
    };
    let client = state.client_ip(peer.ip(), &headers);
    let form = ConcernForm::from(posted);
    match intake::raise_concern(&state, room.as_str(), &form, client).await {
        Ok(receipt) => Redirect::to(&format!("/c/{}?new=1", receipt.tracking_code)).into_response(),
        Err(AppError::NotFound) => Redirect::to(&format!("/r/{}", room.as_str())).into_response(),
        Err(error) => {
            let key = state.drafts.save(form, error);
            Redirect::to(&format!("/r/{}?draft={key}#concern", room.as_str())).into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_comes_back_with_its_error_and_id() {
        let drafts = Drafts::default();
        let form = ConcernForm {
            submission_id: new_submission_id(),
            title: "路灯".into(),
            ..Default::default()
        };
        let key = drafts.save(form.clone(), AppError::RateLimited);
        assert_eq!(key, form.submission_id);
        let start = drafts.start(Some(&key));
        assert_eq!(start.form, form);
        assert_eq!(start.submission_id, form.submission_id);
        assert_eq!(start.error, Some(AppError::RateLimited));
    }

    #[test]
    fn unknown_or_absent_drafts_start_a_fresh_form() {
        let drafts = Drafts::default();
        let a = drafts.start(None);
        let b = drafts.start(Some("0123456789abcdef0123456789abcdef"));
        assert!(super::super::logic::is_submission_id(&a.submission_id));
        assert_ne!(a.submission_id, b.submission_id);
        assert_eq!(a.error, None);
    }

    #[test]
    fn a_tampered_id_is_replaced() {
        let drafts = Drafts::default();
        let key = drafts.save(
            ConcernForm {
                submission_id: "<script>".into(),
                ..Default::default()
            },
            AppError::Internal,
        );
        assert!(super::super::logic::is_submission_id(&key));
    }
}
