//! 三级会审 over HTTP: a topic of 东风村 climbs its chain (the town's station, the county
//! committee, the chair meeting), each level deciding from its own queue and seeing nothing that
//! has not reached it; another district sees nothing at all. The county sets the chain; the
//! village cannot, and cannot wave its own topics through.
use crate::common;
use app::cases::desk::api::{GetStaffCase, TakeCaseStep};
use app::cases::desk::StepInput;
use app::cases::pipeline::Step;
use app::review::api::{
    DecideTopic, GetReviewChain, GetReviewQueue, GetReviewTopic, SaveReviewChain,
};
use app::review::{ChainInput, DecideInput, LevelInput};
use common::{api_status, council_key, invalid_fields, member_with_role, signed_as, Who};
use serde_json::{json, Value};

/// A concern of 东风村 waiting for screening in the demo.
const CONCERN: &str = "SY-2026-704127";
/// A demo topic of 东风村 the town has passed: it waits at the county committee.
const AT_COMMITTEE: &str = "SY-2026-315074";

async fn status(addr: &str, cookie: &str, call: impl Into<common::Call>) -> (u16, Value) {
    api_status(addr, Some(cookie), call).await
}

/// The codes waiting in a caller's queue, and those it decided.
async fn queue(addr: &str, cookie: &str) -> (Vec<String>, Vec<String>) {
    let (code, body) = status(addr, cookie, GetReviewQueue {}).await;
    assert_eq!(code, 200, "{body}");
    let codes = |list: &str| -> Vec<String> {
        body[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["tracking_code"].as_str().unwrap().to_string())
            .collect()
    };
    (codes("waiting"), codes("decided"))
}

async fn topic(addr: &str, cookie: &str, code: &str) -> (u16, Value) {
    status(addr, cookie, GetReviewTopic { code: code.into() }).await
}

fn decide(code: &str, decision: &str, version: i64, note: &str) -> DecideTopic {
    DecideTopic {
        input: DecideInput {
            code: code.into(),
            decision: decision.into(),
            version,
            note: note.into(),
        },
    }
}

fn desk_step(step: Step, version: i64) -> TakeCaseStep {
    TakeCaseStep {
        council: council_key("sy_dongfeng"),
        code: CONCERN.into(),
        input: StepInput {
            step,
            version,
            note: String::new(),
            merge_into: String::new(),
            worth: vec!["public_interest".into()],
            not_worth: vec![],
            recheck_on: String::new(),
        },
    }
}

async fn desk(addr: &str, cookie: &str) -> Value {
    let (code, body) = status(
        addr,
        cookie,
        GetStaffCase {
            council: council_key("sy_dongfeng"),
            code: CONCERN.into(),
        },
    )
    .await;
    assert_eq!(code, 200, "{body}");
    body
}

fn states(topic: &Value) -> Vec<String> {
    topic["chain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["state"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_climbs_its_chain_and_each_level_sees_only_what_reached_it() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let village_head = member_with_role(&state, "sy_dongfeng", "head").await;
    let town_head = member_with_role(&state, "sy_town", "head").await;
    let village = signed_as(&state, Who::Member(&village_head), "东风村站长").await;
    let town = signed_as(&state, Who::Member(&town_head), "三塬镇站长").await;
    let committee = signed_as(&state, Who::Body("yongjing_shehui"), "社法委干部").await;
    let chair = signed_as(&state, Who::Body("yongjing_chair"), "主席会议秘书").await;
    let elsewhere = signed_as(&state, Who::Body("nanshan_chair"), "南山秘书").await;

    // The village screens the concern into a topic: it goes to the town's station at once.
    let (code, body) = status(addr, &village, desk_step(Step::RaiseAsTopic, 1)).await;
    assert_eq!(code, 200, "{body}");
    let case = desk(addr, &village).await;
    assert_eq!(case["status"], json!({"InReview": 0}));
    assert_eq!(case["reviewer_name"], "三塬镇政协委员工作站");
    // The village's desk offers no decision at a level the town holds, and refuses one.
    assert_eq!(case["steps"], json!([]));
    let (code, _) = status(addr, &village, desk_step(Step::Approve, 2)).await;
    assert_eq!(code, 403);
    let (waiting, _) = queue(addr, &village).await;
    assert!(!waiting.contains(&CONCERN.to_string()));

    // Above the town, nobody sees it yet; another district never will.
    for cookie in [&committee, &chair, &elsewhere] {
        assert!(!queue(addr, cookie).await.0.contains(&CONCERN.to_string()));
        assert_eq!(topic(addr, cookie, CONCERN).await.0, 404);
        assert_eq!(
            status(addr, cookie, decide(CONCERN, "approve", 2, ""))
                .await
                .0,
            404
        );
    }

    // The town finds it in its queue and reads it without the resident's contact.
    assert!(queue(addr, &town).await.0.contains(&CONCERN.to_string()));
    let (code, read) = topic(addr, &town, CONCERN).await;
    assert_eq!(code, 200, "{read}");
    assert_eq!(read["may_decide"], true);
    assert_eq!(states(&read), ["Current", "Ahead", "Ahead"]);
    // Turning it down needs a reason; a stale version is a conflict; nothing moves.
    let (code, body) = status(addr, &town, decide(CONCERN, "reject", 2, " ")).await;
    assert_eq!(
        (code, invalid_fields(&body)),
        (400, vec!["note".to_string()])
    );
    assert_eq!(
        status(addr, &town, decide(CONCERN, "approve", 1, ""))
            .await
            .0,
        409
    );
    assert_eq!(
        status(addr, &town, decide(CONCERN, "merge", 2, "")).await.0,
        400
    );
    let (code, body) = status(addr, &town, decide(CONCERN, "approve", 2, "全镇普遍关心")).await;
    assert_eq!(code, 200, "{body}");

    // Now it waits at the committee; the town keeps it among what it decided, read-only.
    assert!(queue(addr, &committee)
        .await
        .0
        .contains(&CONCERN.to_string()));
    let (waiting, decided) = queue(addr, &town).await;
    assert!(!waiting.contains(&CONCERN.to_string()) && decided.contains(&CONCERN.to_string()));
    let (code, read) = topic(addr, &town, CONCERN).await;
    assert_eq!((code, read["may_decide"].clone()), (200, json!(false)));
    assert_eq!(states(&read), ["Passed", "Current", "Ahead"]);
    assert_eq!(
        status(addr, &town, decide(CONCERN, "approve", 3, ""))
            .await
            .0,
        403
    );
    assert_eq!(topic(addr, &chair, CONCERN).await.0, 404);

    // The committee passes it, the chair meeting approves: research begins at the village.
    let (code, body) = status(
        addr,
        &committee,
        decide(CONCERN, "approve", 3, "建议先调研"),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(topic(addr, &elsewhere, CONCERN).await.0, 404);
    let (code, body) = status(addr, &chair, decide(CONCERN, "approve", 4, "")).await;
    assert_eq!(code, 200, "{body}");
    let case = desk(addr, &village).await;
    assert_eq!(case["status"], "Researching");
    let takers: Vec<&str> = case["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        takers,
        ["东风村站长", "三塬镇站长", "社法委干部", "主席会议秘书"]
    );
    assert!(queue(addr, &chair).await.1.contains(&CONCERN.to_string()));
    let (_, read) = topic(addr, &committee, CONCERN).await;
    assert_eq!(states(&read), ["Passed", "Passed", "Passed"]);

    // A review body sits nowhere else: not at 东风村's desk, and a member with no seat has no queue.
    let (code, _) = status(
        addr,
        &committee,
        GetStaffCase {
            council: council_key("sy_dongfeng"),
            code: CONCERN.into(),
        },
    )
    .await;
    assert_eq!(code, 403);
    let member = member_with_role(&state, "sy_dongfeng", "member").await;
    let member = signed_as(&state, Who::Member(&member), "委员").await;
    assert_eq!(status(addr, &member, GetReviewQueue {}).await.0, 403);
}

fn chain(levels: &[(&str, &str)]) -> SaveReviewChain {
    SaveReviewChain {
        input: ChainInput {
            council: "sy_dongfeng".into(),
            levels: levels
                .iter()
                .map(|(name, holder)| LevelInput {
                    name: name.to_string(),
                    holder: holder.to_string(),
                })
                .collect(),
        },
    }
}

async fn audits(state: &app::server::state::AppState) -> i64 {
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE action = 'review.levels')")
        .await
        .unwrap();
    response.take::<Option<i64>>(0).unwrap().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_county_sets_a_chain_and_topics_waiting_follow_their_levels_new_holder() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let addr = server.addr.as_str();
    let village_head = member_with_role(&state, "sy_dongfeng", "head").await;
    let village = signed_as(&state, Who::Member(&village_head), "东风村站长").await;
    let county = signed_as(&state, Who::Admin("yongjing"), "永靖县管理员").await;
    let nanshan = signed_as(&state, Who::Admin("nanshan"), "南山区管理员").await;
    let committee = signed_as(&state, Who::Body("yongjing_shehui"), "社法委干部").await;
    let chair = signed_as(&state, Who::Body("yongjing_chair"), "主席会议秘书").await;

    // The village reads its chain and the holders it may name, but cannot change it.
    let (code, view) = status(
        addr,
        &village,
        GetReviewChain {
            council: council_key("sy_dongfeng"),
        },
    )
    .await;
    assert_eq!(code, 200, "{view}");
    assert_eq!(view["editable"], false);
    assert_eq!(view["waiting"], json!([1, 1, 0]));
    let holders: Vec<&str> = view["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[0].as_str().unwrap())
        .collect();
    assert_eq!(
        holders,
        [
            "council:sy_dongfeng",
            "council:sy_town",
            "review_body:yongjing_shehui",
            "review_body:yongjing_chair"
        ]
    );
    let own_only = chain(&[("议事会审定", "council:sy_dongfeng")]);
    assert_eq!(status(addr, &village, own_only).await.0, 403);
    let (code, _) = status(
        addr,
        &nanshan,
        GetReviewChain {
            council: council_key("sy_dongfeng"),
        },
    )
    .await;
    assert_eq!(code, 403);

    // Bad chains are refused and change nothing: a holder beside it, none at all, a topic
    // still waiting at a level that would go.
    for bad in [
        chain(&[("初审", "review_body:nanshan_chair")]),
        chain(&[("初审", "council:sy_xinjian")]),
        chain(&[]),
        chain(&[("镇街初筛", "council:sy_town")]),
    ] {
        let (code, body) = status(addr, &county, bad).await;
        assert_eq!(
            (code, invalid_fields(&body)),
            (400, vec!["levels".to_string()]),
            "{body}"
        );
    }
    assert_eq!(audits(&state).await, 0);

    // The county swaps the committee and the chair meeting: the topic at level 2 moves with it.
    assert!(queue(addr, &committee)
        .await
        .0
        .contains(&AT_COMMITTEE.to_string()));
    let swapped = chain(&[
        ("镇街初筛", "council:sy_town"),
        ("主席会议审议", "review_body:yongjing_chair"),
        ("联系委室复核", "review_body:yongjing_shehui"),
    ]);
    let (code, body) = status(addr, &county, swapped).await;
    assert_eq!(code, 200, "{body}");
    assert!(!queue(addr, &committee)
        .await
        .0
        .contains(&AT_COMMITTEE.to_string()));
    assert!(queue(addr, &chair)
        .await
        .0
        .contains(&AT_COMMITTEE.to_string()));
    let (_, view) = status(
        addr,
        &village,
        GetReviewChain {
            council: council_key("sy_dongfeng"),
        },
    )
    .await;
    assert_eq!(
        view["levels"][1],
        json!({"name": "主席会议审议", "holder": "review_body:yongjing_chair"})
    );
    assert_eq!(audits(&state).await, 1);
}
