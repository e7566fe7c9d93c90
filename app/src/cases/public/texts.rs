//! 短信通知 on the case page: the resident who raised a case with a phone number sees that
//! texts come, and can stop them with one plain form post (`POST /c/{code}/texts/stop`).
use crate::base::text::t;
use leptos::prelude::*;

/// Shown only to the resident, and only when they left a number: `texts` is whether texts
/// still come.
#[component]
pub fn TextsCard(code: String, texts: bool) -> impl IntoView {
    let text = t();
    let stopped_now = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("texts")
        .is_some_and(|v| v == "stopped");
    view! {
        <section class="card small" id="texts" data-testid="texts">
            <h2>{text.texts_title}</h2>
            {if texts {
                view! {
                    <p>{text.texts_on}</p>
                    <form method="post" action=format!("/c/{code}/texts/stop")>
                        <button type="submit" class="button" data-testid="stop-texts">{text.texts_stop}</button>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="notice" class:notice-ok=stopped_now role="status" data-testid="texts-stopped">{text.texts_stopped}</p>
                }.into_any()
            }}
        </section>
    }
}

/// `POST /c/{code}/texts/stop`: only the browser that raised the case, or a phone checked at
/// `/c/find` for its number, may stop its texts (403 for anyone else holding the code).
#[cfg(feature = "ssr")]
pub mod handlers {
    use crate::base::error::AppError;
    use crate::server::state::AppState;
    use axum::extract::{ConnectInfo, Path, State};
    use axum::http::HeaderMap;
    use axum::response::{IntoResponse, Redirect, Response};
    use std::net::SocketAddr;

    pub async fn post_stop(
        State(state): State<AppState>,
        ConnectInfo(peer): ConnectInfo<SocketAddr>,
        Path(code): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        let client = state.client(peer.ip(), &headers);
        let result = async {
            let code =
                crate::cases::public::resident::own_case(&state, client, &headers, &code).await?;
            // A case raised without a number has no texts to stop.
            if !crate::notify::outbox::stop_for_case(&state.db, &code.0).await? {
                return Err(AppError::NotFound);
            }
            Ok(code)
        }
        .await;
        match result {
            Ok(code) => Redirect::to(&format!("/c/{code}?texts=stopped#texts")).into_response(),
            Err(error) => error.into_response(),
        }
    }
}
