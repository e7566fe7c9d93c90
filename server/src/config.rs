//! Command line and environment: every flag has a `BANDENG_*` variable as fallback.
use app::base::geo::tiles::{TileConfig, TileCrs};
use app::server::db::DbConfig;
use app::server::rate_limit::RateLimit;
use app::server::state::Settings;
use clap::{Args, Parser, Subcommand};
use leptos::config::{Env, LeptosOptions};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "bandeng",
    version,
    about = "板凳 Bandeng: grassroots consultation councils"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(Box<ServeArgs>),
    /// Manage accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
}

#[derive(Subcommand, Debug)]
pub enum AdminCommand {
    /// Create a system admin. The password is prompted for on a terminal, read from standard input otherwise.
    Create(CreateAdminArgs),
}

#[derive(Args, Debug)]
pub struct CreateAdminArgs {
    /// Mainland mobile number the admin signs in with.
    #[arg(long)]
    pub phone: String,
    /// The admin's name, as shown in the audit log.
    #[arg(long)]
    pub name: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Args, Debug)]
pub struct DbArgs {
    /// Database URL: rocksdb://PATH (embedded, on disk), mem:// (in memory), ws://HOST:PORT (a SurrealDB server).
    #[arg(long, env = "BANDENG_DB", default_value = "rocksdb://data/bandeng")]
    pub db: String,
    /// SurrealDB namespace.
    #[arg(long, env = "BANDENG_NS", default_value = "bandeng")]
    pub ns: String,
    /// SurrealDB database.
    #[arg(long, env = "BANDENG_DATABASE", default_value = "main")]
    pub database: String,
    /// Root user on a remote SurrealDB server.
    #[arg(long, env = "BANDENG_DB_USER")]
    pub db_user: Option<String>,
    /// Root password on a remote SurrealDB server.
    #[arg(long, env = "BANDENG_DB_PASS", hide_env_values = true)]
    pub db_pass: Option<String>,
}

impl DbArgs {
    /// The database as configured; `demo` gives the demo data's one long transaction room.
    pub fn config(&self, demo: bool) -> DbConfig {
        DbConfig {
            url: self.db.clone(),
            namespace: self.ns.clone(),
            database: self.database.clone(),
            username: self.db_user.clone(),
            password: self.db_pass.clone(),
            query_timeout: if demo {
                app::server::db::DEMO_QUERY_TIMEOUT
            } else {
                app::server::db::QUERY_TIMEOUT
            },
        }
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on.
    #[arg(long, env = "BANDENG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Absolute base URL that QR codes point to, e.g. https://bandeng.example.cn.
    #[arg(
        long,
        env = "BANDENG_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,
    /// Load demo data into an empty database.
    #[arg(long, env = "BANDENG_DEMO", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false)]
    pub demo: bool,
    /// Folder with the built site (pkg/, assets): where `cargo run -p site` wrote it.
    #[arg(long, env = "BANDENG_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Proxies whose X-Forwarded-For header is believed (comma-separated IPs).
    #[arg(long, env = "BANDENG_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpAddr>,
    /// New concerns one client may send at once.
    #[arg(long, env = "BANDENG_INTAKE_BURST", default_value_t = 10)]
    pub intake_burst: u32,
    /// Seconds until a client may send one more concern.
    #[arg(long, env = "BANDENG_INTAKE_REFILL_SECS", default_value_t = 120)]
    pub intake_refill_secs: u64,
    /// Case lookups one client may make at once.
    #[arg(long, env = "BANDENG_LOOKUP_BURST", default_value_t = 30)]
    pub lookup_burst: u32,
    /// Seconds until a client may make one more lookup.
    #[arg(long, env = "BANDENG_LOOKUP_REFILL_SECS", default_value_t = 2)]
    pub lookup_refill_secs: u64,
    /// Sign-in attempts one client address may make at once (then one per minute).
    #[arg(long, env = "BANDENG_LOGIN_BURST", default_value_t = 20)]
    pub login_burst: u32,
    /// Photo chunks (64 KB each) one client, and one case or session, may send at once.
    #[arg(long, env = "BANDENG_CHUNK_BURST", default_value_t = 80)]
    pub chunk_burst: u32,
    /// Seconds until one more photo chunk may be sent.
    #[arg(long, env = "BANDENG_CHUNK_REFILL_SECS", default_value_t = 10)]
    pub chunk_refill_secs: u64,
    /// Seconds a request may take before it is answered with 504 (live streams excepted).
    #[arg(long, env = "BANDENG_REQUEST_TIMEOUT_SECS", default_value_t = 30)]
    pub request_timeout_secs: u64,
    /// Map tiles: osm, tianditu (with --tiles-key), amap (高德, GCJ-02), none, or a URL template
    /// such as https://tiles.example.cn/{z}/{x}/{y}.png.
    #[arg(long, env = "BANDENG_TILES", default_value = "osm")]
    pub tiles: String,
    /// Key for the tile provider (天地图 browser key).
    #[arg(long, env = "BANDENG_TILES_KEY", hide_env_values = true)]
    pub tiles_key: Option<String>,
    /// Coordinate system of a tile URL template: wgs84 or gcj02.
    #[arg(long, env = "BANDENG_TILES_CRS", value_parser = ["wgs84", "gcj02"])]
    pub tiles_crs: Option<String>,
    /// Attribution shown on the map, as the tile provider's terms require.
    #[arg(long, env = "BANDENG_TILES_ATTRIBUTION")]
    pub tiles_attribution: Option<String>,
    /// Where text messages (residents' one-time codes) go: a file to append to, or `-` for the
    /// console. Without it they wait in the database's sms_outbox for an SMS gateway to send.
    #[arg(long, env = "BANDENG_SMS_LOG", conflicts_with = "sms_gateway_url")]
    pub sms_log: Option<String>,
    /// An SMS provider's HTTP API that texts are sent to (POST, JSON, HMAC-SHA256 signed).
    #[arg(long, env = "BANDENG_SMS_GATEWAY_URL", requires_all = ["sms_gateway_key", "sms_gateway_secret"])]
    pub sms_gateway_url: Option<String>,
    /// The account key the provider gave (sent in `x-sms-key`).
    #[arg(long, env = "BANDENG_SMS_GATEWAY_KEY", hide_env_values = true)]
    pub sms_gateway_key: Option<String>,
    /// The secret requests are signed with (never sent).
    #[arg(long, env = "BANDENG_SMS_GATEWAY_SECRET", hide_env_values = true)]
    pub sms_gateway_secret: Option<String>,
    /// The 短信签名 registered with the provider.
    #[arg(long, env = "BANDENG_SMS_SIGN_NAME", default_value = "板凳")]
    pub sms_sign_name: String,
}

impl ServeArgs {
    /// Where texts go, if anywhere: the provider's API, or a log.
    pub fn sms_gateway(&self) -> Option<app::notify::gateway::Gateway> {
        use app::notify::gateway::{Gateway, HttpGateway};
        if let (Some(url), Some(key), Some(secret)) = (
            &self.sms_gateway_url,
            &self.sms_gateway_key,
            &self.sms_gateway_secret,
        ) {
            return Some(Gateway::Http(HttpGateway::new(
                url.clone(),
                key.clone(),
                secret.clone(),
                self.sms_sign_name.clone(),
            )));
        }
        self.sms_log.as_deref().map(Gateway::log_from_flag)
    }

    pub fn settings(&self) -> Result<Settings, String> {
        let public_url = self.public_url.trim_end_matches('/').to_string();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(format!(
                "--public-url must start with http:// or https://, got {public_url:?}"
            ));
        }
        if [
            self.intake_burst,
            self.lookup_burst,
            self.login_burst,
            self.chunk_burst,
        ]
        .contains(&0)
        {
            return Err(
                "--intake-burst, --lookup-burst, --login-burst and --chunk-burst must be at least 1"
                    .into(),
            );
        }
        if self.request_timeout_secs == 0 {
            return Err("--request-timeout-secs must be at least 1".into());
        }
        let crs = self.tiles_crs.as_deref().map(|c| match c {
            "gcj02" => TileCrs::Gcj02,
            _ => TileCrs::Wgs84,
        });
        let tiles = TileConfig::from_flags(
            &self.tiles,
            self.tiles_key.as_deref(),
            crs,
            self.tiles_attribution.as_deref(),
        )?;
        Ok(Settings {
            tiles,
            public_url: public_url.clone(),
            trusted_proxies: self.trusted_proxy.clone(),
            intake_limit: RateLimit {
                burst: self.intake_burst,
                refill_every: Duration::from_secs(self.intake_refill_secs),
            },
            lookup_limit: RateLimit {
                burst: self.lookup_burst,
                refill_every: Duration::from_secs(self.lookup_refill_secs),
            },
            login_ip_limit: RateLimit {
                burst: self.login_burst,
                refill_every: Duration::from_secs(60),
            },
            refusal_limit: app::server::state::REFUSAL_LIMIT,
            chunk_limit: RateLimit {
                burst: self.chunk_burst,
                refill_every: Duration::from_secs(self.chunk_refill_secs),
            },
            secure_cookies: public_url.starts_with("https://"),
            request_timeout: Duration::from_secs(self.request_timeout_secs),
            live_recheck: app::server::state::LIVE_RECHECK,
            max_flashes: app::server::state::MAX_FLASHES,
            search_window: app::server::state::SEARCH_WINDOW,
        })
    }

    /// Leptos's own settings, from our flags rather than Cargo.toml, so the release binary runs anywhere.
    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("bandeng")
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .env(Env::PROD)
            .build()
    }
}
