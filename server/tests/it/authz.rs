//! The authorization matrix: every server function, called over HTTP as every kind of caller,
//! is allowed or denied as the table says. A server function missing from the table fails here.
use crate::common;

use app::accounts::store::NewAccount;
use common::{call, member_with_role, record, signed_in, Body};
use serde_json::json;

/// Callers, in the order of each row's columns.
const CALLERS: [&str; 7] = [
    "anonymous",
    "system admin",
    "district admin (永靖县)",
    "district admin elsewhere (南山区)",
    "head of 东风村议事会",
    "member of 东风村议事会",
    "department staff",
];

const ALL: [bool; 7] = [true; 7];
const SIGNED: [bool; 7] = [false, true, true, true, true, true, true];
const ADMINS: [bool; 7] = [false, true, true, true, true, false, false];
/// Those who administer 东风村议事会: the system admin, its district's admin and its head.
const COUNCIL: [bool; 7] = [false, true, true, false, true, false, false];
const DISTRICT: [bool; 7] = [false, true, true, false, false, false, false];
const SYSTEM: [bool; 7] = [false, true, false, false, false, false, false];
/// Those who may enter cases for 东风村议事会: its administrators and its members.
const MEMBERS: [bool; 7] = [false, true, true, false, true, true, false];
/// Who may report on an assignment of 东风村议事会 to the 水务局: its administrators and that department.
const REPORTERS: [bool; 7] = [false, true, true, false, true, false, true];
/// Guarded by something other than an account: `my_cases` needs the resident's one-time phone
/// check (tests/casework.rs), whoever is signed in.
const NOT_BY_ACCOUNT: [&str; 1] = ["my_cases"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_as_every_caller() {
    let state = common::demo_state(1000).await;
    let server = common::serve(state.clone()).await;
    let (cookies, department_id, member) = callers(&state).await;
    let account = |name: &str| NewAccount {
        name: name.into(),
        password_hash: common::hash("matrix password 1"),
        ..Default::default()
    };
    // Accounts and records the calls may touch without changing who may do what.
    let target_account = app::accounts::store::create(&state.db, account("被管理的账号"))
        .await
        .unwrap();
    let target_account = app::server::db::key_text(&target_account);
    let room = {
        let mut r = state
            .db
            .query("SELECT VALUE id FROM room WHERE code = 'sy-dongfeng'")
            .await
            .unwrap();
        let ids: Vec<surrealdb::types::RecordId> = r.take(0).unwrap();
        app::server::db::key_text(&ids[0])
    };
    let assignment = {
        let mut r = state
            .db
            .query(
                "(CREATE ONLY assignment SET case = case:sy_c3, council = council:sy_dongfeng,
                    department = $department, owner = '王', task = '修路灯', deadline = '2099-01-01').id",
            )
            .bind(("department", department_id.clone()))
            .await
            .unwrap();
        let id: Option<surrealdb::types::RecordId> = r.take(0).unwrap();
        app::server::db::key_text(&id.unwrap())
    };
    let sheet = base64_of("姓名,界别\n");
    let council_input = json!({"name": "矩阵测试议事会", "kind": "village_council", "area": "sy_dongfeng",
        "new_area_name": "", "sector": "", "case_prefix": "SY", "supervisor": "", "staff_liaison": ""});
    let room_input = json!({"code": "", "name": "", "address": "", "lat": "", "lng": "", "hours": "", "active": true});
    let member_input = json!({"name": "", "sector": "", "level": "district", "phone": "", "contact_public": false,
        "specialties": "", "role": "member"});
    let form = |s: &str| Body::Form(s.to_string());

    #[rustfmt::skip]
    let table: Vec<(&str, Body, [bool; 7])> = vec![
        ("councils", form(""), ALL),
        ("room_page", form("code=sy-dongfeng"), ALL),
        ("room_directory", Body::Json(json!({"filter": {"council": "", "kind": "", "sector": "", "q": ""}})), ALL),
        ("map_tiles", form(""), ALL),
        ("room_poster", form("code=sy-dongfeng"), ALL),
        ("council_posters", form("council=sy_dongfeng"), COUNCIL),
        ("case_queue", form("council=sy_dongfeng"), COUNCIL),
        ("set_case_public", form("council=sy_dongfeng&code=SY-2026-000000&public=false"), COUNCIL),
        ("staff_case", form("council=sy_dongfeng&code=SY-2026-527338"), COUNCIL),
        ("take_case_step", Body::Json(json!({"council": "sy_dongfeng", "code": "SY-2026-527338",
            "input": {"step": "Approve", "version": 0, "note": "", "merge_into": ""}})), COUNCIL),
        ("case_status", form("code=SY-2026-000000"), ALL),
        ("flash", form("key=00000000000000000000000000000000"), ALL),
        ("submit_concern", Body::Json(json!({"room_code": "sy-dongfeng", "form": {"submission_id": "x",
            "title": "", "description": "", "resident_name": "", "resident_phone": "", "consent": false}})), ALL),
        ("me", form(""), ALL),
        ("change_password", form("current=wrong&new=x&confirm=x"), SIGNED),
        ("admin_overview", form(""), ADMINS),
        ("audit_councils", form(""), ADMINS),
        ("council_roster", form("council=sy_dongfeng"), COUNCIL),
        ("audit_log", form("filter[council]=&filter[action]=&filter[actor]="), ADMINS),
        ("council_form_options", form(""), ADMINS),
        ("council_form_options", form("council=sy_dongfeng"), COUNCIL),
        ("create_council", Body::Json(json!({"input": council_input.clone()})), DISTRICT),
        ("council_detail", form("council=sy_dongfeng"), COUNCIL),
        ("update_council", Body::Json(json!({"council": "sy_dongfeng", "input": council_input})), COUNCIL),
        ("set_council_standard", Body::Json(json!({"council": "sy_dongfeng",
            "row": {"item": "site", "met": true, "evidence": "村委会二楼"}})), COUNCIL),
        ("council_rooms", form("council=sy_dongfeng"), COUNCIL),
        ("create_room", Body::Json(json!({"council": "sy_dongfeng", "input": room_input})), COUNCIL),
        ("update_room", Body::Json(json!({"council": "sy_dongfeng", "room": room, "input": room_input})), COUNCIL),
        ("council_members", form("council=sy_dongfeng"), COUNCIL),
        ("add_member", Body::Json(json!({"council": "sy_dongfeng", "input": member_input})), COUNCIL),
        ("update_member", Body::Json(json!({"council": "sy_dongfeng", "member": member, "input": member_input})), COUNCIL),
        ("set_member_role", form(&format!("council=sy_dongfeng&member={member}&role=member")), COUNCIL),
        ("remove_member", form("council=sy_dongfeng&member=nobody"), COUNCIL),
        ("preview_import", Body::Json(json!({"council": "sy_dongfeng",
            "upload": {"file_name": "a.csv", "data_base64": sheet}})), COUNCIL),
        ("commit_import", Body::Json(json!({"council": "sy_dongfeng",
            "upload": {"file_name": "a.csv", "data_base64": sheet}})), COUNCIL),
        ("create_work_team", Body::Json(json!({"council": "sy_dongfeng",
            "input": {"name": "", "leader": "", "members": []}})), COUNCIL),
        ("issue_member_login", form("council=sy_dongfeng&member=nobody"), COUNCIL),
        ("room_roster", form(&format!("council=sy_dongfeng&room={room}")), COUNCIL),
        ("create_duty_pattern", Body::Json(json!({"council": "sy_dongfeng", "room": room,
            "input": {"weekday": 0, "starts": "", "ends": "", "first_date": "", "rotation": []}})), COUNCIL),
        ("stop_duty_pattern", form("council=sy_dongfeng&pattern=nothing"), COUNCIL),
        ("swap_duty", form("council=sy_dongfeng&slot=nothing&member=nobody&reason=x"), COUNCIL),
        ("district_sectors", form(""), ADMINS),
        ("add_sectors", form("district=yongjing&name=&defaults=false"), DISTRICT),
        ("list_accounts", form(""), SYSTEM),
        ("create_account", Body::Json(json!({"input": {"name": "", "phone": "", "username": "",
            "kind": "", "area": "", "department": ""}})), SYSTEM),
        ("reset_password", form(&format!("account={target_account}")), SYSTEM),
        ("set_account_disabled", form(&format!("account={target_account}&disabled=false")), SYSTEM),
        ("work_overview", form(""), SIGNED),
        ("my_tasks", form(""), SIGNED),
        ("raise_for_council", Body::Json(json!({"input": {"council": "sy_dongfeng", "room": "sy-dongfeng",
            "source": "MemberVisit", "category": "", "form": {"submission_id": "x", "title": "",
            "description": "", "resident_name": "", "resident_phone": "", "consent": false}}})), MEMBERS),
        ("add_research", Body::Json(json!({"council": "sy_dongfeng", "code": "SY-2026-527338",
            "input": {"on_date": "", "kind": "", "note": ""}})), COUNCIL),
        ("save_recommendation", form("council=sy_dongfeng&code=SY-2026-527338&id=&text="), COUNCIL),
        ("delete_recommendation", form("council=sy_dongfeng&code=SY-2026-527338&id=nothing"), COUNCIL),
        ("add_assignment", Body::Json(json!({"council": "sy_dongfeng", "code": "SY-2026-527338",
            "input": {"recommendation": "", "department": "", "owner": "", "task": "", "deadline": ""}})), COUNCIL),
        ("delete_assignment", form("council=sy_dongfeng&code=SY-2026-527338&id=nothing"), COUNCIL),
        // Version 0 is always stale: the allowed get a conflict, nothing changes.
        ("report_assignment", Body::Json(json!({"id": assignment, "input": {"status": "InProgress",
            "result": "", "evidence": "", "version": 0}})), REPORTERS),
        // Sessions of 东风村议事会: its members and administrators; empty input is refused after the check.
        ("sessions_overview", form(""), SIGNED),
        ("create_session", Body::Json(json!({"input": {"council": "sy_dongfeng", "topic": "", "title": "",
            "form": "", "room": "", "place": "", "starts_at": "", "invited_members": "", "invited_departments": "",
            "invited_residents": "", "invited_elders": "", "invited_stakeholders": ""}})), MEMBERS),
        ("session", form("key=matrix"), MEMBERS),
        ("session_check_in", form("key=matrix"), MEMBERS),
        ("session_attendee", form("key=matrix&name=&kind=resident"), MEMBERS),
        ("session_headcount", form("key=matrix&headcount=-1"), MEMBERS),
        ("session_note", Body::Json(json!({"key": "matrix", "draft": {"id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "kind": "statement",
            "speaker_kind": "anonymous", "speaker_name": "", "text": "", "written_at": ""}})), MEMBERS),
        ("session_correct", Body::Json(json!({"key": "matrix", "correction": {"note": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "edit": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "base_version": 0, "kind": "statement", "speaker_kind": "anonymous", "speaker_name": "", "text": ""}})), MEMBERS),
        ("session_close", form("key=matrix&summary="), MEMBERS),
        // Carrying into the 协商建议清单 is the council's own desk work.
        ("session_carry", form("key=matrix&note=nothing"), COUNCIL),
        // Activities of 东风村议事会: its members and administrators; empty input is refused after the check.
        ("activities_overview", form(""), SIGNED),
        ("record_activity", Body::Json(json!({"input": {"id": "", "council": "sy_dongfeng", "kind": "", "title": "",
            "starts_at": "", "room": "", "place": "", "lat": "", "lng": "", "work_team": "", "members": [],
            "others": [], "served": "", "outcomes": [], "report": ""}})), MEMBERS),
        ("activity", form("key=matrix"), MEMBERS),
        ("activity_check_in", form("key=matrix"), MEMBERS),
        // Showing it on the room pages is the council's managers' choice.
        ("activity_publish", form("key=matrix&published=false"), COUNCIL),
        // Reception days: anyone signed in sees their own; recording a day of 东风村's roster is for
        // the member on duty (the 'member' caller) and the council's administrators.
        ("receptions_overview", form(""), SIGNED),
        ("record_reception", Body::Json(json!({"input": {"slot": "matrix", "came": true, "absent_reason": "",
            "visitors": "", "visits": []}})), MEMBERS),
        // A member's own duty record, and their council's administrators'.
        ("duty_record", form(&format!("member={member}")), MEMBERS),
    ];

    state
        .db
        .query(
            "CREATE council_session:matrix SET council = council:sy_dongfeng, title = '矩阵',
                form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:matrix;
             CREATE activity:matrix SET council = council:sy_dongfeng, kind = 'visit', title = '矩阵',
                starts_at = '2026-11-25T09:30', on_date = '2026-11-25';
             CREATE duty_slot:matrix SET pattern = duty_pattern:demo_dongfeng, room = room:sy_dongfeng,
                date = '2099-01-01', starts = '15:00', ends = '17:00', member = type::record('member', $member);",
        )
        .bind(("member", member.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();

    // Every registered server function has a row.
    let registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert!(
        registered.len() >= 30,
        "server functions found: {registered:?}"
    );
    for path in &registered {
        let endpoint = path.trim_start_matches("/api/");
        assert!(
            NOT_BY_ACCOUNT.contains(&endpoint) || table.iter().any(|(e, _, _)| *e == endpoint),
            "server function {path} has no row in the authorization matrix"
        );
    }

    let mut failures = Vec::new();
    for (endpoint, body, allowed) in &table {
        for (i, cookie) in cookies.iter().enumerate() {
            let response = call(&server.addr, endpoint, cookie.as_deref(), body).await;
            let denied = matches!(response.status, 401 | 403)
                || response.body.contains("\"Forbidden\"")
                || response.body.contains("\"Unauthenticated\"");
            if denied == allowed[i] {
                failures.push(format!(
                    "{endpoint} as {}: expected {}, got {} {}",
                    CALLERS[i],
                    if allowed[i] { "allowed" } else { "denied" },
                    response.status,
                    response.body.chars().take(120).collect::<String>()
                ));
            }
            if denied {
                let expected = if cookie.is_none() { 401 } else { 403 };
                if response.status != expected {
                    failures.push(format!(
                        "{endpoint} as {}: denied with status {}",
                        CALLERS[i], response.status
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// A signed-in caller of each kind, in the order of `CALLERS` (`None`: anonymous), the
/// department of the staff caller, and the key of the plain member of 东风村议事会.
async fn callers(
    state: &app::server::state::AppState,
) -> (Vec<Option<String>>, surrealdb::types::RecordId, String) {
    let pw = common::hash("matrix password 1");
    let account = |name: &str| NewAccount {
        name: name.into(),
        password_hash: pw.clone(),
        ..Default::default()
    };
    let head = member_with_role(state, "sy_dongfeng", "head").await;
    let member = member_with_role(state, "sy_dongfeng", "member").await;
    let department =
        app::accounts::store::department(&state.db, &record("area", "yongjing"), "水务局")
            .await
            .unwrap();
    let department_id = department.clone();
    let cookies: Vec<Option<String>> = vec![
        None,
        Some(
            signed_in(
                state,
                NewAccount {
                    system_admin: true,
                    ..account("系统")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                state,
                NewAccount {
                    admin_area: Some(record("area", "yongjing")),
                    ..account("永靖")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                state,
                NewAccount {
                    admin_area: Some(record("area", "nanshan")),
                    ..account("南山")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                state,
                NewAccount {
                    member: Some(record("member", &head)),
                    ..account("站长")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                state,
                NewAccount {
                    member: Some(record("member", &member)),
                    ..account("委员")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                state,
                NewAccount {
                    department: Some(department),
                    ..account("部门")
                },
            )
            .await,
        ),
    ];
    (cookies, department_id, member)
}

/// Every plain route, called as every kind of caller, answers with the status the table says:
/// pages of the policy that are not server functions (forms without JavaScript, uploads,
/// downloads, the live stream). A route missing from the table fails here.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_as_every_caller() {
    let state = common::demo_state_with(|s| {
        s.intake_limit.burst = 1000;
        s.refusal_limit.burst = 1000;
    })
    .await;
    let server = common::serve(state.clone()).await;
    let (cookies, _, _) = callers(&state).await;
    state
        .db
        .query(
            "CREATE council_session:matrix SET council = council:sy_dongfeng, title = '矩阵',
                form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:matrix;
             CREATE activity:matrix SET council = council:sy_dongfeng, kind = 'visit', title = '矩阵',
                starts_at = '2026-11-25T09:30', on_date = '2026-11-25';
             CREATE photo:matrix SET case = case:sy_c3, upload = $u, data = <bytes>'jpeg', size = 4;",
        )
        .bind(("u", "7".repeat(32)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let upload = "6".repeat(32);
    let lamp = "SY-2026-527338";
    let form = "Content-Type: application/x-www-form-urlencoded";
    let chunk: Vec<u8> = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[1u8; 100][..]].concat();
    // Who may: 303 is a form answered by a redirect (to the page, or to sign in).
    const OPEN: [u16; 7] = [200; 7];
    const REDIRECTS: [u16; 7] = [303; 7];
    const SESSION_FORM: [u16; 7] = [303, 303, 303, 403, 303, 303, 403];
    // Signed out, a session's pages and their parts send one to sign in.
    const SESSION_READ: [u16; 7] = [303, 200, 200, 403, 200, 200, 403];
    const AUTHOR: [u16; 7] = [404, 200, 200, 404, 200, 404, 404];
    const COUNCIL_PHOTO: [u16; 7] = [401, 200, 200, 403, 200, 403, 403];
    const COUNCIL_PAGE: [u16; 7] = [303, 200, 200, 403, 200, 403, 403];
    #[rustfmt::skip]
    let table: Vec<(&str, String, &[u8], [u16; 7])> = vec![
        ("GET", "/healthz".into(), b"", OPEN),
        ("GET", "/r/sy-dongfeng/qr.svg".into(), b"", OPEN),
        ("POST", "/r/sy-dongfeng/concern".into(), b"title=", REDIRECTS),
        ("POST", "/login".into(), b"login=13800000000&password=x", REDIRECTS),
        ("POST", "/c/find/send".into(), b"phone=1", REDIRECTS),
        ("POST", "/c/find/verify".into(), b"code=123456", REDIRECTS),
        ("POST", "/c/find/forget".into(), b"", REDIRECTS),
        ("GET", format!("/c/{lamp}/photos/{upload}"), b"", AUTHOR),
        ("PUT", format!("/c/{lamp}/photos/{upload}/0?chunks=2"), &chunk, AUTHOR),
        ("GET", "/photos/matrix".into(), b"", COUNCIL_PHOTO),
        // The resident who raised it may rate it; no account speaks for them.
        ("POST", format!("/c/{lamp}/rate"), b"score=3&comment=", [403; 7]),
        ("POST", "/s/matrix/notes".into(), b"id=&kind=statement&speaker_kind=anonymous&text=", SESSION_FORM),
        ("POST", "/s/matrix/attendance".into(), b"op=headcount&headcount=-1", SESSION_FORM),
        ("POST", "/s/matrix/close".into(), b"summary=", SESSION_FORM),
        ("GET", "/s/matrix/events".into(), b"", SESSION_READ),
        ("GET", format!("/s/matrix/photos/{upload}"), b"", SESSION_READ),
        ("PUT", format!("/s/matrix/photos/{upload}/0?chunks=2"), &chunk, SESSION_READ),
        ("GET", format!("/activities/matrix/photos/{upload}"), b"", SESSION_READ),
        ("PUT", format!("/activities/matrix/photos/{upload}/0?chunks=2"), &chunk, SESSION_READ),
        ("GET", format!("/admin/councils/sy_dongfeng/cases/{lamp}/lists.xlsx"), b"", COUNCIL_PAGE),
        // Last: signing out ends each caller's session.
        ("POST", "/logout".into(), b"", REDIRECTS),
    ];
    // Every route the router declares has a row.
    let routes_source = include_str!("../../src/routes/mod.rs");
    let declared: Vec<&str> = routes_source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('"')?.split('"').next())
        .collect();
    assert!(declared.len() >= 18, "{declared:?}");
    let pattern = |path: &str| -> String {
        // `/c/SY-…/photos/666…/0?chunks=2` → `/c/{code}/photos/{upload}/{index}`
        let path = path.split('?').next().unwrap_or(path);
        path.replace(lamp, "{code}")
            .replace("sy-dongfeng", "{code}")
            .replace(&upload, "{upload}")
            .replace("/matrix", "/{key}")
            .replace("/admin/councils/sy_dongfeng", "/admin/councils/{key}")
            .replace("/photos/{key}", "/photos/{id}")
            .replace("{upload}/0", "{upload}/{index}")
    };
    for route in &declared {
        assert!(
            table.iter().any(|(_, path, _, _)| pattern(path) == *route),
            "route {route} has no row in the route matrix"
        );
    }

    let mut failures = Vec::new();
    for (method, path, body, expected) in &table {
        for (i, cookie) in cookies.iter().enumerate() {
            let mut headers = vec![form.to_string()];
            if let Some(cookie) = cookie {
                headers.push(format!("Cookie: {cookie}"));
            }
            let status = common::status_only(&server.addr, method, path, &headers, body).await;
            if status != expected[i] {
                failures.push(format!(
                    "{method} {path} as {}: expected {}, got {status}",
                    CALLERS[i], expected[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Everything of 新建村议事会 that its neighbour's head must never change.
async fn council_b(state: &app::server::state::AppState) -> String {
    let mut r = state
        .db
        .query(
            "SELECT * FROM membership WHERE council = council:sy_xinjian ORDER BY id;
             SELECT * FROM member WHERE id IN (SELECT VALUE member FROM membership
                 WHERE council = council:sy_xinjian) ORDER BY id;
             SELECT * FROM case WHERE council = council:sy_xinjian ORDER BY id;
             SELECT * FROM recommendation WHERE case.council = council:sy_xinjian ORDER BY id;
             SELECT * FROM assignment WHERE council = council:sy_xinjian ORDER BY id;
             SELECT * FROM room WHERE council = council:sy_xinjian ORDER BY id;
             SELECT * FROM duty_pattern WHERE room.council = council:sy_xinjian ORDER BY id;
             SELECT * FROM duty_slot WHERE room.council = council:sy_xinjian ORDER BY id;
             SELECT * FROM work_team WHERE council = council:sy_xinjian ORDER BY id;
             SELECT * FROM account WHERE member.id IN (SELECT VALUE member FROM membership
                 WHERE council = council:sy_xinjian) ORDER BY id;",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let mut dump = String::new();
    for i in 0..10 {
        let rows: surrealdb::types::Value = r.take(i).unwrap();
        dump.push_str(&format!("{rows:?}\n"));
    }
    dump
}

/// The classic hole: my own council's key with another council's object. The head of 东风村议事会
/// names its own council and 新建村议事会's case, room, members, lists, roster and session in
/// every call that takes both; each is refused and nothing of 新建村 changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_council_with_another_councils_objects() {
    let state = common::demo_state(1000).await;
    let server = common::serve(state.clone()).await;
    let (cookies, department, _) = callers(&state).await;
    let head = cookies[4].clone().unwrap();
    let department = app::server::db::key_text(&department);
    // Objects of 新建村: its topic (consulting), a recommendation and an assignment for it, a duty
    // pattern and slot of its room, a session with a note. 东风村's lamp case is consulting too.
    state
        .db
        .query(
            "UPDATE case:sy_c3 SET status = 'consulting';
             CREATE recommendation:b1 SET case = case:sy_c4, number = 98, text = '路面加宽';
             CREATE assignment:b1 SET case = case:sy_c4, council = council:sy_xinjian,
                 department = $department, owner = '王', task = '修路', deadline = '2099-01-01';
             CREATE duty_pattern:b1 SET room = room:sy_xinjian, weekday = 4, starts = '09:00',
                 ends = '12:00', rotation = [member:sy_10], first_date = '2026-11-26';
             CREATE duty_slot:b1 SET pattern = duty_pattern:b1, room = room:sy_xinjian,
                 date = '2099-01-01', starts = '09:00', ends = '12:00', member = member:sy_10;
             CREATE council_session:b1 SET council = council:sy_xinjian, title = '新建村板凳会',
                 form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:x;
             CREATE note:b1 SET session = council_session:b1, author = account:x, author_name = '委员',
                 kind = 'proposal', speaker_kind = 'anonymous', speaker_name = '', text = '修路',
                 written_at = time::now();",
        )
        .bind(("department", record("department", &department)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let before = council_b(&state).await;
    let theirs = "SY-2026-610947";
    let ours = "SY-2026-527338";
    let a = "council=sy_dongfeng";
    let form = |s: String| Body::Form(s);
    let member_input = json!({"name": "张永福", "sector": "yongjing_zhonggong", "level": "district",
        "phone": "", "contact_public": false, "specialties": "", "role": "member"});
    let room_input = json!({"code": "sy-xinjian", "name": "新建村协商议事室", "address": "x", "lat": "",
        "lng": "", "hours": "", "active": false});
    let session_input = |topic: &str, room: &str| {
        json!({"input": {"council": "sy_dongfeng", "topic": topic,
        "title": "板凳会", "form": "bench", "room": room, "place": "", "starts_at": "2026-11-25T09:30",
        "invited_members": "", "invited_departments": "", "invited_residents": "",
        "invited_elders": "", "invited_stakeholders": ""}})
    };
    #[rustfmt::skip]
    let calls: Vec<(&str, Body, u16)> = vec![
        ("staff_case", form(format!("{a}&code={theirs}")), 404),
        ("take_case_step", Body::Json(json!({"council": "sy_dongfeng", "code": theirs,
            "input": {"step": "PublishRecommendations", "version": 4, "note": "", "merge_into": ""}})), 404),
        ("set_case_public", form(format!("{a}&code={theirs}&public=true")), 404),
        ("add_research", Body::Json(json!({"council": "sy_dongfeng", "code": theirs,
            "input": {"on_date": "2026-11-20", "kind": "visit", "note": "走访"}})), 404),
        ("save_recommendation", form(format!("{a}&code={theirs}&id=&text=x")), 404),
        ("save_recommendation", form(format!("{a}&code={ours}&id=b1&text=x")), 404),
        ("delete_recommendation", form(format!("{a}&code={ours}&id=b1")), 404),
        ("add_assignment", Body::Json(json!({"council": "sy_dongfeng", "code": ours,
            "input": {"recommendation": "b1", "department": department, "owner": "王",
            "task": "修路", "deadline": "2099-12-31"}})), 400),
        ("delete_assignment", form(format!("{a}&code={ours}&id=b1")), 404),
        ("update_room", Body::Json(json!({"council": "sy_dongfeng", "room": "sy_xinjian", "input": room_input})), 404),
        ("room_roster", form(format!("{a}&room=sy_xinjian")), 404),
        ("create_duty_pattern", Body::Json(json!({"council": "sy_dongfeng", "room": "sy_xinjian",
            "input": {"weekday": 5, "starts": "09:00", "ends": "12:00", "first_date": "2026-11-27",
            "rotation": ["sy_10"]}})), 404),
        ("stop_duty_pattern", form(format!("{a}&pattern=b1")), 404),
        ("swap_duty", form(format!("{a}&slot=b1&member=sy_07&reason=x")), 404),
        ("update_member", Body::Json(json!({"council": "sy_dongfeng", "member": "sy_10", "input": member_input})), 404),
        ("set_member_role", form(format!("{a}&member=sy_10&role=liaison")), 404),
        ("remove_member", form(format!("{a}&member=sy_10")), 404),
        ("issue_member_login", form(format!("{a}&member=sy_10")), 404),
        ("create_work_team", Body::Json(json!({"council": "sy_dongfeng",
            "input": {"name": "修路专班", "leader": "sy_10", "members": ["sy_11"]}})), 400),
        ("create_session", Body::Json(session_input(theirs, "")), 400),
        ("create_session", Body::Json(session_input("", "sy-xinjian")), 400),
        ("session_carry", form("key=b1&note=b1".into()), 403),
    ];
    let mut failures = Vec::new();
    for (endpoint, body, expected) in calls {
        let (status, answer) = common::api_status(&server.addr, Some(&head), endpoint, body).await;
        if status != expected {
            failures.push(format!(
                "{endpoint}: expected {expected}, got {status} {answer}"
            ));
        }
    }
    // The lists' download too.
    let (status, _, _) = common::get_bytes(
        &server.addr,
        &format!("/admin/councils/sy_dongfeng/cases/{theirs}/lists.xlsx"),
        Some(&head),
    )
    .await;
    if status != 404 {
        failures.push(format!("lists.xlsx: expected 404, got {status}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(council_b(&state).await, before, "nothing of 新建村 changed");
}
