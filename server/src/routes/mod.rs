//! The HTTP routes: Leptos pages and server functions, plus what is not a page.
pub mod guard;
mod health;

use app::server::state::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// The intake form is a few KB at most; anything much larger is not a resident typing.
const FORM_BODY_LIMIT: usize = 64 * 1024;
/// One chunk of a photo, and a little room.
const PHOTO_CHUNK_LIMIT: usize = app::attachments::CHUNK_BYTES + 1024;
/// Any request at all, server functions included (they read their whole body): the largest is a
/// members sheet of 1 MB, sent as base64 inside JSON.
const ANY_BODY_LIMIT: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route(
            "/r/{code}/concern",
            post(app::cases::intake::handlers::post_concern)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/login",
            post(app::accounts::login::post_login).layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route("/logout", post(app::accounts::login::post_logout))
        .route("/r/{code}/qr.svg", get(app::rooms::qr::get_qr_svg))
        .route(
            "/c/find/send",
            post(app::cases::lookup::handlers::post_send)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/c/find/verify",
            post(app::cases::lookup::handlers::post_verify)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/c/find/forget",
            post(app::cases::lookup::handlers::post_forget),
        )
        .route(
            "/c/{code}/photos/{upload}",
            get(app::cases::intake::photos::get_status),
        )
        .route(
            "/c/{code}/photos/{upload}/{index}",
            axum::routing::put(app::cases::intake::photos::put_chunk)
                .layer(DefaultBodyLimit::max(PHOTO_CHUNK_LIMIT)),
        )
        .route("/photos/{id}", get(app::attachments::handlers::get_photo))
        .route(
            "/c/{code}/texts/stop",
            post(app::cases::public::texts::handlers::post_stop)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/notices/read",
            post(app::notify::notices::handlers::post_read),
        )
        .route(
            "/c/{code}/rate",
            post(app::cases::public::rating::handlers::post_rating)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/s/{key}/notes",
            post(app::sessions::form_post::post_note).layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/s/{key}/attendance",
            post(app::sessions::form_post::post_attendance)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route(
            "/s/{key}/close",
            post(app::sessions::form_post::post_close)
                .layer(DefaultBodyLimit::max(FORM_BODY_LIMIT)),
        )
        .route("/s/{key}/events", get(crate::live::events))
        .route(
            "/s/{key}/photos/{upload}",
            get(app::sessions::photos::get_session_status),
        )
        .route(
            "/s/{key}/photos/{upload}/{index}",
            axum::routing::put(app::sessions::photos::put_session_chunk)
                .layer(DefaultBodyLimit::max(PHOTO_CHUNK_LIMIT)),
        )
        .route(
            "/activities/{key}/photos/{upload}",
            get(app::activities::photos::get_activity_status),
        )
        .route(
            "/activities/{key}/photos/{upload}/{index}",
            axum::routing::put(app::activities::photos::put_activity_chunk)
                .layer(DefaultBodyLimit::max(PHOTO_CHUNK_LIMIT)),
        )
        .route(
            "/admin/councils/{key}/cases/{code}/lists.xlsx",
            get(app::cases::lists::export::get_lists_xlsx),
        )
        .route(
            "/stats/export.xlsx",
            get(app::stats::handlers::get_stats_xlsx),
        )
        .route(
            "/stats/records.xlsx",
            get(app::stats::handlers::get_records_xlsx),
        )
        .route("/search.xlsx", get(app::stats::handlers::get_search_xlsx))
        .route(
            "/reports.xlsx",
            get(app::reports::handlers::get_reports_xlsx),
        )
        .route(
            "/proposals.xlsx",
            get(app::proposals::handlers::get_proposals_xlsx),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            ANY_BODY_LIMIT,
        ))
        .layer(axum::middleware::from_fn(
            app::base::error::server_fn_status,
        ))
        .layer(axum::Extension(std::sync::Arc::new(crate::live::Hub::new(
            state.db.clone(),
        ))))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            app::accounts::login::require_sign_in,
        ))
        .layer(axum::middleware::from_fn(
            app::auth::caller::remember_caller,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::refuse_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::time_limit,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::transport_security,
        ))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Tracking codes sit in URLs: never hand them to another site.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(state)
}
