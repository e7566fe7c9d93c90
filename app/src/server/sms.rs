//! Text messages leave through an outbox: whoever writes one (the phone check) only inserts a row in
//! `sms_outbox`, in the same transaction as what it belongs to; a delivery task hands pending rows
//! to the configured sender and marks them sent. A deployment with an SMS gateway plugs it in here;
//! `--sms-log` writes them to a file (or the console) for demos and tests.
use crate::base::error::AppError;
use crate::server::db::Db;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use surrealdb::types::{RecordId, SurrealValue};

/// Where texts go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsSink {
    /// Appended to this file, one `phone<TAB>text` line each.
    File(PathBuf),
    /// Printed on the server's console.
    Stdout,
}

impl SmsSink {
    /// `-` is the console; anything else a file path.
    pub fn from_flag(flag: &str) -> SmsSink {
        if flag == "-" {
            SmsSink::Stdout
        } else {
            SmsSink::File(PathBuf::from(flag))
        }
    }

    fn send(&self, phone: &str, text: &str) -> std::io::Result<()> {
        let line = format!("{phone}\t{}\n", text.replace(['\n', '\t'], " "));
        match self {
            SmsSink::Stdout => std::io::stdout().write_all(line.as_bytes()),
            SmsSink::File(path) => std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)?
                .write_all(line.as_bytes()),
        }
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct PendingRow {
    id: RecordId,
    phone: String,
    text: String,
}

/// Sends what waits, oldest first; a text that cannot be sent stays pending for the next round.
pub async fn deliver_pending(db: &Db, sink: &SmsSink) -> Result<usize, AppError> {
    let mut response = db
        .query(
            "SELECT id, phone, text, at FROM sms_outbox WHERE sent_at = NONE ORDER BY at LIMIT 50",
        )
        .await?
        .check()?;
    let pending: Vec<PendingRow> = response.take(0)?;
    let mut sent = 0;
    for row in pending {
        if let Err(e) = sink.send(&row.phone, &row.text) {
            tracing::error!(%e, "text message not delivered; will retry");
            break;
        }
        db.query("UPDATE $id SET sent_at = time::now()")
            .bind(("id", row.id))
            .await?
            .check()?;
        sent += 1;
    }
    Ok(sent)
}

/// Delivers pending texts every second, for as long as the server runs.
pub fn spawn_delivery(db: Db, sink: SmsSink) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        loop {
            tick.tick().await;
            if let Err(e) = deliver_pending(&db, &sink).await {
                tracing::warn!(?e, "text message delivery failed; will retry");
            }
        }
    });
}
