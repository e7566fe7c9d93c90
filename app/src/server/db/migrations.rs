//! Versioned schema changes, applied in order at start-up and recorded in the database.
use super::DbError;
use crate::server::db::Db;

pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Append only: a migration that has shipped is never edited, a change is a new file.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "organisation_and_cases",
        sql: include_str!("migrations/001_organisation_and_cases.surql"),
    },
    Migration {
        version: 2,
        name: "accounts_roster_audit",
        sql: include_str!("migrations/002_accounts_roster_audit.surql"),
    },
    Migration {
        version: 3,
        name: "room_map",
        sql: include_str!("migrations/003_room_map.surql"),
    },
    Migration {
        version: 4,
        name: "case_pipeline",
        sql: include_str!("migrations/004_case_pipeline.surql"),
    },
    Migration {
        version: 5,
        name: "case_lists",
        sql: include_str!("migrations/005_case_lists.surql"),
    },
    Migration {
        version: 6,
        name: "photos",
        sql: include_str!("migrations/006_photos.surql"),
    },
    Migration {
        version: 7,
        name: "sessions",
        sql: include_str!("migrations/007_sessions.surql"),
    },
    Migration {
        version: 8,
        name: "session_photos",
        sql: include_str!("migrations/008_session_photos.surql"),
    },
    Migration {
        version: 9,
        name: "photo_keys_per_owner",
        sql: include_str!("migrations/009_photo_keys_per_owner.surql"),
    },
    Migration {
        version: 10,
        name: "security",
        sql: include_str!("migrations/010_security.surql"),
    },
    Migration {
        version: 11,
        name: "station_record",
        sql: include_str!("migrations/011_station_record.surql"),
    },
    Migration {
        version: 12,
        name: "contacts_and_scores",
        sql: include_str!("migrations/012_contacts_and_scores.surql"),
    },
    Migration {
        version: 13,
        name: "stats_and_search",
        sql: include_str!("migrations/013_stats_and_search.surql"),
    },
    Migration {
        version: 14,
        name: "stats_tallies",
        sql: include_str!("migrations/014_stats_tallies.surql"),
    },
    Migration {
        version: 15,
        name: "reports",
        sql: include_str!("migrations/015_reports.surql"),
    },
    Migration {
        version: 16,
        name: "proposals",
        sql: include_str!("migrations/016_proposals.surql"),
    },
    Migration {
        version: 17,
        name: "review_holders",
        sql: include_str!("migrations/017_review_holders.surql"),
    },
    Migration {
        version: 18,
        name: "output_tallies",
        sql: include_str!("migrations/018_output_tallies.surql"),
    },
    Migration {
        version: 19,
        name: "report_referrals",
        sql: include_str!("migrations/019_report_referrals.surql"),
    },
    Migration {
        version: 20,
        name: "notifications",
        sql: include_str!("migrations/020_notifications.surql"),
    },
    Migration {
        version: 21,
        name: "reminders",
        sql: include_str!("migrations/021_reminders.surql"),
    },
];

const BOOKKEEPING: &str = "
DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
DEFINE FIELD IF NOT EXISTS version ON migration TYPE int;
DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime;
DEFINE INDEX IF NOT EXISTS migration_version ON migration FIELDS version UNIQUE;
";

/// The versions already applied, in order.
pub async fn applied(db: &Db) -> Result<Vec<i64>, DbError> {
    let mut response = db
        .query("SELECT VALUE version FROM migration ORDER BY version")
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// Applies every migration not yet recorded. Returns the versions applied now.
pub async fn migrate(db: &Db) -> Result<Vec<i64>, DbError> {
    apply(db, MIGRATIONS).await
}

/// Applies those of `migrations` not yet recorded, each in one transaction with its record, so
/// a failed one leaves nothing behind.
pub async fn apply(db: &Db, migrations: &[Migration]) -> Result<Vec<i64>, DbError> {
    db.query(BOOKKEEPING).await?.check()?;
    let done = applied(db).await?;
    let mut now_applied = Vec::new();
    for migration in migrations.iter().filter(|m| !done.contains(&m.version)) {
        let script = format!(
            "BEGIN TRANSACTION;\n{}\nCREATE migration SET version = $version, name = $name, \
             applied_at = time::now();\nCOMMIT TRANSACTION;",
            migration.sql
        );
        db.query(script)
            .bind(("version", migration.version))
            .bind(("name", migration.name))
            .await
            .and_then(|r| r.check())
            .map_err(|source| DbError::Migration {
                version: migration.version,
                name: migration.name,
                source,
            })?;
        // SurrealDB answers a transaction it cancelled (say, by a RETURN) with no error at all.
        if !applied(db).await?.contains(&migration.version) {
            return Err(DbError::MigrationNotKept {
                version: migration.version,
                name: migration.name,
            });
        }
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "migration applied"
        );
        now_applied.push(migration.version);
    }
    Ok(now_applied)
}
