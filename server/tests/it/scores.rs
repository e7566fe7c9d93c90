//! Quarterly scoring over real HTTP on `mem://`: a district's quarter ranks every member from
//! their records, a manager adjusts with a reason, closing freezes it, and only the district
//! reopens it. Who sees which members follows the councils.
use crate::common;
use crate::contacts::contact;

use app::contacts::api::AddHousehold;
use app::contacts::HouseholdInput;
use app::scores::api::{AdjustScore, CloseQuarter, GetScores, SaveScoreSheet};
use app::scores::ScoreSheet;
use common::{api, api_status, signed_as, Who};
use serde_json::{json, Value};

fn this_quarter() -> String {
    app::scores::Quarter::of_day(&app::base::clock::today().0)
        .unwrap()
        .code()
}

fn scores(district: &str) -> GetScores {
    GetScores {
        district: Some(district.into()),
        quarter: None,
    }
}

fn member_of<'a>(page: &'a Value, member: &str) -> &'a Value {
    page["ranking"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["member"] == json!(member))
        .unwrap_or_else(|| panic!("{member} not ranked"))
}

fn tally(score: &Value, kind: &str) -> i64 {
    score["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l[0] == json!(kind))
        .unwrap()[1]
        .as_i64()
        .unwrap()
}

fn adjust(member: &str, points: i64, reason: &str) -> AdjustScore {
    AdjustScore {
        district: "yongjing".into(),
        quarter: this_quarter(),
        member: member.into(),
        points,
        reason: reason.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quarter_is_ranked_from_the_records_adjusted_closed_and_reopened() {
    let state = common::demo_state(100).await;
    let server = common::serve(state.clone()).await;
    let member = common::member_with_role(&state, "sy_dongfeng", "member").await;
    let head = common::member_with_role(&state, "sy_dongfeng", "head").await;
    let member_cookie = signed_as(&state, Who::Member(&member), "东风村委员").await;
    let head_cookie = signed_as(&state, Who::Member(&head), "东风村站长").await;
    let district = signed_as(&state, Who::Admin("yongjing"), "永靖县管理员").await;
    let elsewhere = signed_as(&state, Who::Admin("nanshan"), "南山区管理员").await;

    let page = api(&server.addr, &district, scores("yongjing"))
        .await
        .unwrap();
    let ranked = page["ranking"]["members"].as_array().unwrap();
    // Every member of the district's councils, once; ranks never go up as totals go down.
    let mut response = state
        .db
        .query(
            "RETURN array::len(array::distinct(SELECT VALUE member FROM membership
                WHERE council.area = area:yongjing OR council.area.parent = area:yongjing
                    OR council.area.parent.parent = area:yongjing))",
        )
        .await
        .unwrap();
    let serving: Option<i64> = response.take(0).unwrap();
    assert_eq!(ranked.len() as i64, serving.unwrap());
    for pair in ranked.windows(2) {
        assert!(pair[0]["total"].as_i64() >= pair[1]["total"].as_i64());
        assert!(pair[0]["rank"].as_i64() <= pair[1]["rank"].as_i64());
    }
    // The member's contacts this quarter are the records of this quarter.
    let q = app::scores::Quarter::parse(&this_quarter()).unwrap();
    let mut response = state
        .db
        .query("RETURN count(SELECT id FROM contact WHERE member = $m AND on_date >= $from AND on_date <= $to)")
        .bind(("m", common::record("member", &member)))
        .bind(("from", q.first_day()))
        .bind(("to", q.last_day()))
        .await
        .unwrap();
    let held: Option<i64> = response.take(0).unwrap();
    let before = member_of(&page, &member).clone();
    assert_eq!(tally(&before, "contacts"), held.unwrap());
    // Every member's tallies are the records of the quarter, counted straight from them.
    for score in ranked {
        let mut response = state
            .db
            .query(
                "RETURN [
                    count(SELECT id FROM reception WHERE member = $m AND came = true AND on_date >= $from AND on_date <= $to),
                    count(SELECT id FROM activity_member WHERE member = $m AND on_date >= $from AND on_date <= $to),
                    count(SELECT id FROM contact WHERE member = $m AND on_date >= $from AND on_date <= $to),
                    math::sum(SELECT VALUE array::len(visits[WHERE outcome = 'resolved']) FROM reception
                        WHERE member = $m AND on_date >= $from AND on_date <= $to)
                        + math::sum(SELECT VALUE activity.outcomes.disputes_resolved ?? 0 FROM activity_member
                        WHERE member = $m AND on_date >= $from AND on_date <= $to)
                ]",
            )
            .bind(("m", common::record("member", score["member"].as_str().unwrap())))
            .bind(("from", q.first_day()))
            .bind(("to", q.last_day()))
            .await
            .unwrap();
        let direct: Vec<i64> = response.take(0).unwrap();
        let shown = [
            tally(score, "receptions_kept"),
            tally(score, "activities"),
            tally(score, "contacts"),
            tally(score, "disputes"),
        ];
        assert_eq!(shown.to_vec(), direct, "{}", score["name"]);
    }

    // The head sees the councils' ranking and only their own council's members.
    let head_page = api(&server.addr, &head_cookie, scores("yongjing"))
        .await
        .unwrap();
    assert!(head_page["ranking"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["council"] == json!("sy_dongfeng")));
    assert!(!head_page["ranking"]["councils"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(head_page["can_manage"], json!(false));
    // Another district's admin, a plain member: refused.
    assert_eq!(
        api_status(&server.addr, Some(&elsewhere), scores("yongjing"))
            .await
            .0,
        403
    );
    assert_eq!(
        api_status(&server.addr, Some(&member_cookie), scores("yongjing"))
            .await
            .0,
        403
    );
    assert_eq!(
        api_status(&server.addr, Some(&district), scores("no_such"))
            .await
            .0,
        404
    );

    // An adjustment with a reason moves the total; without one, or from elsewhere, it does not.
    assert_eq!(
        api_status(
            &server.addr,
            Some(&head_cookie),
            adjust(&member, 5, "获县级优秀委员表彰")
        )
        .await
        .0,
        200
    );
    let (status, error) =
        api_status(&server.addr, Some(&head_cookie), adjust(&member, 5, " ")).await;
    assert_eq!(status, 400);
    assert_eq!(common::invalid_fields(&error), ["reason"]);
    assert_eq!(
        api_status(
            &server.addr,
            Some(&elsewhere),
            adjust(&member, 5, "外区调整")
        )
        .await
        .0,
        403
    );
    let adjusted = api(&server.addr, &district, scores("yongjing"))
        .await
        .unwrap();
    let now = member_of(&adjusted, &member);
    assert_eq!(
        now["total"].as_i64().unwrap(),
        before["total"].as_i64().unwrap() + 5
    );
    assert_eq!(now["adjustments"][0]["reason"], json!("获县级优秀委员表彰"));

    // Closing freezes the quarter: a new contact no longer moves it, adjustments are refused.
    let close = |closed| CloseQuarter {
        district: "yongjing".into(),
        quarter: this_quarter(),
        closed,
    };
    assert_eq!(
        api_status(&server.addr, Some(&head_cookie), close(true))
            .await
            .0,
        403
    );
    assert_eq!(
        api_status(&server.addr, Some(&district), close(true))
            .await
            .0,
        200
    );
    assert_eq!(
        api_status(&server.addr, Some(&district), close(true))
            .await
            .0,
        409
    );
    let h = "7".repeat(32);
    api(
        &server.addr,
        &member_cookie,
        AddHousehold {
            input: HouseholdInput {
                id: h.clone(),
                council: "sy_dongfeng".into(),
                name: "妥大妈".into(),
                ..Default::default()
            },
        },
    )
    .await
    .unwrap();
    let today = app::base::clock::today().0;
    api(
        &server.addr,
        &member_cookie,
        contact(&"8".repeat(32), &h, &today),
    )
    .await
    .unwrap();
    let frozen = api(&server.addr, &district, scores("yongjing"))
        .await
        .unwrap();
    assert_eq!(frozen["ranking"]["closed"], json!(true));
    assert_eq!(member_of(&frozen, &member)["total"], now["total"]);
    assert_eq!(
        tally(member_of(&frozen, &member), "contacts"),
        tally(now, "contacts")
    );
    let (status, error) = api_status(
        &server.addr,
        Some(&head_cookie),
        adjust(&member, 2, "补记加分"),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(common::invalid_fields(&error), ["points"]);
    // The sheet can change; the closed quarter keeps the one it was closed with.
    let sheet = ScoreSheet {
        base: 50,
        ..Default::default()
    };
    let save = SaveScoreSheet {
        district: "yongjing".into(),
        sheet,
    };
    assert_eq!(api_status(&server.addr, Some(&district), save).await.0, 200);
    let still = api(&server.addr, &district, scores("yongjing"))
        .await
        .unwrap();
    assert_eq!(still["ranking"]["sheet"]["base"], json!(60));

    // Only the district reopens it; then it follows the records (and the new sheet) again.
    assert_eq!(
        api_status(&server.addr, Some(&head_cookie), close(false))
            .await
            .0,
        403
    );
    assert_eq!(
        api_status(&server.addr, Some(&district), close(false))
            .await
            .0,
        200
    );
    let reopened = api(&server.addr, &district, scores("yongjing"))
        .await
        .unwrap();
    assert_eq!(reopened["ranking"]["closed"], json!(false));
    assert_eq!(reopened["ranking"]["sheet"]["base"], json!(50));
    assert_eq!(
        tally(member_of(&reopened, &member), "contacts"),
        tally(now, "contacts") + 1
    );
    let mut audit = state
        .db
        .query("SELECT VALUE action FROM audit WHERE action IN ['quarter.close', 'quarter.reopen', 'score.adjust', 'score.sheet'] ORDER BY at")
        .await
        .unwrap();
    let actions: Vec<String> = audit.take(0).unwrap();
    assert_eq!(
        actions,
        [
            "score.adjust",
            "quarter.close",
            "score.sheet",
            "quarter.reopen"
        ]
    );
}
