//! A form sent without JavaScript and refused comes back with what was typed and why. The server
//! keeps both in the database for half an hour under a random key, and the redirect carries only
//! that key: never the text (it would sit in the browser's history and in proxy logs, and a link
//! with `?error=…` could make a page say whatever its author wanted), and any app server can
//! draw the page. Kept per client at a bounded rate, each value cut to a bounded length.
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Values kept per form, and characters per value: more than any of our forms takes.
pub const MAX_FIELDS: usize = 16;
pub const MAX_VALUE_CHARS: usize = 4000;
/// How long a refused form waits to be shown.
pub const FLASH_MINUTES: i64 = 30;

/// A refused form: which form, what was typed, and the error to show with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// Which form this was (`concern`, `note`, `attendance`, `close`, `rating`): a page shows a
    /// flash only in the form it came from.
    pub form: String,
    pub fields: Vec<(String, String)>,
    pub error: AppError,
}

impl Flash {
    pub fn new(form: &str, fields: &[(&str, &str)], error: AppError) -> Flash {
        Flash {
            form: form.to_string(),
            fields: fields
                .iter()
                .take(MAX_FIELDS)
                .map(|(k, v)| (k.to_string(), v.chars().take(MAX_VALUE_CHARS).collect()))
                .collect(),
            error,
        }
    }

    /// What was typed into `name`, if anything.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The flash if it belongs to `form`.
    pub fn of(flash: Option<Flash>, form: &str) -> Option<Flash> {
        flash.filter(|f| f.form == form)
    }
}

/// A flash key: 32 lowercase hex digits.
pub fn is_key(key: &str) -> bool {
    key.len() == 32 && key.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The refused form a page was sent back with (`?flash=` names its key), loaded with the page.
pub fn sent_back(key: Option<String>) -> Resource<Option<Flash>> {
    Resource::new(
        move || key.clone(),
        |key| async move {
            match key {
                Some(key) => get_flash(key).await.ok().flatten(),
                None => None,
            }
        },
    )
}

/// The refused form behind `?flash=`, for the page that shows it: only to whom it was kept for
/// (the signed-in account, or the resident's browser).
#[server(endpoint = "flash")]
pub async fn get_flash(key: String) -> Result<Option<Flash>, AppError> {
    let actor = crate::auth::authorize(crate::auth::Action::WhoAmI).await?;
    if !is_key(&key) {
        return Ok(None);
    }
    let state = crate::state::app_state()?;
    let headers = leptos_axum::extract::<axum::http::HeaderMap>()
        .await
        .map_err(|_| AppError::Internal)?;
    let reader = server::Keeper::reading(&actor, &headers);
    server::read(&state.db, &key, &reader).await
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::*;
    use crate::client_ip::ClientKey;
    use crate::db::record;
    use crate::state::{AppState, Db};
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
            Keeper::Device(crate::accounts::session::token_hash(token))
        }

        /// Who reads: every keeper this request can speak for.
        pub fn reading(actor: &crate::auth::Actor, headers: &axum::http::HeaderMap) -> Vec<Keeper> {
            let account = actor
                .principal()
                .map(|p| Keeper::Account(p.account.clone()));
            let device = crate::cases::resident::device_token(headers).map(Keeper::device);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cut_and_fields_counted() {
        let long = "字".repeat(MAX_VALUE_CHARS + 10);
        let many: Vec<(String, String)> =
            (0..40).map(|i| (format!("f{i}"), long.clone())).collect();
        let pairs: Vec<(&str, &str)> = many.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let flash = Flash::new("note", &pairs, AppError::RateLimited);
        assert_eq!(flash.fields.len(), MAX_FIELDS);
        assert!(flash
            .fields
            .iter()
            .all(|(_, v)| v.chars().count() == MAX_VALUE_CHARS));
        assert_eq!(
            flash.field("f0").map(|v| v.chars().count()),
            Some(MAX_VALUE_CHARS)
        );
        assert_eq!(flash.field("nope"), None);
        assert!(Flash::of(Some(flash.clone()), "note").is_some());
        assert!(Flash::of(Some(flash), "close").is_none());
    }

    #[test]
    fn keys_are_32_hex_digits() {
        assert!(is_key(&"a1".repeat(16)));
        assert!(!is_key("../../etc"));
        assert!(!is_key(&"A1".repeat(16)));
    }
}
