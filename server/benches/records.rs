//! `cargo bench -p server --bench records`: a district's year in an embedded (RocksDB) database,
//! and how long a member's duty record and the district's quarterly ranking take to build from
//! it. Prints `bench=duty_record p50_ms=.. p95_ms=..` and `bench=district_ranking p50_ms=.. p95_ms=..`.
//!
//! The district: 30 councils of 10 members; over the year 20,000 activities (one to five of the
//! council's members present each), 15,000 reception days recorded (fifty per member, one in ten
//! absent), and 50,000 contacts with six linked households per member.
use std::time::Instant;

const COUNCILS: usize = 30;
const MEMBERS_PER_COUNCIL: usize = 10;
const ACTIVITIES: usize = 20_000;
const SLOTS_PER_MEMBER: usize = 50;
const CONTACTS: usize = 50_000;
const HOUSEHOLDS_PER_MEMBER: usize = 6;
const RANKINGS: usize = 40;
const BATCH: usize = 500;
const SAMPLES: usize = 200;

/// A small deterministic generator: the same district every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

#[path = "support.rs"]
mod support;
use support::{percentile, BenchDb};

fn main() {
    support::runtime().block_on(async {
        // RECORDS_BENCH_DIR keeps the loaded district between runs (loading takes minutes).
        let bench = BenchDb::open("RECORDS_BENCH_DIR", "records").await;
        let db = bench.db.clone();
        if !bench.loaded {
            load(&db).await;
        }
        let mut dice = Dice(16);

        let mut times = Vec::with_capacity(SAMPLES);
        let mut listed = 0;
        for _ in 0..SAMPLES {
            let member = format!("c{}m{}", dice.next(COUNCILS), dice.next(MEMBERS_PER_COUNCIL));
            let started = Instant::now();
            let record = app::records::store::duty_record(&db, &member, 2026, 2026)
                .await
                .expect("a duty record");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            listed += record.activities.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "bench=duty_record p50_ms={:.1} p95_ms={:.1} members={} activities={} listed_per_record={}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            COUNCILS * MEMBERS_PER_COUNCIL,
            ACTIVITIES,
            listed / SAMPLES
        );

        let mut times = Vec::with_capacity(RANKINGS);
        let mut ranked = 0;
        let quarter = app::scores::Quarter { year: 2026, q: 3 };
        for _ in 0..RANKINGS {
            let started = Instant::now();
            let ranking = app::scores::store::compute(
                &db,
                "bench",
                quarter,
                app::scores::ScoreSheet::default(),
            )
            .await
            .expect("a ranking");
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            ranked = ranking.members.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "bench=district_ranking p50_ms={:.1} p95_ms={:.1} members_ranked={} councils={} quarter={}",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            ranked,
            COUNCILS,
            quarter.code()
        );
        drop(db);
        bench.done();
    });
}

/// Every member's reception days of the year, every sixth day or so, with what happened.
async fn load_receptions(db: &app::server::db::Db, dice: &mut Dice) {
    let mut batch = Vec::with_capacity(BATCH);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a day");
    let members = COUNCILS * MEMBERS_PER_COUNCIL;
    for n in 0..members * SLOTS_PER_MEMBER {
        let (m, week) = (n % members, n / members);
        let (council, seat) = (m / MEMBERS_PER_COUNCIL, m % MEMBERS_PER_COUNCIL);
        let day = start + chrono::Days::new((week * 6 + seat % 6) as u64);
        batch.push(serde_json::json!({
            "n": n,
            "council": format!("c{council}"),
            "member": format!("c{council}m{seat}"),
            "date": day.format("%Y-%m-%d").to_string(),
            "starts": format!("{:02}:00", 8 + seat),
            "came": dice.next(10) != 0,
            "visitors": dice.next(6),
            "resolved": dice.next(4) == 0,
        }));
        if batch.len() == BATCH || n + 1 == members * SLOTS_PER_MEMBER {
            db.query(
                "FOR $r IN $batch {
                     LET $slot = type::record('duty_slot', 's' + <string>$r.n);
                     CREATE $slot SET pattern = duty_pattern:bench, room = type::record('room', $r.council),
                         date = $r.date, starts = $r.starts, ends = '11:30',
                         member = type::record('member', $r.member);
                     CREATE type::record('reception', 's' + <string>$r.n) SET slot = $slot,
                         council = type::record('council', $r.council), member = type::record('member', $r.member),
                         on_date = $r.date, came = $r.came, absent_reason = IF $r.came { '' } ELSE { '外出开会' },
                         visitors = IF $r.came { $r.visitors } ELSE { 0 },
                         visits = IF $r.came AND $r.resolved { [{ outcome: 'resolved', note: '邻里纠纷' }] } ELSE { [] };
                 };",
            )
            .bind(("batch", std::mem::take(&mut batch)))
            .await
            .expect("receptions load")
            .check()
            .expect("receptions load");
        }
    }
}

/// Six households per member, and the year's contacts with them.
async fn load_contacts(db: &app::server::db::Db, dice: &mut Dice) {
    db.query(
        "FOR $c IN 0..$councils {
             FOR $m IN 0..$per {
                 FOR $h IN 0..$households {
                     CREATE type::record('household', 'c' + <string>$c + 'm' + <string>$m + 'h' + <string>$h)
                         SET council = type::record('council', 'c' + <string>$c),
                             member = type::record('member', 'c' + <string>$c + 'm' + <string>$m),
                             name = '农户' + <string>$h, phone = '1370000' + <string>(1000 + $h);
                 };
             };
         };",
    )
    .bind(("councils", COUNCILS as i64))
    .bind(("per", MEMBERS_PER_COUNCIL as i64))
    .bind(("households", HOUSEHOLDS_PER_MEMBER as i64))
    .await
    .expect("households load")
    .check()
    .expect("households load");
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..CONTACTS {
        let council = dice.next(COUNCILS);
        let member = format!("c{council}m{}", dice.next(MEMBERS_PER_COUNCIL));
        batch.push(serde_json::json!({
            "n": n,
            "council": format!("c{council}"),
            "household": format!("{member}h{}", dice.next(HOUSEHOLDS_PER_MEMBER)),
            "member": member,
            "day": format!("2026-{:02}-{:02}", 1 + dice.next(11), 1 + dice.next(28)),
        }));
        if batch.len() == BATCH || n + 1 == CONTACTS {
            db.query(
                "FOR $k IN $batch {
                     CREATE type::record('contact', 'k' + <string>$k.n) SET
                         household = type::record('household', $k.household),
                         member = type::record('member', $k.member),
                         council = type::record('council', $k.council), on_date = $k.day, via = 'visit';
                 };",
            )
            .bind(("batch", std::mem::take(&mut batch)))
            .await
            .expect("contacts load")
            .check()
            .expect("contacts load");
        }
    }
}

/// The district's year: councils, members, activities, reception days and contacts.
async fn load(db: &app::server::db::Db) {
    let loading = Instant::now();
    db.query(
            "CREATE area:bench SET name = '压测区', level = 'district';
             CREATE sector:bench SET name = '压测界别', area = area:bench;
             FOR $c IN 0..$councils {
                 CREATE type::record('council', 'c' + <string>$c) SET name = '压测议事会' + <string>$c,
                     kind = 'village_council', area = area:bench, case_prefix = 'YC';
                 CREATE type::record('room', 'c' + <string>$c) SET code = 'bench-c' + <string>$c,
                     council = type::record('council', 'c' + <string>$c), name = '压测议事室' + <string>$c,
                     address = '', lat = 36.0, lng = 103.3, hours = '';
                 FOR $m IN 0..$per {
                     LET $member = type::record('member', 'c' + <string>$c + 'm' + <string>$m);
                     CREATE $member SET name = '委员' + <string>$m, sector = sector:bench, level = 'district';
                     CREATE membership SET member = $member, council = type::record('council', 'c' + <string>$c), role = 'member';
                 };
             };",
        )
        .bind(("councils", COUNCILS as i64))
        .bind(("per", MEMBERS_PER_COUNCIL as i64))
        .await
        .expect("district loads")
        .check()
        .expect("district loads");
    let mut dice = Dice(15);
    let mut batch = Vec::with_capacity(BATCH);
    for n in 0..ACTIVITIES {
        let council = dice.next(COUNCILS);
        let present: Vec<String> = (0..1 + dice.next(5))
            .map(|_| format!("c{council}m{}", dice.next(MEMBERS_PER_COUNCIL)))
            .collect();
        let day = format!("2026-{:02}-{:02}", 1 + dice.next(11), 1 + dice.next(28));
        batch.push(serde_json::json!({
            "council": format!("c{council}"),
            "members": present,
            "day": day,
            "served": dice.next(60),
            "n": n,
            "dispute": n % 7 == 0,
        }));
        if batch.len() == BATCH || n + 1 == ACTIVITIES {
            db.query(
                    "FOR $a IN $batch {
                         LET $id = type::record('activity', 'a' + <string>$a.n);
                         CREATE $id SET council = type::record('council', $a.council),
                             kind = IF $a.dispute { 'dispute' } ELSE { 'visit' },
                             title = '走访' + <string>$a.n, starts_at = $a.day + 'T09:30', on_date = $a.day,
                             members = array::distinct($a.members.map(|$m| type::record('member', $m))),
                             served = $a.served,
                             outcomes = IF $a.dispute { { disputes_resolved: 1, consultations: 3 } } ELSE { { suggestions: 1 } };
                         FOR $m IN array::distinct($a.members) {
                             CREATE activity_member SET activity = $id, member = type::record('member', $m),
                                 on_date = $a.day, disputes = IF $a.dispute { 1 } ELSE { 0 };
                         };
                     };",
                )
                .bind(("batch", std::mem::take(&mut batch)))
                .await
                .expect("activities load")
                .check()
                .expect("activities load");
        }
    }
    eprintln!(
        "loaded {ACTIVITIES} activities in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
    load_receptions(db, &mut dice).await;
    load_contacts(db, &mut dice).await;
    eprintln!(
        "loaded the year in {:.1} s",
        loading.elapsed().as_secs_f64()
    );
}
