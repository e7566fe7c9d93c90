//! `cargo bench -p server --bench records`: a district's year of activities in an embedded
//! (RocksDB) database, and how long a member's duty record takes to build from it. Prints
//! `bench=duty_record p50_ms=.. p95_ms=.. members=.. activities=..`.
//!
//! The district: 30 councils of 10 members; 20,000 activities over the year, each with one to
//! five of its council's members present. Reception records, contacts and the quarterly ranking
//! come with their issue's next steps and will join this bench then.
use std::time::Instant;

const COUNCILS: usize = 30;
const MEMBERS_PER_COUNCIL: usize = 10;
const ACTIVITIES: usize = 20_000;
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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("bandeng-records-{}", std::process::id()));
        let config = app::server::db::DbConfig {
            url: format!("rocksdb://{}", dir.display()),
            namespace: "bandeng".into(),
            database: "bench".into(),
            username: None,
            password: None,
        };
        let db = app::server::db::connect(&config).await.expect("embedded database opens");
        let loading = Instant::now();
        db.query(
            "CREATE area:bench SET name = '压测区', level = 'district';
             CREATE sector:bench SET name = '压测界别', area = area:bench;
             FOR $c IN 0..$councils {
                 CREATE type::record('council', 'c' + <string>$c) SET name = '压测议事会' + <string>$c,
                     kind = 'village_council', area = area:bench, case_prefix = 'YC';
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
            }));
            if batch.len() == BATCH || n + 1 == ACTIVITIES {
                db.query(
                    "FOR $a IN $batch {
                         LET $id = type::record('activity', 'a' + <string>$a.n);
                         CREATE $id SET council = type::record('council', $a.council), kind = 'visit',
                             title = '走访' + <string>$a.n, starts_at = $a.day + 'T09:30', on_date = $a.day,
                             members = array::distinct($a.members.map(|$m| type::record('member', $m))),
                             served = $a.served, outcomes = { suggestions: 1 };
                         FOR $m IN array::distinct($a.members) {
                             CREATE activity_member SET activity = $id, member = type::record('member', $m),
                                 on_date = $a.day;
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
        eprintln!("loaded {ACTIVITIES} activities in {:.1} s", loading.elapsed().as_secs_f64());

        let mut times = Vec::with_capacity(SAMPLES);
        let mut listed = 0;
        for _ in 0..SAMPLES {
            let member = format!("c{}m{}", dice.next(COUNCILS), dice.next(MEMBERS_PER_COUNCIL));
            let started = Instant::now();
            let record = app::records::store::duty_record(&db, &member, 2026)
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
        drop(db);
        let _ = std::fs::remove_dir_all(&dir);
    });
}
