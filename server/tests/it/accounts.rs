//! Signing in and out over real HTTP: cookies, redirects, rate limits, disabled accounts, and
//! the `bandeng admin create` command.
use crate::common;

use app::accounts::api::ChangePassword;
use app::accounts::store::NewAccount;
use common::{hash, record, request, urlencode, HttpResponse};

const FORM: &str = "application/x-www-form-urlencoded";

async fn login(addr: &str, login: &str, password: &str, next: &str) -> HttpResponse {
    let body = format!(
        "login={}&password={}&next={}",
        urlencode(login),
        urlencode(password),
        urlencode(next)
    );
    request(addr, "POST", "/login", None, Some((FORM, body))).await
}

fn cookie_of(response: &HttpResponse) -> String {
    let set = response.header("set-cookie").expect("a session cookie");
    set.split(';').next().unwrap().to_string()
}

async fn admin(state: &app::server::state::AppState, phone: &str) -> surrealdb::types::RecordId {
    app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "管理员".into(),
            phone: Some(phone.into()),
            password_hash: hash("正确的密码abc"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_a_safe_cookie_and_returns_to_the_page_asked_for() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    admin(&state, "13800000001").await;

    // Signed out: /admin sends to sign-in, remembering where to come back.
    let guarded = request(
        &server.addr,
        "GET",
        "/admin/audit?action=room.create",
        None,
        None,
    )
    .await;
    assert_eq!(guarded.status, 303, "{}", guarded.head);
    assert_eq!(
        guarded.header("location").as_deref(),
        Some("/login?next=/admin/audit%3Faction%3Droom.create")
    );
    let page = request(&server.addr, "GET", "/login?next=/admin", None, None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"password\""));

    let wrong = login(&server.addr, "138 0000 0001", "错误的密码xyz", "/admin").await;
    assert_eq!(wrong.status, 303);
    let location = wrong.header("location").unwrap();
    assert!(
        location.starts_with("/login?error=wrong&login=138%200000%200001"),
        "{location}"
    );
    assert!(wrong.header("set-cookie").is_none());

    let ok = login(&server.addr, "13800000001", "正确的密码abc", "/admin/audit").await;
    assert_eq!(ok.status, 303);
    assert_eq!(ok.header("location").as_deref(), Some("/admin/audit"));
    let set = ok.header("set-cookie").unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"),
        "{set}"
    );
    assert!(!set.contains("Secure"), "plain http in tests");
    let cookie = cookie_of(&ok);
    let admin_page = request(&server.addr, "GET", "/admin", Some(&cookie), None).await;
    assert_eq!(admin_page.status, 200);
    assert!(
        admin_page.body.contains("管理员"),
        "the admin home names who is signed in"
    );

    // Another site as `next` is ignored.
    let ok = login(
        &server.addr,
        "13800000001",
        "正确的密码abc",
        "//evil.example/",
    )
    .await;
    assert_eq!(ok.header("location").as_deref(), Some("/admin"));

    // Signing out ends the session on the server, not just in the browser.
    let out = request(
        &server.addr,
        "POST",
        "/logout",
        Some(&cookie),
        Some((FORM, String::new())),
    )
    .await;
    assert_eq!(out.status, 303);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = request(&server.addr, "GET", "/admin", Some(&cookie), None).await;
    assert_eq!(after.status, 303, "a replayed cookie no longer works");
    assert_eq!(
        common::count(&state, "session").await,
        1,
        "only the second sign-in remains"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_a_password_is_rate_limited_per_account() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    admin(&state, "13800000002").await;
    // Signing in rightly, however often, costs nothing.
    for _ in 0..8 {
        let r = login(&server.addr, "13800000002", "正确的密码abc", "/admin").await;
        assert_eq!(r.header("location").as_deref(), Some("/admin"));
    }
    for _ in 0..5 {
        let r = login(&server.addr, "13800000002", "猜一猜guess", "/admin").await;
        assert!(r.header("location").unwrap().contains("error=wrong"));
    }
    // Now even the right password waits: the account's bucket is empty.
    let r = login(&server.addr, "13800000002", "正确的密码abc", "/admin").await;
    assert!(
        r.header("location").unwrap().contains("error=limited"),
        "{}",
        r.head
    );
    assert!(r.header("set-cookie").is_none());
    // Other accounts are not affected.
    admin(&state, "13800000003").await;
    let r = login(&server.addr, "13800000003", "正确的密码abc", "/admin").await;
    assert_eq!(r.header("location").as_deref(), Some("/admin"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_rate_limited_per_address() {
    let mut settings = common::settings(10);
    settings.login_ip_limit.burst = 3;
    let db = app::server::db::connect_memory().await.unwrap();
    let state = app::server::state::AppState::new(
        db,
        leptos::config::LeptosOptions::builder()
            .output_name("bandeng")
            .build(),
        settings,
    );
    let server = common::serve(state.clone()).await;
    for i in 0..3 {
        let r = login(
            &server.addr,
            &format!("1380000010{i}"),
            "whatever123",
            "/admin",
        )
        .await;
        assert!(r.header("location").unwrap().contains("error=wrong"));
    }
    let r = login(&server.addr, "13800000109", "whatever123", "/admin").await;
    assert!(r.header("location").unwrap().contains("error=limited"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_cannot_sign_in_and_its_sessions_end() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let id = admin(&state, "13800000004").await;
    let ok = login(&server.addr, "13800000004", "正确的密码abc", "/admin").await;
    let cookie = cookie_of(&ok);
    app::accounts::store::set_disabled(&state.db, &id, true)
        .await
        .unwrap();
    let after = request(&server.addr, "GET", "/admin", Some(&cookie), None).await;
    assert_eq!(after.status, 303);
    let again = login(&server.addr, "13800000004", "正确的密码abc", "/admin").await;
    assert!(again.header("location").unwrap().contains("error=disabled"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_time_code_leads_to_choosing_a_password() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "新委员".into(),
            phone: Some("13800000005".into()),
            password_hash: hash("ONETIMECODE9"),
            member: Some(record("member", "sy_01")),
            must_change_password: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let r = login(&server.addr, "13800000005", "ONETIMECODE9", "/admin").await;
    assert_eq!(
        r.header("location").as_deref(),
        Some("/account/password?next=/admin")
    );
    let cookie = cookie_of(&r);
    let change = |current: &str, new: &str, confirm: &str| ChangePassword {
        current: current.into(),
        new: new.into(),
        confirm: confirm.into(),
    };
    let weak = common::call(
        &server.addr,
        Some(&cookie),
        change("ONETIMECODE9", "12345678", "12345678"),
    )
    .await;
    assert!(weak.body.contains("Invalid"), "{}", weak.body);
    let changed = common::call(
        &server.addr,
        Some(&cookie),
        change("ONETIMECODE9", "我的新密码2026", "我的新密码2026"),
    )
    .await;
    assert!(changed.status < 400, "{} {}", changed.status, changed.body);
    assert!(!changed.body.contains("Invalid"));
    let old = login(&server.addr, "13800000005", "ONETIMECODE9", "/admin").await;
    assert!(old.header("location").unwrap().contains("error=wrong"));
    let new = login(&server.addr, "13800000005", "我的新密码2026", "/admin").await;
    assert_eq!(
        new.header("location").as_deref(),
        Some("/admin"),
        "no longer asked to change"
    );
}

#[test]
fn the_first_admin_is_created_from_the_command_line() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let dir = std::env::temp_dir().join(format!("bandeng-admin-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let url = format!("rocksdb://{}", dir.join("db").display());
    let run = |password: &str, phone: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bandeng"))
            .args([
                "admin",
                "create",
                "--phone",
                phone,
                "--name",
                "区政协办公室",
                "--db",
                &url,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(password.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let ok = run("长长的管理员密码\n", "13800000006");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("created system admin 13800000006"));

    let again = run("另一个管理员密码\n", "13800000006");
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let empty = run("", "13800000007");
    assert!(!empty.status.success());
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no password"));

    let weak = run("1234\n", "13800000007");
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("password"));

    let bad_phone = run("长长的管理员密码\n", "12345");
    assert!(!bad_phone.status.success());
    assert!(String::from_utf8_lossy(&bad_phone.stderr).contains("--phone"));
    let _ = std::fs::remove_dir_all(&dir);
}
