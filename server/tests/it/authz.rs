//! The authorization matrix: every server function, called over HTTP as every kind of caller,
//! is allowed or denied as the table says. A server function missing from the table fails here.
use crate::common;

use app::accounts::api::*;
use app::accounts::store::NewAccount;
use app::accounts::AccountInput;
use app::activities::api::{
    CheckInActivity, GetActivitiesOverview, GetActivity, PublishActivity, RecordActivity,
};
use app::activities::ActivityInput;
use app::audit::api::*;
use app::audit::AuditFilter;
use app::cases::desk::api::*;
use app::cases::desk::StepInput;
use app::cases::intake::api::*;
use app::cases::lists::api::*;
use app::cases::lists::{AssignmentInput, AssignmentStatus, ReportInput, ResearchInput};
use app::cases::lookup::GetMyCases;
use app::cases::pipeline::Step;
use app::cases::public::api::*;
use app::cases::work::api::*;
use app::cases::work::MemberConcern;
use app::cases::{CaseSource, ConcernForm};
use app::contacts::api::{AddHousehold, GetContactsOverview, LogContact};
use app::contacts::{ContactInput, HouseholdInput};
use app::councils::admin::{CouncilInput, StandardRow};
use app::councils::admin_api::*;
use app::councils::api::*;
use app::members::api::*;
use app::members::{MemberInput, SheetUpload, TeamInput};
use app::proposals::api::{
    DraftProposal, GetProposal, GetProposals, SaveProposal, SetProposalWindow, SignInput,
    SignProposal, TakeProposalStep,
};
use app::proposals::{ProposalFilter, ProposalInput, StepInput as ProposalStepInput, WindowInput};
use app::receptions::api::{GetReceptionsOverview, RecordReception};
use app::receptions::ReceptionInput;
use app::records::api::GetDutyRecord;
use app::reports::api::{GetReport, GetReports, NewReport, SaveReport, TakeReportStep};
use app::reports::{ReportFilter, ReportInput as NewReportInput, StepInput as ReportStepInput};
use app::review::api::{
    DecideTopic, GetReviewChain, GetReviewQueue, GetReviewTopic, SaveReviewChain,
};
use app::review::{ChainInput, DecideInput};
use app::rooms::admin::RoomInput;
use app::rooms::admin_api::*;
use app::rooms::api::*;
use app::rooms::directory::DirectoryFilter;
use app::roster::api::*;
use app::roster::PatternInput;
use app::scores::api::{AdjustScore, CloseQuarter, GetScores, SaveScoreSheet};
use app::scores::ScoreSheet;
use app::sectors::api::*;
use app::sessions::api::*;
use app::sessions::{Correction, NoteDraft, NoteId, NoteKind, SessionInput, SpeakerKind};
use app::stats::api::{GetStatRecords, GetStats};
use app::stats::report::GetStatsReport;
use app::stats::search::{SearchCases, SearchFilter};
use app::ui::flash::GetFlash;
use app::ui::map::GetMapTiles;
use common::{call, council_key, member_with_role, record, signed_in, Call};

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
/// Who keeps households in 东风村议事会: the members serving there (its head among them), no admin.
const SERVING: [bool; 7] = [false, false, false, false, true, true, false];
/// The one member whose household it is.
const OWNER: [bool; 7] = [false, false, false, false, false, true, false];
/// Who may report on an assignment of 东风村议事会 to the 水务局: its administrators and that department.
const REPORTERS: [bool; 7] = [false, true, true, false, true, false, true];
/// Guarded by something other than an account: `my_cases` needs the resident's one-time phone
/// check (tests/casework.rs), whoever is signed in.
fn not_by_account() -> [Call; 1] {
    [GetMyCases {}.into()]
}

/// A step the desk sends, with no checklist.
fn step(step: Step, version: i64) -> StepInput {
    StepInput {
        step,
        version,
        note: "".into(),
        merge_into: "".into(),
        worth: vec![],
        not_worth: vec![],
        recheck_on: "".into(),
    }
}

fn sheet(data_base64: &str) -> SheetUpload {
    SheetUpload {
        file_name: "a.csv".into(),
        data_base64: data_base64.into(),
    }
}

/// An empty concern form: refused after the policy's check, if it lets the caller through.
fn empty_concern() -> ConcernForm {
    ConcernForm {
        submission_id: "x".into(),
        ..Default::default()
    }
}

/// Empty, with the id of a note that does not exist.
fn empty_note() -> NoteDraft {
    NoteDraft {
        id: NoteId("a".repeat(32)),
        kind: NoteKind::Statement,
        speaker_kind: SpeakerKind::Anonymous,
        speaker_name: "".into(),
        text: "".into(),
        written_at: "".into(),
    }
}

fn empty_correction() -> Correction {
    Correction {
        note: NoteId("a".repeat(32)),
        edit: NoteId("a".repeat(32)),
        base_version: 0,
        kind: NoteKind::Statement,
        speaker_kind: SpeakerKind::Anonymous,
        speaker_name: "".into(),
        text: "".into(),
    }
}

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
    let sheet_data = base64_of("姓名,界别\n");
    let council_input = CouncilInput {
        name: "矩阵测试议事会".into(),
        kind: "village_council".into(),
        area: "sy_dongfeng".into(),
        case_prefix: "SY".into(),
        ..Default::default()
    };
    let room_input = RoomInput {
        active: true,
        ..Default::default()
    };
    let member_input = MemberInput {
        level: "district".into(),
        role: "member".into(),
        ..Default::default()
    };
    let c = || council_key("sy_dongfeng");
    let s = |text: &str| text.to_string();
    let lamp = || s("SY-2026-527338");
    let matrix = || s("matrix");

    #[rustfmt::skip]
    let table: Vec<(Call, [bool; 7])> = vec![
        (ListCouncils {}.into(), ALL),
        (RoomPage { code: s("sy-dongfeng"), flash: None }.into(), ALL),
        (GetRoomDirectory { filter: DirectoryFilter::default() }.into(), ALL),
        (GetMapTiles {}.into(), ALL),
        (GetRoomPoster { code: s("sy-dongfeng") }.into(), ALL),
        (GetCouncilPosters { council: c() }.into(), COUNCIL),
        (GetCaseQueue { council: c() }.into(), COUNCIL),
        (SetCasePublic { council: c(), code: s("SY-2026-000000"), public: false }.into(), COUNCIL),
        (SetCaseTypical { council: c(), code: s("SY-2026-000000"), typical: false }.into(), COUNCIL),
        (GetStaffCase { council: c(), code: lamp() }.into(), COUNCIL),
        (TakeCaseStep { council: c(), code: lamp(), input: step(Step::Approve, 0) }.into(), COUNCIL),
        (CaseStatus { code: s("SY-2026-000000") }.into(), ALL),
        (GetFlash { key: "0".repeat(32) }.into(), ALL),
        (SubmitConcern { room_code: s("sy-dongfeng"), form: empty_concern() }.into(), ALL),
        (GetMe {}.into(), ALL),
        (ChangePassword { current: s("wrong"), new: s("x"), confirm: s("x") }.into(), SIGNED),
        (GetAdminOverview {}.into(), ADMINS),
        (AuditCouncils {}.into(), ADMINS),
        (GetCouncilRoster { council: c() }.into(), COUNCIL),
        (AuditLog { filter: AuditFilter::default() }.into(), ADMINS),
        (GetCouncilFormOptions { council: None }.into(), ADMINS),
        (GetCouncilFormOptions { council: Some(c()) }.into(), COUNCIL),
        (CreateCouncil { input: council_input.clone() }.into(), DISTRICT),
        (GetCouncilDetail { council: c() }.into(), COUNCIL),
        (UpdateCouncil { council: c(), input: council_input }.into(), COUNCIL),
        (SetCouncilStandard { council: c(),
            row: StandardRow { item: s("site"), met: true, evidence: s("村委会二楼") } }.into(), COUNCIL),
        (CouncilRooms { council: c() }.into(), COUNCIL),
        (CreateRoom { council: c(), input: room_input.clone() }.into(), COUNCIL),
        (UpdateRoom { council: c(), room: room.clone(), input: room_input }.into(), COUNCIL),
        (GetCouncilMembers { council: c() }.into(), COUNCIL),
        (AddMember { council: c(), input: member_input.clone() }.into(), COUNCIL),
        (UpdateMember { council: c(), member: member.clone(), input: member_input }.into(), COUNCIL),
        (SetMemberRole { council: c(), member: member.clone(), role: s("member") }.into(), COUNCIL),
        (RemoveMember { council: c(), member: s("nobody") }.into(), COUNCIL),
        (PreviewImport { council: c(), upload: sheet(&sheet_data) }.into(), COUNCIL),
        (CommitImport { council: c(), upload: sheet(&sheet_data) }.into(), COUNCIL),
        (CreateWorkTeam { council: c(), input: TeamInput::default() }.into(), COUNCIL),
        (IssueMemberLogin { council: c(), member: s("nobody") }.into(), COUNCIL),
        (GetRoomRoster { council: c(), room: room.clone() }.into(), COUNCIL),
        (CreateDutyPattern { council: c(), room: room.clone(), input: PatternInput::default() }.into(), COUNCIL),
        (StopDutyPattern { council: c(), pattern: s("nothing") }.into(), COUNCIL),
        (SwapDuty { council: c(), slot: s("nothing"), member: s("nobody"), reason: s("x") }.into(), COUNCIL),
        (GetDistrictSectors {}.into(), ADMINS),
        (AddSectors { district: s("yongjing"), name: s(""), defaults: false }.into(), DISTRICT),
        (ListAccounts {}.into(), SYSTEM),
        (app::notify::api::GetTextOutbox {}.into(), SYSTEM),
        (app::notify::api::GetMyNotices {}.into(), SIGNED),
        (CreateAccount { input: AccountInput::default() }.into(), SYSTEM),
        (ResetPassword { account: target_account.clone() }.into(), SYSTEM),
        (SetAccountDisabled { account: target_account.clone(), disabled: false }.into(), SYSTEM),
        (GetWorkOverview {}.into(), SIGNED),
        (GetMyTasks {}.into(), SIGNED),
        (RaiseForCouncil { input: MemberConcern { council: s("sy_dongfeng"), room: s("sy-dongfeng"),
            source: CaseSource::MemberVisit, category: s(""), form: empty_concern(),
            lat: s(""), lng: s(""), raised_at: s("") } }.into(), MEMBERS),
        (AddResearch { council: c(), code: lamp(), input: ResearchInput::default() }.into(), COUNCIL),
        (SaveRecommendation { council: c(), code: lamp(), id: s(""), text: s(""), fresh: None }.into(), COUNCIL),
        (DeleteRecommendation { council: c(), code: lamp(), id: s("nothing") }.into(), COUNCIL),
        (AddAssignment { council: c(), code: lamp(), input: AssignmentInput::default() }.into(), COUNCIL),
        (DeleteAssignment { council: c(), code: lamp(), id: s("nothing") }.into(), COUNCIL),
        // Version 0 is always stale: the allowed get a conflict, nothing changes.
        (ReportAssignment { id: assignment.clone(), input: ReportInput { status: AssignmentStatus::InProgress,
            result: s(""), evidence: s(""), version: 0 } }.into(), REPORTERS),
        // Sessions of 东风村议事会: its members and administrators; empty input is refused after the check.
        (GetSessionsOverview {}.into(), SIGNED),
        (CreateSession { input: SessionInput { council: s("sy_dongfeng"), ..Default::default() } }.into(), MEMBERS),
        (GetSession { key: matrix() }.into(), MEMBERS),
        (CheckIn { key: matrix() }.into(), MEMBERS),
        (AddAttendee { key: matrix(), name: s(""), kind: s("resident"), id: None }.into(), MEMBERS),
        (SetHeadcount { key: matrix(), headcount: -1 }.into(), MEMBERS),
        (AddNote { key: matrix(), draft: empty_note() }.into(), MEMBERS),
        (CorrectNote { key: matrix(), correction: empty_correction() }.into(), MEMBERS),
        (CloseSession { key: matrix(), summary: s("") }.into(), MEMBERS),
        // Carrying into the 协商建议清单 is the council's own desk work.
        (CarryNote { key: matrix(), note: s("nothing") }.into(), COUNCIL),
        // Activities of 东风村议事会: its members and administrators; empty input is refused after the check.
        (GetActivitiesOverview {}.into(), SIGNED),
        (RecordActivity { input: ActivityInput { council: s("sy_dongfeng"), ..Default::default() } }.into(), MEMBERS),
        (GetActivity { key: matrix() }.into(), MEMBERS),
        (CheckInActivity { key: matrix() }.into(), MEMBERS),
        // Showing it on the room pages is the council's managers' choice.
        (PublishActivity { key: matrix(), published: false }.into(), COUNCIL),
        // Reception days: anyone signed in sees their own; recording a day of 东风村's roster is for
        // the member on duty (the 'member' caller) and the council's administrators.
        (GetReceptionsOverview {}.into(), SIGNED),
        (RecordReception { input: ReceptionInput { slot: matrix(), came: true, ..Default::default() } }.into(), MEMBERS),
        // A member's own duty record, and their council's administrators'.
        (GetDutyRecord { member: member.clone(), year: None, to_year: None }.into(), MEMBERS),
        // Linked households are the member's own list; a contact is logged by whose household it is.
        (GetContactsOverview {}.into(), SIGNED),
        (AddHousehold { input: HouseholdInput { council: s("sy_dongfeng"), ..Default::default() } }.into(), SERVING),
        (LogContact { input: ContactInput { household: matrix(), ..Default::default() } }.into(), OWNER),
        // 永靖县's quarter: its district admins, and 东风村's head for its own members; adjusting
        // 东风村's member is for whoever administers 东风村. Reopening an open quarter is a conflict.
        (GetScores { district: Some(s("yongjing")), quarter: None }.into(), COUNCIL),
        (SaveScoreSheet { district: s("yongjing"), sheet: ScoreSheet::default() }.into(), DISTRICT),
        (AdjustScore { district: s("yongjing"), quarter: s(""), member: member.clone(), points: 0, reason: s("") }.into(), COUNCIL),
        (CloseQuarter { district: s("yongjing"), quarter: s(""), closed: false }.into(), DISTRICT),
        // A council's figures for its members and administrators; 永靖县's for whoever holds it.
        (GetStats { scope: Some(s("council:sy_dongfeng")), period: None, from: None, to: None, sort: None }.into(), MEMBERS),
        (GetStats { scope: Some(s("area:yongjing")), period: None, from: None, to: None, sort: None }.into(), DISTRICT),
        (SearchCases { filter: SearchFilter { scope: s("council:sy_dongfeng"), page: 1, ..Default::default() } }.into(), MEMBERS),
        (GetStatsReport { scope: Some(s("council:sy_dongfeng")), period: None, from: None, to: None }.into(), MEMBERS),
        (GetStatRecords { scope: Some(s("council:sy_dongfeng")), period: None, figure: s("concerns"), split: None, part: None, page: None }.into(), MEMBERS),
        // 社情民意: anyone signed in has a list (of what reached them); 东风村's members write
        // (an empty report is refused after the check); report:matrix, sent up by the 'member'
        // caller, is seen and moved (an empty step refused) by its author and the council's
        // administrators, and by no office: none of these callers works in one.
        (GetReports { filter: ReportFilter::default() }.into(), SIGNED),
        (NewReport { council: s("sy_dongfeng"), source: s("") }.into(), SERVING),
        (SaveReport { input: NewReportInput { key: s("matrix_new"), council: s("sy_dongfeng"), ..Default::default() } }.into(), SERVING),
        (GetReport { key: matrix() }.into(), MEMBERS),
        (TakeReportStep { input: ReportStepInput { report: matrix(), ..Default::default() } }.into(), MEMBERS),
        // 提案: anyone signed in has a list; 东风村's members draft (an empty one refused after
        // the check); proposal:matrix, submitted by the 'member' caller, is read and moved (an
        // empty step refused) by its author and whoever administers 东风村. Its head is invited
        // to co-sign (too late: a conflict), the member is not; only the system sets a window here.
        (GetProposals { filter: ProposalFilter::default() }.into(), SIGNED),
        (DraftProposal { council: s("sy_dongfeng"), source: s(""), key: s("") }.into(), SERVING),
        (SaveProposal { input: ProposalInput { key: s("matrix_new"), council: s("sy_dongfeng"), ..Default::default() } }.into(), SERVING),
        (GetProposal { key: matrix() }.into(), MEMBERS),
        (SignProposal { input: SignInput { proposal: matrix(), confirm: true } }.into(), [false, false, false, false, true, false, false]),
        (TakeProposalStep { input: ProposalStepInput { proposal: matrix(), ..Default::default() } }.into(), MEMBERS),
        (SetProposalWindow { input: WindowInput { district: s("yongjing"), ..Default::default() } }.into(), SYSTEM),
        // 三级会审: a queue for whoever sits somewhere (a council's managers; the system admin
        // sits nowhere). The demo topic at 三塬镇's level is read and decided (an empty decision
        // refused) by those managing 三塬镇; to everyone else it is not found (404, which this
        // table counts as let through: review.rs tells the two apart). 东风村's chain is read by
        // those administering it and set only by the county.
        (GetReviewQueue {}.into(), [false, false, true, true, true, false, false]),
        (GetReviewTopic { code: s("SY-2026-315063") }.into(), SIGNED),
        (DecideTopic { input: DecideInput { code: s("SY-2026-315063"), decision: s(""), version: 2, note: s("") } }.into(), SIGNED),
        (GetReviewChain { council: c() }.into(), COUNCIL),
        (SaveReviewChain { input: ChainInput { council: s("sy_dongfeng"), levels: vec![] } }.into(), DISTRICT),
    ];

    state
        .db
        .query(
            "CREATE council_session:matrix SET council = council:sy_dongfeng, title = '矩阵',
                form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:matrix;
             CREATE activity:matrix SET council = council:sy_dongfeng, kind = 'visit', title = '矩阵',
                starts_at = '2026-11-25T09:30', on_date = '2026-11-25';
             CREATE duty_slot:matrix SET pattern = duty_pattern:demo_dongfeng, room = room:sy_dongfeng,
                date = '2099-01-01', starts = '15:00', ends = '17:00', member = type::record('member', $member);
             CREATE household:matrix SET council = council:sy_dongfeng, member = type::record('member', $member),
                name = '矩阵户';
             CREATE report:matrix SET council = council:sy_dongfeng, title = '矩阵', situation = '情况',
                analysis = '分析', suggestion = '建议', authors = [type::record('member', $member)],
                source_kind = 'none', status = 'submitted', created_by = account:matrix;
             CREATE proposal:matrix SET council = council:sy_dongfeng, district = area:yongjing,
                title = '矩阵', basis = '案据', method = '办法', author = type::record('member', $member),
                source_kind = 'none', status = 'submitted', number = 99, created_by = account:matrix;
             CREATE proposal_signer SET proposal = proposal:matrix, member = type::record('member', $head),
                status = 'invited';",
        )
        .bind(("member", member.clone()))
        .bind(("head", common::member_with_role(&state, "sy_dongfeng", "head").await))
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
    let exempt = not_by_account();
    let named: Vec<&str> = (table.iter().map(|(c, _)| c))
        .chain(&exempt)
        .map(Call::endpoint)
        .collect();
    for path in &registered {
        let endpoint = path.trim_start_matches("/api/");
        assert!(
            named.contains(&endpoint),
            "server function {path} has no row in the authorization matrix"
        );
    }

    let mut failures = Vec::new();
    for (args, allowed) in &table {
        let endpoint = args.endpoint();
        for (i, cookie) in cookies.iter().enumerate() {
            let response = call(&server.addr, cookie.as_deref(), args.clone()).await;
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
        // Only the resident who raised it may stop its texts.
        ("POST", format!("/c/{lamp}/texts/stop"), b"", [403; 7]),
        // Anyone signed in marks their own notices read; signed out is 401.
        ("POST", "/notices/read".into(), b"", [401, 303, 303, 303, 303, 303, 303]),
        ("POST", "/s/matrix/notes".into(), b"id=&kind=statement&speaker_kind=anonymous&text=", SESSION_FORM),
        ("POST", "/s/matrix/attendance".into(), b"op=headcount&headcount=-1", SESSION_FORM),
        ("POST", "/s/matrix/close".into(), b"summary=", SESSION_FORM),
        ("GET", "/s/matrix/events".into(), b"", SESSION_READ),
        ("GET", format!("/s/matrix/photos/{upload}"), b"", SESSION_READ),
        ("PUT", format!("/s/matrix/photos/{upload}/0?chunks=2"), &chunk, SESSION_READ),
        ("GET", format!("/activities/matrix/photos/{upload}"), b"", SESSION_READ),
        ("PUT", format!("/activities/matrix/photos/{upload}/0?chunks=2"), &chunk, SESSION_READ),
        ("GET", format!("/admin/councils/sy_dongfeng/cases/{lamp}/lists.xlsx"), b"", COUNCIL_PAGE),
        // A council's figures for its members and administrators; a district's for who holds it.
        ("GET", "/stats/export.xlsx?scope=council%3Asy_dongfeng&period=2026".into(), b"", SESSION_READ),
        ("GET", "/search.xlsx?scope=council%3Asy_dongfeng&q=%E8%B7%AF".into(), b"", SESSION_READ),
        // Anyone signed in gets the list they may see; signed out, the sign-in page.
        ("GET", "/reports.xlsx?status=submitted".into(), b"", [303, 200, 200, 200, 200, 200, 200]),
        ("GET", "/proposals.xlsx?overdue=1".into(), b"", [303, 200, 200, 200, 200, 200, 200]),
        ("GET", "/stats/records.xlsx?scope=area%3Ayongjing&period=2026&figure=concerns".into(), b"", [303, 200, 200, 403, 403, 403, 403]),
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
    let c = || council_key("sy_dongfeng");
    let s = |text: &str| text.to_string();
    let member_input = MemberInput {
        name: s("张永福"),
        sector: s("yongjing_zhonggong"),
        level: s("district"),
        role: s("member"),
        ..Default::default()
    };
    let room_input = RoomInput {
        code: s("sy-xinjian"),
        name: s("新建村协商议事室"),
        address: s("x"),
        active: false,
        ..Default::default()
    };
    let session = |topic: &str, room: &str| CreateSession {
        input: SessionInput {
            council: s("sy_dongfeng"),
            topic: s(topic),
            title: s("板凳会"),
            form: s("bench"),
            room: s(room),
            starts_at: s("2026-11-25T09:30"),
            ..Default::default()
        },
    };
    #[rustfmt::skip]
    let calls: Vec<(Call, u16)> = vec![
        (GetStaffCase { council: c(), code: s(theirs) }.into(), 404),
        (TakeCaseStep { council: c(), code: s(theirs), input: step(Step::PublishRecommendations, 4) }.into(), 404),
        (SetCasePublic { council: c(), code: s(theirs), public: true }.into(), 404),
        (SetCaseTypical { council: c(), code: s(theirs), typical: true }.into(), 404),
        (AddResearch { council: c(), code: s(theirs), input: ResearchInput { on_date: s("2026-11-20"),
            kind: s("visit"), note: s("走访"), ..Default::default() } }.into(), 404),
        (SaveRecommendation { council: c(), code: s(theirs), id: s(""), text: s("x"), fresh: None }.into(), 404),
        (SaveRecommendation { council: c(), code: s(ours), id: s("b1"), text: s("x"), fresh: None }.into(), 404),
        (DeleteRecommendation { council: c(), code: s(ours), id: s("b1") }.into(), 404),
        (AddAssignment { council: c(), code: s(ours), input: AssignmentInput { recommendation: s("b1"),
            department: department.clone(), owner: s("王"), task: s("修路"), deadline: s("2099-12-31"),
            ..Default::default() } }.into(), 400),
        (DeleteAssignment { council: c(), code: s(ours), id: s("b1") }.into(), 404),
        (UpdateRoom { council: c(), room: s("sy_xinjian"), input: room_input }.into(), 404),
        (GetRoomRoster { council: c(), room: s("sy_xinjian") }.into(), 404),
        (CreateDutyPattern { council: c(), room: s("sy_xinjian"), input: PatternInput { weekday: 5,
            starts: s("09:00"), ends: s("12:00"), first_date: s("2026-11-27"),
            rotation: vec![s("sy_10")] } }.into(), 404),
        (StopDutyPattern { council: c(), pattern: s("b1") }.into(), 404),
        (SwapDuty { council: c(), slot: s("b1"), member: s("sy_07"), reason: s("x") }.into(), 404),
        (UpdateMember { council: c(), member: s("sy_10"), input: member_input }.into(), 404),
        (SetMemberRole { council: c(), member: s("sy_10"), role: s("liaison") }.into(), 404),
        (RemoveMember { council: c(), member: s("sy_10") }.into(), 404),
        (IssueMemberLogin { council: c(), member: s("sy_10") }.into(), 404),
        (CreateWorkTeam { council: c(), input: TeamInput { name: s("修路专班"), leader: s("sy_10"),
            members: vec![s("sy_11")] } }.into(), 400),
        (session(theirs, "").into(), 400),
        (session("", "sy-xinjian").into(), 400),
        (CarryNote { key: s("b1"), note: s("b1") }.into(), 403),
    ];
    let mut failures = Vec::new();
    for (args, expected) in calls {
        let endpoint = args.endpoint().to_string();
        let (status, answer) = common::api_status(&server.addr, Some(&head), args).await;
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
