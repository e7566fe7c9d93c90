//! Shared set-up for server tests: a fresh in-memory database, the real router on a socket, and
//! the one HTTP client of the tests (reqwest), which calls server functions through the argument
//! structs `#[server]` generates, so that a renamed argument fails to compile, not at run time.
#![allow(dead_code)]

use app::cases::ConcernForm;
use app::server::rate_limit::RateLimit;
use app::server::state::{AppState, Settings};
use leptos::config::LeptosOptions;
use leptos::server_fn::codec::IntoReq;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::{Bytes, Http, ServerFn};
use std::net::IpAddr;
use std::time::Duration;

pub fn settings(intake_burst: u32) -> Settings {
    Settings {
        public_url: "http://127.0.0.1:3000".into(),
        trusted_proxies: vec![],
        intake_limit: RateLimit {
            burst: intake_burst,
            refill_every: Duration::from_secs(3600),
        },
        lookup_limit: RateLimit {
            burst: 100,
            refill_every: Duration::from_secs(1),
        },
        login_ip_limit: RateLimit {
            burst: 1000,
            refill_every: Duration::from_secs(1),
        },
        refusal_limit: app::server::state::REFUSAL_LIMIT,
        chunk_limit: RateLimit {
            burst: 1000,
            refill_every: Duration::from_secs(1),
        },
        secure_cookies: false,
        tiles: app::base::geo::tiles::TileConfig::default(),
        request_timeout: Duration::from_secs(30),
        live_recheck: Duration::from_secs(1),
        max_flashes: app::server::state::MAX_FLASHES,
        search_window: app::server::state::SEARCH_WINDOW,
    }
}

/// An app on a fresh `mem://` database with the demo data.
pub async fn demo_state(intake_burst: u32) -> AppState {
    demo_state_with(|s| s.intake_limit.burst = intake_burst).await
}

/// `demo_state` with settings of the test's own: tighter limits, a trusted proxy...
pub async fn demo_state_with(change: impl FnOnce(&mut Settings)) -> AppState {
    let db = app::server::db::connect_memory()
        .await
        .expect("in-memory database");
    app::server::db::demo::load_if_empty(&db)
        .await
        .expect("demo data loads");
    let mut settings = settings(10);
    change(&mut settings);
    AppState::new(
        db,
        LeptosOptions::builder().output_name("bandeng").build(),
        settings,
    )
}

pub fn form(title: &str) -> ConcernForm {
    ConcernForm {
        submission_id: app::cases::intake::handlers::new_submission_id(),
        title: title.into(),
        description: "东风村村口的路灯坏了两个月，晚上老人走路看不见。希望尽快修好。🙏".into(),
        resident_name: "王大妈".into(),
        resident_phone: "13900001234".into(),
        consent: true,
    }
}

/// 127.0.0.1: where every test request comes from; trusted as a proxy, it may forward others.
pub fn localhost() -> IpAddr {
    IpAddr::from([127, 0, 0, 1])
}

/// Base64 of a text, as the sheet upload sends a file.
pub fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The client a rate limit sees for this address.
pub fn ip(s: &str) -> app::server::client_ip::ClientKey {
    app::server::client_ip::ClientKey::of(s.parse::<IpAddr>().unwrap())
}

/// A resident's browser token (`bandeng_device`), for concerns raised in tests.
pub const DEVICE: &str = "d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0";

pub async fn count(state: &AppState, table: &str) -> i64 {
    let mut response = state
        .db
        .query(format!("RETURN count(SELECT id FROM {table})"))
        .await
        .unwrap()
        .check()
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

/// A council's key, as the server functions take it.
pub fn council_key(key: &str) -> app::base::ids::CouncilKey {
    app::base::ids::CouncilKey::parse(key).unwrap_or_else(|| panic!("{key:?} is not a council key"))
}

/// Percent-encodes a form value (UTF-8), as a browser does.
pub fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The real router on a real socket, in this process, so tests can reach the same database.
pub struct TestServer {
    pub addr: String,
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn serve(state: AppState) -> TestServer {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let router = server::routes::router(state.clone());
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    TestServer { addr, state, task }
}

// HTTP --------------------------------------------------------------------------------------

/// A fresh client for each request, so each request has a connection of its own as a test
/// expects: nothing pooled outlives the test's runtime (every `#[tokio::test]` has its own),
/// a redirect is an answer to check rather than follow, and no proxy from the environment
/// stands between the test and 127.0.0.1.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .expect("an HTTP client")
}

/// An answer, read whole.
pub struct HttpResponse {
    pub status: u16,
    /// The status line and the headers as text, for messages and substring checks.
    pub head: String,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
    /// The body as text (lossy UTF-8).
    pub body: String,
}

impl HttpResponse {
    /// A header's first value.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
    }
}

/// `HTTP/1.1 303 See Other`, then a line per header value.
pub fn head_of(response: &reqwest::Response) -> String {
    let mut head = format!("{:?} {}", response.version(), response.status());
    for (name, value) in response.headers() {
        head.push_str(&format!(
            "\r\n{name}: {}",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    head
}

/// Sends a request and returns once the answer's head has arrived: its body is read as it
/// comes, so a live stream can be followed. `headers` are `Name: value` lines.
pub async fn start(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: Vec<u8>,
) -> reqwest::Result<reqwest::Response> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    let mut request = client()
        .request(method, format!("http://{addr}{path}"))
        .body(body);
    for line in headers {
        let (name, value) = line.split_once(':').expect("a header as `Name: value`");
        request = request.header(name.trim(), value.trim());
    }
    request.send().await
}

/// Any request, with raw headers (`Name: value`) and body; the whole answer.
pub async fn send(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: Vec<u8>,
) -> HttpResponse {
    let response = start(addr, method, path, headers, body)
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: no answer: {}", causes(&e)));
    let status = response.status().as_u16();
    let head = head_of(&response);
    let headers = response.headers().clone();
    let bytes = response
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("{method} {path}: the body broke off: {e}"))
        .to_vec();
    let body = String::from_utf8_lossy(&bytes).into_owned();
    HttpResponse {
        status,
        head,
        headers,
        bytes,
        body,
    }
}

/// An error and what caused it, down to the socket.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(e) = cause {
        text.push_str(&format!(": {e}"));
        cause = e.source();
    }
    text
}

/// A request as a browser makes it: `body` is (content type, text); `cookie` the `Cookie`
/// header, if any. Server functions are asked for JSON, pages for HTML.
pub async fn request(
    addr: &str,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<(&str, String)>,
) -> HttpResponse {
    let accept = if path.starts_with("/api/") {
        "Accept: application/json"
    } else {
        "Accept: text/html"
    };
    let mut headers = vec![accept.to_string()];
    if let Some(cookie) = cookie {
        headers.push(format!("Cookie: {cookie}"));
    }
    let body = match body {
        Some((content_type, body)) => {
            headers.push(format!("Content-Type: {content_type}"));
            body.into_bytes()
        }
        None => Vec::new(),
    };
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    send(addr, method, path, &headers, body).await
}

/// A GET whose body is binary (a download): status, head and the raw bytes.
pub async fn get_bytes(addr: &str, path: &str, cookie: Option<&str>) -> (u16, String, Vec<u8>) {
    let cookie = cookie.map(|c| format!("Cookie: {c}"));
    let headers: Vec<&str> = cookie.iter().map(String::as_str).collect();
    send_bytes(addr, "GET", path, &headers, &[]).await
}

/// Any request with a binary body and raw headers (`Name: value`); answers status, head, body.
pub async fn send_bytes(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let response = send(addr, method, path, headers, body.to_vec()).await;
    (response.status, response.head, response.bytes)
}

/// The status of an answer, without waiting for its body: a live stream never ends.
pub async fn status_only(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[String],
    body: &[u8],
) -> u16 {
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    tokio::time::timeout(
        Duration::from_secs(30),
        start(addr, method, path, &headers, body.to_vec()),
    )
    .await
    .expect("an answer within 30 s")
    .unwrap_or_else(|e| panic!("{method} {path}: no answer: {}", causes(&e)))
    .status()
    .as_u16()
}

/// A request with a body too large for the route, over raw TCP: status and body text. The
/// server answers 413 and closes while the body is still being written; reqwest (hyper) then
/// reports the broken pipe instead of the answer that had already arrived, depending on timing.
/// Here write errors are ignored and the answer is read. The answers read this way (413s) carry
/// a `Content-Length`, so the body is taken as it comes.
pub async fn send_oversized(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[&str],
    body: &[u8],
) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for header in headers {
        head.push_str(&format!("{header}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let text = String::from_utf8_lossy(&raw);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok());
    (status.unwrap_or(0), body.to_string())
}

// Server functions ----------------------------------------------------------------------------

/// A server function's call as it goes on the wire: the path, content type and body that the
/// function's own input codec makes of its argument struct (serde_qs for the default `PostUrl`,
/// JSON for `input = Json`), exactly as the browser's client sends them.
#[derive(Debug, Clone)]
pub struct Call {
    method: reqwest::Method,
    path: String,
    content_type: String,
    accepts: String,
    body: Vec<u8>,
}

impl Call {
    fn new(
        method: reqwest::Method,
        path: String,
        content_type: &str,
        accepts: &str,
        body: Vec<u8>,
    ) -> Call {
        Call {
            method,
            path,
            content_type: content_type.into(),
            accepts: accepts.into(),
            body,
        }
    }

    /// The function's name in its URL: `add_member` for `/api/add_member`.
    pub fn endpoint(&self) -> &str {
        self.path.trim_start_matches("/api/")
    }

    /// A JSON body for `F`'s path that no page sends (a field of the wrong type...), for tests of
    /// hostile input: no argument struct can carry it.
    pub fn raw_json<F: ServerFn>(body: serde_json::Value) -> Call {
        Call::new(
            reqwest::Method::POST,
            F::PATH.into(),
            "application/json",
            "application/json",
            body.to_string().into_bytes(),
        )
    }
}

/// The input encoding of a server function's protocol, `Http<Input, Output>`.
pub trait InputEncoding {
    type Input;
}

impl<I, O> InputEncoding for Http<I, O> {
    type Input = I;
}

/// Any `#[server]` function's generated argument struct (`AddMember { council, input }`) is a
/// call, encoded by its codec.
impl<F> From<F> for Call
where
    F: ServerFn,
    F::Protocol: InputEncoding,
    F: IntoReq<<F::Protocol as InputEncoding>::Input, Call, F::Error>,
{
    fn from(args: F) -> Call {
        args.into_req(F::PATH, "application/json")
            .unwrap_or_else(|e| panic!("{}: the arguments do not encode: {e:?}", F::PATH))
    }
}

/// The codecs build their requests through this trait: here they build a `Call`. Bandeng's
/// server functions use none of multipart, form data or streams.
impl<E: FromServerFnError> ClientReq<E> for Call {
    type FormData = ();

    fn try_new_req_query(
        path: &str,
        content_type: &str,
        accepts: &str,
        query: &str,
        method: reqwest::Method,
    ) -> Result<Self, E> {
        let path = format!("{path}?{query}");
        Ok(Call::new(method, path, content_type, accepts, Vec::new()))
    }

    fn try_new_req_text(
        path: &str,
        content_type: &str,
        accepts: &str,
        body: String,
        method: reqwest::Method,
    ) -> Result<Self, E> {
        let body = body.into_bytes();
        Ok(Call::new(method, path.into(), content_type, accepts, body))
    }

    fn try_new_req_bytes(
        path: &str,
        content_type: &str,
        accepts: &str,
        body: Bytes,
        method: reqwest::Method,
    ) -> Result<Self, E> {
        let body = body.to_vec();
        Ok(Call::new(method, path.into(), content_type, accepts, body))
    }

    fn try_new_req_form_data(
        path: &str,
        _accepts: &str,
        _content_type: &str,
        _body: (),
        _method: reqwest::Method,
    ) -> Result<Self, E> {
        Err(unsupported(path))
    }

    fn try_new_req_multipart(
        path: &str,
        _accepts: &str,
        _body: (),
        _method: reqwest::Method,
    ) -> Result<Self, E> {
        Err(unsupported(path))
    }

    fn try_new_req_streaming(
        path: &str,
        _accepts: &str,
        _content_type: &str,
        _body: impl futures::Stream<Item = Bytes> + Send + 'static,
        _method: reqwest::Method,
    ) -> Result<Self, E> {
        Err(unsupported(path))
    }
}

fn unsupported<E: FromServerFnError>(path: &str) -> E {
    E::from_server_fn_error(ServerFnErrorErr::Request(format!(
        "{path}: the tests send no multipart, form data or streams"
    )))
}

/// Calls a server function (its argument struct, or a `Call`), as `cookie` if given: the whole answer.
pub async fn call(addr: &str, cookie: Option<&str>, call: impl Into<Call>) -> HttpResponse {
    let cookie = cookie.map(|c| format!("Cookie: {c}"));
    let headers: Vec<&str> = cookie.iter().map(String::as_str).collect();
    call_with(addr, &headers, call).await
}

/// `call`, with headers of the test's own (`Name: value`): a cookie, an `Origin`...
pub async fn call_with(addr: &str, headers: &[&str], call: impl Into<Call>) -> HttpResponse {
    let call = call.into();
    let content_type = format!("Content-Type: {}", call.content_type);
    let accept = format!("Accept: {}", call.accepts);
    let mut all = vec![content_type.as_str(), accept.as_str()];
    all.extend_from_slice(headers);
    send(addr, call.method.as_str(), &call.path, &all, call.body).await
}

/// A server function's status and JSON body (a string when the body is not JSON), whatever it is.
pub async fn api_status(
    addr: &str,
    cookie: Option<&str>,
    args: impl Into<Call>,
) -> (u16, serde_json::Value) {
    let response = call(addr, cookie, args).await;
    (response.status, json_of(&response.body))
}

fn json_of(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|_| serde_json::Value::String(body.to_string()))
}

/// A server function's answer: its JSON value, or the error it returned. An error must come
/// with the status its kind names (400 invalid, 401, 403, 404, 409, 413, 429, 503): a refusal
/// answered as 500 fails the test here, whatever the test then checks of the body.
pub async fn api(
    addr: &str,
    cookie: &str,
    args: impl Into<Call>,
) -> Result<serde_json::Value, serde_json::Value> {
    let call = args.into();
    let endpoint = call.endpoint().to_string();
    let (status, value) = api_status(addr, Some(cookie), call).await;
    answer(&endpoint, status, value)
}

/// `api` for arguments too large to be read: sent by `send_oversized`.
pub async fn api_oversized(
    addr: &str,
    cookie: &str,
    args: impl Into<Call>,
) -> Result<serde_json::Value, serde_json::Value> {
    let call = args.into();
    let cookie = format!("Cookie: {cookie}");
    let content_type = format!("Content-Type: {}", call.content_type);
    let accept = format!("Accept: {}", call.accepts);
    let headers = [cookie.as_str(), content_type.as_str(), accept.as_str()];
    let (method, path) = (call.method.as_str(), call.path.as_str());
    let (status, body) = send_oversized(addr, method, path, &headers, &call.body).await;
    answer(call.endpoint(), status, json_of(&body))
}

fn answer(
    endpoint: &str,
    status: u16,
    value: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    if (200..300).contains(&status) {
        return Ok(value);
    }
    assert_status_names_error(endpoint, status, &value);
    Err(value)
}

/// The status a server function answers an error with is the one the error's kind names.
pub fn assert_status_names_error(endpoint: &str, status: u16, body: &serde_json::Value) {
    let error: app::base::error::AppError = serde_json::from_value(body.clone())
        .unwrap_or_else(|_| panic!("{endpoint}: {status} without an error body: {body}"));
    assert_eq!(
        status,
        error.status(),
        "{endpoint} answered {error:?} with status {status}"
    );
}

/// The fields an `AppError::Invalid` names.
pub fn invalid_fields(error: &serde_json::Value) -> Vec<String> {
    error["Invalid"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

// Accounts and records ------------------------------------------------------------------------

/// An account with a live session; returns the `Cookie` header value.
pub async fn signed_in(state: &AppState, account: app::accounts::store::NewAccount) -> String {
    let id = app::accounts::store::create(&state.db, account)
        .await
        .unwrap();
    let token = app::auth::store::start_session(&state.db, &id)
        .await
        .unwrap();
    format!("bandeng_session={token}")
}

/// A fresh argon2id hash of `password`.
pub fn hash(password: &str) -> String {
    app::accounts::password::hash(password).unwrap()
}

pub fn record(table: &str, key: &str) -> surrealdb::types::RecordId {
    app::server::db::record(table, key)
}

/// The first member of a council holding a role there.
pub async fn member_with_role(state: &AppState, council: &str, role: &str) -> String {
    let mut response = state
        .db
        .query("SELECT VALUE member FROM membership WHERE council = $c AND role = $r LIMIT 1")
        .bind(("c", record("council", council)))
        .bind(("r", role.to_string()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let ids: Vec<surrealdb::types::RecordId> = response.take(0).unwrap();
    app::server::db::key_text(&ids[0])
}

/// Cases raised during the test: the demo's own cases are left out.
pub async fn new_cases(state: &AppState) -> i64 {
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM case WHERE demo = false)")
        .await
        .unwrap()
        .check()
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

/// Who a test account is: a member's, a district admin's (of an area), an office's staff (of an
/// area), a department's staff, or a review body's.
pub enum Who<'a> {
    Member(&'a str),
    Admin(&'a str),
    Office(&'a str),
    Unit(&'a str),
    /// A review body's staff (a 专委会, the chairs' secretariat).
    Body(&'a str),
}

/// A signed-in account of `who`, named `name`: its session cookie.
pub async fn signed_as(state: &AppState, who: Who<'_>, name: &str) -> String {
    let mut account = app::accounts::store::NewAccount {
        name: name.into(),
        password_hash: hash("测试账号的密码2026"),
        ..Default::default()
    };
    match who {
        Who::Member(m) => account.member = Some(record("member", m)),
        Who::Admin(a) => account.admin_area = Some(record("area", a)),
        Who::Office(a) => account.office_area = Some(record("area", a)),
        Who::Unit(d) => account.department = Some(record("department", d)),
        Who::Body(b) => account.review_body = Some(record("review_body", b)),
    }
    signed_in(state, account).await
}
