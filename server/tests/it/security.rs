//! The holes an outsider tries first, each attacked over real HTTP against a real SurrealDB the
//! way the attacker would: account takeover across councils, disk filling by uploads, guessing
//! tracking codes and speaking for the resident, walking around rate limits, password guessing,
//! crafted sheets, cross-site forms, and the smaller ones.
use crate::common;

use app::accounts::api::{ChangePassword, ListAccounts};
use app::accounts::store::NewAccount;
use app::cases::lists::api::{AddAssignment, AddResearch, SaveRecommendation};
use app::cases::lists::{AssignmentInput, ResearchInput};
use app::cases::public::api::CaseStatus;
use app::members::api::{
    AddMember, CommitImport, GetCouncilMembers, IssueMemberLogin, PreviewImport, UpdateMember,
};
use app::members::{MemberInput, SheetUpload};
use app::rooms::api::RoomPage;
use app::sessions::api::{AddAttendee, AddNote, CheckIn, CloseSession, CorrectNote, CreateSession};
use app::sessions::{Correction, NoteDraft, NoteId, NoteKind, SessionInput, SpeakerKind};
use common::{
    api, api_status, council_key, count, record, request, send, send_bytes, signed_in, urlencode,
    Call, HttpResponse,
};

const FORM: &str = "application/x-www-form-urlencoded";

/// A member's account, signed in; returns the cookie and the member's key.
async fn member_account(
    state: &app::server::state::AppState,
    council: &str,
    role: &str,
    phone: &str,
) -> (String, String) {
    let member = common::member_with_role(state, council, role).await;
    let cookie = signed_in(
        state,
        NewAccount {
            name: format!("{council}的{role}"),
            phone: Some(phone.into()),
            password_hash: common::hash("委员的密码123456"),
            member: Some(record("member", &member)),
            ..Default::default()
        },
    )
    .await;
    (cookie, member)
}

async fn login(addr: &str, login: &str, password: &str, forwarded: &str) -> HttpResponse {
    let body = format!(
        "login={}&password={}&next=%2Fadmin",
        urlencode(login),
        urlencode(password)
    );
    let head = format!("X-Forwarded-For: {forwarded}");
    let content = format!("Content-Type: {FORM}");
    common::send(
        addr,
        "POST",
        "/login",
        &[head.as_str(), content.as_str()],
        body.into_bytes(),
    )
    .await
}

/// The member form of a plain district member of 中共 with no public contact.
fn member_input(name: &str, phone: &str) -> MemberInput {
    MemberInput {
        name: name.into(),
        sector: "yongjing_zhonggong".into(),
        level: "district".into(),
        phone: phone.into(),
        contact_public: false,
        specialties: "".into(),
        role: "member".into(),
    }
}

/// A bench session of 新建村 in the village square, under the page's id `id` (empty: none).
fn bench_session(id: &str) -> CreateSession {
    CreateSession {
        input: SessionInput {
            id: id.into(),
            council: "sy_xinjian".into(),
            title: "板凳会".into(),
            form: "bench".into(),
            place: "村口".into(),
            starts_at: "2026-11-25T09:30".into(),
            ..Default::default()
        },
    }
}

/// An account signing in with "正确的密码abc".
async fn head_account(state: &app::server::state::AppState, phone: &str) {
    app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "站长".into(),
            phone: Some(phone.into()),
            password_hash: common::hash("正确的密码abc"),
            ..Default::default()
        },
    )
    .await
    .unwrap();
}

fn location(response: &HttpResponse) -> String {
    response.header("location").unwrap_or_default()
}

async fn password_hash_of(state: &app::server::state::AppState, phone: &str) -> String {
    let mut r = state
        .db
        .query("SELECT VALUE password_hash FROM account WHERE phone = $p")
        .bind(("p", phone.to_string()))
        .await
        .unwrap();
    let hashes: Vec<String> = r.take(0).unwrap();
    hashes.into_iter().next().unwrap()
}

// 1. Taking over another council's accounts ---------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_liaison_cannot_take_over_another_councils_head() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    // The liaison of 东风村 (council A) and the head of 新建村 (council B), who has an account.
    let (liaison, _) = member_account(&state, "sy_dongfeng", "liaison", "13700000101").await;
    let b_head = common::member_with_role(&state, "sy_xinjian", "head").await;
    let b_phone = "13900001010";
    app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "张永福".into(),
            phone: Some(b_phone.into()),
            password_hash: common::hash("站长自己的密码1"),
            member: Some(record("member", &b_head)),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let hash_before = password_hash_of(&state, b_phone).await;
    let memberships_before = count(&state, "membership").await;

    // The attack: add B's head to A by phone...
    let dongfeng = council_key("sy_dongfeng");
    let add = AddMember {
        council: dongfeng.clone(),
        input: member_input("张永福", b_phone),
    };
    let added = api(&server.addr, &liaison, add).await.unwrap_err();
    assert_eq!(common::invalid_fields(&added), vec!["phone"]);
    assert_eq!(count(&state, "membership").await, memberships_before);
    // ...or from a sheet: the row is refused, the whole import with it.
    let sheet = common::base64(&format!("姓名,界别,手机\n张永福,中共,{b_phone}\n"));
    let upload = SheetUpload {
        file_name: "a.csv".into(),
        data_base64: sheet,
    };
    let preview = PreviewImport {
        council: dongfeng.clone(),
        upload: upload.clone(),
    };
    let preview = api(&server.addr, &liaison, preview).await.unwrap();
    assert_eq!(preview["bad"], 1, "{preview}");
    let commit = CommitImport {
        council: dongfeng.clone(),
        upload,
    };
    let (status, _) = api_status(&server.addr, Some(&liaison), commit).await;
    assert_eq!(status, 400);
    assert_eq!(count(&state, "membership").await, memberships_before);

    // Even once the person serves in both (linked by the district, who holds both), A's liaison
    // may neither hand their account a code nor edit them.
    state
        .db
        .query("CREATE membership SET member = $m, council = council:sy_dongfeng, role = 'member'")
        .bind(("m", record("member", &b_head)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let login_for = |member: &str| IssueMemberLogin {
        council: dongfeng.clone(),
        member: member.into(),
    };
    let (status, _) = api_status(&server.addr, Some(&liaison), login_for(&b_head)).await;
    assert_eq!(status, 403);
    let update = UpdateMember {
        council: dongfeng.clone(),
        member: b_head.clone(),
        input: member_input("张永福", "13700000102"),
    };
    let (status, _) = api_status(&server.addr, Some(&liaison), update).await;
    assert_eq!(status, 403);

    // Nothing of B's head changed: the password still opens the account, no code was issued.
    assert_eq!(password_hash_of(&state, b_phone).await, hash_before);
    let signed = login(&server.addr, b_phone, "站长自己的密码1", "192.0.2.1").await;
    assert_eq!(location(&signed), "/admin");
    let mut r = state
        .db
        .query("SELECT VALUE phone FROM ONLY $m")
        .bind(("m", record("member", &b_head)))
        .await
        .unwrap();
    assert_eq!(
        r.take::<Option<String>>(0).unwrap().as_deref(),
        Some(b_phone)
    );
    let mut r = state
        .db
        .query(
            "RETURN count(SELECT id FROM audit WHERE action IN ['account.reset', 'member.update'])",
        )
        .await
        .unwrap();
    assert_eq!(r.take::<Option<i64>>(0).unwrap(), Some(0));

    // A member who serves in A only is A's to manage: the liaison issues their code.
    let a_member = "sy_08".to_string();
    state
        .db
        .query("UPDATE $m SET phone = '13700000109'")
        .bind(("m", record("member", &a_member)))
        .await
        .unwrap();
    let issued = api(&server.addr, &liaison, login_for(&a_member))
        .await
        .unwrap();
    assert_eq!(issued["login"], "13700000109");
}

// 2. Anonymous disk filling -------------------------------------------------------------------

fn jpeg_half(seed: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend(std::iter::repeat_n(seed, 4000));
    bytes
}

async fn put_chunk(
    addr: &str,
    path: &str,
    headers: &[&str],
    upload: &str,
    index: u32,
    chunks: u32,
    data: &[u8],
) -> u16 {
    let path = format!("{path}/{upload}/{index}?chunks={chunks}");
    send_bytes(addr, "PUT", &path, headers, data).await.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_capped_per_owner_rate_limited_and_purged() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let concern = common::form("路灯不亮");
    let receipt = app::cases::intake::raise::raise_concern(
        &state,
        "sy-dongfeng",
        &concern,
        common::ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let path = format!("/c/{}/photos", receipt.tracking_code);
    let proof = format!("X-Submission: {}", concern.submission_id);
    // 50 uploads started, none finished: the first three take the case's three slots.
    let mut statuses = Vec::new();
    for i in 0..50u32 {
        let upload = format!("{i:032x}");
        statuses.push(
            put_chunk(
                &server.addr,
                &path,
                &[&proof],
                &upload,
                0,
                2,
                &jpeg_half(i as u8),
            )
            .await,
        );
    }
    assert_eq!(&statuses[..3], &[200, 200, 200], "{statuses:?}");
    assert!(statuses[3..].iter().all(|s| *s == 400), "{statuses:?}");
    // Storage stays bounded: three slots, one 4 KB chunk each.
    assert_eq!(count(&state, "upload_slot").await, 3);
    assert_eq!(count(&state, "upload_chunk").await, 3);
    // A day later the unfinished uploads are gone and their slots free again.
    let purged = app::attachments::store::purge_unfinished(&state.db, 0)
        .await
        .unwrap();
    assert_eq!(purged, 3);
    assert_eq!(count(&state, "upload_slot").await, 0);
    assert_eq!(count(&state, "upload_chunk").await, 0);
    assert_eq!(app::attachments::store::UNFINISHED_HOURS, 24);
    let again = put_chunk(
        &server.addr,
        &path,
        &[&proof],
        &"f".repeat(32),
        0,
        2,
        &jpeg_half(7),
    )
    .await;
    assert_eq!(again, 200);

    // Chunks are rate-limited per client (and per owner).
    let tight = common::demo_state_with(|s| s.chunk_limit.burst = 4).await;
    let tight_server = common::serve(tight.clone()).await;
    let concern = common::form("路灯还是不亮");
    let receipt = app::cases::intake::raise::raise_concern(
        &tight,
        "sy-dongfeng",
        &concern,
        common::ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let path = format!("/c/{}/photos", receipt.tracking_code);
    let proof = format!("X-Submission: {}", concern.submission_id);
    let upload = "a".repeat(32);
    let mut statuses = Vec::new();
    for index in 0..6 {
        statuses.push(
            put_chunk(
                &tight_server.addr,
                &path,
                &[&proof],
                &upload,
                index,
                8,
                &jpeg_half(1),
            )
            .await,
        );
    }
    assert_eq!(statuses, vec![200, 200, 200, 200, 429, 429]);
}

// 3. Guessable tracking codes, the existence oracle, and speaking for the resident ----------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_are_long_and_probing_for_them_spends_the_lookup_limit() {
    let state = common::demo_state_with(|s| s.lookup_limit.burst = 4).await;
    let server = common::serve(state.clone()).await;
    let receipt = app::cases::intake::raise::raise_concern(
        &state,
        "sy-dongfeng",
        &common::form("村口积水"),
        common::ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let code = receipt.tracking_code.0.clone();
    // SY-NNNNN-NNNNN-NNNNN: fourteen random digits and a check digit.
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.len(), 15, "{code}");
    assert!(
        code.starts_with("SY-") && code.matches('-').count() == 3,
        "{code}"
    );
    let unknown = app::cases::intake::logic::make_tracking_code("SY", 12_345).0;
    let upload = "b".repeat(32);
    // A real code and an unknown one answer alike, and each try spends a lookup.
    let mut seen = Vec::new();
    for probe in [&code, &unknown, &code, &unknown, &code, &unknown] {
        let (status, _, _) =
            common::get_bytes(&server.addr, &format!("/c/{probe}/photos/{upload}"), None).await;
        seen.push(status);
    }
    assert_eq!(seen, vec![404, 404, 404, 404, 429, 429]);
    // Codes issued before keep working.
    let lamp = CaseStatus {
        code: "SY-2026-527338".into(),
    };
    let (status, _) = api_status(&server.addr, None, lamp).await;
    assert_eq!(status, 429, "the limit is per client, whatever the route");
}

/// The demo's shared-bike case is fed back: ready to be rated, by its resident only.
const BIKES: &str = "NS-2026-273153";

async fn rate(addr: &str, code: &str, cookie: Option<&str>, score: &str) -> HttpResponse {
    request(
        addr,
        "POST",
        &format!("/c/{code}/rate"),
        cookie,
        Some((
            FORM,
            format!("score={score}&comment={}", urlencode("早高峰还是堵")),
        )),
    )
    .await
}

async fn rating_of(state: &app::server::state::AppState, code: &str) -> Option<i64> {
    let mut r = state
        .db
        .query("(SELECT VALUE score FROM case_rating WHERE case.tracking_code = $code)[0]")
        .bind(("code", code.to_string()))
        .await
        .unwrap();
    r.take::<Option<i64>>(0).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_resident_who_raised_a_case_may_rate_it() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    // The resident's browser raised it: its token's hash is on the case.
    state
        .db
        .query("UPDATE case:ns_c2 SET raised_device = $h")
        .bind(("h", app::auth::session::token_hash(common::DEVICE)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let resident = format!("bandeng_device={}", common::DEVICE);
    let stranger = format!("bandeng_device={}", "e".repeat(64));
    // Holding the code is not enough: 403, nothing stored.
    for cookie in [None, Some(stranger.as_str())] {
        let refused = rate(&server.addr, BIKES, cookie, "1").await;
        assert_eq!(refused.status, 403, "{cookie:?}");
    }
    assert_eq!(rating_of(&state, BIKES).await, None);
    // The resident rates, and may change their mind; a stranger never replaces it.
    let rated = rate(&server.addr, BIKES, Some(&resident), "3").await;
    assert_eq!(rated.status, 303);
    assert_eq!(location(&rated), format!("/c/{BIKES}?rated=1#rating"));
    assert_eq!(rating_of(&state, BIKES).await, Some(3));
    assert_eq!(
        rate(&server.addr, BIKES, Some(&stranger), "1").await.status,
        403
    );
    assert_eq!(rating_of(&state, BIKES).await, Some(3));
    // The page tells the resident's browser it may rate, everyone else that it may not.
    let page = request(
        &server.addr,
        "GET",
        &format!("/c/{BIKES}"),
        Some(&resident),
        None,
    )
    .await;
    assert!(page.body.contains("rating-form"));
    let page = request(&server.addr, "GET", &format!("/c/{BIKES}"), None, None).await;
    assert!(page.body.contains("rating-not-yours") && !page.body.contains("rating-form"));

    // A phone checked at /c/find for the number the case was raised with may rate it too.
    state
        .db
        .query(
            "UPDATE case:ns_c2 SET resident_phone = '13900005555';
             CREATE phone_check SET phone = '13900005555', code_hash = 'x',
                 token_hash = $t, expires_at = time::now() + 10m, verified = true;",
        )
        .bind(("t", app::auth::session::token_hash(&"c".repeat(64))))
        .await
        .unwrap()
        .check()
        .unwrap();
    let checked = format!("bandeng_check={}", "c".repeat(64));
    assert_eq!(
        rate(&server.addr, BIKES, Some(&checked), "2").await.status,
        303
    );
    assert_eq!(rating_of(&state, BIKES).await, Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_case_shows_on_the_room_page_without_its_code() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let room = RoomPage {
        code: "ns-shekou".into(),
        flash: None,
    };
    let (status, page) = api_status(&server.addr, None, room).await;
    assert_eq!(status, 200);
    let listed = page["recent"].to_string();
    assert!(listed.contains("人行道被共享单车占满"), "{listed}");
    assert!(
        !listed.contains("NS-2026") && !listed.contains("tracking_code"),
        "{listed}"
    );
    let html = request(&server.addr, "GET", "/r/ns-shekou", None, None).await;
    assert!(
        !html.body.contains("/c/NS-2026"),
        "no bearer link to the case"
    );
}

// 4. Rate limits one could walk around --------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_forms_are_rate_limited_before_they_are_kept() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let mut kept = 0;
    let mut limited = 0;
    for i in 0..30 {
        // No consent: refused, kept as a flash to show the form again.
        let body = format!(
            "submission_id={:032x}&title={}&description={}&resident_name=&resident_phone=",
            i,
            urlencode("路灯"),
            urlencode("不亮")
        );
        let r = request(
            &server.addr,
            "POST",
            "/r/sy-dongfeng/concern",
            None,
            Some((FORM, body)),
        )
        .await;
        match r.status {
            303 if location(&r).contains("flash=") => kept += 1,
            429 => limited += 1,
            other => panic!("unexpected {other}: {}", r.head),
        }
    }
    assert_eq!(kept, app::server::state::REFUSAL_LIMIT.burst as i32);
    assert_eq!(limited, 30 - kept);
    assert_eq!(count(&state, "flash").await, kept as i64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_forms_from_many_addresses_together_stay_bounded() {
    // Each address keeps under its own limit; together they meet the cap.
    let state = common::demo_state_with(|s| {
        s.max_flashes = 12;
        s.trusted_proxies = vec![common::localhost()];
    })
    .await;
    let server = common::serve(state.clone()).await;
    let mut statuses = Vec::new();
    for i in 0..20 {
        let body = format!(
            "submission_id={:032x}&title={}&description={}&resident_name=&resident_phone=",
            i,
            urlencode("路灯"),
            urlencode("不亮")
        );
        let forwarded = format!("X-Forwarded-For: 10.9.{i}.1");
        let r = send(
            &server.addr,
            "POST",
            "/r/sy-dongfeng/concern",
            &[
                "Accept: text/html",
                &format!("Content-Type: {FORM}"),
                &forwarded,
            ],
            body.into_bytes(),
        )
        .await;
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 303).count(),
        12,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        8,
        "{statuses:?}"
    );
    assert_eq!(count(&state, "flash").await, 12);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_form_comes_back_only_to_the_browser_that_sent_it() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let body = format!(
        "submission_id={}&title={}&description={}&resident_name={}&resident_phone=13900007777",
        "1".repeat(32),
        urlencode("路灯"),
        urlencode("不亮"),
        urlencode("王大妈")
    );
    let device = format!("bandeng_device={}", common::DEVICE);
    let r = request(
        &server.addr,
        "POST",
        "/r/sy-dongfeng/concern",
        Some(&device),
        Some((FORM, body)),
    )
    .await;
    assert_eq!(r.status, 303);
    let back = location(&r);
    assert!(back.contains("flash=") && !back.contains("王大妈") && !back.contains(&"1".repeat(32)));
    let mine = request(&server.addr, "GET", &back, Some(&device), None).await;
    assert!(mine.body.contains("王大妈") && mine.body.contains("13900007777"));
    // Someone else opening the same link sees an empty form, not the resident's name and phone.
    let theirs = request(&server.addr, "GET", &back, None, None).await;
    assert_eq!(theirs.status, 200);
    assert!(!theirs.body.contains("王大妈") && !theirs.body.contains("13900007777"));
}

// 5. Sign-in ----------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_get_five_tries_and_the_owner_is_not_locked_out() {
    let state = common::demo_state_with(|s| s.trusted_proxies = vec![common::localhost()]).await;
    let server = common::serve(state.clone()).await;
    head_account(&state, "13800000021").await;
    // Twenty guesses at once from one client: the account's bucket is charged before each
    // check, so five are checked and fifteen are told to wait.
    let guesses = (0..20).map(|i| {
        let addr = server.addr.clone();
        async move { login(&addr, "13800000021", &format!("猜一猜{i}"), "198.51.100.7").await }
    });
    let answers = futures::future::join_all(guesses).await;
    let wrong = answers
        .iter()
        .filter(|r| location(r).contains("error=wrong"))
        .count();
    let limited = answers
        .iter()
        .filter(|r| location(r).contains("error=limited"))
        .count();
    assert_eq!((wrong, limited), (5, 15));
    // The guesser is still slowed...
    let again = login(&server.addr, "13800000021", "正确的密码abc", "198.51.100.7").await;
    assert!(location(&again).contains("error=limited"));
    // ...while the owner, on their own phone, signs in.
    let owner = login(&server.addr, "13800000021", "正确的密码abc", "203.0.113.20").await;
    assert_eq!(location(&owner), "/admin");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_spread_over_many_addresses_meet_the_accounts_ceiling_but_not_its_owners_phone() {
    let state = common::demo_state_with(|s| s.trusted_proxies = vec![common::localhost()]).await;
    let server = common::serve(state.clone()).await;
    head_account(&state, "13800000022").await;
    // The owner signed in from their phone before: it is known to the account.
    let first = login(&server.addr, "13800000022", "正确的密码abc", "203.0.113.30").await;
    let known = first
        .head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(k, v)| {
            k.eq_ignore_ascii_case("set-cookie") && v.trim().starts_with("bandeng_known=")
        })
        .map(|(_, v)| v.trim().split(';').next().unwrap().to_string())
        .next()
        .expect("a known-device cookie");
    // Sixty guesses, each from an address of its own: no address's bucket runs dry, the
    // account's ceiling does.
    let mut limited = 0;
    for i in 0..60 {
        let client = format!("198.51.100.{}", i + 1);
        let r = login(&server.addr, "13800000022", "猜一猜", &client).await;
        if location(&r).contains("error=limited") {
            limited += 1;
        }
    }
    assert_eq!(
        limited,
        60 - app::server::state::LOGIN_ACCOUNT_CEILING.burst as usize
    );
    // A new address with the right password waits too...
    let stranger = login(&server.addr, "13800000022", "正确的密码abc", "192.0.2.77").await;
    assert!(location(&stranger).contains("error=limited"));
    // ...but the owner's own phone, known to the account, signs in.
    let body = format!(
        "login=13800000022&password={}&next=%2Fadmin",
        urlencode("正确的密码abc")
    );
    let cookie = format!("Cookie: {known}");
    let (status, head, _) = send_bytes(
        &server.addr,
        "POST",
        "/login",
        &[
            "X-Forwarded-For: 192.0.2.78",
            &cookie,
            "Content-Type: application/x-www-form-urlencoded",
        ],
        body.as_bytes(),
    )
    .await;
    assert_eq!(status, 303);
    assert!(
        head.to_ascii_lowercase().contains("location: /admin"),
        "{head}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundreds_of_sign_ins_at_once_are_all_answered() {
    let state = common::demo_state_with(|s| s.trusted_proxies = vec![common::localhost()]).await;
    let server = common::serve(state.clone()).await;
    let attempts = (0..200).map(|i| {
        let addr = server.addr.clone();
        async move {
            let client = format!("10.{}.{}.1", i / 200, i % 200);
            login(&addr, &format!("1380001{i:04}"), "whatever123", &client).await
        }
    });
    let answers = futures::future::join_all(attempts).await;
    assert!(
        answers.iter().all(|r| r.status == 303),
        "every one answered, none with 500"
    );
    let busy = answers
        .iter()
        .filter(|r| location(r).contains("error=busy"))
        .count();
    let wrong = answers
        .iter()
        .filter(|r| location(r).contains("error=wrong"))
        .count();
    assert_eq!(busy + wrong, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_time_code_expires_and_only_opens_the_password_page() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let account = app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "新委员".into(),
            phone: Some("13800000031".into()),
            password_hash: common::hash("ABCDEFGH2345"),
            system_admin: true,
            must_change_password: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // Within 72 hours: in, but only to choose a password.
    let fresh = login(&server.addr, "13800000031", "ABCDEFGH2345", "192.0.2.9").await;
    assert!(
        location(&fresh).starts_with("/account/password"),
        "{}",
        fresh.head
    );
    let cookie = fresh
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (status, _) = api_status(&server.addr, Some(&cookie), ListAccounts {}).await;
    assert_eq!(
        status, 403,
        "a system admin with a code due can do nothing else"
    );
    let page = request(&server.addr, "GET", "/admin/accounts", Some(&cookie), None).await;
    assert_eq!(page.status, 303);
    assert!(location(&page).starts_with("/account/password"));
    // After 72 hours the code is dead.
    state
        .db
        .query("UPDATE $a SET password_expires_at = time::now() - 1m")
        .bind(("a", account))
        .await
        .unwrap()
        .check()
        .unwrap();
    let late = login(&server.addr, "13800000031", "ABCDEFGH2345", "192.0.2.9").await;
    assert!(
        location(&late).contains("error=code_expired"),
        "{}",
        late.head
    );
    assert!(late.header("set-cookie").is_none());
    // The session opened with it ends too: the code cannot be traded for a password late.
    let change = ChangePassword {
        current: "ABCDEFGH2345".into(),
        new: "新密码很长很长1".into(),
        confirm: "新密码很长很长1".into(),
    };
    let (status, _) = api_status(&server.addr, Some(&cookie), change).await;
    assert_eq!(status, 401);
}

// 6. A crafted sheet -------------------------------------------------------------------------

/// An .xlsx with one worksheet, and its shared strings if given.
fn xlsx(sheet: &str, shared_strings: Option<&[u8]>) -> Vec<u8> {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let deflate = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut file = |name: &str, data: &[u8]| {
        zip.start_file(name, deflate).unwrap();
        zip.write_all(data).unwrap();
    };
    file("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#);
    file("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#);
    file("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#);
    file("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#);
    file("xl/worksheets/sheet1.xml", sheet.as_bytes());
    if let Some(strings) = shared_strings {
        file("xl/sharedStrings.xml", strings);
    }
    zip.finish().unwrap();
    out.into_inner()
}

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{cells}</sheetData></worksheet>"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crafted_sheets_are_refused_and_the_server_stays_up() {
    use base64::Engine;
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (head, _) = member_account(&state, "sy_dongfeng", "head", "13700000201").await;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let far = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let bombs = [
        // Two cells, at A1 and XFD1048576: honestly declared...
        (
            "two far cells",
            xlsx(&sheet_xml("A1:XFD1048576", far), None),
        ),
        // ...or declared small, the far cell found while reading.
        ("a lying dimension", xlsx(&sheet_xml("A1:B2", far), None)),
        // 40 MB of shared strings in a few KB.
        (
            "a zip bomb",
            xlsx(&sheet_xml("A1:A1", ""), Some(&vec![b' '; 40 * 1024 * 1024])),
        ),
    ];
    // One shared string of 8 MB, and two thousand cells naming it: read, each cut to a cell's
    // length, and the rows refused for their names: no gigabytes of copies.
    let long = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="2"><si><t>姓名</t></si><si><t>{}</t></si></sst>"#,
        "长".repeat(8 * 1024 * 1024 / 3)
    );
    let mut cells = String::from(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>界别</t></is></c></row>"#,
    );
    for r in 2..2002 {
        cells.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}" t="s"><v>1</v></c></row>"#
        ));
    }
    let repeated = xlsx(&sheet_xml("A1:B2001", &cells), Some(long.as_bytes()));
    let preview_of = |bytes: &[u8]| PreviewImport {
        council: council_key("sy_dongfeng"),
        upload: SheetUpload {
            file_name: "members.xlsx".into(),
            data_base64: b64(bytes),
        },
    };
    let started = std::time::Instant::now();
    let (status, preview) = api_status(&server.addr, Some(&head), preview_of(&repeated)).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["bad"], 2000);
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
    for (what, bytes) in bombs {
        assert!(bytes.len() < 200 * 1024, "{what}: {} bytes", bytes.len());
        let started = std::time::Instant::now();
        let (status, error) = api_status(&server.addr, Some(&head), preview_of(&bytes)).await;
        assert_eq!(status, 400, "{what}: {error}");
        assert!(
            error
                .to_string()
                .contains(app::base::text::t().import_too_large),
            "{what}: {error}"
        );
        assert!(
            started.elapsed().as_secs() < 10,
            "{what} took {:?}",
            started.elapsed()
        );
    }
    // Still answering.
    let health = request(&server.addr, "GET", "/healthz", None, None).await;
    assert_eq!(health.status, 200);
}

// 7. Streams, timeouts and shutdown are in `restart` (the real binary) and `sessions`.

// 8. The smaller ones --------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_from_another_site_are_refused() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (head, _) = member_account(&state, "sy_dongfeng", "head", "13700000301").await;
    let cookie = format!("Cookie: {head}");
    // The call our own page makes, sent with the headers of another site's form.
    let add: Call = AddMember {
        council: council_key("sy_dongfeng"),
        input: member_input("李四", ""),
    }
    .into();
    let before = count(&state, "membership").await;
    for origin in ["Origin: https://evil.example", "Origin: null"] {
        let sent = common::call_with(&server.addr, &[&cookie, origin], add.clone()).await;
        assert_eq!(sent.status, 403, "{origin}");
    }
    let sent = common::call_with(
        &server.addr,
        &[&cookie, "Sec-Fetch-Site: cross-site"],
        add.clone(),
    )
    .await;
    assert_eq!(sent.status, 403);
    assert_eq!(count(&state, "membership").await, before);
    // Login CSRF: another site cannot sign a victim into the attacker's account.
    let (status, _, _) = send_bytes(
        &server.addr,
        "POST",
        "/login",
        &[
            "Origin: https://evil.example",
            "Content-Type: application/x-www-form-urlencoded",
        ],
        b"login=13800000000&password=x",
    )
    .await;
    assert_eq!(status, 403);
    // Our own pages post with our origin.
    let sent = common::call_with(
        &server.addr,
        &[&cookie, "Origin: http://127.0.0.1:3000"],
        add,
    )
    .await;
    assert_eq!(sent.status, 200);
    assert_eq!(count(&state, "membership").await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_nonce_policy_and_https_sites_hsts() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let page = request(&server.addr, "GET", "/r/sy-dongfeng", None, None).await;
    let policy = page.header("content-security-policy").expect("a CSP");
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 16, "{policy}");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the scripts carry it"
    );
    assert!(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"));
    let other = request(&server.addr, "GET", "/r/sy-dongfeng", None, None).await;
    assert!(
        !other
            .header("content-security-policy")
            .unwrap()
            .contains(nonce),
        "one per response"
    );
    assert!(
        page.header("strict-transport-security").is_none(),
        "plain http: no HSTS"
    );

    let https = common::demo_state_with(|s| {
        s.public_url = "https://bandeng.example.cn".into();
        s.secure_cookies = true;
    })
    .await;
    let https_server = common::serve(https).await;
    let page = request(&https_server.addr, "GET", "/", None, None).await;
    assert!(page
        .header("strict-transport-security")
        .is_some_and(|h| h.contains("max-age=31536000")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_clears_the_shared_phone_and_back_links_stay_here() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (head, _) = member_account(&state, "sy_dongfeng", "head", "13700000401").await;
    let out = request(&server.addr, "POST", "/logout", Some(&head), None).await;
    assert_eq!(out.status, 303);
    assert_eq!(
        out.header("clear-site-data").as_deref(),
        Some("\"cache\", \"storage\"")
    );
    // The session is gone on the server too.
    let members = GetCouncilMembers {
        council: council_key("sy_dongfeng"),
    };
    let (status, _) = api_status(&server.addr, Some(&head), members).await;
    assert_eq!(status, 401);
    // After signing in, `next` never leads to another site.
    app::accounts::store::create(
        &state.db,
        NewAccount {
            name: "管理员".into(),
            phone: Some("13800000041".into()),
            password_hash: common::hash("正确的密码abc"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    for next in [
        "/\\evil.example",
        "//evil.example",
        "/\t/evil.example",
        "https://evil.example",
    ] {
        let body = format!(
            "login=13800000041&password={}&next={}",
            urlencode("正确的密码abc"),
            urlencode(next)
        );
        let r = request(&server.addr, "POST", "/login", None, Some((FORM, body))).await;
        assert_eq!(location(&r), "/admin", "{next:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_cannot_make_a_page_say_what_its_author_wants() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let lie = "请立即致电 400-000-0000 核实身份";
    let (member, _) = member_account(&state, "sy_xinjian", "member", "13700000501").await;
    state
        .db
        .query(
            "CREATE council_session:s1 SET council = council:sy_xinjian, title = '板凳会',
            form = 'bench', starts_at = '2026-11-25T09:30', created_by = account:x",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    for path in [
        format!(
            "/s/s1?error={0}&attendance_error={0}&close_error={0}",
            urlencode(lie)
        ),
        format!("/login?error={}", urlencode(lie)),
        format!("/c/find?error={}", urlencode(lie)),
    ] {
        let page = request(&server.addr, "GET", &path, Some(&member), None).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(!page.body.contains("400-000-0000"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_session_takes_only_notes_written_before_and_one_summary() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (member, _) = member_account(&state, "sy_xinjian", "member", "13700000601").await;
    let key = api(&server.addr, &member, bench_session("")).await.unwrap();
    let key = key.as_str().unwrap().to_string();
    let before_close = chrono::Utc::now() - chrono::Duration::minutes(5);
    let close = |summary: &str| CloseSession {
        key: key.clone(),
        summary: summary.into(),
    };
    api(&server.addr, &member, close("共识：先修路"))
        .await
        .unwrap();
    let note = |id: &str, at: chrono::DateTime<chrono::Utc>| AddNote {
        key: key.clone(),
        draft: NoteDraft {
            id: NoteId(id.into()),
            kind: NoteKind::Statement,
            speaker_kind: SpeakerKind::Anonymous,
            speaker_name: "".into(),
            text: "路灯要修".into(),
            written_at: at.to_rfc3339(),
        },
    };
    // Written offline before the close: still kept.
    api(&server.addr, &member, note(&"1".repeat(32), before_close))
        .await
        .unwrap();
    // Written after the close: refused.
    let late = api(
        &server.addr,
        &member,
        note(&"2".repeat(32), chrono::Utc::now()),
    )
    .await
    .unwrap_err();
    assert_eq!(common::invalid_fields(&late), vec!["text"]);
    // Nor can a note kept before be changed, or anyone check in, once it is closed.
    let kept = NoteId("1".repeat(32));
    let correction = CorrectNote {
        key: key.clone(),
        correction: Correction {
            note: kept.clone(),
            edit: NoteId("3".repeat(32)),
            base_version: 1,
            kind: NoteKind::Statement,
            speaker_kind: SpeakerKind::Anonymous,
            speaker_name: "".into(),
            text: "路灯不用修".into(),
        },
    };
    let (status, error) = api_status(&server.addr, Some(&member), correction).await;
    assert_eq!(
        (status, common::invalid_fields(&error)),
        (400, vec!["text".to_string()])
    );
    let (other, _) = member_account(&state, "sy_xinjian", "member", "13700000602").await;
    let (status, _) = api_status(&server.addr, Some(&other), CheckIn { key: key.clone() }).await;
    assert_eq!(status, 400);
    // A note written before the close that arrives more than 72 hours after it: refused.
    state
        .db
        .query("UPDATE $s SET closed_at = time::now() - 73h")
        .bind(("s", record("council_session", &key)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let stale = api(
        &server.addr,
        &member,
        note(
            &"4".repeat(32),
            chrono::Utc::now() - chrono::Duration::hours(80),
        ),
    )
    .await
    .unwrap_err();
    assert_eq!(common::invalid_fields(&stale), vec!["text"]);
    // The summary is set once: the same words again are fine, other words a conflict.
    let (same, _) = api_status(&server.addr, Some(&member), close("共识：先修路")).await;
    assert_eq!(same, 200);
    let (other, _) = api_status(&server.addr, Some(&member), close("共识：不修了")).await;
    assert_eq!(other, 409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hidden_characters_are_refused_in_names_and_notes() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (head, _) = member_account(&state, "sy_dongfeng", "head", "13700000701").await;
    let before = count(&state, "member").await;
    for hidden in ["\u{202E}", "\u{200B}", "\u{2066}", "\u{FEFF}", "\u{FFFF}"] {
        let add = AddMember {
            council: council_key("sy_dongfeng"),
            input: member_input(&format!("王{hidden}大妈"), ""),
        };
        let (status, error) = api_status(&server.addr, Some(&head), add).await;
        assert_eq!(status, 400, "{hidden:?}");
        assert_eq!(common::invalid_fields(&error), vec!["name"]);
    }
    assert_eq!(count(&state, "member").await, before);
    let concern = app::cases::ConcernForm {
        title: "路灯\u{202E}不亮".into(),
        ..common::form("x")
    };
    let refused = app::cases::intake::raise::raise_concern(
        &state,
        "sy-dongfeng",
        &concern,
        common::ip("10.0.0.9"),
        common::DEVICE,
    )
    .await
    .unwrap_err();
    assert!(refused.concerns_field("title"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_sent_twice_store_once() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let (head, _) = member_account(&state, "sy_xinjian", "head", "13700000801").await;
    let department =
        app::accounts::store::department(&state.db, &record("area", "yongjing"), "交通运输局")
            .await
            .unwrap();
    let department = app::server::db::key_text(&department);
    let topic = "SY-2026-610947";
    let twice = |call: Call| {
        let (addr, head) = (server.addr.clone(), head.clone());
        async move {
            for _ in 0..2 {
                api(&addr, &head, call.clone()).await.unwrap();
            }
        }
    };
    let counts = || async {
        let mut out = Vec::new();
        for table in [
            "research",
            "recommendation",
            "assignment",
            "council_session",
            "attendee",
        ] {
            out.push(count(&state, table).await);
        }
        out
    };
    let before = counts().await;
    let xinjian = council_key("sy_xinjian");
    twice(
        AddResearch {
            council: xinjian.clone(),
            code: topic.into(),
            input: ResearchInput {
                id: "a".repeat(32),
                on_date: "2026-11-20".into(),
                kind: "visit".into(),
                note: "走访三社".into(),
            },
        }
        .into(),
    )
    .await;
    twice(
        SaveRecommendation {
            council: xinjian.clone(),
            code: topic.into(),
            id: "".into(),
            text: "路面加宽".into(),
            fresh: Some("b".repeat(32)),
        }
        .into(),
    )
    .await;
    twice(
        AddAssignment {
            council: xinjian.clone(),
            code: topic.into(),
            input: AssignmentInput {
                id: "c".repeat(32),
                recommendation: "".into(),
                department,
                owner: "王主任".into(),
                task: "修路".into(),
                deadline: "2099-12-31".into(),
            },
        }
        .into(),
    )
    .await;
    twice(bench_session(&"d".repeat(32)).into()).await;
    twice(
        AddAttendee {
            key: "d".repeat(32),
            name: "王大妈".into(),
            kind: "resident".into(),
            id: Some("e".repeat(32)),
        }
        .into(),
    )
    .await;
    let after = counts().await;
    let added: Vec<i64> = after.iter().zip(&before).map(|(a, b)| a - b).collect();
    assert_eq!(added, vec![1, 1, 1, 1, 1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_is_kept_for_a_while_is_swept() {
    let state = common::demo_state(10).await;
    state
        .db
        .query(
            "CREATE sms_outbox SET phone = '13900000001', text = '旧', at = time::now() - 10d, sent_at = time::now() - 9d;
             CREATE sms_outbox SET phone = '13900000002', text = '未发', at = time::now() - 3d;
             CREATE sms_outbox SET phone = '13900000003', text = '新', at = time::now();
             CREATE phone_check SET phone = '13900000001', code_hash = 'x', token_hash = 'y',
                 expires_at = time::now() - 2d, created_at = time::now() - 2d;
             CREATE phone_check SET phone = '13900000003', code_hash = 'x', token_hash = 'z',
                 expires_at = time::now() + 10m;
             CREATE session SET token_hash = $old, account = account:x, expires_at = time::now() - 1d;
             CREATE session SET token_hash = $new, account = account:x, expires_at = time::now() + 1d;",
        )
        .bind(("old", "0".repeat(64)))
        .bind(("new", "1".repeat(64)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let swept = server::retention::sweep(&state.db).await.unwrap();
    assert_eq!((swept.sms, swept.phone_checks, swept.sessions), (2, 1, 1));
    assert_eq!(count(&state, "sms_outbox").await, 1);
    assert_eq!(count(&state, "phone_check").await, 1);
    assert_eq!(count(&state, "session").await, 1);
    // A second sweep finds nothing more.
    let again = server::retention::sweep(&state.db).await.unwrap();
    assert_eq!(again, server::retention::Swept::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_is_read_only_after_the_caller_may_see_it() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    state
        .db
        .query("CREATE photo:p1 SET case = case:sy_c3, upload = $u, data = <bytes>'abc', size = 3")
        .bind(("u", "9".repeat(32)))
        .await
        .unwrap()
        .check()
        .unwrap();
    let (anonymous, _, body) = common::get_bytes(&server.addr, "/photos/p1", None).await;
    assert_eq!(anonymous, 401);
    assert!(!body.ends_with(b"abc"));
    let (outsider, _) = member_account(&state, "ns_shekou", "head", "13700000901").await;
    let (status, _, _) = common::get_bytes(&server.addr, "/photos/p1", Some(&outsider)).await;
    assert_eq!(status, 403);
    let (head, _) = member_account(&state, "sy_dongfeng", "head", "13700000902").await;
    let (status, _, body) = common::get_bytes(&server.addr, "/photos/p1", Some(&head)).await;
    assert_eq!((status, body.as_slice()), (200, b"abc".as_slice()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_guessable_code_shows_how_the_case_stands_but_not_its_text() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let old = CaseStatus {
        code: "NS-2026-273153".into(),
    };
    let (status, case) = api_status(&server.addr, None, old).await;
    assert_eq!(status, 200);
    assert_eq!(case["status"], "FeedbackGiven");
    assert_eq!(case["description"], "");
    assert_eq!(case["description_hidden"], true);
    let page = request(&server.addr, "GET", "/c/NS-2026-273153", None, None).await;
    assert!(page.body.contains("case-description-hidden") && !page.body.contains("推婴儿车过不去"));
    // Its resident's checked phone sees it whole.
    state
        .db
        .query(
            "CREATE phone_check SET phone = '13900002273', code_hash = 'x', token_hash = $t,
                 expires_at = time::now() + 10m, verified = true",
        )
        .bind(("t", app::auth::session::token_hash(&"a".repeat(64))))
        .await
        .unwrap()
        .check()
        .unwrap();
    let checked = format!("bandeng_check={}", "a".repeat(64));
    let page = request(
        &server.addr,
        "GET",
        "/c/NS-2026-273153",
        Some(&checked),
        None,
    )
    .await;
    assert!(page.body.contains("推婴儿车过不去"));
}
