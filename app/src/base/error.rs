//! The one error type the app shows: every variant has a Chinese message and an HTTP status.
use crate::base::text::t;
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
    /// A body or a file larger than this form takes.
    #[error("too large")]
    TooLarge,
    /// The server cannot take this now (busy, or the database does not answer): try again soon.
    #[error("unavailable")]
    Unavailable,
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
            AppError::TooLarge => t().err_too_large.to_string(),
            AppError::Unavailable => t().err_unavailable.to_string(),
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
            AppError::TooLarge => 413,
            AppError::Unavailable => 503,
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

/// For plain axum routes: the error's status and its Chinese message, as a small page a phone
/// without JavaScript shows readably (a script reads the status).
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = axum::http::StatusCode::from_u16(self.status())
            .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let text = t();
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{app}</title><link rel=\"stylesheet\" href=\"/pkg/bandeng.css\"></head>\
             <body><main class=\"page\"><section class=\"card\">\
             <p class=\"notice notice-error\" role=\"alert\">{message}</p>\
             <a class=\"button\" href=\"/\">{home}</a></section></main></body></html>",
            app = text.app_name,
            message = escape_html(&self.message()),
            home = text.back_home,
        );
        (status, axum::response::Html(page)).into_response()
    }
}

/// Text made safe to put between HTML tags.
#[cfg(feature = "ssr")]
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Server functions answer an error with the status its variant names. Leptos answers every
/// server-function error with 500 and the error, encoded as JSON, as the body; this layer reads
/// that body back and sets the status, for every server function at once. It sits outside the
/// body limit, so a body too large is answered as `TooLarge` too.
#[cfg(feature = "ssr")]
pub async fn server_fn_status(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    // A body over the limit never reached the function: answer as the function would have.
    if is_api
        && response.status() == StatusCode::PAYLOAD_TOO_LARGE
        && !response.headers().contains_key("serverfnerror")
    {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            axum::Json(AppError::TooLarge),
        )
            .into_response();
    }
    let is_server_fn_error = response.status() == StatusCode::INTERNAL_SERVER_ERROR
        && response.headers().contains_key("serverfnerror");
    if !is_server_fn_error {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An encoded AppError is a few hundred bytes; anything larger is left as it was.
    let Ok(bytes) = axum::body::to_bytes(body, 256 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, t().err_internal).into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

#[cfg(feature = "ssr")]
use axum::response::IntoResponse as _;

#[cfg(feature = "ssr")]
impl From<surrealdb::Error> for AppError {
    /// A database that does not answer, or answers too late, is a 503: try again soon. A write
    /// that lost a race is a conflict. Anything else is our fault, logged, and shown as a plain
    /// internal error.
    fn from(err: surrealdb::Error) -> Self {
        use surrealdb::types::{ErrorDetails, QueryError};
        let timed_out = matches!(
            err.details(),
            ErrorDetails::Query(Some(QueryError::TimedOut { .. } | QueryError::Cancelled))
        );
        // Two writers touched the same record at once: the loser is told, as for a stale version.
        if matches!(
            err.details(),
            ErrorDetails::Query(Some(QueryError::TransactionConflict))
        ) {
            return AppError::Conflict;
        }
        if timed_out || err.is_connection() {
            tracing::warn!(error = %err, "database unavailable");
            return AppError::Unavailable;
        }
        tracing::error!(error = %err, "database error");
        AppError::Internal
    }
}
