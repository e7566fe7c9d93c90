//! The real `bandeng` binary on the embedded on-disk engine: a concern raised by a plain form POST
//! (no JavaScript) survives a restart, demo data is not loaded twice, bad configuration is explained.
use crate::common;

use common::{http, urlencode};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bandeng");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server process, stopped by its pid when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(db_url: &str, extra: &[&str]) -> Server {
        Server::start_logging(db_url, extra, None)
    }

    /// `start`, with the server's log (at info) written to `log` when given.
    fn start_logging(db_url: &str, extra: &[&str], log: Option<&Path>) -> Server {
        let addr = format!("127.0.0.1:{}", free_port());
        // The server logs to standard output.
        let (level, stdout) = match log {
            Some(path) => ("info", Stdio::from(std::fs::File::create(path).unwrap())),
            None => ("warn", Stdio::null()),
        };
        let child = Command::new(BIN)
            .args([
                "serve",
                "--db",
                db_url,
                "--addr",
                &addr,
                "--site-root",
                "/nonexistent",
            ])
            .args(extra)
            .env("RUST_LOG", level)
            .stdout(stdout)
            .stderr(Stdio::inherit())
            .spawn()
            .expect("bandeng starts");
        let server = Server { child, addr };
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            if http(&server.addr, "GET", "/healthz", None).is_ok_and(|r| r.status == 200) {
                return server;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("server on {} did not become healthy", server.addr);
    }

    /// SIGTERM, then wait: a clean shutdown releases the database lock.
    fn stop(self) {
        self.stop_within(Duration::from_secs(30));
    }

    /// SIGTERM; how long the process took to exit, if it did within `limit`.
    fn stop_within(mut self, limit: Duration) -> Option<Duration> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("bandeng-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn post_concern(addr: &str, submission_id: &str, title: &str) -> common::HttpResponse {
    let body = format!(
        "submission_id={submission_id}&title={}&description={}&resident_name=&resident_phone={}&consent=on",
        urlencode(title),
        urlencode("村里的水渠堵了，下雨就淹地。"),
        urlencode("139 0000 5678"),
    );
    http(addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).unwrap()
}

fn count_rooms_on_home(addr: &str) -> usize {
    let home = http(addr, "GET", "/", None).unwrap();
    assert_eq!(home.status, 200);
    home.body.matches("href=\"/r/").count()
}

#[test]
fn a_concern_survives_a_restart_and_demo_data_loads_once() {
    let dir = temp_dir("restart");
    let url = format!("rocksdb://{}", dir.join("db").display());

    let server = Server::start(&url, &["--demo"]);
    assert_eq!(count_rooms_on_home(&server.addr), 28);
    let submission_id = "00112233445566778899aabbccddeeff";
    let posted = post_concern(&server.addr, submission_id, "水渠堵塞 🌧");
    assert_eq!(posted.status, 303, "{}", posted.head);
    let location = posted.header("location").unwrap();
    assert!(
        location.starts_with("/c/SY-") && location.ends_with("?new=1"),
        "{location}"
    );
    server.stop();

    let server = Server::start(&url, &["--demo"]);
    assert_eq!(
        count_rooms_on_home(&server.addr),
        28,
        "demo data was loaded a second time"
    );
    let case = http(&server.addr, "GET", &location, None).unwrap();
    assert_eq!(case.status, 200);
    assert!(case.body.contains("水渠堵塞 🌧"));
    assert!(case.body.contains("受理中"));
    assert!(!case.body.contains("13900005678") && !case.body.contains("139 0000 5678"));
    // The same form posted again after the restart finds its case.
    let again = post_concern(&server.addr, submission_id, "水渠堵塞 🌧");
    assert_eq!(again.header("location").as_deref(), Some(location.as_str()));
    server.stop();
    assert!(Path::new(&dir).join("db").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pages_answer_without_javascript_and_errors_keep_the_text() {
    let server = Server::start("mem://", &["--demo"]);
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).unwrap();
    assert_eq!(room.status, 200);
    assert!(room.body.contains("东风村协商议事室"));
    assert!(room.body.contains("name=\"submission_id\""));

    // Missing consent: back to the form, with the text and the reason.
    let body = format!(
        "submission_id=ffeeddccbbaa99887766554433221100&title={}&description={}&resident_name=&resident_phone=",
        urlencode("路灯不亮"),
        urlencode("晚上看不见路")
    );
    let refused = http(&server.addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).unwrap();
    assert_eq!(refused.status, 303);
    let back = refused.header("location").unwrap();
    // The redirect names a flash kept on the server, never the text or the form's secret id.
    assert!(back.starts_with("/r/sy-dongfeng?flash="), "{back}");
    assert!(!back.contains("ffeeddccbbaa99887766554433221100") && !back.contains("%E8%B7%AF"));
    let device = refused
        .header("set-cookie")
        .expect("the browser gets its token")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let form = common::http_with_cookie(
        &server.addr,
        "GET",
        back.split('#').next().unwrap(),
        &device,
    )
    .unwrap();
    assert!(form.body.contains("路灯不亮") && form.body.contains("晚上看不见路"));
    assert!(form.body.contains("隐私说明"));
    assert!(form.body.contains("data-testid=\"form-error\""));

    let missing = http(&server.addr, "GET", "/r/no-such-room", None).unwrap();
    assert_eq!(missing.status, 404);
    let missing_case = http(&server.addr, "GET", "/c/SY-2026-000000", None).unwrap();
    assert!(missing_case.body.contains("查询码有误") || missing_case.body.contains("找不到"));
    let health = http(&server.addr, "GET", "/healthz", None).unwrap();
    assert_eq!(health.body, "ok");
    server.stop();
}

#[test]
fn bad_configuration_is_explained() {
    let run = |args: &[&str]| {
        let out = Command::new(BIN).arg("serve").args(args).output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, err) = run(&["--db", "postgres://x", "--addr", "127.0.0.1:0"]);
    assert!(!ok && err.contains("unsupported database URL"), "{err}");
    let (ok, err) = run(&["--db", "ws://127.0.0.1:9", "--addr", "127.0.0.1:0"]);
    assert!(!ok && err.contains("127.0.0.1:9"), "{err}");
    let (ok, err) = run(&[
        "--db",
        "mem://",
        "--ns",
        "bad name",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert!(!ok && err.contains("namespace"), "{err}");
    let (ok, err) = run(&[
        "--db",
        "mem://",
        "--public-url",
        "example.cn",
        "--addr",
        "127.0.0.1:0",
    ]);
    assert!(!ok && err.contains("public-url"), "{err}");
}

#[test]
fn responses_carry_protective_headers_and_oversized_forms_are_refused() {
    let server = Server::start("mem://", &["--demo"]);
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).unwrap();
    assert_eq!(room.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(
        room.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        room.header("referrer-policy").as_deref(),
        Some("same-origin")
    );

    let huge = format!(
        "submission_id=00112233445566778899aabbccddeeff&title=x&description={}&consent=on",
        "a".repeat(100 * 1024)
    );
    let refused = http(&server.addr, "POST", "/r/sy-dongfeng/concern", Some(&huge)).unwrap();
    assert_eq!(refused.status, 413);
    server.stop();
}

/// A server function called as the app's own pages call it: JSON in, JSON out. The raw answer.
fn post_json(addr: &str, path: &str, cookie: &str, body: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

/// Signs in through the real form and returns the session cookie.
fn sign_in(addr: &str, phone: &str, password: &str) -> String {
    let body = format!(
        "login={phone}&password={}&next=%2Fadmin",
        urlencode(password)
    );
    let signed = http(addr, "POST", "/login", Some(&body)).unwrap();
    assert_eq!(
        signed.header("location").as_deref(),
        Some("/admin"),
        "{}",
        signed.head
    );
    signed
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn shutdown_ends_live_streams_and_the_log_holds_no_personal_data() {
    use std::io::{Read, Write};
    let dir = temp_dir("shutdown");
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("rocksdb://{}", dir.join("db").display());
    let admin_phone = "13800000077";
    let mut create = Command::new(BIN)
        .args([
            "admin",
            "create",
            "--phone",
            admin_phone,
            "--name",
            "区政协办公室",
            "--db",
            &url,
        ])
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    create
        .stdin
        .take()
        .unwrap()
        .write_all(b"shutdown-test-pass-1\n")
        .unwrap();
    assert!(create.wait().unwrap().success());
    let log = dir.join("server.log");
    let server = Server::start_logging(&url, &["--demo"], Some(&log));
    let cookie = sign_in(&server.addr, admin_phone, "shutdown-test-pass-1");
    // A resident's concern with a name and a phone, a wrong sign-in by phone, a refusal.
    let posted = post_concern(&server.addr, "99887766554433221100ffeeddccbbaa", "村口积水");
    assert_eq!(posted.status, 303);
    let wrong = "login=13900005678&password=wrong-guess&next=%2Fadmin";
    http(&server.addr, "POST", "/login", Some(wrong)).unwrap();
    let denied = post_json(&server.addr, "/api/list_accounts", "", "{}");
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");

    // A live stream is open when the server is told to stop.
    let session = {
        let body =
            serde_json::json!({"input": {"council": "sy_dongfeng", "topic": "", "title": "板凳会",
            "form": "bench", "room": "", "place": "村口", "starts_at": "2026-11-25T09:30",
            "invited_members": "", "invited_departments": "", "invited_residents": "",
            "invited_elders": "", "invited_stakeholders": ""}})
            .to_string();
        let answer = post_json(&server.addr, "/api/create_session", &cookie, &body);
        // The body is the key as a JSON string (chunked or not).
        let (_, body) = answer.split_once("\r\n\r\n").unwrap();
        let key = body.split('"').nth(1).unwrap_or_default().to_string();
        assert!(!key.is_empty(), "{answer}");
        key
    };
    let mut events = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(
        events,
        "GET /s/{session}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n\r\n"
    )
    .unwrap();
    let mut first = [0u8; 64];
    let read = events.read(&mut first).unwrap();
    assert!(String::from_utf8_lossy(&first[..read]).starts_with("HTTP/1.1 200"));
    let took = server
        .stop_within(Duration::from_secs(15))
        .expect("the server stops with a stream open");
    // Well before the 5 s the server gives requests under way: the stream ended at once.
    assert!(took < Duration::from_secs(3), "took {took:?}");

    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("listening"),
        "the log was written: {written}"
    );
    for personal in ["13900005678", "139 0000 5678", admin_phone, "区政协办公室"] {
        assert!(
            !written.contains(personal),
            "{personal} in the log:\n{written}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
