//! The database: connecting by URL (embedded, in memory or a remote server), migrations, demo data.
pub mod demo;
pub mod migrations;
pub mod thrown;

pub use thrown::Thrown;

use std::sync::Arc;
use surrealdb::engine::any::Any;
use surrealdb::types::SurrealValue;
use surrealdb::Surreal;

/// One database handle for the whole process: in SurrealDB 3 a clone opens a new session.
pub type Db = Arc<Surreal<Any>>;
use std::time::Duration;
use surrealdb::opt::auth::Root;

/// Where the data lives and who we are there.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// `rocksdb://data/bandeng`, `mem://`, `ws://host:port`, `wss://…`.
    pub url: String,
    pub namespace: String,
    pub database: String,
    /// Root credentials, needed for a remote server.
    pub username: Option<String>,
    pub password: Option<String>,
    /// A query or transaction not done in this time is cancelled: `QUERY_TIMEOUT`, or
    /// `DEMO_QUERY_TIMEOUT` where the demo data is loaded.
    pub query_timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "unsupported database URL {0:?}: use rocksdb://PATH, mem://, ws://HOST:PORT or wss://HOST"
    )]
    BadUrl(String),
    #[error(
        "namespace and database names must be 1-32 of a-z, 0-9, _ and start with a letter: {0:?}"
    )]
    BadName(String),
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("could not reach the database at {url} within {secs} s; is the server running?")]
    Timeout { url: String, secs: u64 },
    #[error("database at {url}: {source}")]
    Connect {
        url: String,
        source: surrealdb::Error,
    },
    #[error("database: {0}")]
    Query(#[from] surrealdb::Error),
    #[error("migration {version} ({name}) failed: {source}")]
    Migration {
        version: i64,
        name: &'static str,
        source: surrealdb::Error,
    },
    #[error("migration {version} ({name}) ran without error but was not kept (a RETURN or a cancelled transaction in it?)")]
    MigrationNotKept { version: i64, name: &'static str },
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// A query that has not finished in this time is cancelled (embedded engines) and the request
/// answered with 503, instead of holding the request, its memory and its locks.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(20);
/// The demo data is one transaction of a year's records (about 15 s in a debug build on two
/// idle cores, more while tests run beside it): a demo or a test database gives it room.
pub const DEMO_QUERY_TIMEOUT: Duration = Duration::from_secs(120);

fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && name.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Opens the database named by the URL, selects namespace and database, and applies migrations.
pub async fn connect(config: &DbConfig) -> Result<Db, DbError> {
    let url = config.url.trim();
    let scheme = url.split("://").next().unwrap_or("");
    if !url.contains("://") || !["rocksdb", "mem", "ws", "wss"].contains(&scheme) {
        return Err(DbError::BadUrl(url.to_string()));
    }
    for name in [&config.namespace, &config.database] {
        if !is_valid_name(name) {
            return Err(DbError::BadName(name.clone()));
        }
    }
    if let Some(path) = url.strip_prefix("rocksdb://") {
        std::fs::create_dir_all(path).map_err(|source| DbError::DataDir {
            path: path.to_string(),
            source,
        })?;
    }
    let options = surrealdb::opt::Config::new()
        .query_timeout(config.query_timeout)
        .transaction_timeout(config.query_timeout);
    let connecting = surrealdb::engine::any::connect((url, options));
    let db = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
        .await
        .map_err(|_| DbError::Timeout {
            url: url.to_string(),
            secs: CONNECT_TIMEOUT.as_secs(),
        })?
        .map_err(|source| DbError::Connect {
            url: url.to_string(),
            source,
        })?;
    if let (Some(username), Some(password)) = (&config.username, &config.password) {
        db.signin(Root {
            username: username.clone(),
            password: password.clone(),
        })
        .await
        .map_err(|source| DbError::Connect {
            url: url.to_string(),
            source,
        })?;
    }
    // Names are checked above; SurrealQL cannot bind identifiers.
    db.query(format!(
        "DEFINE NAMESPACE IF NOT EXISTS {ns}; USE NS {ns}; DEFINE DATABASE IF NOT EXISTS {db};",
        ns = config.namespace,
        db = config.database
    ))
    .await?
    .check()?;
    db.use_ns(&config.namespace)
        .use_db(&config.database)
        .await?;
    let db = Arc::new(db);
    migrations::migrate(&db).await?;
    Ok(db)
}

/// A fresh in-memory database with every migration applied: for tests.
pub async fn connect_memory() -> Result<Db, DbError> {
    connect(&DbConfig {
        url: "mem://".into(),
        namespace: "bandeng".into(),
        database: "main".into(),
        username: None,
        password: None,
        query_timeout: DEMO_QUERY_TIMEOUT,
    })
    .await
}

/// A row of `SELECT id, name …`: a record and what people call it.
#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct Named {
    pub id: surrealdb::types::RecordId,
    pub name: String,
}

/// Rows of `SELECT id, name …` as (key, name) pairs, in their order.
pub fn named_pairs(rows: Vec<Named>) -> Vec<(String, String)> {
    rows.into_iter()
        .map(|r| (key_text(&r.id), r.name))
        .collect()
}

/// The key of a record id as text, for plain-Rust code that must not know SurrealDB.
pub fn key_text(id: &surrealdb::types::RecordId) -> String {
    use surrealdb::types::RecordIdKey;
    match &id.key {
        RecordIdKey::String(s) => s.clone(),
        RecordIdKey::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

/// Whether a query failed on a unique index. SurrealDB 3 reports some index violations (those
/// inside transactions, and on `CREATE ... CONTENT`) only in the message.
pub fn is_duplicate(err: &surrealdb::Error) -> bool {
    err.is_already_exists() || err.to_string().contains("already contains")
}

/// The code a query's `THROW` raised, exactly, if it raised one.
pub(super) fn thrown(err: &surrealdb::Error) -> Option<&str> {
    err.is_thrown()
        .then(|| err.message())
        .map(|m| m.strip_prefix("An error occurred: ").unwrap_or(m))
}

/// Whether a transaction lost a race with another and may simply be run again.
pub fn is_retryable(err: &surrealdb::Error) -> bool {
    use surrealdb::types::{ErrorDetails, QueryError};
    matches!(
        err.details(),
        ErrorDetails::Query(Some(QueryError::TransactionConflict))
    ) || {
        let message = err.to_string();
        message.contains("can be retried") || message.contains("conflict")
    }
}

/// Like `Response::check`, but for a transaction: the statement that failed is reported, not the
/// "not executed due to a failed transaction" of the statements before it.
pub fn check_transaction(
    mut response: surrealdb::IndexedResults,
) -> Result<surrealdb::IndexedResults, surrealdb::Error> {
    let mut errors: Vec<(usize, surrealdb::Error)> = response.take_errors().into_iter().collect();
    if errors.is_empty() {
        return Ok(response);
    }
    errors.sort_by_key(|(index, _)| *index);
    let cause = errors
        .iter()
        .position(|(_, e)| !e.to_string().contains("failed transaction"))
        .unwrap_or(0);
    Err(errors.swap_remove(cause).1)
}

/// A record id from a table and a key that came from the client. Keys are only ever bound as
/// parameters, never formatted into a query, so any text is safe here; unknown keys find nothing.
pub fn record(table: &str, key: &str) -> surrealdb::types::RecordId {
    surrealdb::types::RecordId::new(table, key)
}

/// The record of a review level's holder: `council:…` or `review_body:…`.
pub fn holder_record(holder: &crate::base::ids::Holder) -> surrealdb::types::RecordId {
    use crate::base::ids::Holder;
    match holder {
        Holder::Council(key) => record("council", key),
        Holder::Body(key) => record("review_body", key),
    }
}

/// A review level's holder, read back from its record.
pub fn holder_of(id: &surrealdb::types::RecordId) -> Option<crate::base::ids::Holder> {
    crate::base::ids::Holder::parse(&format!("{}:{}", id.table.as_str(), key_text(id)))
}

/// Whether the database answers at all: for /healthz.
pub async fn ping(db: &Db) -> bool {
    match db.query("RETURN 1").await {
        Ok(response) => response.check().is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_name;

    #[test]
    fn namespace_names_are_plain_identifiers() {
        assert!(is_valid_name("bandeng"));
        assert!(is_valid_name("town_2"));
        assert!(!is_valid_name(""));
        assert!(!is_valid_name("2town"));
        assert!(!is_valid_name("a; REMOVE TABLE case"));
        assert!(!is_valid_name(&"a".repeat(33)));
    }
}
