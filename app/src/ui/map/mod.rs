//! The map of rooms in the browser: Leaflet (loaded only by pages with a map) draws the points
//! that `base::geo` places, clusters and shifts in plain Rust.
#[cfg(feature = "hydrate")]
pub(crate) mod leaflet;
pub mod view;

/// Where Leaflet's files are served from (copied from npm into `public/` by `ensure-tools.sh`).
pub const LEAFLET_JS: &str = "/vendor/leaflet/leaflet.js";
pub const LEAFLET_CSS: &str = "/vendor/leaflet/leaflet.css";

use crate::base::error::AppError;
use crate::base::geo::tiles::TileConfig;
use leptos::prelude::*;

/// The configured map tiles, for screens that pick a point.
#[server(endpoint = "map_tiles")]
pub async fn get_map_tiles() -> Result<TileConfig, AppError> {
    crate::auth::authorize(crate::auth::Action::ViewRoom).await?;
    Ok(crate::server::state::app_state()?.settings.tiles.clone())
}
