//! The real `bandeng` binary on the embedded on-disk engine: a concern raised by a plain form POST
//! (no JavaScript) survives a restart, demo data is not loaded twice, bad configuration is explained.
use crate::common;

use app::accounts::api::ListAccounts;
use app::sessions::api::CreateSession;
use app::sessions::SessionInput;
use common::{request, urlencode, HttpResponse};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_bandeng");

/// A GET, or a plain form POST as a browser without JavaScript sends it.
async fn http(addr: &str, method: &str, path: &str, form_body: Option<&str>) -> HttpResponse {
    let body = form_body.map(|b| ("application/x-www-form-urlencoded", b.to_string()));
    request(addr, method, path, None, body).await
}

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
    async fn start(db_url: &str, extra: &[&str]) -> Server {
        Server::start_logging(db_url, extra, None).await
    }

    /// `start`, with the server's log (at info) written to `log` when given.
    async fn start_logging(db_url: &str, extra: &[&str], log: Option<&Path>) -> Server {
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
            let health = common::start(&server.addr, "GET", "/healthz", &[], Vec::new()).await;
            if health.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!("server on {} did not become healthy", server.addr);
    }

    /// SIGTERM, then wait: a clean shutdown releases the database lock.
    async fn stop(self) {
        self.stop_within(Duration::from_secs(30)).await;
    }

    /// SIGTERM; how long the process took to exit, if it did within `limit`.
    async fn stop_within(mut self, limit: Duration) -> Option<Duration> {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Some(started.elapsed());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
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

async fn post_concern(addr: &str, submission_id: &str, title: &str) -> HttpResponse {
    let body = format!(
        "submission_id={submission_id}&title={}&description={}&resident_name=&resident_phone={}&consent=on",
        urlencode(title),
        urlencode("村里的水渠堵了，下雨就淹地。"),
        urlencode("139 0000 5678"),
    );
    http(addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).await
}

async fn count_rooms_on_home(addr: &str) -> usize {
    let home = http(addr, "GET", "/", None).await;
    assert_eq!(home.status, 200);
    home.body.matches("href=\"/r/").count()
}

#[tokio::test]
async fn a_concern_survives_a_restart_and_demo_data_loads_once() {
    let dir = temp_dir("restart");
    let url = format!("rocksdb://{}", dir.join("db").display());

    let server = Server::start(&url, &["--demo"]).await;
    assert_eq!(count_rooms_on_home(&server.addr).await, 28);
    let submission_id = "00112233445566778899aabbccddeeff";
    let posted = post_concern(&server.addr, submission_id, "水渠堵塞 🌧").await;
    assert_eq!(posted.status, 303, "{}", posted.head);
    let location = posted.header("location").unwrap();
    assert!(
        location.starts_with("/c/SY-") && location.ends_with("?new=1"),
        "{location}"
    );
    server.stop().await;

    let server = Server::start(&url, &["--demo"]).await;
    assert_eq!(
        count_rooms_on_home(&server.addr).await,
        28,
        "demo data was loaded a second time"
    );
    let case = http(&server.addr, "GET", &location, None).await;
    assert_eq!(case.status, 200);
    assert!(case.body.contains("水渠堵塞 🌧"));
    assert!(case.body.contains("受理中"));
    assert!(!case.body.contains("13900005678") && !case.body.contains("139 0000 5678"));
    // The same form posted again after the restart finds its case.
    let again = post_concern(&server.addr, submission_id, "水渠堵塞 🌧").await;
    assert_eq!(again.header("location").as_deref(), Some(location.as_str()));
    server.stop().await;
    assert!(Path::new(&dir).join("db").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn pages_answer_without_javascript_and_errors_keep_the_text() {
    let server = Server::start("mem://", &["--demo"]).await;
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).await;
    assert_eq!(room.status, 200);
    assert!(room.body.contains("东风村协商议事室"));
    assert!(room.body.contains("name=\"submission_id\""));

    // Missing consent: back to the form, with the text and the reason.
    let body = format!(
        "submission_id=ffeeddccbbaa99887766554433221100&title={}&description={}&resident_name=&resident_phone=",
        urlencode("路灯不亮"),
        urlencode("晚上看不见路")
    );
    let refused = http(&server.addr, "POST", "/r/sy-dongfeng/concern", Some(&body)).await;
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
    let form = request(
        &server.addr,
        "GET",
        back.split('#').next().unwrap(),
        Some(&device),
        None,
    )
    .await;
    assert!(form.body.contains("路灯不亮") && form.body.contains("晚上看不见路"));
    assert!(form.body.contains("隐私说明"));
    assert!(form.body.contains("data-testid=\"form-error\""));

    let missing = http(&server.addr, "GET", "/r/no-such-room", None).await;
    assert_eq!(missing.status, 404);
    let missing_case = http(&server.addr, "GET", "/c/SY-2026-000000", None).await;
    assert!(missing_case.body.contains("查询码有误") || missing_case.body.contains("找不到"));
    let health = http(&server.addr, "GET", "/healthz", None).await;
    assert_eq!(health.body, "ok");
    server.stop().await;
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

#[tokio::test]
async fn responses_carry_protective_headers_and_oversized_forms_are_refused() {
    let server = Server::start("mem://", &["--demo"]).await;
    let room = http(&server.addr, "GET", "/r/sy-dongfeng", None).await;
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
    let form = [
        "Accept: text/html",
        "Content-Type: application/x-www-form-urlencoded",
    ];
    let (status, _) = common::send_oversized(
        &server.addr,
        "POST",
        "/r/sy-dongfeng/concern",
        &form,
        huge.as_bytes(),
    )
    .await;
    assert_eq!(status, 413);
    server.stop().await;
}

/// Signs in through the real form and returns the session cookie.
async fn sign_in(addr: &str, phone: &str, password: &str) -> String {
    let body = format!(
        "login={phone}&password={}&next=%2Fadmin",
        urlencode(password)
    );
    let signed = http(addr, "POST", "/login", Some(&body)).await;
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

#[tokio::test]
async fn shutdown_ends_live_streams_and_the_log_holds_no_personal_data() {
    use std::io::Write;
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
    let server = Server::start_logging(&url, &["--demo"], Some(&log)).await;
    let cookie = sign_in(&server.addr, admin_phone, "shutdown-test-pass-1").await;
    // A resident's concern with a name and a phone, a wrong sign-in by phone, a refusal.
    let posted = post_concern(&server.addr, "99887766554433221100ffeeddccbbaa", "村口积水").await;
    assert_eq!(posted.status, 303);
    let wrong = "login=13900005678&password=wrong-guess&next=%2Fadmin";
    http(&server.addr, "POST", "/login", Some(wrong)).await;
    let denied = common::call(&server.addr, None, ListAccounts {}).await;
    assert!(denied.head.starts_with("HTTP/1.1 401"), "{}", denied.head);

    // A live stream is open when the server is told to stop.
    let session = {
        let input = SessionInput {
            council: "sy_dongfeng".into(),
            title: "板凳会".into(),
            form: "bench".into(),
            place: "村口".into(),
            starts_at: "2026-11-25T09:30".into(),
            ..Default::default()
        };
        let answer = common::call(&server.addr, Some(&cookie), CreateSession { input }).await;
        // The body is the key as a JSON string.
        let key: String = serde_json::from_str(&answer.body).unwrap_or_default();
        assert!(!key.is_empty(), "{}\n{}", answer.head, answer.body);
        key
    };
    let cookie = format!("Cookie: {cookie}");
    let events = common::start(
        &server.addr,
        "GET",
        &format!("/s/{session}/events"),
        &["Accept: text/event-stream", &cookie],
        Vec::new(),
    )
    .await
    .expect("the stream opens");
    assert!(common::head_of(&events).starts_with("HTTP/1.1 200"));
    let took = server
        .stop_within(Duration::from_secs(15))
        .await
        .expect("the server stops with a stream open");
    drop(events);
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
