//! 提案 over HTTP: drafted from a case, co-signed on each co-signer's own phone, submitted in the
//! district's window as 第N号, filed and handed over by the district office, answered by the lead
//! unit, rated by the lead author; each hand sees a proposal only once it reached it, another
//! district never; numbers stay whole under concurrent submissions.
use crate::common;
use app::proposals::api::{
    DraftProposal, GetProposal, GetProposals, SaveProposal, SetProposalWindow, SignInput,
    SignProposal, TakeProposalStep,
};
use app::proposals::{ProposalFilter, ProposalInput, StepInput, WindowInput};
use common::{api, api_status, invalid_fields, signed_as as signed, Who};
use serde_json::Value;

/// A step with only what it needs.
fn step(proposal: &str, step: &str, change: impl FnOnce(&mut StepInput)) -> TakeProposalStep {
    let mut input = StepInput {
        proposal: proposal.into(),
        step: step.into(),
        ..Default::default()
    };
    change(&mut input);
    TakeProposalStep { input }
}

fn sign(proposal: &str, confirm: bool) -> SignProposal {
    SignProposal {
        input: SignInput {
            proposal: proposal.into(),
            confirm,
        },
    }
}

fn window(opens: &str, closes: &str) -> SetProposalWindow {
    SetProposalWindow {
        input: WindowInput {
            district: "yongjing".into(),
            opens: opens.into(),
            closes: closes.into(),
        },
    }
}

/// The HTTP status of one call, and the body.
async fn status(addr: &str, cookie: &str, call: impl Into<common::Call>) -> (u16, Value) {
    api_status(addr, Some(cookie), call).await
}

/// Each `(caller, step)` in turn answers 200.
async fn steps_pass(addr: &str, calls: Vec<(&str, TakeProposalStep)>) {
    for (cookie, call) in calls {
        let label = format!("{:?}", call.input.step);
        let (code, body) = status(addr, cookie, call).await;
        assert_eq!(code, 200, "{label}: {body}");
    }
}

async fn view(addr: &str, cookie: &str, key: &str) -> Value {
    api(addr, cookie, GetProposal { key: key.into() })
        .await
        .unwrap()
}

async fn listed(addr: &str, cookie: &str, filter: ProposalFilter) -> Vec<String> {
    let view = api(addr, cookie, GetProposals { filter }).await.unwrap();
    view["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap().to_string())
        .collect()
}

fn days_from_today(days: i64) -> String {
    app::base::clock::days_from_today(days).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proposal_goes_from_a_draft_with_co_signers_to_a_rated_reply() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let author = signed(&state, Who::Member("sy_08"), "陈国栋").await;
    let signer = signed(&state, Who::Member("sy_09"), "魏春梅").await;
    let liaison = signed(&state, Who::Member("sy_07"), "罗小燕").await;
    let office = signed(&state, Who::Office("yongjing"), "县政协提案委").await;
    let lead = signed(&state, Who::Unit("yj_jiaotong"), "交通局").await;
    let co = signed(&state, Who::Unit("yj_wenlv"), "文旅局").await;
    let elsewhere = signed(&state, Who::Office("nanshan"), "南山区政协提案委").await;
    let unit_elsewhere = signed(&state, Who::Unit("ns_chengguan"), "南山城管").await;

    // Prefilled from a case of the council; another council's case is not found.
    let draft = api(
        addr,
        &author,
        DraftProposal {
            council: "sy_dongfeng".into(),
            source: "case:SY-2026-527338".into(),
            key: "".into(),
        },
    )
    .await
    .unwrap();
    assert!(draft["input"]["title"]
        .as_str()
        .unwrap()
        .ends_with("的提案"));
    let members: Vec<&str> = draft["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[0].as_str().unwrap())
        .collect();
    assert!(members.contains(&"sy_09") && !members.contains(&"sy_08"));
    let (code, _) = status(
        addr,
        &author,
        DraftProposal {
            council: "sy_dongfeng".into(),
            source: "case:NS-2026-273153".into(),
            key: "".into(),
        },
    )
    .await;
    assert_eq!(code, 404);
    let mut input: ProposalInput = serde_json::from_value(draft["input"].clone()).unwrap();
    input.method = "由县交通运输局统一更换村道路灯线路，纳入城乡照明管护。".into();

    // A co-signer who is not a member of the council: refused, nothing stored.
    let stranger = ProposalInput {
        co_signers: vec!["ns_06".into()],
        ..input.clone()
    };
    let (code, body) = status(addr, &author, SaveProposal { input: stranger }).await;
    assert_eq!(
        (code, invalid_fields(&body)),
        (400, vec!["co_signers".into()])
    );
    assert_eq!(
        common::count(&state, "proposal WHERE demo = false").await,
        0
    );
    // A proposal without its 办法: refused.
    let (code, body) = status(
        addr,
        &author,
        SaveProposal {
            input: ProposalInput {
                method: " ".into(),
                ..input.clone()
            },
        },
    )
    .await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["method".into()]));

    input.co_signers = vec!["sy_09".into(), "sy_07".into()];
    let key = api(
        addr,
        &author,
        SaveProposal {
            input: input.clone(),
        },
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string();
    // Sent twice, stored once.
    api(addr, &author, SaveProposal { input }).await.unwrap();
    assert_eq!(
        common::count(&state, "proposal WHERE demo = false").await,
        1
    );

    // A draft: its author and the invited see it; the office and the units do not.
    for (cookie, expected) in [(&author, 200), (&signer, 200), (&office, 403), (&lead, 403)] {
        let (code, _) = status(addr, cookie, GetProposal { key: key.clone() }).await;
        assert_eq!(code, expected);
    }
    assert!(listed(addr, &signer, ProposalFilter::default())
        .await
        .contains(&key));
    assert!(!listed(addr, &office, ProposalFilter::default())
        .await
        .contains(&key));
    assert_eq!(view(addr, &signer, &key).await["invited"], true);

    // Not submitted while an invitation waits.
    let (code, body) = status(addr, &author, step(&key, "submit", |_| {})).await;
    assert_eq!(code, 400, "{body}");
    // Each co-signer answers once, on their own account; the author cannot answer for them.
    let (code, _) = status(addr, &author, sign(&key, true)).await;
    assert_eq!(code, 403);
    assert_eq!(status(addr, &signer, sign(&key, true)).await.0, 200);
    let (code, body) = status(addr, &signer, sign(&key, false)).await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["sign".into()]));
    assert_eq!(status(addr, &liaison, sign(&key, false)).await.0, 200);
    let signers = view(addr, &author, &key).await["signers"].clone();
    let answers: Vec<(&str, &str)> = signers
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["status"].as_str().unwrap()))
        .collect();
    assert_eq!(answers, [("罗小燕", "declined"), ("魏春梅", "confirmed")]);

    // Outside the window: refused with the window's days; the office sets it open again.
    let yesterday = days_from_today(-1);
    let (code, _) = status(addr, &author, window(&yesterday, &yesterday)).await;
    assert_eq!(code, 403, "a member does not set the window");
    assert_eq!(
        status(addr, &office, window(&yesterday, &yesterday))
            .await
            .0,
        200
    );
    let (code, body) = status(addr, &author, step(&key, "submit", |_| {})).await;
    assert_eq!(code, 400);
    assert!(body.to_string().contains(&yesterday), "{body}");
    let (code, _) = status(addr, &office, window(&days_from_today(5), &yesterday)).await;
    assert_eq!(code, 400, "a window that closes before it opens");
    assert_eq!(
        status(addr, &office, window(&yesterday, &days_from_today(30)))
            .await
            .0,
        200
    );
    steps_pass(addr, vec![(&author, step(&key, "submit", |_| {}))]).await;
    // The demo's district has numbers 1 to 8.
    assert_eq!(view(addr, &office, &key).await["number"], 9);
    let (code, _) = status(addr, &author, step(&key, "submit", |_| {})).await;
    assert_eq!(code, 400, "submitted once");

    // Another district's office and units never see it; a unit not before it is handed over.
    for cookie in [&elsewhere, &unit_elsewhere, &lead] {
        assert_eq!(
            status(addr, cookie, GetProposal { key: key.clone() })
                .await
                .0,
            403
        );
        assert!(!listed(addr, cookie, ProposalFilter::default())
            .await
            .contains(&key));
    }
    // A member takes no office step; the office files it; a unit of another district is refused.
    assert_eq!(
        status(addr, &author, step(&key, "file", |_| {})).await.0,
        403
    );
    steps_pass(addr, vec![(&office, step(&key, "file", |_| {}))]).await;
    let (code, body) = status(
        addr,
        &office,
        step(&key, "assign", |s| s.lead = "ns_chengguan".into()),
    )
    .await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["lead".into()]));
    steps_pass(
        addr,
        vec![(
            &office,
            step(&key, "assign", |s| {
                s.lead = "yj_jiaotong".into();
                s.co_units = vec!["yj_wenlv".into()];
            }),
        )],
    )
    .await;
    let handed = view(addr, &lead, &key).await;
    assert_eq!(handed["status"], "assigned");
    assert_eq!(
        handed["deadline"].as_str().unwrap(),
        app::proposals::logic::three_months_after(&app::base::clock::today()).as_str()
    );
    // The co-handling unit sees it and does not reply; another district's unit neither.
    assert_eq!(
        status(addr, &co, GetProposal { key: key.clone() }).await.0,
        200
    );
    let reply = |s: &mut StepInput| {
        s.detail = "a".into();
        s.note = "已完成村道路灯线路更换，纳入县城乡照明统一管护。".into();
    };
    assert_eq!(status(addr, &co, step(&key, "reply", reply)).await.0, 403);
    assert_eq!(
        status(addr, &unit_elsewhere, step(&key, "reply", reply))
            .await
            .0,
        403
    );
    steps_pass(addr, vec![(&lead, step(&key, "reply", reply))]).await;
    // Only the lead author rates, once.
    let rate = |s: &mut StepInput| s.detail = "satisfied".into();
    assert_eq!(status(addr, &signer, step(&key, "rate", rate)).await.0, 403);
    steps_pass(addr, vec![(&author, step(&key, "rate", rate))]).await;
    let (code, body) = status(addr, &author, step(&key, "rate", rate)).await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["detail".into()]));

    let done = view(addr, &author, &key).await;
    assert_eq!(done["status"], "closed");
    assert_eq!(done["reply_class"], "a");
    assert_eq!(done["rating"], "satisfied");
    let steps: Vec<&str> = done["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["submit", "file", "assign", "reply", "rate"]);
    // Two saves (the form sent twice is one proposal, saved again), two answers, two windows,
    // five steps.
    let mut audited = Vec::new();
    for action in [
        "proposal.save",
        "proposal.sign",
        "proposal.window",
        "proposal.step",
    ] {
        let n = common::count(&state, &format!("audit WHERE action = '{action}'")).await;
        audited.push((action, n));
    }
    assert_eq!(
        audited,
        [
            ("proposal.save", 2),
            ("proposal.sign", 2),
            ("proposal.window", 2),
            ("proposal.step", 5)
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_is_handled_again_once_and_the_office_merges_declines_and_flags_the_overdue() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let author = signed(&state, Who::Member("sy_08"), "陈国栋").await;
    let office = signed(&state, Who::Office("yongjing"), "县政协提案委").await;
    let wenlv = signed(&state, Who::Unit("yj_wenlv"), "文旅局").await;

    // demo_p8 was answered B: asked once to be handled again, with a reason.
    let (code, body) = status(addr, &author, step("demo_p8", "rehandle", |_| {})).await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["note".into()]));
    let again = |s: &mut StepInput| s.note = "培训还没有排期，请明确时间。".into();
    steps_pass(addr, vec![(&author, step("demo_p8", "rehandle", again))]).await;
    let handled = view(addr, &wenlv, "demo_p8").await;
    assert_eq!(handled["status"], "assigned");
    assert_eq!(handled["deadline"], days_from_today(30));
    let reply = |s: &mut StepInput| {
        s.detail = "a".into();
        s.note = "首期培训定于下月 15 日在东风村举办。".into();
    };
    steps_pass(addr, vec![(&wenlv, step("demo_p8", "reply", reply))]).await;
    let (code, body) = status(addr, &author, step("demo_p8", "rehandle", again)).await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["step".into()]));

    // The overdue filter: demo_p6 passed its deadline, demo_p7 has time.
    let overdue = listed(
        addr,
        &office,
        ProposalFilter {
            overdue: true,
            ..Default::default()
        },
    )
    .await;
    assert_eq!(overdue, ["demo_p6"]);
    // The same list as a spreadsheet; another district's office gets its own, without it.
    let sheet = |bytes: Vec<u8>| -> Vec<Vec<String>> {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        book.worksheet_range("提案")
            .unwrap()
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    };
    let (code, _, bytes) =
        common::get_bytes(addr, "/proposals.xlsx?overdue=1", Some(&office)).await;
    assert_eq!(code, 200);
    let rows = sheet(bytes);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], "5");
    assert!(
        rows[1][4].contains("已超期") && rows[1][5] == "永靖县交通运输局",
        "{rows:?}"
    );
    let nanshan = signed(&state, Who::Office("nanshan"), "南山区政协提案委").await;
    let (code, _, bytes) = common::get_bytes(addr, "/proposals.xlsx", Some(&nanshan)).await;
    assert_eq!(code, 200);
    let titles: Vec<String> = sheet(bytes)
        .into_iter()
        .skip(1)
        .map(|r| r[1].clone())
        .collect();
    assert_eq!(titles, ["关于在地铁口设置共享单车电子围栏的提案"]);
    let (code, _, _) = common::get_bytes(addr, "/proposals.xlsx?status=fly", Some(&office)).await;
    assert_eq!(code, 400);

    // 并案: into a number of the district that exists; both proposals show it.
    let (code, body) = status(
        addr,
        &office,
        step("demo_p2", "merge", |s| s.detail = "999".into()),
    )
    .await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["detail".into()]));
    steps_pass(
        addr,
        vec![(&office, step("demo_p2", "merge", |s| s.detail = "2".into()))],
    )
    .await;
    assert_eq!(view(addr, &office, "demo_p2").await["merged_into"], 2);
    let into = view(addr, &office, "demo_p3").await;
    let last = into["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["step"].as_str(), last["detail"].as_str()),
        (Some("merge"), Some("+1"))
    );

    // 不予立案 turned into 社情民意: a report in the office's queue, by the same authors.
    state
        .db
        .query(
            "CREATE proposal:loose SET council = council:sy_dongfeng, district = area:yongjing,
                title = '关于村口设置减速带的提案', basis = '游客车速快。', method = '设置减速带。',
                author = member:sy_08, source_kind = 'none', status = 'submitted', number = 9,
                created_by = account:demo_stats;",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let (code, body) = status(addr, &office, step("loose", "decline", |_| {})).await;
    assert_eq!((code, invalid_fields(&body)), (400, vec!["note".into()]));
    steps_pass(
        addr,
        vec![(
            &office,
            step("loose", "decline", |s| {
                s.note = "属于具体交通设施问题，转为社情民意信息反映。".into();
                s.to_report = true;
            }),
        )],
    )
    .await;
    let mut r = state
        .db
        .query(
            "SELECT VALUE [status, source_key, <string> authors[0]] FROM report
                WHERE source_kind = 'proposal'",
        )
        .await
        .unwrap();
    let reports: Vec<Vec<String>> = r.take(0).unwrap();
    assert_eq!(reports, [["received", "loose", "member:sy_08"]]);
    assert_eq!(view(addr, &author, "loose").await["status"], "declined");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_submissions_at_once_take_fifty_numbers_without_a_gap() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let author = signed(&state, Who::Member("sy_08"), "陈国栋").await;
    state
        .db
        .query(
            "FOR $i IN 0..50 {
                CREATE type::record('proposal', 'many' + <string> $i) SET council = council:sy_dongfeng,
                    district = area:yongjing, title = '提案' + <string> $i, basis = '案据',
                    method = '办法', author = member:sy_08, source_kind = 'none', status = 'draft',
                    created_by = account:demo_stats;
            };",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let calls = (0..50).map(|i| {
        let addr = server.addr.clone();
        let author = author.clone();
        tokio::spawn(async move {
            api_status(
                &addr,
                Some(&author),
                step(&format!("many{i}"), "submit", |_| {}),
            )
            .await
            .0
        })
    });
    let statuses: Vec<u16> = futures::future::join_all(calls)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let mut r = state
        .db
        .query(
            "SELECT VALUE number FROM proposal WHERE district = area:yongjing AND number != NONE",
        )
        .await
        .unwrap();
    let mut numbers: Vec<i64> = r.take(0).unwrap();
    numbers.sort();
    assert_eq!(numbers, (1..=58).collect::<Vec<_>>());
}
