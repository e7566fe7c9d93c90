//! Intake without JavaScript: a plain form POST to `/r/{code}/concern`, answered by a redirect to
//! the case (303), or back to the form with the resident's text kept as a flash.
use crate::base::error::AppError;
use crate::base::flash::Flash;
use crate::base::ids::RoomCode;
use crate::cases::{ConcernForm, IntakeStart};
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Form, Path, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

/// A fresh id for one filling-in of the form: 128 random bits as 32 hex digits.
pub fn new_submission_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// How the form opens: with the refused form a flash kept, or empty with a new id.
pub fn start(flash: Option<Flash>) -> IntakeStart {
    match Flash::of(flash, "concern") {
        Some(flash) => {
            let field = |name: &str| flash.field(name).unwrap_or_default().to_string();
            let submission_id = Some(field("submission_id"))
                .filter(|id| crate::cases::intake::logic::is_submission_id(id))
                .unwrap_or_else(new_submission_id);
            IntakeStart {
                form: ConcernForm {
                    submission_id: submission_id.clone(),
                    title: field("title"),
                    description: field("description"),
                    resident_name: field("resident_name"),
                    resident_phone: field("resident_phone"),
                    consent: flash.field("consent") == Some("1"),
                },
                submission_id,
                error: Some(flash.error),
            }
        }
        None => IntakeStart {
            submission_id: new_submission_id(),
            form: ConcernForm::default(),
            error: None,
        },
    }
}

/// The refused form, to be shown again.
fn flash_of(form: &ConcernForm, error: AppError) -> Flash {
    Flash::new(
        "concern",
        &[
            ("submission_id", &form.submission_id),
            ("title", &form.title),
            ("description", &form.description),
            ("resident_name", &form.resident_name),
            ("resident_phone", &form.resident_phone),
            ("consent", if form.consent { "1" } else { "" }),
        ],
        error,
    )
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
    let client = state.client(peer.ip(), &headers);
    let (device, set_cookie) =
        crate::cases::public::resident::device_for(&headers, state.settings.secure_cookies);
    let form = ConcernForm::from(posted);
    let mut response =
        match super::raise::raise_concern(&state, room.as_str(), &form, client, &device).await {
            Ok(receipt) => {
                Redirect::to(&format!("/c/{}?new=1", receipt.tracking_code)).into_response()
            }
            Err(AppError::NotFound) => {
                Redirect::to(&format!("/r/{}", room.as_str())).into_response()
            }
            Err(error) => match crate::server::flash::keep(
                &state,
                client,
                &crate::server::flash::Keeper::device(&device),
                &flash_of(&form, error),
            )
            .await
            {
                Ok(key) => Redirect::to(&format!("/r/{}?flash={key}#concern", room.as_str()))
                    .into_response(),
                Err(error) => error.into_response(),
            },
        };
    if let Some(value) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_form_comes_back_with_its_error_and_id() {
        let form = ConcernForm {
            submission_id: new_submission_id(),
            title: "路灯".into(),
            consent: true,
            ..Default::default()
        };
        let start = start(Some(flash_of(&form, AppError::RateLimited)));
        assert_eq!(start.form, form);
        assert_eq!(start.submission_id, form.submission_id);
        assert_eq!(start.error, Some(AppError::RateLimited));
    }

    #[test]
    fn no_flash_or_another_forms_flash_starts_a_fresh_form() {
        let a = start(None);
        let other = Flash::new("note", &[("text", "x")], AppError::Internal);
        let b = start(Some(other));
        assert!(crate::cases::intake::logic::is_submission_id(
            &a.submission_id
        ));
        assert_ne!(a.submission_id, b.submission_id);
        assert_eq!(b.error, None);
    }

    #[test]
    fn a_tampered_id_is_replaced() {
        let form = ConcernForm {
            submission_id: "<script>".into(),
            ..Default::default()
        };
        let start = start(Some(flash_of(&form, AppError::Internal)));
        assert!(crate::cases::intake::logic::is_submission_id(
            &start.submission_id
        ));
    }
}
