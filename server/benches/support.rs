//! What the benchmarks share: a database on disk kept between runs when asked, and percentiles.
use std::path::PathBuf;

/// The embedded database of a benchmark, and whether it holds the data already. Set `keep` (an
/// environment variable's name) to a folder to keep the loaded data between runs; without it
/// the database is made in a temporary folder that `done` deletes.
pub struct BenchDb {
    pub db: app::server::db::Db,
    pub loaded: bool,
    dir: PathBuf,
    kept: bool,
}

impl BenchDb {
    pub async fn open(keep: &str, name: &str) -> BenchDb {
        let kept = std::env::var_os(keep).map(PathBuf::from);
        let loaded = kept.as_ref().is_some_and(|d| d.exists());
        let dir = kept.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("bandeng-{name}-{}", std::process::id()))
        });
        let config = app::server::db::DbConfig {
            url: format!("rocksdb://{}", dir.display()),
            namespace: "bandeng".into(),
            database: "bench".into(),
            username: None,
            password: None,
            query_timeout: app::server::db::QUERY_TIMEOUT,
        };
        let db = app::server::db::connect(&config)
            .await
            .expect("embedded database opens");
        BenchDb {
            db,
            loaded,
            dir,
            kept: kept.is_some(),
        }
    }

    /// A database in a temporary folder, never kept.
    #[allow(dead_code)]
    pub async fn temporary(name: &str) -> BenchDb {
        BenchDb::open("", name).await
    }

    pub fn done(self) {
        drop(self.db);
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The value below which `p` of the sorted samples lie.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

/// The runtime a benchmark runs in, with the server's 8 MiB thread stacks (unoptimised builds nest deeply).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
        .expect("runtime")
}
