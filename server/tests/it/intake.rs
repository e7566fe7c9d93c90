//! Intake, lookup, idempotency, rate limits, migrations and demo data, against a real in-memory SurrealDB.
use crate::common;

use app::base::error::AppError;
use app::cases::intake::logic::parse_tracking_code;
use app::cases::intake::raise::raise_concern;
use app::cases::public::store::find_public;
use app::cases::{CaseStatus, ConcernForm};
use common::{count, demo_state, form, ip, new_cases};
use std::collections::HashSet;

#[tokio::test]
async fn a_concern_gets_a_code_that_shows_its_status_without_personal_data() {
    let state = demo_state(10).await;
    let receipt = raise_concern(
        &state,
        "sy-dongfeng",
        &form("村口路灯不亮"),
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    assert!(receipt.created);
    assert!(
        receipt.tracking_code.as_str().starts_with("SY-"),
        "{}",
        receipt.tracking_code
    );
    assert_eq!(
        parse_tracking_code(receipt.tracking_code.as_str()),
        Ok(receipt.tracking_code.clone())
    );

    let case = find_public(&state.db, &receipt.tracking_code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.title, "村口路灯不亮");
    assert_eq!(case.status, CaseStatus::Received);
    assert_eq!(case.room_code, "sy-dongfeng");
    assert!(case.council_name.contains("东风村"));
    let shown = format!("{case:?}");
    assert!(
        !shown.contains("13900001234") && !shown.contains("王大妈"),
        "{shown}"
    );

    // The phone is stored, normalised, for those who will need it later.
    let mut response = state
        .db
        .query("SELECT VALUE resident_phone FROM case WHERE tracking_code = $code")
        .bind(("code", receipt.tracking_code.0.clone()))
        .await
        .unwrap();
    let phones: Vec<Option<String>> = response.take(0).unwrap();
    assert_eq!(phones, vec![Some("13900001234".to_string())]);
}

#[tokio::test]
async fn a_resent_form_returns_the_same_code_and_creates_one_case() {
    let state = demo_state(10).await;
    let concern = form("垃圾清运不及时");
    let first = raise_concern(
        &state,
        "sy-dongfeng",
        &concern,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let again = raise_concern(
        &state,
        "sy-dongfeng",
        &concern,
        ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    assert_eq!(first.tracking_code, again.tracking_code);
    assert!(first.created && !again.created);
    assert_eq!(new_cases(&state).await, 1);
}

#[tokio::test]
async fn concurrent_resends_of_one_form_store_it_once() {
    let state = demo_state(1000).await;
    let concern = form("景区厕所不够用");
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let state = state.clone();
            let concern = concern.clone();
            tokio::spawn(async move {
                raise_concern(
                    &state,
                    "sy-dongfeng",
                    &concern,
                    ip("10.0.0.2"),
                    common::DEVICE,
                )
                .await
            })
        })
        .collect();
    let mut codes = HashSet::new();
    for task in tasks {
        codes.insert(task.await.unwrap().unwrap().tracking_code);
    }
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert_eq!(new_cases(&state).await, 1);
}

#[tokio::test]
async fn distinct_concerns_get_distinct_codes() {
    let state = demo_state(1000).await;
    let mut codes = HashSet::new();
    for i in 0..40 {
        let receipt = raise_concern(
            &state,
            "ns-yuehai",
            &form(&format!("问题{i}")),
            ip("10.0.0.3"),
            common::DEVICE,
        )
        .await
        .unwrap();
        assert!(receipt.tracking_code.as_str().starts_with("NS-"));
        codes.insert(receipt.tracking_code);
    }
    assert_eq!(codes.len(), 40);
    assert_eq!(new_cases(&state).await, 40);
}

#[tokio::test]
async fn the_rate_limit_stops_a_flood_but_not_a_resend() {
    let state = demo_state(2).await;
    let first = form("一");
    raise_concern(
        &state,
        "sy-dongfeng",
        &first,
        ip("10.0.0.4"),
        common::DEVICE,
    )
    .await
    .unwrap();
    raise_concern(
        &state,
        "sy-dongfeng",
        &form("二"),
        ip("10.0.0.4"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let refused = raise_concern(
        &state,
        "sy-dongfeng",
        &form("三"),
        ip("10.0.0.4"),
        common::DEVICE,
    )
    .await;
    assert_eq!(refused, Err(AppError::RateLimited));
    assert!(AppError::RateLimited.message().contains("频繁"));
    // The flaky-network resend of an earlier form still gets its code.
    assert!(raise_concern(
        &state,
        "sy-dongfeng",
        &first,
        ip("10.0.0.4"),
        common::DEVICE
    )
    .await
    .is_ok());
    // Another client is not affected.
    assert!(raise_concern(
        &state,
        "sy-dongfeng",
        &form("四"),
        ip("10.0.0.5"),
        common::DEVICE
    )
    .await
    .is_ok());
    assert_eq!(new_cases(&state).await, 3);
}

#[tokio::test]
async fn bad_input_is_refused_with_a_reason_and_stores_nothing() {
    let state = demo_state(100).await;
    let bad_forms = [
        ConcernForm {
            title: "".into(),
            ..form("")
        },
        ConcernForm {
            title: "   ".into(),
            ..form("")
        },
        ConcernForm {
            title: "路".repeat(61),
            ..form("")
        },
        ConcernForm {
            description: "长".repeat(2001),
            ..form("标题")
        },
        ConcernForm {
            resident_phone: "12345".into(),
            ..form("标题")
        },
        ConcernForm {
            consent: false,
            ..form("标题")
        },
        ConcernForm {
            submission_id: "1 OR 1=1".into(),
            ..form("标题")
        },
        ConcernForm {
            title: "坏\u{7}字符".into(),
            ..form("")
        },
    ];
    for bad in bad_forms {
        let err = raise_concern(&state, "sy-dongfeng", &bad, ip("10.0.0.6"), common::DEVICE)
            .await
            .unwrap_err();
        assert!(matches!(err, AppError::Invalid(_)), "{bad:?} gave {err:?}");
        assert!(!err.message().is_empty());
    }
    let unknown_room = raise_concern(
        &state,
        "no-such-room",
        &form("标题"),
        ip("10.0.0.6"),
        common::DEVICE,
    )
    .await;
    assert_eq!(unknown_room, Err(AppError::NotFound));
    let hostile_room = raise_concern(
        &state,
        "x' OR 1=1 --",
        &form("标题"),
        ip("10.0.0.6"),
        common::DEVICE,
    )
    .await;
    assert_eq!(hostile_room, Err(AppError::NotFound));
    assert_eq!(new_cases(&state).await, 0);
}

#[tokio::test]
async fn markup_and_quotes_are_stored_as_text() {
    let state = demo_state(10).await;
    let title = "<script>alert('x')</script>\"; DELETE case; --";
    let receipt = raise_concern(
        &state,
        "sy-dongfeng",
        &form(title),
        ip("10.0.0.7"),
        common::DEVICE,
    )
    .await
    .unwrap();
    let case = find_public(&state.db, &receipt.tracking_code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.title, title);
    assert_eq!(new_cases(&state).await, 1);
}

#[tokio::test]
async fn migrations_are_recorded_and_idempotent() {
    let db = app::server::db::connect_memory().await.unwrap();
    let versions: Vec<i64> = app::server::db::migrations::MIGRATIONS
        .iter()
        .map(|m| m.version)
        .collect();
    assert_eq!(
        app::server::db::migrations::applied(&db).await.unwrap(),
        versions
    );
    assert_eq!(
        app::server::db::migrations::migrate(&db).await.unwrap(),
        Vec::<i64>::new()
    );
    assert_eq!(
        app::server::db::migrations::applied(&db).await.unwrap(),
        versions
    );
}

#[tokio::test]
async fn a_migration_the_database_silently_drops_stops_the_start() {
    use app::server::db::migrations::{applied, apply, Migration};
    let db = app::server::db::connect_memory().await.unwrap();
    let before = applied(&db).await.unwrap();
    // A RETURN opening the migration's transaction makes SurrealDB drop it without an error.
    let dropped = [Migration {
        version: 1000,
        name: "returns_early",
        sql: "RETURN 1;",
    }];
    let error = apply(&db, &dropped).await.unwrap_err();
    assert!(error.to_string().contains("1000"), "{error}");
    assert_eq!(applied(&db).await.unwrap(), before);
    let kept = [Migration {
        version: 1001,
        name: "plain",
        sql: "DEFINE TABLE scratch SCHEMALESS;",
    }];
    assert_eq!(apply(&db, &kept).await.unwrap(), vec![1001]);
}

#[tokio::test]
async fn the_schema_refuses_what_must_never_be_stored() {
    let state = demo_state(10).await;
    let attempts = [
        // A duplicate room code.
        "CREATE room SET code = 'sy-dongfeng', council = council:sy_dongfeng, name = 'x', address = '', lat = 1.0, lng = 1.0, hours = ''",
        // A room off the globe.
        "CREATE room SET code = 'off-globe', council = council:sy_dongfeng, name = 'x', address = '', lat = 91.0, lng = 1.0, hours = ''",
        // A case without consent.
        "CREATE case SET tracking_code = 'SY-2026-000000', submission_id = '0123456789abcdef0123456789abcdef', room = room:sy_dongfeng, council = council:sy_dongfeng, source = 'room_qr', title = 't', description = 'd', consent = false, status = 'received'",
        // A malformed phone number.
        "CREATE case SET tracking_code = 'SY-2026-000000', submission_id = '0123456789abcdef0123456789abcdef', room = room:sy_dongfeng, council = council:sy_dongfeng, source = 'room_qr', title = 't', description = 'd', resident_phone = '123', consent = true, status = 'received'",
    ];
    for sql in attempts {
        let result = state.db.query(sql).await.and_then(|r| r.check());
        assert!(result.is_err(), "accepted: {sql}");
    }
}

#[tokio::test]
async fn demo_data_has_the_seed_sizes_and_is_never_loaded_twice() {
    let state = demo_state(10).await;
    assert_eq!(count(&state, "council").await, 28);
    assert_eq!(count(&state, "room").await, 28);
    let mut response = state
        .db
        .query(
            "RETURN count(SELECT id FROM council WHERE area = area:sanyuan OR area.parent = area:sanyuan);
             RETURN array::len(array::distinct(SELECT VALUE member FROM membership WHERE council.case_prefix = 'SY'));
             RETURN array::len(array::distinct(SELECT VALUE member.sector FROM membership WHERE council.case_prefix = 'SY'));
             RETURN count(SELECT id FROM council WHERE kind = 'street_station' AND area.parent = area:nanshan);
             RETURN count(SELECT id FROM council WHERE kind = 'sector_station' AND area = area:nanshan);
             RETURN count(SELECT id FROM council WHERE demo = false);",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let sanyuan_councils: Option<i64> = response.take(0).unwrap();
    let sanyuan_members: Option<i64> = response.take(1).unwrap();
    let sanyuan_sectors: Option<i64> = response.take(2).unwrap();
    let nanshan_streets: Option<i64> = response.take(3).unwrap();
    let nanshan_sectors: Option<i64> = response.take(4).unwrap();
    let not_demo: Option<i64> = response.take(5).unwrap();
    assert_eq!(sanyuan_councils, Some(11));
    assert_eq!(sanyuan_members, Some(31));
    assert_eq!(sanyuan_sectors, Some(12));
    assert_eq!(nanshan_streets, Some(8));
    assert_eq!(nanshan_sectors, Some(8));
    assert_eq!(not_demo, Some(0));

    assert_eq!(
        app::server::db::demo::load_if_empty(&state.db)
            .await
            .unwrap(),
        app::server::db::demo::DemoOutcome::SkippedNotEmpty
    );
    assert_eq!(count(&state, "council").await, 28);
}

#[tokio::test]
async fn demo_data_is_not_loaded_into_a_database_with_real_data() {
    let db = app::server::db::connect_memory().await.unwrap();
    db.query("CREATE area:real SET name = '真实区', level = 'district'; CREATE council:real SET name = '真实议事会', kind = 'studio', area = area:real, case_prefix = 'ZS'")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        app::server::db::demo::load_if_empty(&db).await.unwrap(),
        app::server::db::demo::DemoOutcome::SkippedNotEmpty
    );
    let mut response = db.query("RETURN count(SELECT id FROM room)").await.unwrap();
    assert_eq!(response.take::<Option<i64>>(0).unwrap(), Some(0));
}

#[tokio::test]
async fn the_home_listing_groups_every_demo_room_by_district() {
    let state = demo_state(10).await;
    let (areas, councils) = app::councils::store::councils_with_rooms(&state.db)
        .await
        .unwrap();
    let groups = app::councils::logic::group_by_district(&areas, councils);
    let paths: Vec<_> = groups.iter().map(|g| g.area_path.as_str()).collect();
    assert_eq!(groups.len(), 3, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("永靖县")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("南山区")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("雁江区")), "{paths:?}");
    let rooms: usize = groups
        .iter()
        .flat_map(|g| &g.councils)
        .map(|c| c.rooms.len())
        .sum();
    assert_eq!(rooms, 28);
}
