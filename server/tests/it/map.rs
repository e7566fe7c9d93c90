//! The map of rooms over real HTTP on `mem://`: QR codes read back by a real decoder (zbarimg),
//! the directory's filters, room pages with public cases only, and printable posters.
use crate::common;

use app::accounts::store::NewAccount;
use app::rooms::api::{GetCouncilPosters, GetRoomDirectory, RoomPage};
use app::rooms::directory::DirectoryFilter;
use common::{api, call, council_key, count, request, Call};
use serde_json::{json, Value};
use std::process::Command;

async fn anonymous(addr: &str, args: impl Into<Call>) -> Value {
    let args = args.into();
    let endpoint = args.endpoint().to_string();
    let response = call(addr, None, args).await;
    assert_eq!(response.status, 200, "{endpoint}: {}", response.body);
    serde_json::from_str(&response.body).unwrap()
}

async fn directory(addr: &str, filter: DirectoryFilter) -> Value {
    anonymous(addr, GetRoomDirectory { filter }).await
}

fn filter(council: &str, kind: &str, sector: &str, q: &str) -> DirectoryFilter {
    DirectoryFilter {
        council: council.into(),
        kind: kind.into(),
        sector: sector.into(),
        q: q.into(),
    }
}

fn codes(directory: &Value) -> Vec<String> {
    directory["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

/// Rasterises an SVG with librsvg and decodes it with zbar, as a phone camera would read a poster.
fn decode_qr(svg: &str) -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("bandeng-qr-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (svg_path, png_path) = (dir.join("qr.svg"), dir.join("qr.png"));
    std::fs::write(&svg_path, svg).unwrap();
    let status = Command::new("rsvg-convert")
        .args(["--width", "600", "--background-color", "white", "--output"])
        .arg(&png_path)
        .arg(&svg_path)
        .status()
        .expect("rsvg-convert (Debian package librsvg2-bin) is installed");
    assert!(status.success(), "rsvg-convert failed");
    let out = Command::new("zbarimg")
        .args(["--raw", "--quiet"])
        .arg(&png_path)
        .output()
        .expect("zbarimg (Debian package zbar-tools) is installed");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "zbarimg found no code: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[tokio::test]
async fn qr_codes_decode_to_the_rooms_public_url() {
    let server = common::serve(common::demo_state(10).await).await;
    let response = request(&server.addr, "GET", "/r/sy-dongfeng/qr.svg", None, None).await;
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("image/svg+xml")
    );
    assert_eq!(
        decode_qr(&response.body),
        "http://127.0.0.1:3000/r/sy-dongfeng"
    );

    // Another room, another code.
    let other = request(&server.addr, "GET", "/r/ns-shekou/qr.svg", None, None).await;
    assert_eq!(decode_qr(&other.body), "http://127.0.0.1:3000/r/ns-shekou");

    // A room that does not exist has no code to print, and a path trick finds nothing.
    for path in [
        "/r/no-such-room/qr.svg",
        "/r/..%2Fadmin/qr.svg",
        "/r/A/qr.svg",
    ] {
        let r = request(&server.addr, "GET", path, None, None).await;
        assert_eq!(r.status, 404, "{path}");
    }

    // The code follows the configured public address, sub-path and https included.
    let mut settings = common::settings(10);
    settings.public_url = "https://bandeng.example.cn/xieshang".into();
    let state = app::server::state::AppState::new(
        server.state.db.clone(),
        leptos::config::LeptosOptions::builder()
            .output_name("bandeng")
            .build(),
        settings,
    );
    let proxied = common::serve(state).await;
    let r = request(&proxied.addr, "GET", "/r/yj-zixi/qr.svg", None, None).await;
    assert_eq!(
        decode_qr(&r.body),
        "https://bandeng.example.cn/xieshang/r/yj-zixi"
    );
}

#[tokio::test]
async fn the_directory_filters_open_rooms() {
    let server = common::serve(common::demo_state(10).await).await;
    let addr = &server.addr;
    let all = directory(addr, filter("", "", "", "")).await;
    let open: i64 = {
        let mut r = server
            .state
            .db
            .query("RETURN count(SELECT id FROM room WHERE active = true)")
            .await
            .unwrap();
        r.take::<Option<i64>>(0).unwrap().unwrap()
    };
    assert!(open > 20, "the demo has rooms in three districts");
    assert_eq!(all["rooms"].as_array().unwrap().len() as i64, open);
    assert_eq!(all["total"].as_i64(), Some(open));
    assert_eq!(all["tiles"]["crs"], "Wgs84");

    // By words: Chinese without spaces, anywhere in name, address or council.
    assert_eq!(
        codes(&directory(addr, filter("", "", "", "东风")).await),
        ["sy-dongfeng"]
    );
    let nanshan = directory(addr, filter("", "", "", "南山区")).await;
    assert!(codes(&nanshan).iter().all(|c| c.starts_with("ns-")) && codes(&nanshan).len() > 5);
    assert!(codes(&directory(addr, filter("", "", "", "火星基地")).await).is_empty());

    // By council, kind and sector; the choices stay complete while filtered.
    let one = directory(addr, filter("sy_xinjian", "", "", "")).await;
    assert_eq!(codes(&one), ["sy-xinjian"]);
    assert_eq!(one["councils"], all["councils"]);
    let sector_rooms = directory(addr, filter("", "sector_station", "", "")).await;
    assert!(!codes(&sector_rooms).is_empty());
    assert!(sector_rooms["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["council_kind"] == "SectorStation"));
    let sector = all["sectors"][0]["value"]
        .as_str()
        .expect("demo sector stations have sectors");
    let by_sector = directory(addr, filter("", "", sector, "")).await;
    assert!(!codes(&by_sector).is_empty());
    assert!(by_sector["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["sector"][0] == sector));
    assert!(
        codes(&directory(addr, filter("sy_xinjian", "sector_station", "", "")).await).is_empty()
    );

    // A room that closes leaves the map.
    server
        .state
        .db
        .query("UPDATE room SET active = false WHERE code = 'sy-dongfeng'")
        .await
        .unwrap()
        .check()
        .unwrap();
    let after = directory(addr, filter("", "", "", "")).await;
    assert!(!codes(&after).contains(&"sy-dongfeng".to_string()));
    assert_eq!(after["total"].as_i64(), Some(open - 1));

    // Hostile filters are just text that matches nothing.
    for q in [
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "😀",
        &"长".repeat(500),
    ] {
        assert!(
            codes(&directory(addr, filter("", "", "", q)).await).is_empty(),
            "{q}"
        );
    }
    // A filter of the wrong type: no argument struct can say that, so the body is written out.
    let wrong_type = Call::raw_json::<GetRoomDirectory>(json!({"filter": "x"}));
    let bad = call(addr, None, wrong_type).await;
    // A body our pages never send is named as such (not a bare internal error).
    assert!(
        bad.body.contains("\"Invalid\"") && bad.body.contains("request"),
        "{}",
        bad.body
    );

    // Without JavaScript the same list is in the page, filters in the URL.
    let page = request(addr, "GET", "/rooms?q=%E6%96%B0%E5%BB%BA", None, None).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("href=\"/r/sy-xinjian\""),
        "{}",
        page.body
    );
    assert!(!page.body.contains("href=\"/r/ns-shekou\""));
    assert!(
        !page.body.contains("<script src=\"/vendor/leaflet"),
        "Leaflet is fetched by the map itself, never by the page"
    );
    assert!(page
        .body
        .contains("data-map-assets=\"/vendor/leaflet/leaflet.css /vendor/leaflet/leaflet.js\""));
}

#[tokio::test]
async fn room_pages_show_the_public_cases_only() {
    let server = common::serve(common::demo_state(10).await).await;
    let page = anonymous(
        &server.addr,
        RoomPage {
            code: "sy-dongfeng".into(),
            flash: None,
        },
    )
    .await;
    let recent = page["recent"].as_array().unwrap();
    let titles: Vec<&str> = recent
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    // Newest first; the council has not made the street-light case public.
    assert_eq!(
        titles,
        [
            "景区周边垃圾清运不及时",
            "旅游旺季景区停车难，车辆堵到村道上"
        ]
    );
    assert_eq!(recent[0]["submitted_on"], "2026年10月19日");
    let listed = page["recent"].to_string();
    assert!(
        !listed.contains("resident")
            && !listed.contains("description")
            && !listed.contains("phone")
    );
    assert!(
        !page.to_string().contains("路灯"),
        "the private case is nowhere in the page"
    );

    // A new concern stays off the page until the council decides.
    let before = count(&server.state, "case").await;
    app::cases::intake::raise::raise_concern(
        &server.state,
        "sy-dongfeng",
        &common::form("新的问题不公开"),
        common::ip("10.0.0.1"),
        common::DEVICE,
    )
    .await
    .unwrap();
    assert_eq!(count(&server.state, "case").await, before + 1);
    let html = request(&server.addr, "GET", "/r/sy-dongfeng", None, None)
        .await
        .body;
    assert!(html.contains("景区周边垃圾清运不及时") && !html.contains("新的问题不公开"));
    assert!(!html.contains("路灯坏了"));
    // Directions for a phone: 高德 told our coordinates are WGS-84, and a geo: link.
    assert!(html.contains("https://uri.amap.com/marker?position=103.218500,35.982100"));
    assert!(html.contains("coordinate=wgs84"));
    assert!(html.contains("geo:35.982100,103.218500"));
    assert!(html.contains("href=\"/r/sy-dongfeng/poster\""));
}

#[tokio::test]
async fn posters_for_one_room_and_for_a_whole_council() {
    let state = common::demo_state(10).await;
    let server = common::serve(state.clone()).await;
    let poster = request(&server.addr, "GET", "/r/sy-dongfeng/poster", None, None).await;
    assert_eq!(poster.status, 200);
    assert!(poster.body.contains("src=\"/r/sy-dongfeng/qr.svg\""));
    assert!(poster.body.contains("http://127.0.0.1:3000/r/sy-dongfeng"));
    assert!(poster.body.contains("东风村协商议事室"));
    let missing = request(&server.addr, "GET", "/r/no-such-room/poster", None, None).await;
    assert_eq!(missing.status, 404);

    // All posters of a council: signed-in administrators only.
    let anonymous = request(
        &server.addr,
        "GET",
        "/admin/councils/ns_shekou/posters",
        None,
        None,
    )
    .await;
    assert_eq!(anonymous.status, 303);
    let cookie = common::signed_in(
        &state,
        NewAccount {
            name: "区政协办公室".into(),
            phone: Some("13800000098".into()),
            password_hash: common::hash("管理员的密码123"),
            system_admin: true,
            ..Default::default()
        },
    )
    .await;
    let posters = GetCouncilPosters {
        council: council_key("ns_shekou"),
    };
    let list = api(&server.addr, &cookie, posters).await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["url"], "http://127.0.0.1:3000/r/ns-shekou");
    let page = request(
        &server.addr,
        "GET",
        "/admin/councils/ns_shekou/posters",
        Some(&cookie),
        None,
    )
    .await;
    assert_eq!(page.status, 200);
    assert_eq!(page.body.matches("data-testid=\"poster\"").count(), 1);
    assert!(page.body.contains("src=\"/r/ns-shekou/qr.svg\""));
}
