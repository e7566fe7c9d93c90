//! Map components. On the server they render an empty frame (hidden without JavaScript); in
//! the browser they load Leaflet and draw. The list beside a map is always the real content.
use super::{LEAFLET_CSS, LEAFLET_JS};
use crate::base::geo::tiles::TileConfig;
use crate::base::geo::LatLng;
use crate::base::text::t;
use leptos::prelude::*;

/// A room as a marker: where, what its popup says, where its link goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Pin {
    /// WGS-84 as stored; shifted for GCJ-02 tiles when drawn.
    pub at: LatLng,
    pub title: String,
    pub lines: Vec<String>,
    pub href: String,
    pub link_text: String,
}

// Only the browser moves past the first state.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapStatus {
    Loading,
    Ready,
    /// Leaflet is drawn, but on a plain background: tiles blocked, offline, or none configured.
    NoTiles,
    Failed,
}

impl MapStatus {
    fn as_attr(self) -> &'static str {
        match self {
            MapStatus::Loading => "loading",
            MapStatus::Ready => "ready",
            MapStatus::NoTiles => "no-tiles",
            MapStatus::Failed => "failed",
        }
    }

    /// What to tell the user; a picker's fallback is typing, a directory's is its list.
    fn message(self, picker: bool) -> &'static str {
        let text = t();
        match (self, picker) {
            (MapStatus::Loading, _) => text.map_loading,
            (MapStatus::Ready, _) => "",
            (MapStatus::NoTiles, false) => text.map_no_tiles,
            (MapStatus::NoTiles, true) => text.map_no_tiles_picker,
            (MapStatus::Failed, false) => text.map_failed,
            (MapStatus::Failed, true) => text.map_failed_picker,
        }
    }
}

/// Once the map's element is in the page: gets the tiles, loads Leaflet, builds the map with
/// `build`, keeps it in `handle` (dropped, and so removed, with the component) and reports the state.
#[cfg(feature = "hydrate")]
fn mount_when_ready<T: 'static>(
    el: NodeRef<leptos::html::Div>,
    status: RwSignal<MapStatus>,
    handle: StoredValue<Option<T>, LocalStorage>,
    tiles: impl std::future::Future<Output = TileConfig> + 'static,
    build: impl FnOnce(&web_sys::HtmlElement, &TileConfig, std::rc::Rc<dyn Fn()>) -> T + 'static,
) {
    let mut pending = Some((tiles, build));
    Effect::new(move |_| {
        let Some(div) = el.get() else { return };
        let Some((tiles, build)) = pending.take() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let tiles = tiles.await;
            if super::leaflet::load().await.is_err() {
                status.set(MapStatus::Failed);
                return;
            }
            let on_tiles_failed = std::rc::Rc::new(move || status.set(MapStatus::NoTiles));
            handle.set_value(Some(build(&div, &tiles, on_tiles_failed)));
            if status.get_untracked() == MapStatus::Loading {
                status.set(MapStatus::Ready);
            }
        });
    });
}

/// The rooms on a map. `me`: the phone's position and the rooms to frame with it.
#[component]
pub fn RoomMapView(
    #[prop(into)] pins: Signal<Vec<Pin>>,
    tiles: TileConfig,
    #[prop(into)] me: Signal<Option<(LatLng, Vec<LatLng>)>>,
) -> impl IntoView {
    let el = NodeRef::<leptos::html::Div>::new();
    let status = RwSignal::new(MapStatus::Loading);
    #[cfg(feature = "hydrate")]
    {
        let handle = StoredValue::new_local(None::<super::leaflet::RoomMap>);
        mount_when_ready(
            el,
            status,
            handle,
            async move { tiles },
            move |div, tiles, on_tiles_failed| {
                let map = super::leaflet::RoomMap::new(div, tiles, on_tiles_failed);
                map.set_pins(pins.get_untracked());
                if let Some((me, near)) = me.get_untracked() {
                    map.show_me(me, &near);
                }
                map
            },
        );
        Effect::new(move |_| {
            let pins = pins.get();
            handle.with_value(|map| {
                if let Some(map) = map {
                    map.set_pins(pins);
                }
            });
        });
        Effect::new(move |_| {
            if let Some((me, near)) = me.get() {
                handle.with_value(|map| {
                    if let Some(map) = map {
                        map.show_me(me, &near);
                    }
                });
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (pins, tiles, me);
    view! {
        <div class="map-wrap js-only">
            <div class="map" node_ref=el data-testid="map" aria-hidden="true"
                data-map-assets=format!("{LEAFLET_CSS} {LEAFLET_JS}")
                data-state=move || status.get().as_attr()></div>
            <p class="map-status muted small" role="status">{move || status.get().message(false)}</p>
        </div>
    }
}

/// A map to set a room's place by tapping; the typed fields follow, and typing moves the marker.
#[component]
pub fn PointPicker(lat: RwSignal<String>, lng: RwSignal<String>) -> impl IntoView {
    let el = NodeRef::<leptos::html::Div>::new();
    let status = RwSignal::new(MapStatus::Loading);
    #[cfg(feature = "hydrate")]
    {
        let typed = move || {
            let lat = lat.get().trim().parse::<f64>().ok()?;
            let lng = lng.get().trim().parse::<f64>().ok()?;
            (lat.is_finite() && lng.is_finite()).then_some(LatLng { lat, lng })
        };
        let handle = StoredValue::new_local(None::<super::leaflet::Picker>);
        let tiles = async {
            super::get_map_tiles().await.unwrap_or_else(|_| {
                TileConfig::from_flags("none", None, None, None).unwrap_or_default()
            })
        };
        mount_when_ready(
            el,
            status,
            handle,
            tiles,
            move |div, tiles, on_tiles_failed| {
                let picker = super::leaflet::Picker::new(div, tiles, on_tiles_failed, move |p| {
                    lat.set(format!("{:.6}", p.lat));
                    lng.set(format!("{:.6}", p.lng));
                });
                if let Some(at) = typed() {
                    picker.show(at, Some(15.0));
                }
                picker
            },
        );
        Effect::new(move |_| {
            if let Some(at) = typed() {
                handle.with_value(|p| {
                    if let Some(p) = p {
                        p.show(at, None);
                    }
                });
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (lat, lng);
    view! {
        <div class="map-wrap picker">
            <p class="hint">{t().map_pick_hint}</p>
            <div class="map map-small" node_ref=el data-testid="picker-map" data-state=move || status.get().as_attr()></div>
            <p class="map-status muted small" role="status">{move || status.get().message(true)}</p>
        </div>
    }
}
