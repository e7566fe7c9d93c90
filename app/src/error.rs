//! The one error type the app shows: every variant has a Chinese message and an HTTP status.
use crate::text::t;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A field of a form that failed validation, with the message to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not found")]
    NotFound,
    #[error("rate limited")]
    RateLimited,
    /// Not signed in: sign in first.
    #[error("unauthenticated")]
    Unauthenticated,
    #[error("forbidden")]
    Forbidden,
    /// Someone else changed the record since this user looked at it: reload, then decide.
    #[error("conflict")]
    Conflict,
    /// Details go to the server log, never to the screen.
    #[error("internal error")]
    Internal,
    /// The request never got an answer: offline, or the server is down.
    #[error("network: {0}")]
    Network(String),
}

impl AppError {
    pub fn invalid(field: &str, message: &str) -> Self {
        AppError::Invalid(vec![FieldError {
            field: field.to_string(),
            message: message.to_string(),
        }])
    }

    /// What the user reads.
    pub fn message(&self) -> String {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            AppError::NotFound => t().err_not_found.to_string(),
            AppError::RateLimited => t().err_rate_limited.to_string(),
            AppError::Unauthenticated => t().err_unauthenticated.to_string(),
            AppError::Forbidden => t().err_forbidden.to_string(),
            AppError::Conflict => t().err_conflict.to_string(),
            AppError::Internal => t().err_internal.to_string(),
            AppError::Network(_) => t().err_network.to_string(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 400,
            AppError::NotFound => 404,
            AppError::RateLimited => 429,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::Conflict => 409,
            AppError::Internal => 500,
            AppError::Network(_) => 503,
        }
    }

    /// Whether this error names the given form field.
    pub fn concerns_field(&self, field: &str) -> bool {
        matches!(self, AppError::Invalid(errors) if errors.iter().any(|e| e.field == field))
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(msg) => AppError::Network(msg),
            // A request whose arguments do not parse was not sent by our pages: say so, as 4xx.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                AppError::invalid("request", t().err_malformed_request)
            }
            _ => AppError::Internal,
        }
    }
}

/// For plain axum routes: the error's status and its Chinese message.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, self.message()).into_response()
    }
}

#[cfg(feature = "ssr")]
impl From<surrealdb::Error> for AppError {
    fn from(err: surrealdb::Error) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
