//! Leaflet driven from Rust. Its files load on demand, only on pages that show a map.
use super::view::Pin;
use super::{LEAFLET_CSS, LEAFLET_JS};
use crate::base::geo::tiles::{TileConfig, TileCrs};
use crate::base::geo::{bounds, cluster, gcj02, Cluster, LatLng};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

#[wasm_bindgen]
extern "C" {
    type Map;
    #[wasm_bindgen(js_namespace = L, js_name = map)]
    fn new_map(el: &HtmlElement, options: &JsValue) -> Map;
    #[wasm_bindgen(method, js_name = setView)]
    fn set_view(this: &Map, center: &JsValue, zoom: f64) -> Map;
    #[wasm_bindgen(method, js_name = fitBounds)]
    fn fit_bounds(this: &Map, bounds: &JsValue, options: &JsValue) -> Map;
    #[wasm_bindgen(method, js_name = getZoom)]
    fn get_zoom(this: &Map) -> f64;
    #[wasm_bindgen(method, js_name = on)]
    fn on_map(this: &Map, event: &str, f: &Function) -> Map;
    #[wasm_bindgen(method, js_name = remove)]
    fn remove_map(this: &Map) -> Map;
    #[wasm_bindgen(method, js_name = getBounds)]
    fn get_bounds(this: &Map) -> Bounds;

    #[wasm_bindgen(method, getter, js_name = attributionControl)]
    fn attribution_control(this: &Map) -> Option<Attribution>;

    type Attribution;
    #[wasm_bindgen(method, js_name = setPrefix)]
    fn set_prefix(this: &Attribution, prefix: &str) -> Attribution;

    type Bounds;
    #[wasm_bindgen(method)]
    fn contains(this: &Bounds, at: &JsValue) -> bool;

    type Layer;
    #[wasm_bindgen(js_namespace = L, js_name = tileLayer)]
    fn tile_layer(url: &str, options: &JsValue) -> Layer;
    #[wasm_bindgen(js_namespace = L, js_name = featureGroup)]
    fn feature_group() -> Layer;
    #[wasm_bindgen(js_namespace = L, js_name = marker)]
    fn marker(at: &JsValue, options: &JsValue) -> Layer;
    #[wasm_bindgen(js_namespace = L, js_name = circleMarker)]
    fn circle_marker(at: &JsValue, options: &JsValue) -> Layer;
    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    fn div_icon(options: &JsValue) -> JsValue;
    #[wasm_bindgen(method, js_name = addTo)]
    fn add_to(this: &Layer, map: &Map) -> Layer;
    #[wasm_bindgen(method, js_name = addLayer)]
    fn add_layer(this: &Layer, layer: &Layer) -> Layer;
    #[wasm_bindgen(method, js_name = clearLayers)]
    fn clear_layers(this: &Layer) -> Layer;
    #[wasm_bindgen(method, js_name = bindPopup)]
    fn bind_popup(this: &Layer, content: &HtmlElement) -> Layer;
    #[wasm_bindgen(method, js_name = setLatLng)]
    fn set_lat_lng(this: &Layer, at: &JsValue) -> Layer;
    #[wasm_bindgen(method, js_name = on)]
    fn on_layer(this: &Layer, event: &str, f: &Function) -> Layer;
}

/// Adds Leaflet's stylesheet and script to the page once, and waits until both have loaded.
pub async fn load() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    if Reflect::get(&window, &"L".into())?.is_object() {
        return Ok(());
    }
    let document = window.document().ok_or("no document")?;
    let head = document.head().ok_or("no head")?;
    let mut waits = Vec::new();
    if document.query_selector("link[data-leaflet]")?.is_none() {
        let link: web_sys::HtmlLinkElement = document.create_element("link")?.dyn_into()?;
        link.set_rel("stylesheet");
        link.set_href(LEAFLET_CSS);
        link.set_attribute("data-leaflet", "")?;
        waits.push(loaded(&link));
        head.append_child(&link)?;
    }
    match document.query_selector("script[data-leaflet]")? {
        Some(script) => waits.push(loaded(&script)),
        None => {
            let script: web_sys::HtmlScriptElement =
                document.create_element("script")?.dyn_into()?;
            script.set_src(LEAFLET_JS);
            script.set_attribute("data-leaflet", "")?;
            waits.push(loaded(&script));
            head.append_child(&script)?;
        }
    }
    for wait in waits {
        wait.await?;
    }
    Ok(())
}

fn loaded(target: &web_sys::EventTarget) -> JsFuture {
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = target.add_event_listener_with_callback("load", &resolve);
        let _ = target.add_event_listener_with_callback("error", &reject);
    });
    JsFuture::from(promise)
}

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&o, &(*key).into(), value);
    }
    o.into()
}

fn point(p: LatLng) -> JsValue {
    Array::of2(&p.lat.into(), &p.lng.into()).into()
}

fn pair(a: f64, b: f64) -> JsValue {
    Array::of2(&a.into(), &b.into()).into()
}

fn event_point(event: &JsValue) -> Option<LatLng> {
    let ll = Reflect::get(event, &"latlng".into()).ok()?;
    Some(LatLng {
        lat: Reflect::get(&ll, &"lat".into()).ok()?.as_f64()?,
        lng: Reflect::get(&ll, &"lng".into()).ok()?.as_f64()?,
    })
}

/// Stored WGS-84 → where it is drawn on these tiles.
fn to_screen(crs: TileCrs, p: LatLng) -> LatLng {
    match crs {
        TileCrs::Wgs84 => p,
        TileCrs::Gcj02 => gcj02::from_wgs84(p),
    }
}

/// A tap on these tiles → the WGS-84 point we store.
fn from_screen(crs: TileCrs, p: LatLng) -> LatLng {
    match crs {
        TileCrs::Wgs84 => p,
        TileCrs::Gcj02 => gcj02::to_wgs84(p),
    }
}

type Listener = Closure<dyn FnMut(JsValue)>;

/// A map with its tiles on an element; `on_tiles_failed` runs once if tiles do not arrive.
fn base_map(
    el: &HtmlElement,
    tiles: &TileConfig,
    on_tiles_failed: Rc<dyn Fn()>,
) -> (Map, Vec<Listener>) {
    let map = new_map(
        el,
        &options(&[
            ("maxZoom", tiles.max_zoom.into()),
            ("attributionControl", (!tiles.attribution.is_empty()).into()),
            ("keyboard", false.into()),
        ]),
    );
    // Leaflet's default prefix carries a flag; a council's map credits the library in words.
    if let Some(control) = map.attribution_control() {
        control.set_prefix("Leaflet");
    }
    // Middle of China until the pins say otherwise.
    map.set_view(&pair(35.0, 105.0), 4.0);
    let mut listeners = Vec::new();
    if tiles.layers.is_empty() {
        on_tiles_failed();
    }
    let reported = Rc::new(RefCell::new(false));
    for layer in &tiles.layers {
        let tile = tile_layer(
            &layer.url,
            &options(&[
                ("subdomains", layer.subdomains.as_str().into()),
                ("maxZoom", tiles.max_zoom.into()),
                ("attribution", tiles.attribution.as_str().into()),
            ]),
        );
        let reported = reported.clone();
        let failed = on_tiles_failed.clone();
        let listener: Listener = Closure::new(move |_| {
            if !reported.replace(true) {
                failed();
            }
        });
        tile.on_layer("tileerror", listener.as_ref().unchecked_ref());
        tile.add_to(&map);
        listeners.push(listener);
    }
    (map, listeners)
}

struct RoomMapState {
    map: Map,
    group: Layer,
    crs: TileCrs,
    /// Pins in screen coordinates.
    pins: RefCell<Vec<Pin>>,
    clusters: RefCell<Vec<Cluster>>,
    me: RefCell<Option<Layer>>,
}

/// Rooms as markers, grouped when they would overlap; a group zooms in when tapped.
pub struct RoomMap {
    state: Rc<RoomMapState>,
    _listeners: Vec<Listener>,
}

/// Pixels one marker keeps to itself before its neighbours join it in a group.
const CLUSTER_CELL_PX: f64 = 56.0;

impl RoomMap {
    pub fn new(el: &HtmlElement, tiles: &TileConfig, on_tiles_failed: Rc<dyn Fn()>) -> RoomMap {
        let (map, mut listeners) = base_map(el, tiles, on_tiles_failed);
        let group = feature_group();
        group.add_to(&map);
        let state = Rc::new(RoomMapState {
            map,
            group,
            crs: tiles.crs,
            pins: RefCell::new(Vec::new()),
            clusters: RefCell::new(Vec::new()),
            me: RefCell::new(None),
        });
        let on_zoom: Listener = {
            let state = state.clone();
            Closure::new(move |_| state.redraw())
        };
        state
            .map
            .on_map("zoomend", on_zoom.as_ref().unchecked_ref());
        let on_group_click: Listener = {
            let state = state.clone();
            Closure::new(move |event: JsValue| state.open_cluster(&event))
        };
        state
            .group
            .on_layer("click", on_group_click.as_ref().unchecked_ref());
        listeners.push(on_zoom);
        listeners.push(on_group_click);
        RoomMap {
            state,
            _listeners: listeners,
        }
    }

    /// Shows these rooms (WGS-84) and frames them.
    pub fn set_pins(&self, pins: Vec<Pin>) {
        let crs = self.state.crs;
        let pins: Vec<Pin> = pins
            .into_iter()
            .map(|p| Pin {
                at: to_screen(crs, p.at),
                ..p
            })
            .collect();
        let points: Vec<LatLng> = pins.iter().map(|p| p.at).collect();
        *self.state.pins.borrow_mut() = pins;
        self.frame(&points);
        self.state.redraw();
    }

    /// Marks where the phone is and frames it with the nearest rooms given.
    pub fn show_me(&self, me: LatLng, nearest: &[LatLng]) {
        let crs = self.state.crs;
        let at = to_screen(crs, me);
        let mut me_layer = self.state.me.borrow_mut();
        match me_layer.as_ref() {
            Some(layer) => {
                layer.set_lat_lng(&point(at));
            }
            None => {
                let layer = circle_marker(
                    &point(at),
                    &options(&[
                        ("radius", 9.into()),
                        ("className", "map-me".into()),
                        ("color", "#1f5fbf".into()),
                        ("fillOpacity", 0.9.into()),
                    ]),
                );
                layer.add_to(&self.state.map);
                *me_layer = Some(layer);
            }
        }
        let mut points = vec![at];
        points.extend(nearest.iter().map(|p| to_screen(crs, *p)));
        self.frame(&points);
    }

    fn frame(&self, points: &[LatLng]) {
        match (points, bounds(points)) {
            ([only], _) => {
                self.state.map.set_view(&point(*only), 14.0);
            }
            (_, Some((sw, ne))) => {
                self.state.map.fit_bounds(
                    &Array::of2(&point(sw), &point(ne)).into(),
                    &options(&[("padding", pair(28.0, 28.0)), ("maxZoom", 15.into())]),
                );
            }
            _ => {}
        }
    }
}

impl Drop for RoomMap {
    fn drop(&mut self) {
        self.state.map.remove_map();
    }
}

impl RoomMapState {
    fn redraw(&self) {
        self.group.clear_layers();
        let pins = self.pins.borrow();
        let points: Vec<LatLng> = pins.iter().map(|p| p.at).collect();
        let clusters = cluster(&points, self.map.get_zoom(), CLUSTER_CELL_PX);
        for (index, c) in clusters.iter().enumerate() {
            let layer = if let [only] = c.members.as_slice() {
                let pin = &pins[*only];
                let icon = div_icon(&options(&[
                    ("className", "pin".into()),
                    ("html", "".into()),
                    ("iconSize", pair(36.0, 36.0)),
                    // The tip of the rotated drop: 18·√2 below its centre.
                    ("iconAnchor", pair(18.0, 43.0)),
                    ("popupAnchor", pair(0.0, -40.0)),
                ]));
                let m = marker(
                    &point(pin.at),
                    &options(&[
                        ("icon", icon),
                        ("title", pin.title.as_str().into()),
                        ("alt", pin.title.as_str().into()),
                        // The map is hidden from screen readers (the list is the content): keep
                        // keyboard focus out of it too.
                        ("keyboard", false.into()),
                    ]),
                );
                if let Some(popup) = popup(pin) {
                    m.bind_popup(&popup);
                }
                m
            } else {
                // The count is a number we made: safe as HTML.
                let icon = div_icon(&options(&[
                    ("className", "pin-cluster".into()),
                    ("html", format!("<span>{}</span>", c.members.len()).into()),
                    ("iconSize", pair(44.0, 44.0)),
                    ("iconAnchor", pair(22.0, 22.0)),
                ]));
                marker(
                    &point(c.at),
                    &options(&[
                        ("icon", icon),
                        (
                            "title",
                            format!(
                                "{} {}",
                                c.members.len(),
                                crate::base::text::t().map_cluster_title
                            )
                            .into(),
                        ),
                        ("bandengCluster", (index as u32).into()),
                    ]),
                )
            };
            self.group.add_layer(&layer);
        }
        *self.clusters.borrow_mut() = clusters;
    }

    /// A tap on a group: zoom until its rooms stand apart.
    fn open_cluster(&self, event: &JsValue) {
        let index = Reflect::get(event, &"layer".into())
            .and_then(|layer| Reflect::get(&layer, &"options".into()))
            .and_then(|o| Reflect::get(&o, &"bandengCluster".into()))
            .ok()
            .and_then(|v| v.as_f64());
        let Some(index) = index else { return };
        let points: Vec<LatLng> = {
            let clusters = self.clusters.borrow();
            let pins = self.pins.borrow();
            let Some(c) = clusters.get(index as usize) else {
                return;
            };
            c.members.iter().map(|&i| pins[i].at).collect()
        };
        if let Some((sw, ne)) = bounds(&points) {
            // Frame exactly the group's rooms: they then spread over the whole map.
            self.map.fit_bounds(
                &Array::of2(&point(sw), &point(ne)).into(),
                &options(&[("padding", pair(40.0, 40.0)), ("maxZoom", 17.into())]),
            );
        }
    }
}

fn in_view(map: &Map, p: LatLng) -> bool {
    map.get_bounds().contains(&point(p))
}

/// A marker's popup, built from text nodes: room names are typed by admins, never HTML.
fn popup(pin: &Pin) -> Option<HtmlElement> {
    let document = web_sys::window()?.document()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name("map-popup");
    let title = document.create_element("strong").ok()?;
    title.set_text_content(Some(&pin.title));
    root.append_child(&title).ok()?;
    for line in &pin.lines {
        let p = document.create_element("p").ok()?;
        p.set_text_content(Some(line));
        root.append_child(&p).ok()?;
    }
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &pin.href).ok()?;
    link.set_text_content(Some(&pin.link_text));
    root.append_child(&link).ok()?;
    root.dyn_into().ok()
}

struct PickerState {
    map: Map,
    crs: TileCrs,
    marker: RefCell<Option<Layer>>,
}

/// A map to choose a room's place by tapping it.
pub struct Picker {
    state: Rc<PickerState>,
    _listeners: Vec<Listener>,
}

impl Picker {
    pub fn new(
        el: &HtmlElement,
        tiles: &TileConfig,
        on_tiles_failed: Rc<dyn Fn()>,
        on_pick: impl Fn(LatLng) + 'static,
    ) -> Picker {
        let (map, mut listeners) = base_map(el, tiles, on_tiles_failed);
        let state = Rc::new(PickerState {
            map,
            crs: tiles.crs,
            marker: RefCell::new(None),
        });
        let on_click: Listener = {
            let state = state.clone();
            Closure::new(move |event: JsValue| {
                if let Some(tapped) = event_point(&event) {
                    state.place(tapped);
                    on_pick(from_screen(state.crs, tapped));
                }
            })
        };
        state.map.on_map("click", on_click.as_ref().unchecked_ref());
        listeners.push(on_click);
        Picker {
            state,
            _listeners: listeners,
        }
    }

    /// Moves the marker to a stored (WGS-84) point; centres on it at `zoom`, or, without one,
    /// only when the point is out of sight (a tap must not make the map jump).
    pub fn show(&self, at: LatLng, zoom: Option<f64>) {
        let screen = to_screen(self.state.crs, at);
        self.state.place(screen);
        let map = &self.state.map;
        match zoom {
            Some(zoom) => {
                map.set_view(&point(screen), zoom);
            }
            None if !in_view(map, screen) => {
                map.set_view(&point(screen), map.get_zoom());
            }
            None => {}
        }
    }
}

impl PickerState {
    fn place(&self, screen: LatLng) {
        let mut marker_slot = self.marker.borrow_mut();
        match marker_slot.as_ref() {
            Some(m) => {
                m.set_lat_lng(&point(screen));
            }
            None => {
                let icon = div_icon(&options(&[
                    ("className", "pin pin-picked".into()),
                    ("html", "".into()),
                    ("iconSize", pair(36.0, 36.0)),
                    ("iconAnchor", pair(18.0, 43.0)),
                ]));
                let m = marker(&point(screen), &options(&[("icon", icon)]));
                m.add_to(&self.map);
                *marker_slot = Some(m);
            }
        }
    }
}

impl Drop for Picker {
    fn drop(&mut self) {
        self.state.map.remove_map();
    }
}

/// Asks the browser where the phone is, once.
pub fn locate(on_found: impl FnOnce(LatLng) + 'static, on_error: impl FnOnce(u16) + 'static) {
    let Some(geolocation) = web_sys::window().and_then(|w| w.navigator().geolocation().ok()) else {
        on_error(2);
        return;
    };
    // Read by name: web-sys keeps the typed GeolocationPosition behind its unstable APIs.
    let found = Closure::once_into_js(move |position: JsValue| {
        let coords = Reflect::get(&position, &"coords".into()).unwrap_or_default();
        let number = |name: &str| {
            Reflect::get(&coords, &name.into())
                .ok()
                .and_then(|v| v.as_f64())
        };
        if let (Some(lat), Some(lng)) = (number("latitude"), number("longitude")) {
            on_found(LatLng { lat, lng });
        }
    });
    let failed = Closure::once_into_js(move |error: JsValue| {
        let code = Reflect::get(&error, &"code".into())
            .ok()
            .and_then(|v| v.as_f64());
        on_error(code.unwrap_or(2.0) as u16);
    });
    let opts = web_sys::PositionOptions::new();
    opts.set_enable_high_accuracy(false);
    opts.set_timeout(15_000);
    opts.set_maximum_age(60_000);
    let _ = geolocation.get_current_position_with_error_callback_and_options(
        as_function(&found),
        Some(as_function(&failed)),
        &opts,
    );
}

fn as_function(f: &JsValue) -> &Function {
    f.unchecked_ref()
}
