//! Consultation sessions over real HTTP on `mem://`: notes stored exactly once however often they
//! are sent, corrections that never overwrite silently, the form that works without JavaScript,
//! live delivery from the database to every app server, and who may see a session at all.
use crate::common;

use app::accounts::store::NewAccount;
use app::sessions::api::{
    AddAttendee, AddNote, CarryNote, CheckIn, CloseSession, CorrectNote, CreateSession, GetSession,
    SetHeadcount,
};
use app::sessions::{Correction, NoteDraft, NoteId, NoteKind, SessionInput, SpeakerKind};
use common::{api, call, request};
use serde_json::Value;
use std::time::Duration;

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

/// The form that opens a bench session of `council`, on `topic` if not empty.
fn session_input(council: &str, topic: &str) -> SessionInput {
    SessionInput {
        council: council.into(),
        topic: topic.into(),
        title: "新建村道路硬化板凳会".into(),
        form: "bench".into(),
        place: "新建村3组晒场".into(),
        starts_at: "2026-11-25T09:30".into(),
        invited_departments: "县交通运输局".into(),
        invited_residents: "王大妈、李大爷".into(),
        ..Default::default()
    }
}

async fn open_session(addr: &str, cookie: &str, council: &str, topic: &str) -> String {
    let input = session_input(council, topic);
    api(addr, cookie, CreateSession { input })
        .await
        .expect("a member opens a session")
        .as_str()
        .unwrap()
        .to_string()
}

/// A note as a phone sends it. The id is taken as given, unchecked, so that a test can forge one.
fn draft(id: &str, kind: NoteKind, text: &str, at: &str) -> NoteDraft {
    NoteDraft {
        id: NoteId(id.into()),
        kind,
        speaker_kind: SpeakerKind::Resident,
        speaker_name: "王大妈".into(),
        text: text.into(),
        written_at: at.into(),
    }
}

fn note(session: &str, draft: NoteDraft) -> AddNote {
    AddNote {
        key: session.into(),
        draft,
    }
}

/// A correction of `note` from version `base`, under the phone's id `edit`.
fn correct(session: &str, note: &str, edit: &str, base: i64, text: &str) -> CorrectNote {
    CorrectNote {
        key: session.into(),
        correction: Correction {
            note: NoteId(note.into()),
            edit: NoteId(edit.into()),
            base_version: base,
            kind: NoteKind::Statement,
            speaker_kind: SpeakerKind::Resident,
            speaker_name: "王大妈".into(),
            text: text.into(),
        },
    }
}

fn get_session(session: &str) -> GetSession {
    GetSession {
        key: session.into(),
    }
}

/// The session as the page's server function shows it to `cookie`.
async fn session_view(addr: &str, cookie: &str, session: &str) -> Value {
    api(addr, cookie, get_session(session))
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
    let batch: Vec<NoteDraft> = (0..20)
        .map(|i| {
            draft(
                &format!("{:032x}", 0xabc000 + i),
                NoteKind::Statement,
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
            for draft in batch {
                let answer = api(&addr, &cookie, note(&session, draft))
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
        NoteKind::Statement,
        "改过的话",
        "2026-11-24T01:00:00.000Z",
    );
    let response = call(&server.addr, Some(&cookie), note(&session, changed)).await;
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
        let args = note(&session, draft(id, NoteKind::Statement, text, at));
        let (addr, cookie) = (server.addr.clone(), cookie.clone());
        async move { call(&addr, Some(&cookie), args).await }
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
    let written = draft(
        &id,
        NoteKind::Statement,
        "路宽三米",
        "2026-11-24T01:00:00.000Z",
    );
    api(&server.addr, &cookie, note(&session, written))
        .await
        .unwrap();
    let correction = |edit: &str, base: i64, text: &str| correct(&session, &id, edit, base, text);
    let first = api(
        &server.addr,
        &cookie,
        correction(&"e".repeat(32), 1, "路宽四米"),
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
        correction(&"e".repeat(32), 1, "路宽四米"),
    )
    .await
    .unwrap();
    assert_eq!(again["version"].as_i64(), Some(2));
    // Made on another phone from version 1, sent late: kept beside the note, not applied, not lost.
    let late = api(
        &server.addr,
        &cookie,
        correction(&"f".repeat(32), 1, "路宽五米"),
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
        correction(&format!("{}9", "0".repeat(31)), 2, "路宽五米"),
    )
    .await
    .unwrap();
    assert_eq!(settled["version"].as_i64(), Some(3));
    assert_eq!(settled["conflicts"].as_array().map(Vec::len), Some(0));
    assert_eq!(common::count(&server.state, "note_revision").await, 3);
    // Someone else's note cannot be corrected.
    let theirs = call(
        &server.addr,
        Some(&other),
        correction(&"b".repeat(32), 3, "别人改的"),
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
    let good = note(
        &session,
        draft(
            &"c".repeat(32),
            NoteKind::Statement,
            "好",
            "2026-11-24T01:00:00.000Z",
        ),
    );
    for (cookie, status) in [(None, 401), (Some(outsider.as_str()), 403)] {
        assert_eq!(
            call(&server.addr, cookie, get_session(&session))
                .await
                .status,
            status
        );
        assert_eq!(
            call(&server.addr, cookie, good.clone()).await.status,
            status
        );
        let check_in = CheckIn {
            key: session.clone(),
        };
        assert_eq!(call(&server.addr, cookie, check_in).await.status, status);
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
    let input = SessionInput {
        council: "sy_xinjian".into(),
        title: "冒名".into(),
        form: "bench".into(),
        starts_at: "2026-11-25T09:30".into(),
        ..Default::default()
    };
    assert_eq!(
        call(&server.addr, Some(&outsider), CreateSession { input })
            .await
            .status,
        403
    );
    assert_eq!(note_count(&server.state, &session).await, 0);
    // An unknown session is simply not found.
    assert_eq!(
        call(&server.addr, Some(&member), get_session("nosuchsession"))
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
    let check_in = CheckIn {
        key: session.clone(),
    };
    api(&server.addr, &head, check_in.clone()).await.unwrap();
    api(&server.addr, &head, check_in).await.unwrap();
    let attendee = |name: &str| AddAttendee {
        key: session.clone(),
        name: name.into(),
        kind: "resident".into(),
        id: None,
    };
    api(&server.addr, &head, attendee("王大妈")).await.unwrap();
    assert!(api(&server.addr, &head, attendee("")).await.is_err());
    let headcount = SetHeadcount {
        key: session.clone(),
        headcount: 23,
    };
    api(&server.addr, &head, headcount).await.unwrap();
    for (i, (kind, name)) in [
        (NoteKind::Proposal, "proposal"),
        (NoteKind::Statement, "statement"),
        (NoteKind::Action, "action"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("{:032x}", 0xdd00 + i);
        let text = format!("{name}：村道硬化到组");
        let written = draft(&id, kind, &text, "2026-11-24T01:00:00.000Z");
        api(&server.addr, &head, note(&session, written))
            .await
            .unwrap();
    }
    let before = common::count(&server.state, "recommendation").await;
    let carry = |i: usize| CarryNote {
        key: session.clone(),
        note: format!("{:032x}", 0xdd00 + i),
    };
    api(&server.addr, &head, carry(0)).await.unwrap();
    api(&server.addr, &head, carry(0)).await.unwrap();
    api(&server.addr, &head, carry(2)).await.unwrap();
    assert!(
        api(&server.addr, &head, carry(1)).await.is_err(),
        "a statement is not a recommendation"
    );
    assert_eq!(
        common::count(&server.state, "recommendation").await,
        before + 2
    );
    let view = api(&server.addr, &head, get_session(&session))
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

    let close = |summary: &str| CloseSession {
        key: session.clone(),
        summary: summary.into(),
    };
    assert!(api(&server.addr, &head, close("")).await.is_err());
    api(&server.addr, &head, close("共识")).await.unwrap();
    // A note written offline before the close still arrives afterwards.
    let offline = draft(
        &"d".repeat(32),
        NoteKind::Statement,
        "离线时记的",
        "2026-11-24T01:00:00.000Z",
    );
    api(&server.addr, &head, note(&session, offline))
        .await
        .unwrap();
    let view = api(&server.addr, &head, get_session(&session))
        .await
        .unwrap();
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

/// An open SSE connection: its head (as `common::head_of` writes it, then a blank line) and the
/// events' text as they come.
struct Stream(reqwest::Response, String);

impl Stream {
    async fn open(addr: &str, path: &str, cookie: &str, last_event: Option<&str>) -> Stream {
        let cookie = format!("Cookie: {cookie}");
        let last_event = last_event.map(|id| format!("Last-Event-ID: {id}"));
        let mut headers = vec!["Accept: text/event-stream", cookie.as_str()];
        headers.extend(last_event.as_deref());
        let response = common::start(addr, "GET", path, &headers, Vec::new())
            .await
            .expect("the stream opens");
        let head = format!("{}\r\n\r\n", common::head_of(&response));
        Stream(response, head)
    }

    /// Reads until `needle` has arrived; panics after `within`.
    async fn until(&mut self, needle: &str, within: Duration) -> &str {
        let deadline = tokio::time::Instant::now() + within;
        while !self.1.contains(needle) {
            let chunk = tokio::time::timeout_at(deadline, self.0.chunk())
                .await
                .unwrap_or_else(|_| panic!("{needle} did not arrive; got {}", self.1))
                .unwrap()
                .unwrap_or_else(|| panic!("stream closed before {needle}"));
            self.1.push_str(&String::from_utf8_lossy(&chunk));
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
    let before = draft(
        &first,
        NoteKind::Statement,
        "开会前记的",
        "2026-11-24T01:00:00.000Z",
    );
    api(&a.addr, &cookie, note(&session, before)).await.unwrap();

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
    let during = draft(
        &second,
        NoteKind::Statement,
        "会上新说的",
        "2026-11-24T01:05:00.000Z",
    );
    api(&a.addr, &cookie, note(&session, during)).await.unwrap();
    on_b.until(&second, Duration::from_secs(5)).await;
    on_a.until(&second, Duration::from_secs(5)).await;
    // A correction reaches them too, as a new version.
    let corrected = correct(&session, &second, &"3".repeat(32), 1, "会上新说的（更正）");
    api(&a.addr, &cookie, corrected).await.unwrap();
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
    let offline = draft(
        &third,
        NoteKind::Statement,
        "断线时记的",
        "2026-11-24T01:06:00.000Z",
    );
    api(&a.addr, &cookie, note(&session, offline))
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
    let input = |lat: &str, lng: &str| CreateSession {
        input: SessionInput {
            council: "sy_xinjian".into(),
            title: "田间地头议灌溉".into(),
            form: "field".into(),
            starts_at: "2026-11-25T09:30".into(),
            lat: lat.into(),
            lng: lng.into(),
            ..Default::default()
        },
    };
    let abroad = call(&server.addr, Some(&member), input("48.8566", "2.3522")).await;
    assert_eq!(abroad.status, 400, "{}", abroad.body);
    let key = api(&server.addr, &member, input("35.9821", "103.2185"))
        .await
        .unwrap();
    let view = api(&server.addr, &member, get_session(key.as_str().unwrap()))
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
        // The end of the chunked body, or a connection that broke off.
        while let Ok(Some(chunk)) = tokio::time::timeout_at(deadline, self.0.chunk())
            .await
            .unwrap_or_else(|_| panic!("the stream is still open: {}", self.1))
        {
            self.1.push_str(&String::from_utf8_lossy(&chunk));
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
