//! The `bandeng` binary: configuration, database, and the HTTP server.
#![recursion_limit = "256"]

use app::server::db::{self, demo::DemoOutcome};
use app::server::state::AppState;
use clap::Parser;
use server::config::{AdminCommand, Cli, Command, ServeArgs};
use server::{admin_cli, routes};
use std::net::SocketAddr;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Rendering pages nests deeply in unoptimised builds; 8 MiB per thread leaves room.
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(8 * 1024 * 1024)
        .build()
    {
        Ok(runtime) => runtime.block_on(run()),
        Err(err) => {
            eprintln!("bandeng: cannot start the runtime: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,surrealdb=warn,surrealdb_core=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Serve(args)) => serve(*args).await,
        Some(Command::Admin(AdminCommand::Create(args))) => admin_cli::create(args).await,
        None => serve(cli.serve).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bandeng: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ServeArgs) -> Result<(), String> {
    let settings = args.settings()?;
    let leptos_options = args.leptos_options();
    let db = db::connect(&args.db.config(args.demo))
        .await
        .map_err(|e| e.to_string())?;
    if args.demo {
        match db::demo::load_if_empty(&db)
            .await
            .map_err(|e| e.to_string())?
        {
            DemoOutcome::Loaded => tracing::info!("demo data loaded"),
            DemoOutcome::SkippedNotEmpty => {
                tracing::info!("database has data: demo data not loaded")
            }
        }
    }
    let sender = match args.sms_gateway() {
        Some(gateway) => {
            app::notify::sender::Sender::new(db.clone(), gateway, &settings.public_url)
        }
        None => {
            tracing::info!("no --sms-gateway-url or --sms-log: text messages wait in sms_outbox");
            app::notify::sender::Sender::planner_only(db.clone())
        }
    };
    // Reminders and notices in the app are planned either way.
    app::reminders::spawn(sender);
    server::retention::spawn_sweeper(db.clone());
    let state = AppState::new(db.clone(), leptos_options, settings);
    let closing = state.closing.clone();
    let router = routes::router(state);
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    tracing::info!("listening on http://{}", args.addr);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: ending live streams");
        // Open live-note streams end now; requests under way get a few seconds to finish.
        closing.send_replace(true);
        tokio::spawn(async {
            tokio::time::sleep(SHUTDOWN_GRACE).await;
            tracing::warn!("requests still open after {SHUTDOWN_GRACE:?}: stopping anyway");
            std::process::exit(0);
        });
    })
    .await
    .map_err(|e| format!("server error: {e}"))?;
    tracing::info!("shut down");
    drop(db);
    Ok(())
}

/// How long a shutdown waits for requests under way.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
