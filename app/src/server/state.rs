//! What every request handler on the server can reach.
use crate::server::client_ip::ClientKey;
use crate::server::rate_limit::{RateLimit, RateLimiter};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::server::db::Db;

#[derive(Debug, Clone)]
pub struct Settings {
    /// Absolute base URL printed into QR codes, e.g. `https://bandeng.example.cn`.
    pub public_url: String,
    pub trusted_proxies: Vec<IpAddr>,
    pub intake_limit: RateLimit,
    pub lookup_limit: RateLimit,
    /// Sign-in attempts per client address; each account has its own, stricter bucket too.
    pub login_ip_limit: RateLimit,
    /// Photo chunks per client, and per case or session they are sent for.
    pub chunk_limit: RateLimit,
    /// Refused forms sent without JavaScript, per client, before their text is kept for the page
    /// (`REFUSAL_LIMIT`).
    pub refusal_limit: RateLimit,
    /// Mark the session cookie `Secure`: the public URL is https.
    pub secure_cookies: bool,
    /// Where the map's background comes from.
    pub tiles: crate::base::geo::tiles::TileConfig,
    /// A request that has not been answered in this time gets 504 (live streams excepted).
    pub request_timeout: Duration,
    /// How often an open live stream asks again whether its listener may still listen.
    pub live_recheck: Duration,
    /// Refused no-JS forms kept at once, from everyone together (`MAX_FLASHES`).
    pub max_flashes: usize,
    /// A search reads this many of the scope's newest cases before it turns to the full-text
    /// indexes (`SEARCH_WINDOW`).
    pub search_window: i64,
}

/// Refused forms kept at once from all clients together: many addresses each under their own
/// limit still cannot fill the database (at most this many times 64 KB, for half an hour).
pub const MAX_FLASHES: usize = 2000;

/// The newest cases a search reads first: about 140 ms for a district on this machine, and all
/// of one council's cases for three years (see `search_store::search`).
pub const SEARCH_WINDOW: i64 = 5000;

/// Signed out, disabled or gone from the council: a live stream ends within this time.
pub const LIVE_RECHECK: Duration = Duration::from_secs(20);

/// Wrong passwords for one account from one client: 5 at once, then one a minute. Keyed by both,
/// so a stranger guessing from elsewhere never locks the owner out.
pub const LOGIN_ACCOUNT_LIMIT: RateLimit = RateLimit {
    burst: 5,
    refill_every: Duration::from_secs(60),
};

/// Wrong passwords for one account from everywhere but the browsers that signed in to it
/// before: guesses spread over many addresses stay a few thousand a day.
pub const LOGIN_ACCOUNT_CEILING: RateLimit = RateLimit {
    burst: 50,
    refill_every: Duration::from_secs(20),
};

/// Refused forms sent without JavaScript, per client, before their text is kept for the page.
pub const REFUSAL_LIMIT: RateLimit = RateLimit {
    burst: 20,
    refill_every: Duration::from_secs(30),
};

/// The bucket of one account's sign-in attempts from one client.
pub type LoginKey = (String, ClientKey);

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub intake_limiter: Arc<RateLimiter>,
    pub lookup_limiter: Arc<RateLimiter>,
    pub login_ip_limiter: Arc<RateLimiter>,
    pub login_account_limiter: Arc<RateLimiter<LoginKey>>,
    /// Keyed by the login name alone (`LOGIN_ACCOUNT_CEILING`).
    pub login_account_ceiling: Arc<RateLimiter<String>>,
    pub refusal_limiter: Arc<RateLimiter>,
    pub chunk_client_limiter: Arc<RateLimiter>,
    /// Keyed by the owner's record key (`case:…`, `council_session:…`).
    pub chunk_owner_limiter: Arc<RateLimiter<String>>,
    /// Becomes true when the server is shutting down: live streams end, so it can.
    pub closing: Arc<tokio::sync::watch::Sender<bool>>,
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
            login_account_ceiling: Arc::new(RateLimiter::new(LOGIN_ACCOUNT_CEILING)),
            refusal_limiter: Arc::new(RateLimiter::new(settings.refusal_limit)),
            chunk_client_limiter: Arc::new(RateLimiter::new(settings.chunk_limit)),
            chunk_owner_limiter: Arc::new(RateLimiter::new(settings.chunk_limit)),
            closing: Arc::new(tokio::sync::watch::Sender::new(false)),
            settings: Arc::new(settings),
        }
    }

    /// The client's address: the TCP peer, or behind a trusted proxy the hop it forwarded.
    pub fn client_ip(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> IpAddr {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>();
        crate::server::client_ip::client_ip(
            peer,
            forwarded.into_iter(),
            &self.settings.trusted_proxies,
        )
    }

    /// The client for rate limits.
    pub fn client(&self, peer: IpAddr, headers: &axum::http::HeaderMap) -> ClientKey {
        ClientKey::of(self.client_ip(peer, headers))
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The state inside a server function or a page rendered on the server.
pub fn app_state() -> Result<AppState, crate::base::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        crate::base::error::AppError::Internal
    })
}

/// The calling client inside a server function, for rate limits.
pub async fn caller(state: &AppState) -> Result<ClientKey, crate::base::error::AppError> {
    use axum::extract::ConnectInfo;
    use axum::http::HeaderMap;
    use std::net::SocketAddr;
    let ConnectInfo(peer) = leptos_axum::extract::<ConnectInfo<SocketAddr>>()
        .await
        .map_err(|_| crate::base::error::AppError::Internal)?;
    let headers = leptos_axum::extract::<HeaderMap>()
        .await
        .map_err(|_| crate::base::error::AppError::Internal)?;
    Ok(state.client(peer.ip(), &headers))
}
