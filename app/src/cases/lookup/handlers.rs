//! The phone check without JavaScript: send a code, verify it, forget it (plain form posts), and
//! the queries behind them.
use super::*;
use crate::auth::session::{new_token, token_hash};
use crate::server::browser::CHECK_COOKIE;
use crate::server::db::Thrown;
use crate::server::{db::Db, state::AppState};
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use std::net::SocketAddr;
use surrealdb::types::SurrealValue;

pub fn token_from_headers(headers: &HeaderMap) -> Option<&str> {
    crate::auth::session::token_in_headers(headers, CHECK_COOKIE)
}

/// The check's cookie goes to every path: the case page's server function (`/api/…`) asks
/// it whether this phone may rate the case.
fn cookie(token: &str, minutes: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!(
        "{CHECK_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        minutes * 60
    )
}

fn with_cookie(mut response: Response, value: &str) -> Response {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

fn back(problem: &str) -> Response {
    Redirect::to(&format!("/c/find?error={problem}")).into_response()
}

/// The code's hash, salted with the browser's token: a copy of the table reveals neither.
fn code_hash(token: &str, code: &str) -> String {
    token_hash(&format!("{token}:{code}"))
}

#[derive(Deserialize)]
pub struct SendForm {
    pub phone: String,
}

/// `POST /c/find/send`: a code to the number, if it has cases; the same answer either way.
pub async fn post_send(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SendForm>,
) -> Response {
    if let Err(e) =
        crate::auth::authorize_route(&state.db, &headers, crate::auth::Action::FindCasesByPhone)
            .await
    {
        return e.into_response();
    }
    let Some(phone) = crate::base::phone::parse_phone(&form.phone) else {
        return back("phone");
    };
    let client = state.client(peer.ip(), &headers);
    if !state.lookup_limiter.allow(client) {
        return back("limited");
    }
    let token = new_token();
    let code = format!("{:06}", rand::random_range(0..1_000_000u32));
    match start_check(&state.db, &phone.0, &token, &code).await {
        Ok(true) => {}
        Ok(false) => return back("limited"),
        Err(e) => return e.into_response(),
    }
    let response = Redirect::to("/c/find?sent=1").into_response();
    with_cookie(
        response,
        &cookie(&token, CODE_MINUTES, state.settings.secure_cookies),
    )
}

/// Records the check and queues the text message. False when the number had its share of
/// codes this hour.
async fn start_check(db: &Db, phone: &str, token: &str, code: &str) -> Result<bool, AppError> {
    let text = crate::base::text::t()
        .find_sms
        .replace("{code}", code)
        .replace("{minutes}", &CODE_MINUTES.to_string());
    let outcome = db
        .query(
            "BEGIN TRANSACTION;
             LET $recent = array::len((SELECT id FROM phone_check
                 WHERE phone = $phone AND created_at > time::now() - 1h));
             IF $recent >= $per_hour { THROW 'phone_limited'; };
             CREATE phone_check SET phone = $phone, code_hash = $code_hash,
                 token_hash = $token_hash, expires_at = $expires_at;
             IF array::len((SELECT id FROM case WHERE resident_phone = $phone LIMIT 1)) > 0 {
                 CREATE sms_outbox SET phone = $phone, text = $text;
             };
             COMMIT TRANSACTION;",
        )
        .bind(("phone", phone.to_string()))
        .bind(("per_hour", CODES_PER_PHONE_HOUR as i64))
        .bind(("code_hash", code_hash(token, code)))
        .bind(("token_hash", token_hash(token)))
        .bind((
            "expires_at",
            Utc::now() + chrono::Duration::minutes(CODE_MINUTES),
        ))
        .bind(("text", text))
        .await
        .and_then(crate::server::db::check_transaction);
    match outcome {
        Ok(_) => {
            tracing::info!(phone = %crate::base::phone::mask_phone(phone), "one-time check started");
            Ok(true)
        }
        Err(e) if Thrown::of(&e) == Some(Thrown::PhoneLimited) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct VerifyForm {
    pub code: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CheckRow {
    id: surrealdb::types::RecordId,
    phone: String,
    code_hash: String,
    expires_at: DateTime<Utc>,
    tries: i64,
    verified: bool,
}

async fn check_of(db: &Db, token: &str) -> Result<Option<CheckRow>, AppError> {
    let mut response = db
        .query(
            "SELECT id, phone, code_hash, expires_at, tries, verified FROM phone_check
             WHERE token_hash = $token_hash LIMIT 1",
        )
        .bind(("token_hash", token_hash(token)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// `POST /c/find/verify`: the code from the text message opens the list in this browser.
pub async fn post_verify(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<VerifyForm>,
) -> Response {
    if let Err(e) =
        crate::auth::authorize_route(&state.db, &headers, crate::auth::Action::FindCasesByPhone)
            .await
    {
        return e.into_response();
    }
    if !state
        .lookup_limiter
        .allow(state.client(peer.ip(), &headers))
    {
        return back("limited");
    }
    let Some(token) = token_from_headers(&headers).map(str::to_string) else {
        return back("expired");
    };
    let check = match check_of(&state.db, &token).await {
        Ok(Some(check)) if !check.verified && check.expires_at > Utc::now() => check,
        Ok(_) => return back("expired"),
        Err(e) => return e.into_response(),
    };
    // Every attempt spends a try before the code is compared, in one write: guesses sent at the
    // same instant cannot get more than five between them.
    let spent = state
        .db
        .query(
            "UPDATE $id SET tries = tries + 1
             WHERE tries < $max AND verified = false AND expires_at > time::now()
             RETURN AFTER",
        )
        .bind(("id", check.id.clone()))
        .bind(("max", MAX_TRIES))
        .await
        .and_then(|mut r| r.take::<Vec<CheckRow>>(0));
    let tries = match spent {
        Ok(rows) => match rows.first() {
            Some(row) => row.tries,
            None => return back("tries"),
        },
        Err(e) => return AppError::from(e).into_response(),
    };
    let code: String = form.code.chars().filter(|c| !c.is_whitespace()).collect();
    if !(is_code(&code) && code_hash(&token, &code) == check.code_hash) {
        return back(if tries >= MAX_TRIES { "tries" } else { "wrong" });
    }
    let verified = state
        .db
        .query("UPDATE $id SET verified = true, expires_at = $expires_at WHERE verified = false")
        .bind(("id", check.id))
        .bind((
            "expires_at",
            Utc::now() + chrono::Duration::minutes(VERIFIED_MINUTES),
        ))
        .await
        .and_then(|r| r.check());
    if let Err(e) = verified {
        return AppError::from(e).into_response();
    }
    with_cookie(
        Redirect::to("/c/mine").into_response(),
        &cookie(&token, VERIFIED_MINUTES, state.settings.secure_cookies),
    )
}

/// `POST /c/find/forget`: closes the list on a shared phone.
pub async fn post_forget(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = token_from_headers(&headers) {
        let _ = state
            .db
            .query("DELETE phone_check WHERE token_hash = $token_hash")
            .bind(("token_hash", token_hash(token)))
            .await;
    }
    with_cookie(
        Redirect::to("/c/find").into_response(),
        &cookie("", 0, state.settings.secure_cookies),
    )
}

/// The phone behind a passed, unexpired check.
pub async fn verified_phone(db: &Db, token: &str) -> Result<Option<String>, AppError> {
    Ok(check_of(db, token)
        .await?
        .filter(|c| c.verified && c.expires_at > Utc::now())
        .map(|c| c.phone))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    tracking_code: String,
    title: String,
    status: String,
    review_level: i64,
    created_at: DateTime<Utc>,
    room_name: String,
}

pub async fn cases_of(db: &Db, phone: &str) -> Result<Vec<MyCaseLine>, AppError> {
    let mut response = db
        .query(
            "SELECT tracking_code, title, status, review_level, created_at, room.name AS room_name
             FROM case WHERE resident_phone = $phone ORDER BY created_at DESC LIMIT 100",
        )
        .bind(("phone", phone.to_string()))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(0)?;
    rows.into_iter()
        .map(|r| {
            Ok(MyCaseLine {
                status: crate::cases::desk::store::stage_of(&r.status, r.review_level)?,
                tracking_code: TrackingCode(r.tracking_code),
                title: r.title,
                submitted_at: crate::base::clock::format_time(r.created_at),
                room_name: r.room_name,
            })
        })
        .collect()
}
