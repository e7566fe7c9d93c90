//! The Content-Security-Policy of every page: scripts only from this site, and inline ones only
//! with this response's nonce (Leptos puts it on the scripts it writes). A name or a note that
//! slipped past validation as markup still cannot run.
use crate::base::geo::tiles::TileConfig;

/// The origins map tiles come from, as CSP sources: `https://t{s}.tianditu.gov.cn/…` becomes
/// `https://*.tianditu.gov.cn`.
fn tile_sources(tiles: &TileConfig) -> Vec<String> {
    let mut sources: Vec<String> = tiles
        .layers
        .iter()
        .filter_map(|layer| {
            let (scheme, rest) = layer.url.split_once("://")?;
            let host = rest.split(['/', '?']).next()?;
            let host = match host.split_once('.') {
                Some((first, others)) if first.contains('{') => format!("*.{others}"),
                _ => host.to_string(),
            };
            Some(format!("{scheme}://{host}"))
        })
        .collect();
    sources.sort();
    sources.dedup();
    sources
}

/// The policy for a page whose inline scripts carry `nonce`.
pub fn policy(nonce: &str, tiles: &TileConfig) -> String {
    let images = tile_sources(tiles).join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: {images}; \
         connect-src 'self'; font-src 'self'; worker-src 'self'; manifest-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the policy on the page being rendered, with the nonce Leptos made for it.
pub fn set_for_page() {
    use leptos::prelude::use_context;
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let (Some(options), Some(state)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        use_context::<crate::server::state::AppState>(),
    ) else {
        return;
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy(&nonce, &state.settings.tiles)) {
        options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_are_allowed_as_images_by_origin() {
        let osm = TileConfig::from_flags("osm", None, None, None).unwrap();
        assert_eq!(tile_sources(&osm), vec!["https://tile.openstreetmap.org"]);
        let tdt = TileConfig::from_flags("tianditu", Some("k"), None, None).unwrap();
        assert_eq!(tile_sources(&tdt), vec!["https://*.tianditu.gov.cn"]);
        let none = TileConfig::from_flags("none", None, None, None).unwrap();
        assert!(tile_sources(&none).is_empty());
    }

    #[test]
    fn scripts_need_the_nonce_and_nothing_is_framed() {
        let p = policy("abc", &TileConfig::default());
        assert!(p.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-eval'") || p.contains("wasm-unsafe-eval"));
        assert!(p.contains("frame-ancestors 'none'") && p.contains("object-src 'none'"));
    }
}
