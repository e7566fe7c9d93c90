//! What every request handler on the server can reach.
use crate::cases::form_post::Drafts;
use crate::rate_limit::{RateLimit, RateLimiter};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::net::IpAddr;
use std::sync::Arc;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

/// One database handle for the whole process: in SurrealDB 3 a clone opens a new session.
pub type Db = Arc<Surreal<Any>>;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Absolute base URL printed into QR codes, e.g. `https://bandeng.example.cn`.
    pub public_url: String,
    pub trusted_proxies: Vec<IpAddr>,
    pub intake_limit: RateLimit,
    pub lookup_limit: RateLimit,
    /// Sign-in attempts per client address; each account has its own, stricter bucket too.
    pub login_ip_limit: RateLimit,
    /// Mark the session cookie `Secure`: the public URL is https.
    pub secure_cookies: bool,
    /// Where the map's background comes from.
    pub tiles: crate::map::tiles::TileConfig,
}

/// Guesses at one account's password: 5 at once, then one a minute, whatever address they come from.
pub const LOGIN_ACCOUNT_LIMIT: RateLimit = RateLimit {
    burst: 5,
    refill_every: std::time::Duration::from_secs(60),
};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub intake_limiter: Arc<RateLimiter>,
    pub lookup_limiter: Arc<RateLimiter>,
    pub login_ip_limiter: Arc<RateLimiter>,
    pub login_account_limiter: Arc<RateLimiter<String>>,
    pub drafts: Arc<Drafts>,
}

impl AppState {
    pub fn new(db: Db, leptos_options: LeptosOptions, settings: Settings) -> Self {
        AppState {
            db,
            leptos_options,
            intake_limiter: Arc::new(RateLimiter::new(settings.intake_limit)),
            lookup_limiter: Arc::new(RateLimiter::new(settings.lookup_limit)),
            login_ip_limiter: Arc::new(RateLimiter::new(settings.login_ip_limit)),
            login_account_limiter: Arc::new(RateLimiter::new(LOGIN_ACCOUNT_LIMIT)),
            settings: Arc::new(settings),
            drafts: Arc::new(Drafts::default()),
        }
    }

    /// The client's address: the TCP peer, or behind a trusted proxy the hop it forwarded.
    pub fn client_ip(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
        crate::client_ip::client_ip(peer, forwarded, &self.settings.trusted_proxies)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        crate::error::AppError::Internal
    })
}

/// The calling client's address inside a server function.
pub async fn caller_ip(state: &AppState) -> Result<IpAddr, crate::error::AppError> {
    use axum::extract::ConnectInfo;
    use axum::http::HeaderMap;
    use std::net::SocketAddr;
    let ConnectInfo(peer) = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map_err(|_| crate::error::AppError::Internal)?;
    let headers = leptos_axum::extract::<HeaderMap>()
        .await
        .map_err(|_| crate::error::AppError::Internal)?;
    Ok(state.client_ip(peer.ip(), &headers))
}
