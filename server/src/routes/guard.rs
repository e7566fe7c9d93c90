//! What every request passes before it reaches a page or a server function: a cross-site form
//! is refused, a request that takes too long is answered, and every answer carries the headers
//! that keep a browser from being turned against its user.
use app::base::error::AppError;
use app::server::state::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// `scheme://host[:port]` of a URL, lowercased: what a browser sends as `Origin`.
fn origin_of(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    match lower.split_once("://") {
        Some((scheme, rest)) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
            format!("{scheme}://{authority}")
        }
        None => lower,
    }
}

/// Whether a request that changes something comes from our own pages. A browser names the page's
/// origin in `Origin` on every POST; a form on another site names that site (SameSite cookies
/// stop most of these, not all: a sibling subdomain is "same site", and sign-in needs no cookie
/// at all). Without `Origin`, `Sec-Fetch-Site` tells; a request with neither is not a browser's.
pub fn same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    let public = origin_of(public_url);
    let scheme = public.split_once("://").map(|(s, _)| s.to_string());
    // Our own host reached by another name (an admin on the server's address) counts only over
    // the public URL's scheme: a page served over plain http may not post to an https site.
    let ours = |origin: &str| {
        let (their_scheme, authority) = match origin.split_once("://") {
            Some((s, a)) => (Some(s.to_string()), Some(a.to_string())),
            None => (None, None),
        };
        origin == public
            || (authority.is_some() && authority == host_of(headers) && their_scheme == scheme)
    };
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => {
            let origin = origin.trim().to_ascii_lowercase();
            origin != "null" && ours(&origin)
        }
        // Older browsers send no Origin on a form post, but a Referer; a page that asked for no
        // Referer still gets Sec-Fetch-Site from any browser of the last years.
        None => {
            let referer_ours = headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .map(|referer| ours(&origin_of(referer)));
            let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
            referer_ours != Some(false) && fetch_site != Some("cross-site")
        }
    }
}

fn host_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
}

/// The first part of a path, for the log: what was asked for, without the tracking codes, keys
/// and names further along.
fn log_path(path: &str) -> &str {
    let end = path
        .char_indices()
        .filter(|(_, c)| *c == '/')
        .nth(1)
        .map_or(path.len(), |(i, _)| i);
    &path[..end]
}

/// Refuses (403) a request that changes something and was sent from another site's page.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || same_origin(request.headers(), &state.settings.public_url) {
        return next.run(request).await;
    }
    tracing::warn!(
        path = log_path(request.uri().path()),
        "cross-site request refused"
    );
    AppError::Forbidden.into_response()
}

/// Answers 504 when a request has not been answered within the configured time: a database that
/// stalls holds no request forever. Live streams are meant to stay open and are left alone.
pub async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path().ends_with("/events") {
        return next.run(request).await;
    }
    let path = log_path(request.uri().path()).to_string();
    match tokio::time::timeout(state.settings.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(%path, "request timed out");
            let text = app::base::text::t();
            (StatusCode::GATEWAY_TIMEOUT, text.err_timeout).into_response()
        }
    }
}

/// `Strict-Transport-Security` once the site is served over https: a phone never again tries
/// plain http, where a village Wi-Fi could read or change the page.
pub async fn transport_security(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if state.settings.secure_cookies {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_our_own_pages_may_post() {
        let public = "https://bandeng.example.cn";
        let ours = headers(&[
            ("origin", "https://bandeng.example.cn"),
            ("host", "10.0.0.5:3000"),
        ]);
        assert!(same_origin(&ours, public));
        // Our host by another name, over the public URL's scheme only.
        let by_host = headers(&[
            ("origin", "https://10.0.0.5:3000"),
            ("host", "10.0.0.5:3000"),
        ]);
        assert!(same_origin(&by_host, public));
        let plain_http = headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ]);
        assert!(!same_origin(&plain_http, public));
        assert!(same_origin(&plain_http, "http://localhost:3000"));
        let evil = headers(&[
            ("origin", "https://evil.example"),
            ("host", "bandeng.example.cn"),
        ]);
        assert!(!same_origin(&evil, public));
        let sibling = headers(&[
            ("origin", "https://x.bandeng.example.cn"),
            ("host", "bandeng.example.cn"),
        ]);
        assert!(!same_origin(&sibling, public));
        assert!(!same_origin(&headers(&[("origin", "null")]), public));
        assert!(!same_origin(
            &headers(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        assert!(same_origin(
            &headers(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        // A script, a test, a command-line client: no browser, no forged cookie to ride on.
        assert!(same_origin(&HeaderMap::new(), public));
    }

    #[tokio::test]
    async fn a_request_that_takes_too_long_is_answered_504_and_streams_are_left_alone() {
        use axum::routing::get;
        use clap::Parser;
        use tower::ServiceExt;
        let cli = crate::config::Cli::try_parse_from([
            "bandeng",
            "--request-timeout-secs",
            "1",
            "--db",
            "mem://",
        ])
        .unwrap();
        let db = app::server::db::connect_memory().await.unwrap();
        let state = AppState::new(
            db,
            cli.serve.leptos_options(),
            cli.serve.settings().unwrap(),
        );
        let slow = || async {
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            "late"
        };
        let router = axum::Router::new()
            .route("/slow", get(slow))
            .route("/s/x/events", get(slow))
            .layer(axum::middleware::from_fn_with_state(
                state.clone(),
                time_limit,
            ))
            .with_state(state);
        let ask = |path: &str| {
            axum::http::Request::builder()
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let slow_page = router.clone().oneshot(ask("/slow")).await.unwrap();
        assert_eq!(slow_page.status(), StatusCode::GATEWAY_TIMEOUT);
        let stream = router.oneshot(ask("/s/x/events")).await.unwrap();
        assert_eq!(stream.status(), StatusCode::OK);
    }

    #[test]
    fn logged_paths_stop_before_codes_and_keys() {
        assert_eq!(log_path("/c/SY-12345-12345-12345/rate"), "/c");
        assert_eq!(log_path("/api/add_member"), "/api");
        assert_eq!(log_path("/healthz"), "/healthz");
        assert_eq!(log_path("/"), "/");
    }

    #[test]
    fn origins_are_compared_without_paths() {
        assert_eq!(
            origin_of("https://Bandeng.example.cn/"),
            "https://bandeng.example.cn"
        );
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }
}
