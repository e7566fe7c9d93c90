//! 站内消息: the notices of one signed-in person, newest first, read or unread. Marking them read
//! is one plain form post (`POST /notices/read`), so it works without scripts too.
use super::{NoticeKind, NoticeLine, Notices};
use crate::base::error::AppError;
use crate::server::db::{record, Db};
use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

/// Notices one page shows: the newest; older ones are kept, not shown.
const SHOWN: i64 = 100;

/// How many of `$account`'s notices are unread.
const UNREAD: &str =
    "RETURN count((SELECT id FROM notice WHERE account = $account AND read_at = NONE));";

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct NoticeRow {
    kind: String,
    text: String,
    link: Option<String>,
    at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// `account`'s newest notices and how many are unread.
pub async fn of_account(db: &Db, account: &str) -> Result<Notices, AppError> {
    let mut response = db
        .query(format!(
            "SELECT kind, text, link, at, read_at FROM notice WHERE account = $account
                ORDER BY at DESC LIMIT $shown; {UNREAD}"
        ))
        .bind(("account", record("account", account)))
        .bind(("shown", SHOWN))
        .await?
        .check()?;
    let rows: Vec<NoticeRow> = response.take(0)?;
    let unread: Option<i64> = response.take(1)?;
    Ok(Notices {
        unread: unread.unwrap_or(0),
        lines: rows
            .into_iter()
            .map(|r| NoticeLine {
                kind: NoticeKind::from_db(&r.kind).map_or(r.kind.clone(), |k| k.label().into()),
                text: r.text,
                link: r.link,
                at: crate::base::clock::format_time(r.at),
                unread: r.read_at.is_none(),
            })
            .collect(),
    })
}

/// How many of `account`'s notices are unread.
pub async fn unread(db: &Db, account: &str) -> Result<i64, AppError> {
    let mut response = db
        .query(UNREAD)
        .bind(("account", record("account", account)))
        .await?
        .check()?;
    let count: Option<i64> = response.take(0)?;
    Ok(count.unwrap_or(0))
}

/// Marks every notice of `account` read. Asking twice changes nothing.
pub async fn mark_read(db: &Db, account: &str) -> Result<(), AppError> {
    db.query("UPDATE notice SET read_at = time::now() WHERE account = $account AND read_at = NONE")
        .bind(("account", record("account", account)))
        .await?
        .check()?;
    Ok(())
}

pub mod handlers {
    use crate::auth::Action;
    use crate::server::state::AppState;
    use axum::extract::State;
    use axum::http::{Extensions, HeaderMap};
    use axum::response::{IntoResponse, Redirect, Response};

    /// `POST /notices/read`: the caller's own notices, and nobody else's, become read.
    pub async fn post_read(
        State(state): State<AppState>,
        headers: HeaderMap,
        extensions: Extensions,
    ) -> Response {
        let result = async {
            let actor = crate::auth::caller::actor_of(&state.db, &headers, &extensions).await?;
            let me = crate::auth::check_signed(actor, &Action::UseOwnAccount)?;
            super::mark_read(&state.db, &me.account).await
        }
        .await;
        match result {
            Ok(()) => Redirect::to("/notices?read=all").into_response(),
            Err(error) => error.into_response(),
        }
    }
}
