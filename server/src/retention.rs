//! What is kept only for a while, and deleted after: text messages (they hold phone numbers and
//! codes), phone checks, ended sign-in sessions, refused forms, photo uploads never finished.
//! Swept hourly by the server, and on start.
use app::base::error::AppError;
use app::server::db::Db;
use std::time::Duration;

/// Sent text messages are kept a week (to answer "did it go?"), unsent ones two days.
pub const SMS_SENT_DAYS: i64 = 7;
pub const SMS_UNSENT_DAYS: i64 = 2;
/// A phone check lives ten minutes (thirty once passed); the hourly limit per number looks back
/// an hour. A day covers both.
pub const PHONE_CHECK_HOURS: i64 = 24;
pub const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// How much one sweep deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Swept {
    pub sms: usize,
    pub phone_checks: usize,
    pub sessions: usize,
    pub flashes: usize,
    pub chunks: usize,
}

async fn delete_counted(db: &Db, table_query: &str, days: Option<i64>) -> Result<usize, AppError> {
    let script = format!(
        "LET $gone = count((SELECT id FROM {table_query}));
         DELETE {table_query};
         RETURN $gone;"
    );
    let mut response = db
        .query(script)
        .bind(("days", days.unwrap_or(0)))
        .bind(("sms_unsent_days", SMS_UNSENT_DAYS))
        .bind(("check_hours", PHONE_CHECK_HOURS))
        .await?
        .check()?;
    Ok(response.take::<Option<i64>>(2)?.unwrap_or(0) as usize)
}

/// Deletes everything past its time, once.
pub async fn sweep(db: &Db) -> Result<Swept, AppError> {
    // The table and condition are ours, never a client's: formatting them in is safe.
    let sms = delete_counted(
        db,
        "sms_outbox WHERE (sent_at != NONE AND sent_at < time::now() - duration::from_days($days))
             OR (sent_at = NONE AND at < time::now() - duration::from_days($sms_unsent_days))",
        Some(SMS_SENT_DAYS),
    )
    .await?;
    let phone_checks = delete_counted(
        db,
        "phone_check WHERE created_at < time::now() - duration::from_hours($check_hours)",
        None,
    )
    .await?;
    let sessions = delete_counted(db, "session WHERE expires_at < time::now()", None).await?;
    let flashes = app::server::flash::purge(db).await?;
    let chunks =
        app::attachments::store::purge_unfinished(db, app::attachments::store::UNFINISHED_HOURS)
            .await?;
    Ok(Swept {
        sms,
        phone_checks,
        sessions,
        flashes,
        chunks,
    })
}

/// Sweeps now and then every hour, for as long as the server runs.
pub fn spawn_sweeper(db: Db) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        loop {
            every.tick().await;
            match sweep(&db).await {
                Ok(swept) if swept != Swept::default() => tracing::info!(?swept, "swept"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "sweep failed"),
            }
        }
    });
}
