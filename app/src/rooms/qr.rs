//! The QR code on a room's wall: `/r/{code}/qr.svg`, the room's absolute public URL.
use super::poster::room_url;
use super::RoomCode;
use crate::auth::{authorize_route, Action};
use crate::base::error::AppError;
use crate::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::server::qr::qr_svg;

/// `GET /r/{code}/qr.svg`: 404 for a room that does not exist, so a typo is never printed.
pub async fn get_qr_svg(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(e) = authorize_route(&state.db, &headers, Action::ViewRoom).await {
        return e.into_response();
    }
    let Some(code) = RoomCode::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match super::store::find_public(&state.db, &code).await {
        Ok(Some(_)) => {}
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return AppError::from(e).into_response(),
    }
    let svg = qr_svg(&room_url(&state.settings.public_url, &code));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        svg,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rooms::RoomCode;

    #[test]
    fn qr_codes_hold_the_absolute_room_url() {
        let code = RoomCode("sy-dongfeng".into());
        assert_eq!(
            room_url("https://bandeng.example.cn/", &code),
            "https://bandeng.example.cn/r/sy-dongfeng"
        );
        let svg = qr_svg(&room_url("https://bandeng.example.cn", &code));
        assert!(svg.starts_with("<?xml") && svg.contains("<svg") && svg.contains("<path"));
        // A different URL is a different picture.
        assert_ne!(svg, qr_svg("https://bandeng.example.cn/r/sy-xinjian"));
    }
}
