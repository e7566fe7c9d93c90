//! Sign-in and sign-out as plain form posts: they work the same with or without JavaScript, and
//! the session cookie is set by the response itself.
use super::{password, store, LoginName, LoginProblem};
use crate::auth::session::{clear_cookie, safe_next, set_cookie, token_from_headers};
use crate::base::url::query_string;
use crate::server::state::AppState;
use axum::extract::{ConnectInfo, Form, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use std::net::SocketAddr;

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    pub login: String,
    pub password: String,
    pub next: Option<String>,
}

/// `POST /login`: on success a session cookie and a redirect to `next`; otherwise back to the
/// form with the reason and the typed login kept (never the password).
pub async fn post_login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if crate::auth::authorize_route(&state.db, &headers, crate::auth::Action::SignIn)
        .await
        .is_err()
    {
        return StatusCode::FORBIDDEN.into_response();
    }
    let next = safe_next(form.next.as_deref());
    let back = |problem: LoginProblem| {
        let query = query_string(&[
            ("error", problem.as_query()),
            ("login", form.login.trim()),
            ("next", &next),
        ]);
        Redirect::to(&format!("/login?{query}")).into_response()
    };
    let client = state.client(peer.ip(), &headers);
    if !state.login_ip_limiter.allow(client) {
        return back(LoginProblem::Limited);
    }
    // Each account has a bucket per client, charged before the password is checked (so guesses
    // sent at once cannot all pass) and refunded when it was right: its owner signing in daily
    // never runs out, a guesser gets five tries and then one a minute, and a stranger guessing
    // from elsewhere leaves the owner's own phone its full share.
    let login = LoginName::parse(&form.login);
    let bucket = login.as_ref().map(|l| (l.limit_key(), client));
    if let Some(bucket) = &bucket {
        if !state.login_account_limiter.allow(bucket.clone()) {
            return back(LoginProblem::Limited);
        }
    }
    let found = match &login {
        Some(login) => match store::find_for_login(&state.db, login).await {
            Ok(found) => found,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    // And one ceiling for the account from everywhere, so guesses spread over many addresses
    // stay few; a phone that signed in to this account before is spared it, so a stranger's
    // flood never locks its owner out there.
    let known = match &found {
        Some(account) => store::is_known_device(&state.db, &account.id, &headers)
            .await
            .unwrap_or(false),
        None => false,
    };
    let ceiling = login.as_ref().filter(|_| !known).map(|l| l.limit_key());
    if let Some(ceiling) = &ceiling {
        if !state.login_account_ceiling.allow(ceiling.clone()) {
            if let Some(bucket) = &bucket {
                state.login_account_limiter.refund(bucket);
            }
            return back(LoginProblem::Limited);
        }
    }
    let refund = |state: &AppState| {
        if let Some(bucket) = &bucket {
            state.login_account_limiter.refund(bucket);
        }
        if let Some(ceiling) = &ceiling {
            state.login_account_ceiling.refund(ceiling);
        }
    };
    // A missing account costs the same hashing time as a wrong password.
    let phc = found
        .as_ref()
        .map(|f| f.password_hash.clone())
        .unwrap_or_else(|| password::decoy_hash().to_string());
    let matches = match password::verify_off_thread(phc, form.password.clone()).await {
        Ok(matches) => matches,
        Err(_) => {
            refund(&state);
            return back(LoginProblem::Busy);
        }
    };
    let account = match found {
        Some(account) if matches => account,
        _ => return back(LoginProblem::Wrong),
    };
    refund(&state);
    if account.disabled {
        return back(LoginProblem::Disabled);
    }
    if account.must_change_password
        && account
            .password_expires_at
            .is_some_and(|at| at <= chrono::Utc::now())
    {
        return back(LoginProblem::CodeExpired);
    }
    let token = match crate::auth::store::start_session(&state.db, &account.id).await {
        Ok(token) => token,
        Err(e) => return e.into_response(),
    };
    let target = if account.must_change_password {
        format!("/account/password?{}", query_string(&[("next", &next)]))
    } else {
        next
    };
    let mut response = Redirect::to(&target).into_response();
    if let Ok(value) = HeaderValue::from_str(&set_cookie(&token, state.settings.secure_cookies)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    if !known {
        match store::remember_device(&state.db, &account.id).await {
            Ok(device) => {
                let cookie = crate::auth::session::known_device_cookie(
                    &device,
                    state.settings.secure_cookies,
                );
                if let Ok(value) = HeaderValue::from_str(&cookie) {
                    response.headers_mut().append(header::SET_COOKIE, value);
                }
            }
            Err(e) => tracing::warn!(error = %e, "device not remembered"),
        }
    }
    response
}

/// `POST /logout`: ends the session on the server, clears the cookie, and tells the browser to
/// drop what it keeps for this site.
pub async fn post_logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = token_from_headers(&headers) {
        if crate::auth::store::end_session(&state.db, token)
            .await
            .is_err()
        {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    }
    let mut response = Redirect::to("/login?signed_out=1").into_response();
    let headers = response.headers_mut();
    let secure = state.settings.secure_cookies;
    // The session, and what a resident's concern or phone check left in this browser: a member's
    // phone lent to residents keeps none of it for the next person.
    for cookie in [
        clear_cookie(secure),
        crate::server::browser::expired_cookie(crate::server::browser::DEVICE_COOKIE, secure),
        crate::server::browser::expired_cookie(crate::server::browser::CHECK_COOKIE, secure),
    ] {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    // A shared phone keeps nothing of this person: cached pages, the notes' store, the worker.
    headers.insert(
        "clear-site-data",
        HeaderValue::from_static("\"cache\", \"storage\""),
    );
    response
}

/// Guards `/admin` and `/account`: a signed-out visitor goes to sign in and comes back after.
/// The pages and their server functions still check what a signed-in caller may do.
pub async fn require_sign_in(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    let guarded = [
        "/admin",
        "/account",
        "/work",
        "/sessions",
        "/s",
        "/activities",
        "/receptions",
        "/members",
        "/stats",
        "/search",
        "/reports",
        "/proposals",
        "/search.xlsx",
        "/reports.xlsx",
        "/proposals.xlsx",
    ]
    .iter()
    .any(|p| path == *p || path.starts_with(&format!("{p}/")));
    if !guarded {
        return next.run(request).await;
    }
    match crate::auth::caller::actor_of(&state.db, request.headers(), request.extensions()).await {
        // A one-time code opens the password page and nothing else.
        Ok(crate::auth::Actor::Signed(me))
            if me.must_change_password && path != "/account/password" =>
        {
            let wanted = request
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| "/admin".into());
            let query = query_string(&[("next", &safe_next(Some(&wanted)))]);
            Redirect::to(&format!("/account/password?{query}")).into_response()
        }
        Ok(crate::auth::Actor::Signed(_)) => next.run(request).await,
        Ok(crate::auth::Actor::Anonymous) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_string())
                .unwrap_or_else(|| "/admin".into());
            let query = query_string(&[("next", &wanted)]);
            Redirect::to(&format!("/login?{query}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}
