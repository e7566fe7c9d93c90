//! `cargo bench -p server --bench stats`: a district's three years in an embedded (RocksDB)
//! database, and how long its statistics, one council's, and a search take. Prints
//! `bench=stats_district p50_ms=.. p95_ms=..`, `bench=stats_council ...` and `bench=search ...`.
//!
//! The district: 30 councils; over 2024–2026 100,000 cases (a third rated, closed ones with their
//! re-check, one in five assigned to a department), 20,000 sessions with five attendees each and
//! 1,000,000 notes, 20,000 activities with their members, 15,000 reception days and 50,000
//! contacts. `STATS_BENCH_DIR` keeps the loaded district between runs (loading takes minutes).
use std::time::Instant;

const COUNCILS: i64 = 30;
const CASES: i64 = 100_000;
const SESSIONS: i64 = 20_000;
const NOTES_PER_SESSION: i64 = 50;
const ACTIVITIES: i64 = 20_000;
const RECEPTIONS: i64 = 15_000;
const CONTACTS: i64 = 50_000;
/// Rows made by one statement: large enough to load fast, small enough for one transaction.
const CHUNK: i64 = 200;
const SAMPLES: usize = 20;

#[path = "support.rs"]
mod support;
use support::{percentile, BenchDb};

async fn timed<F, T>(samples: usize, mut run: impl FnMut() -> F) -> (f64, f64, T)
where
    F: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(samples);
    let mut last = None;
    for _ in 0..samples {
        let started = Instant::now();
        last = Some(run().await);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        last.expect("at least one sample"),
    )
}

fn main() {
    support::runtime().block_on(async {
        let bench = BenchDb::open("STATS_BENCH_DIR", "stats").await;
        let db = bench.db.clone();
        // Always: each part of the load is skipped when it is there already.
        let _ = bench.loaded;
        load(&db).await;
        // `STATS_PROBE=FILE`: time the file's statements instead (see `probe`).
        if let Ok(file) = std::env::var("STATS_PROBE") {
            return probe(&db, &file).await;
        }
        let mut sizes = db
            .query(
                "RETURN [count(SELECT id FROM case), count(SELECT id FROM council_session),
                    count(SELECT id FROM attendee), count(SELECT id FROM note),
                    count(SELECT id FROM activity), count(SELECT id FROM reception),
                    count(SELECT id FROM contact)]",
            )
            .await
            .expect("sizes");
        let sizes: Vec<i64> = sizes.take(0).expect("sizes");
        println!("data: cases, sessions, attendees, notes, activities, receptions, contacts = {sizes:?}");
        let today = app::base::clock::Day("2026-12-01".into());
        let year = app::stats::Period::parse("2026", "", "", &today).expect("a year");
        let quarter = app::stats::Period::parse("2026Q3", "", "", &today).expect("a quarter");
        let district = app::stats::store::resolve(
            &db,
            &app::stats::Scope::parse("area:bench").expect("a scope"),
        )
        .await
        .expect("the district")
        .expect("the district exists");

        let (p50, p95, figures) = timed(SAMPLES, || {
            app::stats::store::figures(&db, &district.councils, &year, None)
        })
        .await;
        let figures = figures.expect("figures").0;
        let concerns = figures
            .iter()
            .find(|f| f.figure == app::stats::Figure::Concerns)
            .map_or(0, |f| f.value);
        println!(
            "bench=stats_district p50_ms={p50:.1} p95_ms={p95:.1} councils={} period={} concerns={concerns}",
            district.councils.len(),
            year.code
        );

        let one = vec![district.councils[0].clone()];
        let (p50, p95, figures) =
            timed(SAMPLES, || app::stats::store::figures(&db, &one, &quarter, None)).await;
        let concerns = figures
            .expect("figures")
            .0
            .iter()
            .find(|f| f.figure == app::stats::Figure::Concerns)
            .map_or(0, |f| f.value);
        println!(
            "bench=stats_council p50_ms={p50:.1} p95_ms={p95:.1} period={} concerns={concerns}",
            quarter.code
        );

        let (p50, p95, page) = timed(SAMPLES, || {
            app::stats::store::records(
                &db,
                &district.councils,
                &year,
                app::stats::Figure::Concerns,
                None,
                0,
                app::stats::PAGE_SIZE,
            )
        })
        .await;
        let (total, _, rows) = page.expect("a list");
        println!(
            "bench=stats_list p50_ms={p50:.1} p95_ms={p95:.1} total={total} rows={}",
            rows.len()
        );

        let keys: Vec<String> = district.councils.iter().map(|(k, _)| k.clone()).collect();
        let search = app::stats::search::check(&app::stats::search::SearchFilter {
            q: "电梯".into(),
            status: "closed".into(),
            ..Default::default()
        })
        .expect("a search");
        let window = app::server::state::SEARCH_WINDOW;
        let page = app::stats::search::SEARCH_PAGE;
        // The first page for the district, the same for one council (which holds no closed case),
        // and the page just past what the newest cases hold, which the full-text index answers.
        let past_window = [
            ("search", &keys[..], 0),
            ("search_council", &keys[..1], 0),
            ("search_past_window", &keys[..], 20 * page),
        ];
        for (name, councils, start) in past_window {
            let (p50, p95, found) = timed(SAMPLES, || {
                app::stats::search_store::search(&db, councils, &search, start, page, window)
            })
            .await;
            let found = found.expect("a search");
            println!(
                "bench={name} p50_ms={p50:.1} p95_ms={p95:.1} words=电梯 status=closed \
                 found={} exact={} start={start} rows={}",
                found.total,
                found.exact,
                found.hits.len()
            );
        }
        drop(db);
        bench.done();
    });
}

/// Runs each statement of `file` (separated by `;;`) once for one council and once for the
/// whole district over 2026Q3, and prints how long it took and the start of what it returned:
/// the way to see which statement of a figure costs what, and what `EXPLAIN` says of it.
/// `$councils`, `$from_day`/`$after_day` (Beijing days) and `$from_at`/`$after_at` are bound.
async fn probe(db: &app::server::db::Db, file: &str) {
    let text = std::fs::read_to_string(file).expect("a file of statements");
    let district: Vec<surrealdb::types::RecordId> = (0..COUNCILS)
        .map(|c| surrealdb::types::RecordId::new("council", format!("c{c}")))
        .collect();
    for statement in text.split(";;").map(str::trim).filter(|q| !q.is_empty()) {
        for (scope, councils) in [
            ("council", district[..1].to_vec()),
            ("district", district.clone()),
        ] {
            let started = Instant::now();
            let mut answer = db
                .query(format!(
                    "LET $from_at = <datetime> $from_at_text;
                     LET $after_at = <datetime> $after_at_text;
                     {statement}"
                ))
                .bind(("councils", councils))
                .bind(("from_day", "2026-07-01"))
                .bind(("after_day", "2026-10-01"))
                .bind(("from_at_text", "2026-07-01T00:00:00+08:00"))
                .bind(("after_at_text", "2026-10-01T00:00:00+08:00"))
                .await
                .expect("the statement runs");
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let last = answer.num_statements() - 1;
            let value: surrealdb::types::Value = answer.take(last).expect("an answer");
            let one_line: String = statement.split_whitespace().collect::<Vec<_>>().join(" ");
            let shown: String = format!("{value:?}").chars().take(200).collect();
            println!("probe scope={scope} ms={ms:.1} :: {one_line} => {shown}");
        }
    }
}

/// Runs `sql` for `total` rows, `CHUNK` at a time, with `$from` and `$to` bound to each chunk;
/// skipped when `table` has rows already (a load cut short goes on where it stopped).
async fn in_chunks(db: &app::server::db::Db, what: &str, table: &str, total: i64, sql: &str) {
    let mut probe = db
        .query(format!("RETURN count(SELECT id FROM {table} LIMIT 1)"))
        .await
        .expect("probe");
    if probe.take::<Option<i64>>(0).expect("probe") > Some(0) {
        return;
    }
    let started = Instant::now();
    let mut from = 0;
    while from < total {
        let to = (from + CHUNK).min(total);
        db.query(sql)
            .bind(("from", from))
            .bind(("to", to))
            .bind(("councils", COUNCILS))
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .check()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        from = to;
        if from % 20_000 == 0 {
            eprintln!(
                "  {what}: {from} in {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!(
        "loaded {total} {what} in {:.0} s",
        started.elapsed().as_secs_f64()
    );
}

/// The district's three years. Everything is spread by arithmetic on the row's number, so every
/// run loads the same district.
async fn load(db: &app::server::db::Db) {
    let mut there = db
        .query("RETURN (SELECT VALUE id FROM ONLY area:bench) != NONE")
        .await
        .expect("probe");
    if there.take::<Option<bool>>(0).expect("probe") == Some(true) {
        return load_records(db).await;
    }
    db.query(
        "CREATE area:bench SET name = '压测区', level = 'district';
         CREATE sector:bench SET name = '压测界别', area = area:bench;
         CREATE department:bench SET name = '压测部门', area = area:bench;
         FOR $c IN 0..$councils {
             LET $council = type::record('council', 'c' + <string>$c);
             CREATE $council SET name = '压测议事会' + <string>$c, kind = 'village_council',
                 area = area:bench, case_prefix = 'YC';
             CREATE type::record('room', 'c' + <string>$c) SET code = 'bench-c' + <string>$c,
                 council = $council, name = '压测议事室' + <string>$c, address = '', lat = 36.0,
                 lng = 103.3, hours = '';
             FOR $m IN 0..10 {
                 LET $member = type::record('member', 'c' + <string>$c + 'm' + <string>$m);
                 CREATE $member SET name = '委员' + <string>$m, sector = sector:bench, level = 'district';
                 CREATE membership SET member = $member, council = $council, role = 'member';
             };
         };",
    )
    .bind(("councils", COUNCILS))
    .await
    .expect("district loads")
    .check()
    .expect("district loads");
    load_records(db).await;
}

/// The district's records, each kind skipped when it is loaded already.
async fn load_records(db: &app::server::db::Db) {
    let titles = "['路灯不亮', '垃圾清运不及时', '灌溉水渠堵塞', '老年食堂开放时间', '电梯停运',
        '邻里排水纠纷', '学校门口拥堵', '村道坑洼', '健身器材损坏', '农产品销路']";
    in_chunks(
        db,
        "cases",
        "case",
        CASES,
        &format!(
            "LET $titles = {titles};
             LET $statuses = ['received', 'answered', 'with_department', 'closed', 'feedback_given',
                 'consulting', 'implementing', 'not_adopted', 'closed', 'answered'];
             FOR $i IN $from..$to {{
                 LET $c = $i % $councils;
                 LET $status = $statuses[$i % 10];
                 LET $created = d'2024-01-01T00:00:00Z' + duration::from_mins(($i * 15767) % 1576800);
                 LET $case = type::record('case', 'b' + <string>$i);
                 LET $digits = <string>(1000000000 + $i);
                 CREATE $case SET tracking_code = 'YC-' + string::slice($digits, 0, 4) + '-' + string::slice($digits, 4),
                     submission_id = crypto::md5(<string>$i), room = type::record('room', 'c' + <string>$c),
                     council = type::record('council', 'c' + <string>$c), source = 'room_qr',
                     title = $titles[$i % 10] + '（' + <string>$i + '）',
                     description = '村民反映：' + $titles[($i * 3) % 10] + '，已经有一段时间了，希望尽快解决。',
                     consent = true, status = $status, category = ['交通', '环境', '农业', ''][$i % 4],
                     screening = IF $i % 5 = 0 {{ ['public_interest'] }} ELSE {{ [] }},
                     created_at = $created, updated_at = $created + duration::from_days($i % 30);
                 IF $i % 3 = 0 AND $status IN ['answered', 'closed'] {{
                     CREATE case_rating SET case = $case, score = [3, 2, 1][$i % 3], at = $created + duration::from_days($i % 30);
                 }};
                 IF $status = 'closed' {{
                     CREATE case_event SET case = $case, actor_name = '压测', step = 'close',
                         from_status = 'feedback_given', to_status = 'closed', at = $created + duration::from_days($i % 30);
                 }};
                 IF $i % 5 = 0 {{
                     CREATE assignment SET case = $case, council = type::record('council', 'c' + <string>$c),
                         department = department:bench, owner = '主任', task = '落实' + <string>$i,
                         deadline = time::format($created + 8h + duration::from_days(20), '%Y-%m-%d'),
                         status = IF $status = 'closed' {{ 'done' }} ELSE {{ 'in_progress' }},
                         created_at = $created + duration::from_days(1);
                 }};
             }};"
        ),
    )
    .await;
    in_chunks(
        db,
        "sessions",
        "council_session",
        SESSIONS,
        "FOR $i IN $from..$to {
             LET $c = $i % $councils;
             LET $meeting = type::record('council_session', 'b' + <string>$i);
             CREATE $meeting SET council = type::record('council', 'c' + <string>$c), title = '协商' + <string>$i,
                 form = ['bench', 'field', 'meeting', 'online'][$i % 4],
                 starts_at = time::format(d'2024-01-01T00:00:00Z' + duration::from_mins(($i * 7919) % 1576800), '%Y-%m-%dT%H:%M'),
                 status = 'closed', created_by = account:bench;
             FOR $k IN 0..5 {
                 CREATE attendee SET session = $meeting, name = '参加人' + <string>$k,
                     kind = IF $k < 2 { 'member' } ELSE { 'resident' };
             };
         };",
    )
    .await;
    in_chunks(
        db,
        "notes",
        "note",
        SESSIONS * NOTES_PER_SESSION,
        "FOR $i IN $from..$to {
             CREATE note SET session = type::record('council_session', 'b' + <string>($i % 20000)),
                 author = account:bench, author_name = '记录人', kind = 'statement',
                 speaker_kind = 'resident', speaker_name = '', text = '发言记录' + <string>$i,
                 written_at = d'2024-01-01T00:00:00Z' + duration::from_mins($i % 1576800);
         };",
    )
    .await;
    in_chunks(
        db,
        "activities",
        "activity",
        ACTIVITIES,
        "FOR $i IN $from..$to {
             LET $c = $i % $councils;
             LET $day = time::format(d'2024-01-01T00:00:00Z' + duration::from_mins(($i * 3571) % 1576800), '%Y-%m-%d');
             LET $activity = type::record('activity', 'b' + <string>$i);
             CREATE $activity SET council = type::record('council', 'c' + <string>$c),
                 kind = IF $i % 7 = 0 { 'dispute' } ELSE { 'visit' }, title = '走访' + <string>$i,
                 starts_at = $day + 'T09:30', on_date = $day, served = $i % 40,
                 outcomes = IF $i % 7 = 0 { { disputes_resolved: 1 } } ELSE { {} };
             FOR $m IN [0, 1, 2] {
                 CREATE activity_member SET activity = $activity, on_date = $day,
                     member = type::record('member', 'c' + <string>$c + 'm' + <string>(($i + $m) % 10));
             };
         };",
    )
    .await;
    in_chunks(
        db,
        "reception days",
        "reception",
        RECEPTIONS,
        "FOR $i IN $from..$to {
             LET $c = $i % $councils;
             -- One slot a day per council's room: the roster allows one at a time.
             LET $day = time::format(d'2024-01-01T00:00:00Z'
                 + duration::from_days(<int> math::floor($i / $councils) * 2), '%Y-%m-%d');
             LET $slot = type::record('duty_slot', 'b' + <string>$i);
             CREATE $slot SET pattern = duty_pattern:bench, room = type::record('room', 'c' + <string>$c),
                 date = $day, starts = '09:00', ends = '11:30',
                 member = type::record('member', 'c' + <string>$c + 'm' + <string>($i % 10));
             CREATE type::record('reception', 'b' + <string>$i) SET slot = $slot,
                 council = type::record('council', 'c' + <string>$c),
                 member = type::record('member', 'c' + <string>$c + 'm' + <string>($i % 10)),
                 on_date = $day, came = $i % 10 != 0, visitors = $i % 6;
         };",
    )
    .await;
    in_chunks(
        db,
        "contacts",
        "contact",
        CONTACTS,
        "FOR $i IN $from..$to {
             LET $c = $i % $councils;
             LET $member = 'c' + <string>$c + 'm' + <string>($i % 10);
             LET $household = type::record('household', $member + 'h' + <string>($i % 6));
             UPSERT $household SET council = type::record('council', 'c' + <string>$c),
                 member = type::record('member', $member), name = '农户', phone = '13700001234';
             CREATE contact SET household = $household, member = type::record('member', $member),
                 council = type::record('council', 'c' + <string>$c), via = 'visit',
                 on_date = time::format(d'2024-01-01T00:00:00Z' + duration::from_mins(($i * 4409) % 1576800), '%Y-%m-%d');
         };",
    )
    .await;
}
