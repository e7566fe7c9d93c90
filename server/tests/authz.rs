//! The authorization matrix: every server function, called over HTTP as every kind of caller,
//! is allowed or denied as the table says. A server function missing from the table fails here.
mod common;

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
    let pw = common::hash("matrix password 1");
    let account = |name: &str| NewAccount {
        name: name.into(),
        password_hash: pw.clone(),
        ..Default::default()
    };
    let head = member_with_role(&state, "sy_dongfeng", "head").await;
    let member = member_with_role(&state, "sy_dongfeng", "member").await;
    let department =
        app::accounts::store::department(&state.db, &record("area", "yongjing"), "水务局")
            .await
            .unwrap();
    let department_id = department.clone();
    let cookies: Vec<Option<String>> = vec![
        None,
        Some(
            signed_in(
                &state,
                NewAccount {
                    system_admin: true,
                    ..account("系统")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                &state,
                NewAccount {
                    admin_area: Some(record("area", "yongjing")),
                    ..account("永靖")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                &state,
                NewAccount {
                    admin_area: Some(record("area", "nanshan")),
                    ..account("南山")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                &state,
                NewAccount {
                    member: Some(record("member", &head)),
                    ..account("站长")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                &state,
                NewAccount {
                    member: Some(record("member", &member)),
                    ..account("委员")
                },
            )
            .await,
        ),
        Some(
            signed_in(
                &state,
                NewAccount {
                    department: Some(department),
                    ..account("部门")
                },
            )
            .await,
        ),
    ];
    // Accounts and records the calls may touch without changing who may do what.
    let target_account = app::accounts::store::create(&state.db, account("被管理的账号"))
        .await
        .unwrap();
    let target_account = app::db::key_text(&target_account);
    let room = {
        let mut r = state
            .db
            .query("SELECT VALUE id FROM room WHERE code = 'sy-dongfeng'")
            .await
            .unwrap();
        let ids: Vec<surrealdb::types::RecordId> = r.take(0).unwrap();
        app::db::key_text(&ids[0])
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
        app::db::key_text(&id.unwrap())
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
        ("rate_case", form("code=SY-2026-000000&score=3&comment="), ALL),
        ("submit_concern", Body::Json(json!({"room_code": "sy-dongfeng", "form": {"submission_id": "x",
            "title": "", "description": "", "resident_name": "", "resident_phone": "", "consent": false}})), ALL),
        ("me", form(""), ALL),
        ("change_password", form("current=wrong&new=x&confirm=x"), SIGNED),
        ("admin_overview", form(""), ADMINS),
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
    ];

    state
        .db
        .query(
            "CREATE council_session:matrix SET council = council:sy_dongfeng, title = '矩阵',
                form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:matrix",
        )
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
