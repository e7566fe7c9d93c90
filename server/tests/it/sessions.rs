//! Consultation sessions over real HTTP on `mem://`: notes stored exactly once however often they
//! are sent, corrections that never overwrite silently, the form that works without JavaScript,
//! live delivery from the database to every app server, and who may see a session at all.
use crate::common;

use app::accounts::store::NewAccount;
use common::{api, call, request, Body};
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn account_of(
    state: &app::server::state::AppState,
    council: &str,
    role: &str,
    phone: &str,
) -> String {
    let member = common::member_with_role(state, council, role).await;
    common::signed_in(
        state,
        NewAccount {
            name: format!("{council} {role}"),
            phone: Some(phone.into()),
            password_hash: common::hash("委员的密码123456"),
            member: Some(common::record("member", &member)),
            ..Default::default()
        },
    )
    .await
}

async fn open_session(addr: &str, cookie: &str, council: &str, topic: &str) -> String {
    let input = json!({"input": {"council": council, "topic": topic, "title": "新建村道路硬化板凳会",
        "form": "bench", "room": "", "place": "新建村3组晒场", "starts_at": "2026-11-25T09:30",
        "invited_members": "", "invited_departments": "县交通运输局", "invited_residents": "王大妈、李大爷",
        "invited_elders": "", "invited_stakeholders": ""}});
    api(addr, cookie, "create_session", Body::Json(input))
        .await
        .expect("a member opens a session")
        .as_str()
        .unwrap()
        .to_string()
}

fn draft(id: &str, kind: &str, text: &str, at: &str) -> Value {
    json!({"id": id, "kind": kind, "speaker_kind": "resident", "speaker_name": "王大妈", "text": text,
        "written_at": at})
}

/// The session as the page's server function shows it to `cookie`.
async fn session_view(addr: &str, cookie: &str, session: &str) -> Value {
    api(
        addr,
        cookie,
        "session",
        Body::Form(format!("key={session}")),
    )
    .await
    .expect("the session")
}

/// A plain form POST to `/s/{session}/{what}`, as a browser without JavaScript sends it.
async fn post_form(
    addr: &str,
    session: &str,
    what: &str,
    cookie: Option<&str>,
    form: String,
) -> common::HttpResponse {
    request(
        addr,
        "POST",
        &format!("/s/{session}/{what}"),
        cookie,
        Some(("application/x-www-form-urlencoded", form)),
    )
    .await
}

async fn note_count(state: &app::server::state::AppState, session: &str) -> i64 {
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM note WHERE session = $s)")
        .bind(("s", common::record("council_session", session)))
        .await
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

#[tokio::test]
async fn a_batch_replayed_100_times_at_once_is_stored_once() {
    let server = common::serve(common::demo_state(10).await).await;
    let cookie = account_of(&server.state, "sy_xinjian", "member", "13700000001").await;
    let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
    let batch: Vec<Value> = (0..20)
        .map(|i| {
            draft(
                &format!("{:032x}", 0xabc000 + i),
                "statement",
                &format!("第{i}条：路面坑洼，雨天积水 🌧"),
                &format!("2026-11-24T01:{:02}:00.000Z", i),
            )
        })
        .collect();
    let mut replays = Vec::new();
    for _ in 0..100 {
        let (addr, cookie, session, batch) = (
            server.addr.clone(),
            cookie.clone(),
            session.clone(),
            batch.clone(),
        );
        replays.push(tokio::spawn(async move {
            let mut stored = Vec::new();
            for note in batch {
                let answer = api(
                    &addr,
                    &cookie,
                    "session_note",
                    Body::Json(json!({"key": session, "draft": note})),
                )
                .await
                .expect("a re-sent note is acknowledged, not refused");
                stored.push((
                    answer["id"].as_str().unwrap().to_string(),
                    answer["version"].as_i64().unwrap(),
                ));
            }
            stored
        }));
    }
    let mut answers = Vec::new();
    for replay in replays {
        answers.push(replay.await.unwrap());
    }
    assert!(
        answers.windows(2).all(|w| w[0] == w[1]),
        "every replay sees the same notes"
    );
    assert_eq!(answers[0].len(), 20);
    assert!(answers[0].iter().all(|(_, version)| *version == 1));
    assert_eq!(note_count(&server.state, &session).await, 20);
    assert_eq!(common::count(&server.state, "note_revision").await, 20);

    // The same id with other words is a conflict, and the stored note stays as it was.
    let changed = draft(
        &format!("{:032x}", 0xabc000),
        "statement",
        "改过的话",
        "2026-11-24T01:00:00.000Z",
    );
    let response = call(
        &server.addr,
        "session_note",
        Some(&cookie),
        &Body::Json(json!({"key": session, "draft": changed})),
    )
    .await;
    assert_eq!(response.status, 409);
    let view = session_view(&server.addr, &cookie, &session).await;
    let notes = view["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 20);
    assert_eq!(notes[0]["text"], "第0条：路面坑洼，雨天积水 🌧");
    // Written order, not arrival order.
    let texts: Vec<&str> = notes.iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(texts[19].starts_with("第19条"));
}

#[tokio::test]
async fn notes_are_checked_and_placed_by_when_they_were_written() {
    let server = common::serve(common::demo_state(10).await).await;
    let cookie = account_of(&server.state, "sy_xinjian", "member", "13700000002").await;
    let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
    let post = |id: &str, text: &str, at: &str| {
        let body = json!({"key": session, "draft": draft(id, "statement", text, at)});
        let (addr, cookie) = (server.addr.clone(), cookie.clone());
        async move { call(&addr, "session_note", Some(&cookie), &Body::Json(body)).await }
    };
    assert_eq!(
        post(&"1".repeat(32), "   ", "2026-11-24T01:00:00.000Z")
            .await
            .status,
        400
    );
    assert_eq!(
        post(
            &"2".repeat(32),
            &"长".repeat(2001),
            "2026-11-24T01:00:00.000Z"
        )
        .await
        .status,
        400
    );
    // Not an id a phone makes: refused before anything is read (the server-function layer answers it).
    let forged = post("not-an-id", "好", "2026-11-24T01:00:00.000Z").await;
    assert!(
        forged.status >= 400 && forged.body.contains("Invalid"),
        "{}",
        forged.body
    );
    // Written offline an hour ago, sent now: it goes before a note written a minute ago.
    let hour_ago = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let minute_ago = (chrono::Utc::now() - chrono::Duration::minutes(1)).to_rfc3339();
    assert_eq!(
        post(&"4".repeat(32), "刚才说的", &minute_ago).await.status,
        200
    );
    assert_eq!(
        post(&"3".repeat(32), "一小时前离线记的", &hour_ago)
            .await
            .status,
        200
    );
    // A clock in the future is not believed.
    assert_eq!(
        post(&"5".repeat(32), "手机时间错了", "2099-01-01T00:00:00Z")
            .await
            .status,
        200
    );
    let view = session_view(&server.addr, &cookie, &session).await;
    let texts: Vec<&str> = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["一小时前离线记的", "刚才说的", "手机时间错了"]);
    assert_eq!(note_count(&server.state, &session).await, 3);
}

#[tokio::test]
async fn corrections_are_versioned_and_concurrent_ones_are_kept() {
    let server = common::serve(common::demo_state(10).await).await;
    let cookie = account_of(&server.state, "sy_xinjian", "member", "13700000003").await;
    let other = account_of(&server.state, "sy_xinjian", "liaison", "13700000004").await;
    let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
    let id = "a".repeat(32);
    api(
        &server.addr,
        &cookie,
        "session_note",
        Body::Json(json!({"key": session,
        "draft": draft(&id, "statement", "路宽三米", "2026-11-24T01:00:00.000Z")})),
    )
    .await
    .unwrap();
    let correction = |edit: &str, base: i64, text: &str| {
        json!({"key": session, "correction": {"note": id, "edit": edit, "base_version": base,
            "kind": "statement", "speaker_kind": "resident", "speaker_name": "王大妈", "text": text}})
    };
    let first = api(
        &server.addr,
        &cookie,
        "session_correct",
        Body::Json(correction(&"e".repeat(32), 1, "路宽四米")),
    )
    .await
    .unwrap();
    assert_eq!(
        (first["version"].as_i64(), first["text"].as_str()),
        (Some(2), Some("路宽四米"))
    );
    // The same correction again (its answer was lost): nothing changes.
    let again = api(
        &server.addr,
        &cookie,
        "session_correct",
        Body::Json(correction(&"e".repeat(32), 1, "路宽四米")),
    )
    .await
    .unwrap();
    assert_eq!(again["version"].as_i64(), Some(2));
    // Made on another phone from version 1, sent late: kept beside the note, not applied, not lost.
    let late = api(
        &server.addr,
        &cookie,
        "session_correct",
        Body::Json(correction(&"f".repeat(32), 1, "路宽五米")),
    )
    .await
    .unwrap();
    assert_eq!(
        (late["version"].as_i64(), late["text"].as_str()),
        (Some(2), Some("路宽四米"))
    );
    assert_eq!(late["conflicts"][0]["text"], "路宽五米");
    assert_eq!(late["conflicts"][0]["base_version"], 1);
    // Settled from the latest version: applied, the conflict cleared, every version kept.
    let settled = api(
        &server.addr,
        &cookie,
        "session_correct",
        Body::Json(correction(&format!("{}9", "0".repeat(31)), 2, "路宽五米")),
    )
    .await
    .unwrap();
    assert_eq!(settled["version"].as_i64(), Some(3));
    assert_eq!(settled["conflicts"].as_array().map(Vec::len), Some(0));
    assert_eq!(common::count(&server.state, "note_revision").await, 3);
    // Someone else's note cannot be corrected.
    let theirs = call(
        &server.addr,
        "session_correct",
        Some(&other),
        &Body::Json(correction(&"b".repeat(32), 3, "别人改的")),
    )
    .await;
    assert_eq!(theirs.status, 403);
}

#[tokio::test]
async fn only_the_councils_members_reach_a_session() {
    let server = common::serve(common::demo_state(10).await).await;
    let member = account_of(&server.state, "sy_xinjian", "member", "13700000005").await;
    let outsider = account_of(&server.state, "sy_town", "member", "13700000006").await;
    let session = open_session(&server.addr, &member, "sy_xinjian", "").await;
    let note = Body::Json(
        json!({"key": session, "draft": draft(&"c".repeat(32), "statement", "好", "2026-11-24T01:00:00.000Z")}),
    );
    for (cookie, status) in [(None, 401), (Some(outsider.as_str()), 403)] {
        assert_eq!(
            call(
                &server.addr,
                "session",
                cookie,
                &Body::Form(format!("key={session}"))
            )
            .await
            .status,
            status
        );
        assert_eq!(
            call(&server.addr, "session_note", cookie, &note)
                .await
                .status,
            status
        );
        assert_eq!(
            call(
                &server.addr,
                "session_check_in",
                cookie,
                &Body::Form(format!("key={session}"))
            )
            .await
            .status,
            status
        );
        let events = request(
            &server.addr,
            "GET",
            &format!("/s/{session}/events"),
            cookie,
            None,
        )
        .await;
        assert!(
            events.status == status || (cookie.is_none() && events.status == 303),
            "events: {}",
            events.status
        );
    }
    // Opening a session for another council is refused too.
    let input = json!({"input": {"council": "sy_xinjian", "topic": "", "title": "冒名", "form": "bench", "room": "",
        "place": "", "starts_at": "2026-11-25T09:30", "invited_members": "", "invited_departments": "",
        "invited_residents": "", "invited_elders": "", "invited_stakeholders": ""}});
    assert_eq!(
        call(
            &server.addr,
            "create_session",
            Some(&outsider),
            &Body::Json(input)
        )
        .await
        .status,
        403
    );
    assert_eq!(note_count(&server.state, &session).await, 0);
    // An unknown session is simply not found.
    assert_eq!(
        call(
            &server.addr,
            "session",
            Some(&member),
            &Body::Form("key=nosuchsession".into())
        )
        .await
        .status,
        404
    );
}

#[tokio::test]
async fn attendance_close_and_carrying_proposals_into_the_topics_list() {
    let server = common::serve(common::demo_state(10).await).await;
    let head = account_of(&server.state, "sy_xinjian", "head", "13700000007").await;
    let session = open_session(&server.addr, &head, "sy_xinjian", "SY-2026-610947").await;
    let key = Body::Form(format!("key={session}"));
    api(&server.addr, &head, "session_check_in", key.clone())
        .await
        .unwrap();
    api(&server.addr, &head, "session_check_in", key.clone())
        .await
        .unwrap();
    api(
        &server.addr,
        &head,
        "session_attendee",
        Body::Form(format!(
            "key={session}&name=%E7%8E%8B%E5%A4%A7%E5%A6%88&kind=resident"
        )),
    )
    .await
    .unwrap();
    assert!(api(
        &server.addr,
        &head,
        "session_attendee",
        Body::Form(format!("key={session}&name=&kind=resident"))
    )
    .await
    .is_err());
    api(
        &server.addr,
        &head,
        "session_headcount",
        Body::Form(format!("key={session}&headcount=23")),
    )
    .await
    .unwrap();
    for (i, code) in ["proposal", "statement", "action"].iter().enumerate() {
        let id = format!("{:032x}", 0xdd00 + i);
        api(&server.addr, &head, "session_note", Body::Json(json!({"key": session,
            "draft": draft(&id, code, &format!("{code}：村道硬化到组"), "2026-11-24T01:00:00.000Z")}))).await.unwrap();
    }
    let before = common::count(&server.state, "recommendation").await;
    let carry = |i: usize| Body::Form(format!("key={session}&note={:032x}", 0xdd00 + i));
    api(&server.addr, &head, "session_carry", carry(0))
        .await
        .unwrap();
    api(&server.addr, &head, "session_carry", carry(0))
        .await
        .unwrap();
    api(&server.addr, &head, "session_carry", carry(2))
        .await
        .unwrap();
    assert!(
        api(&server.addr, &head, "session_carry", carry(1))
            .await
            .is_err(),
        "a statement is not a recommendation"
    );
    assert_eq!(
        common::count(&server.state, "recommendation").await,
        before + 2
    );
    let view = api(&server.addr, &head, "session", key.clone())
        .await
        .unwrap();
    assert_eq!(
        view["attendees"].as_array().unwrap().len(),
        2,
        "checking in twice counts once"
    );
    assert_eq!(view["headcount"], 23);
    assert_eq!(view["topic"]["code"], "SY-2026-610947");
    let carried: Vec<bool> = view["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["carried"].as_bool().unwrap())
        .collect();
    assert_eq!(carried.iter().filter(|c| **c).count(), 2);

    assert!(api(
        &server.addr,
        &head,
        "session_close",
        Body::Form(format!("key={session}&summary="))
    )
    .await
    .is_err());
    api(
        &server.addr,
        &head,
        "session_close",
        Body::Form(format!("key={session}&summary=%E5%85%B1%E8%AF%86")),
    )
    .await
    .unwrap();
    // A note written offline before the close still arrives afterwards.
    api(
        &server.addr,
        &head,
        "session_note",
        Body::Json(json!({"key": session,
        "draft": draft(&"d".repeat(32), "statement", "离线时记的", "2026-11-24T01:00:00.000Z")})),
    )
    .await
    .unwrap();
    let view = api(&server.addr, &head, "session", key).await.unwrap();
    assert_eq!(
        (view["open"].as_bool(), view["summary"].as_str()),
        (Some(false), Some("共识"))
    );
    assert_eq!(view["notes"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn the_form_without_javascript_stores_a_note_once_and_keeps_a_refused_one() {
    let server = common::serve(common::demo_state(10).await).await;
    let cookie = account_of(&server.state, "sy_xinjian", "member", "13700000008").await;
    let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
    let page = request(
        &server.addr,
        "GET",
        &format!("/s/{session}"),
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("新建村道路硬化板凳会"));
    let id = page.body.split("name=\"id\" value=\"").nth(1).unwrap()[..32].to_string();
    let form = format!("id={id}&kind=proposal&speaker_kind=resident&speaker_name=%E6%9D%8E%E5%A4%A7%E7%88%B7&text=%E8%B7%AF%E7%81%AF%E8%A6%81%E4%BF%AE");
    for _ in 0..2 {
        let posted = post_form(&server.addr, &session, "notes", Some(&cookie), form.clone()).await;
        assert_eq!(posted.status, 303);
        assert_eq!(
            posted.header("location").unwrap(),
            format!("/s/{session}#note-{id}")
        );
    }
    assert_eq!(note_count(&server.state, &session).await, 1);
    let page = request(
        &server.addr,
        "GET",
        &format!("/s/{session}"),
        Some(&cookie),
        None,
    )
    .await;
    assert!(page.body.contains("路灯要修") && page.body.contains("李大爷"));
    // Empty speaker for a member: refused, and the text comes back in the form.
    let bad = format!(
        "id={}&kind=statement&speaker_kind=member&speaker_name=&text=%E5%A5%BD",
        "9".repeat(32)
    );
    let posted = post_form(&server.addr, &session, "notes", Some(&cookie), bad).await;
    assert_eq!(posted.status, 303);
    let back = posted.header("location").unwrap();
    // The text and why it was refused come back through a flash, never in the URL.
    assert!(
        back.contains("flash=") && !back.contains("%E5%A5%BD") && !back.contains("error="),
        "{back}"
    );
    let page = request(&server.addr, "GET", &back, Some(&cookie), None).await;
    assert!(page.body.contains("form-error"));
    assert!(
        page.body.contains(">好</textarea>"),
        "the text typed is kept"
    );
    assert_eq!(note_count(&server.state, &session).await, 1);
    // Signed out: to the sign-in page, not a stored note.
    let posted = post_form(&server.addr, &session, "notes", None, form).await;
    assert_eq!(posted.status, 303);
    assert!(posted.header("location").unwrap().starts_with("/login"));
}

#[tokio::test]
async fn attendance_and_closing_work_without_javascript() {
    let server = common::serve(common::demo_state(10).await).await;
    let cookie = account_of(&server.state, "sy_xinjian", "member", "13700000013").await;
    let outsider = account_of(&server.state, "sy_town", "member", "13700000014").await;
    let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
    let post = |what: &'static str, who: Option<String>, form: String| {
        let (addr, session) = (server.addr.clone(), session.clone());
        async move { post_form(&addr, &session, what, who.as_deref(), form).await }
    };
    let view = || session_view(&server.addr, &cookie, &session);
    let page = request(
        &server.addr,
        "GET",
        &format!("/s/{session}"),
        Some(&cookie),
        None,
    )
    .await;
    for form in ["/attendance\"", "/close\""] {
        assert!(
            page.body.contains(&format!("action=\"/s/{session}{form}")),
            "{form}"
        );
    }
    // Check-in twice (a resent form) is one check-in.
    for _ in 0..2 {
        let posted = post("attendance", Some(cookie.clone()), "op=check_in".into()).await;
        assert_eq!(posted.status, 303);
        assert_eq!(
            posted.header("location").unwrap(),
            format!("/s/{session}#attendance")
        );
    }
    let posted = post(
        "attendance",
        Some(cookie.clone()),
        "op=add&name=%E7%8E%8B%E5%A4%A7%E5%A6%88&kind=resident".into(),
    )
    .await;
    assert_eq!(posted.status, 303);
    let posted = post(
        "attendance",
        Some(cookie.clone()),
        "op=headcount&headcount=23".into(),
    )
    .await;
    assert_eq!(posted.status, 303);
    let seen = view().await;
    assert_eq!(seen["checked_in"], true);
    assert_eq!(seen["headcount"], 23);
    let names: Vec<&str> = seen["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "王大妈").count(),
        1,
        "{names:?}"
    );
    assert_eq!(names.len(), 2, "the member and 王大妈: {names:?}");
    // A name too long is refused; it comes back in the form with why.
    let long = "王".repeat(41);
    let posted = post(
        "attendance",
        Some(cookie.clone()),
        format!("op=add&name={}&kind=resident", common::urlencode(&long)),
    )
    .await;
    let back = posted.header("location").unwrap().to_string();
    assert!(
        back.contains("flash=") && back.ends_with("#attendance"),
        "{back}"
    );
    let page = request(&server.addr, "GET", &back, Some(&cookie), None).await;
    assert!(page.body.contains("attendance-refused"), "{back}");
    assert!(page.body.contains(&long), "the name typed is kept");
    let posted = post(
        "attendance",
        Some(cookie.clone()),
        "op=headcount&headcount=-3".into(),
    )
    .await;
    assert!(posted.header("location").unwrap().contains("flash="));
    assert_eq!(view().await["headcount"], 23);
    // Another council's member, or nobody signed in, changes nothing.
    assert_eq!(
        post(
            "attendance",
            Some(outsider.clone()),
            "op=headcount&headcount=1".into()
        )
        .await
        .status,
        403
    );
    assert_eq!(view().await["headcount"], 23);
    assert!(post("close", None, "summary=x".into())
        .await
        .header("location")
        .unwrap()
        .starts_with("/login"));
    // Closing: an empty summary is refused; the summary typed comes back.
    let posted = post("close", Some(cookie.clone()), "summary=%20%20".into()).await;
    assert!(posted.header("location").unwrap().contains("flash="));
    assert_eq!(view().await["open"], true);
    let summary = "共识：路面加宽到4.5米，交通局明年列入计划。";
    let posted = post(
        "close",
        Some(cookie.clone()),
        format!("summary={}", common::urlencode(summary)),
    )
    .await;
    assert_eq!(posted.status, 303);
    let seen = view().await;
    assert_eq!(
        (seen["open"].as_bool(), seen["summary"].as_str()),
        (Some(false), Some(summary))
    );
}

/// An open SSE connection: the raw bytes as they come.
struct Stream(TcpStream, String);

impl Stream {
    async fn open(addr: &str, path: &str, cookie: &str, last_event: Option<&str>) -> Stream {
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        let mut head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\nCookie: {cookie}\r\n");
        if let Some(id) = last_event {
            head.push_str(&format!("Last-Event-ID: {id}\r\n"));
        }
        head.push_str("\r\n");
        tcp.write_all(head.as_bytes()).await.unwrap();
        Stream(tcp, String::new())
    }

    /// Reads until `needle` has arrived; panics after `within`.
    async fn until(&mut self, needle: &str, within: Duration) -> &str {
        let deadline = tokio::time::Instant::now() + within;
        let mut buffer = [0u8; 8192];
        while !self.1.contains(needle) {
            let read = tokio::time::timeout_at(deadline, self.0.read(&mut buffer))
                .await
                .unwrap_or_else(|_| panic!("{needle} did not arrive; got {}", self.1))
                .unwrap();
            assert!(read > 0, "stream closed before {needle}");
            self.1.push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
        &self.1
    }
}

#[tokio::test]
async fn notes_reach_subscribers_of_every_server_sharing_the_database() {
    let state = common::demo_state(10).await;
    // Two app servers, each with its own live query, on one database.
    let a = common::serve(state.clone()).await;
    let b = common::serve(state.clone()).await;
    let cookie = account_of(&state, "sy_xinjian", "member", "13700000009").await;
    let session = open_session(&a.addr, &cookie, "sy_xinjian", "").await;
    let first = "1".repeat(32);
    api(
        &a.addr,
        &cookie,
        "session_note",
        Body::Json(json!({"key": session,
        "draft": draft(&first, "statement", "开会前记的", "2026-11-24T01:00:00.000Z")})),
    )
    .await
    .unwrap();

    let mut on_a = Stream::open(&a.addr, &format!("/s/{session}/events"), &cookie, None).await;
    let mut on_b = Stream::open(&b.addr, &format!("/s/{session}/events"), &cookie, None).await;
    // Catch-up first: the note stored before subscribing.
    for stream in [&mut on_a, &mut on_b] {
        let head = stream.until(&first, Duration::from_secs(10)).await;
        assert!(head.starts_with("HTTP/1.1 200"));
        assert!(head
            .to_ascii_lowercase()
            .contains("content-type: text/event-stream"));
    }
    // Stored through server A; B hears of it from the database.
    let second = "2".repeat(32);
    api(
        &a.addr,
        &cookie,
        "session_note",
        Body::Json(json!({"key": session,
        "draft": draft(&second, "statement", "会上新说的", "2026-11-24T01:05:00.000Z")})),
    )
    .await
    .unwrap();
    on_b.until(&second, Duration::from_secs(5)).await;
    on_a.until(&second, Duration::from_secs(5)).await;
    // A correction reaches them too, as a new version.
    api(
        &a.addr,
        &cookie,
        "session_correct",
        Body::Json(json!({"key": session, "correction": {"note": second,
        "edit": "3".repeat(32), "base_version": 1, "kind": "statement", "speaker_kind": "resident",
        "speaker_name": "王大妈", "text": "会上新说的（更正）"}})),
    )
    .await
    .unwrap();
    on_b.until("会上新说的（更正）", Duration::from_secs(5))
        .await;
    // Every note arrived exactly once per change.
    assert_eq!(on_b.1.matches(&format!("\"id\":\"{second}\"")).count(), 2);

    // After a dropped connection the browser resumes from its last event id and gets what it missed.
    let last_id = on_b
        .1
        .lines()
        .filter_map(|l| l.strip_prefix("id:"))
        .next_back()
        .unwrap()
        .trim()
        .to_string();
    drop(on_b);
    let third = "4".repeat(32);
    api(
        &a.addr,
        &cookie,
        "session_note",
        Body::Json(json!({"key": session,
        "draft": draft(&third, "statement", "断线时记的", "2026-11-24T01:06:00.000Z")})),
    )
    .await
    .unwrap();
    let mut again = Stream::open(
        &b.addr,
        &format!("/s/{session}/events"),
        &cookie,
        Some(&last_id),
    )
    .await;
    again.until(&third, Duration::from_secs(10)).await;
}

#[tokio::test]
async fn a_photo_of_the_paper_sign_in_sheet_is_kept_for_the_sessions_council_only() {
    let server = common::serve(common::demo_state(10).await).await;
    let member = account_of(&server.state, "sy_xinjian", "member", "13700000010").await;
    let outsider = account_of(&server.state, "sy_town", "member", "13700000011").await;
    let session = open_session(&server.addr, &member, "sy_xinjian", "").await;
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.extend((0..70_000u32).map(|i| (i % 251) as u8));
    photo.extend([0xFF, 0xD9]);
    let upload = "5".repeat(32);
    let chunks: Vec<&[u8]> = photo.chunks(app::attachments::CHUNK_BYTES).collect();
    let put = |cookie: String, session: &str, index: usize| {
        let (addr, session, upload, body) = (
            server.addr.clone(),
            session.to_string(),
            upload.clone(),
            chunks[index].to_vec(),
        );
        let total = chunks.len();
        async move {
            let path = format!("/s/{session}/photos/{upload}/{index}?chunks={total}");
            let cookie = format!("Cookie: {cookie}");
            common::send_bytes(&addr, "PUT", &path, &[cookie.as_str()], &body)
                .await
                .0
        }
    };
    assert_eq!(
        put(outsider.clone(), &session, 0).await,
        403,
        "another council's member cannot add one"
    );
    assert_eq!(put(member.clone(), &session, 1).await, 200);
    assert_eq!(
        put(member.clone(), &session, 1).await,
        200,
        "a chunk sent again is kept once"
    );
    assert_eq!(put(member.clone(), &session, 0).await, 200);
    let view = session_view(&server.addr, &member, &session).await;
    let ids = view["photos"].as_array().unwrap();
    assert_eq!(ids.len(), 1);
    let path = format!("/photos/{}", ids[0].as_str().unwrap());
    let (status, _, bytes) = common::get_bytes(&server.addr, &path, Some(&member)).await;
    assert_eq!((status, bytes.len()), (200, photo.len()));
    assert_eq!(
        common::get_bytes(&server.addr, &path, Some(&outsider))
            .await
            .0,
        403
    );
    assert_eq!(common::get_bytes(&server.addr, &path, None).await.0, 401);

    // The upload id is a digest of the bytes: the same sheet photographed for the next session
    // (or a case) is a photo of that one too, not a clash with the first.
    let next = open_session(&server.addr, &member, "sy_xinjian", "").await;
    for index in 0..chunks.len() {
        assert_eq!(put(member.clone(), &next, index).await, 200);
    }
    let view = session_view(&server.addr, &member, &next).await;
    assert_eq!(view["photos"].as_array().unwrap().len(), 1);
    let first = session_view(&server.addr, &member, &session).await;
    assert_eq!(first["photos"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_session_in_a_field_has_a_map_point_and_directions() {
    let server = common::serve(common::demo_state(10).await).await;
    let member = account_of(&server.state, "sy_xinjian", "member", "13700000012").await;
    let input = |lat: &str, lng: &str| {
        json!({"input": {"council": "sy_xinjian", "topic": "", "title": "田间地头议灌溉", "form": "field",
            "room": "", "place": "", "starts_at": "2026-11-25T09:30", "lat": lat, "lng": lng,
            "invited_members": "", "invited_departments": "", "invited_residents": "", "invited_elders": "",
            "invited_stakeholders": ""}})
    };
    let abroad = call(
        &server.addr,
        "create_session",
        Some(&member),
        &Body::Json(input("48.8566", "2.3522")),
    )
    .await;
    assert_eq!(abroad.status, 400, "{}", abroad.body);
    let key = api(
        &server.addr,
        &member,
        "create_session",
        Body::Json(input("35.9821", "103.2185")),
    )
    .await
    .unwrap();
    let view = api(
        &server.addr,
        &member,
        "session",
        Body::Form(format!("key={}", key.as_str().unwrap())),
    )
    .await
    .unwrap();
    assert_eq!(view["point"]["lat"], 35.9821);
    assert!(view["directions"]
        .as_str()
        .unwrap()
        .starts_with("https://uri.amap.com/marker?position=103.218500,35.982100"));
}

impl Stream {
    /// Reads until the server ends the stream; panics if it is still open after `within`.
    async fn until_closed(&mut self, within: Duration) {
        let deadline = tokio::time::Instant::now() + within;
        let mut buffer = [0u8; 8192];
        loop {
            let read = tokio::time::timeout_at(deadline, self.0.read(&mut buffer))
                .await
                .unwrap_or_else(|_| panic!("the stream is still open: {}", self.1))
                .unwrap_or(0);
            self.1.push_str(&String::from_utf8_lossy(&buffer[..read]));
            if read == 0 || self.1.ends_with("0\r\n\r\n") {
                return;
            }
        }
    }
}

#[tokio::test]
async fn a_stream_ends_when_its_listener_may_no_longer_listen() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    for how in ["signed out", "disabled", "left the council"] {
        let member = common::member_with_role(&state, "sy_xinjian", "member").await;
        let phone = match how {
            "signed out" => "13700000031",
            "disabled" => "13700000032",
            _ => "13700000033",
        };
        let account = app::accounts::store::create(
            &state.db,
            NewAccount {
                name: "委员".into(),
                phone: Some(phone.into()),
                password_hash: common::hash("委员的密码123456"),
                member: Some(common::record("member", &member)),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let token = app::auth::store::start_session(&state.db, &account)
            .await
            .unwrap();
        let cookie = format!("bandeng_session={token}");
        let session = open_session(&server.addr, &cookie, "sy_xinjian", "").await;
        let mut stream =
            Stream::open(&server.addr, &format!("/s/{session}/events"), &cookie, None).await;
        stream.until("HTTP/1.1 200", Duration::from_secs(10)).await;
        match how {
            "signed out" => app::auth::store::end_session(&state.db, &token)
                .await
                .unwrap(),
            "disabled" => app::accounts::store::set_disabled(&state.db, &account, true)
                .await
                .unwrap(),
            _ => {
                state
                    .db
                    .query("DELETE membership WHERE member = $m AND council = council:sy_xinjian")
                    .bind(("m", common::record("member", &member)))
                    .await
                    .unwrap()
                    .check()
                    .unwrap();
            }
        }
        // The tests' streams ask again every second.
        stream.until_closed(Duration::from_secs(5)).await;
        // Give the member back for the next round.
        state
            .db
            .query(
                "CREATE membership SET member = $m, council = council:sy_xinjian, role = 'member'",
            )
            .bind(("m", common::record("member", &member)))
            .await
            .unwrap();
    }
}
