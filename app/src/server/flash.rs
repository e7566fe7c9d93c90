//! Where refused forms wait to be shown again: the database, for half an hour, for whom sent
//! them (`base::flash` says what one holds).
use crate::base::error::AppError;
use crate::base::flash::{Flash, FLASH_MINUTES};
use crate::server::client_ip::ClientKey;
use crate::server::db::record;
use crate::server::db::Db;
use crate::server::state::AppState;
use surrealdb::types::SurrealValue;

/// Whom a flash is kept for: what typed text may come back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeper {
    Account(String),
    /// A resident's browser, by the hash of its token.
    Device(String),
}

impl Keeper {
    fn code(&self) -> String {
        match self {
            Keeper::Account(key) => format!("account:{key}"),
            Keeper::Device(hash) => format!("device:{hash}"),
        }
    }

    /// The resident's browser, by its token.
    pub fn device(token: &str) -> Keeper {
        Keeper::Device(crate::server::browser::token_hash(token))
    }

    /// Who reads: every keeper this request can speak for (the signed-in `account`, if any).
    pub fn reading(account: Option<&str>, headers: &axum::http::HeaderMap) -> Vec<Keeper> {
        let account = account.map(|a| Keeper::Account(a.to_string()));
        let device = crate::server::browser::device_token(headers).map(Keeper::device);
        account.into_iter().chain(device).collect()
    }
}

/// Keeps a refused form for `keeper` and returns its key, or `RateLimited` when this client
/// has sent too many refused forms lately: nothing is stored then.
pub async fn keep(
    state: &AppState,
    client: ClientKey,
    keeper: &Keeper,
    flash: &Flash,
) -> Result<String, AppError> {
    if !state.refusal_limiter.allow(client) {
        return Err(AppError::RateLimited);
    }
    // All clients together: counted up to the cap by the expiry index, never the whole table.
    let mut live = state
        .db
        .query("RETURN array::len(SELECT VALUE id FROM flash WHERE expires_at > time::now() LIMIT $cap)")
        .bind(("cap", state.settings.max_flashes))
        .await?
        .check()?;
    if live.take::<Option<usize>>(0)?.unwrap_or(0) >= state.settings.max_flashes {
        return Err(AppError::RateLimited);
    }
    let key = uuid::Uuid::new_v4().simple().to_string();
    let payload = serde_json::to_string(flash).map_err(|_| AppError::Internal)?;
    state
        .db
        .query(
            "CREATE $id SET payload = $payload, keeper = $keeper,
                 expires_at = time::now() + duration::from_mins($minutes)",
        )
        .bind(("id", record("flash", &key)))
        .bind(("payload", payload))
        .bind(("keeper", keeper.code()))
        .bind(("minutes", FLASH_MINUTES))
        .await?
        .check()?;
    Ok(key)
}

#[derive(SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Row {
    payload: String,
    keeper: String,
}

/// The flash under `key` if it has not expired and was kept for one of `readers`.
pub async fn read(db: &Db, key: &str, readers: &[Keeper]) -> Result<Option<Flash>, AppError> {
    let mut response = db
        .query("SELECT payload, keeper FROM ONLY $id WHERE expires_at > time::now()")
        .bind(("id", record("flash", key)))
        .await?
        .check()?;
    let Some(row) = response.take::<Option<Row>>(0)? else {
        return Ok(None);
    };
    if !readers.iter().any(|r| r.code() == row.keeper) {
        return Ok(None);
    }
    Ok(serde_json::from_str(&row.payload).ok())
}

/// Deletes flashes past their time. Returns how many went.
pub async fn purge(db: &Db) -> Result<usize, AppError> {
    let mut response = db
        .query(
            "LET $gone = count((SELECT id FROM flash WHERE expires_at <= time::now()));
             DELETE flash WHERE expires_at <= time::now();
             RETURN $gone;",
        )
        .await?
        .check()?;
    Ok(response.take::<Option<i64>>(2)?.unwrap_or(0) as usize)
}
