//! The map of rooms: tile configuration, GCJ-02 shifting, distances and marker clustering in
//! plain Rust; Leaflet (loaded only by pages with a map) draws them in the browser.
pub mod gcj02;
pub mod geo;
#[cfg(feature = "hydrate")]
pub(crate) mod leaflet;
pub mod tiles;
pub mod view;

use serde::{Deserialize, Serialize};

/// A point in WGS-84 degrees, as stored. Shifted only for drawing on GCJ-02 tiles.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

/// Where Leaflet's files are served from (copied from npm into `public/` by `ensure-tools.sh`).
pub const LEAFLET_JS: &str = "/vendor/leaflet/leaflet.js";
pub const LEAFLET_CSS: &str = "/vendor/leaflet/leaflet.css";
