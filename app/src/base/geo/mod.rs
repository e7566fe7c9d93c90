//! Plain geometry for the map: distances, Web Mercator pixels, and grouping close markers.
pub mod gcj02;
pub mod tiles;

use crate::base::error::AppError;
use crate::base::text::t;
use serde::{Deserialize, Serialize};

/// A point in WGS-84 degrees, as stored. Shifted only for drawing on GCJ-02 tiles.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLng {
    pub lat: f64,
    pub lng: f64,
}

const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance (haversine): good to a few metres at the scale of a county.
pub fn distance_km(a: LatLng, b: LatLng) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = lat2 - lat1;
    let d_lng = (b.lng - a.lng).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().asin()
}

/// A distance as residents say it: metres close by, kilometres with one decimal further away.
pub fn distance_label(km: f64) -> String {
    let text = crate::base::text::t();
    if km < 1.0 {
        format!(
            "{} {}",
            ((km * 1000.0 / 10.0).round() * 10.0) as u32,
            text.unit_metres
        )
    } else if km < 100.0 {
        format!("{:.1} {}", km, text.unit_km)
    } else {
        format!("{} {}", km.round() as u32, text.unit_km)
    }
}

/// Web Mercator world pixel of a point at a zoom level (256-pixel tiles, as Leaflet draws them).
pub fn world_pixel(p: LatLng, zoom: f64) -> (f64, f64) {
    let size = 256.0 * 2f64.powf(zoom);
    let lat = p.lat.clamp(-85.051_128, 85.051_128).to_radians();
    let x = (p.lng + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// Markers drawn as one, with how many they stand for.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub at: LatLng,
    /// Indexes into the points given to [`cluster`], in their order.
    pub members: Vec<usize>,
}

/// Groups points that would overlap on screen: one cell of `cell_px` pixels at this zoom holds
/// one marker. Deterministic (same points and zoom, same clusters) so markers do not jump.
pub fn cluster(points: &[LatLng], zoom: f64, cell_px: f64) -> Vec<Cluster> {
    let mut cells: Vec<((i64, i64), Vec<usize>)> = Vec::new();
    for (i, p) in points.iter().enumerate() {
        let (x, y) = world_pixel(*p, zoom);
        let cell = ((x / cell_px).floor() as i64, (y / cell_px).floor() as i64);
        match cells.iter_mut().find(|(c, _)| *c == cell) {
            Some((_, members)) => members.push(i),
            None => cells.push((cell, vec![i])),
        }
    }
    cells
        .into_iter()
        .map(|(_, members)| {
            let n = members.len() as f64;
            let lat = members.iter().map(|&i| points[i].lat).sum::<f64>() / n;
            let lng = members.iter().map(|&i| points[i].lng).sum::<f64>() / n;
            Cluster {
                at: LatLng { lat, lng },
                members,
            }
        })
        .collect()
}

/// The box around some points, as (south-west, north-east); None for no points.
pub fn bounds(points: &[LatLng]) -> Option<(LatLng, LatLng)> {
    let first = *points.first()?;
    Some(points.iter().fold((first, first), |(sw, ne), p| {
        (
            LatLng {
                lat: sw.lat.min(p.lat),
                lng: sw.lng.min(p.lng),
            },
            LatLng {
                lat: ne.lat.max(p.lat),
                lng: ne.lng.max(p.lng),
            },
        )
    }))
}

/// Mainland China, roughly: a point outside is almost always swapped or mistyped coordinates.
pub fn in_china(lat: f64, lng: f64) -> bool {
    (3.0..=54.0).contains(&lat) && (73.0..=136.0).contains(&lng)
}

pub fn coordinate(value: &str) -> Option<f64> {
    value.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// The place a member marked: none, or a point inside China (swapped or mistyped ones are caught).
pub fn check_place(lat: &str, lng: &str) -> Result<Option<LatLng>, AppError> {
    if lat.trim().is_empty() && lng.trim().is_empty() {
        return Ok(None);
    }
    let t = t();
    let lat_value = coordinate(lat).ok_or_else(|| AppError::invalid("lat", t.err_coordinate))?;
    let lng_value = coordinate(lng).ok_or_else(|| AppError::invalid("lng", t.err_coordinate))?;
    if !in_china(lat_value, lng_value) {
        return Err(AppError::invalid("lat", t.err_outside_china));
    }
    Ok(Some(LatLng {
        lat: lat_value,
        lng: lng_value,
    }))
}

/// A link that opens turn-by-turn directions on a phone: 高德's URI page (it opens the app when
/// installed, a web map otherwise). Our coordinates are WGS-84 and it is told so.
pub fn navigate_url(name: &str, at: LatLng) -> String {
    format!(
        "https://uri.amap.com/marker?position={:.6},{:.6}&name={}&coordinate=wgs84&callnative=1",
        at.lng,
        at.lat,
        crate::base::url::encode(name)
    )
}

/// The same place for any map app on Android (`geo:` URI).
pub fn geo_uri(name: &str, at: LatLng) -> String {
    format!(
        "geo:{lat:.6},{lng:.6}?q={lat:.6},{lng:.6}({})",
        crate::base::url::encode(name),
        lat = at.lat,
        lng = at.lng
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lng: f64) -> LatLng {
        LatLng { lat, lng }
    }

    #[test]
    fn distances_match_known_ones() {
        // Beijing (Tiananmen) to Shanghai (People's Square): about 1,067 km.
        let d = distance_km(at(39.9087, 116.3975), at(31.2304, 121.4737));
        assert!((1060.0..1075.0).contains(&d), "{d}");
        // One thousandth of a degree of latitude is 111 m.
        let d = distance_km(at(35.0, 103.0), at(35.001, 103.0));
        assert!((0.110..0.112).contains(&d), "{d}");
        assert_eq!(distance_km(at(22.5, 113.9), at(22.5, 113.9)), 0.0);
    }

    #[test]
    fn distance_labels_read_naturally() {
        assert_eq!(distance_label(0.004), "0 米");
        assert_eq!(distance_label(0.456), "460 米");
        assert_eq!(distance_label(3.24), "3.2 公里");
        assert_eq!(distance_label(1234.0), "1234 公里");
    }

    #[test]
    fn world_pixels_follow_web_mercator() {
        assert_eq!(world_pixel(at(0.0, 0.0), 0.0), (128.0, 128.0));
        let (x, y) = world_pixel(at(85.051_128, 180.0), 1.0);
        assert!((x - 512.0).abs() < 1e-9 && y.abs() < 1e-3, "{x} {y}");
        // One zoom level doubles the pixels.
        let (x1, y1) = world_pixel(at(35.9, 103.2), 10.0);
        let (x2, y2) = world_pixel(at(35.9, 103.2), 11.0);
        assert!((x2 - 2.0 * x1).abs() < 1e-6 && (y2 - 2.0 * y1).abs() < 1e-6);
    }

    #[test]
    fn close_points_cluster_when_zoomed_out_and_split_when_zoomed_in() {
        // Two rooms 300 m apart in Shenzhen, one in Gansu.
        let points = [
            at(22.5349, 113.9448),
            at(22.5327, 113.9420),
            at(35.9558, 103.2627),
        ];
        let far = cluster(&points, 5.0, 60.0);
        assert_eq!(far.len(), 2);
        assert_eq!(far[0].members, vec![0, 1]);
        assert!((far[0].at.lat - 22.5338).abs() < 1e-9);
        assert_eq!(far[1].members, vec![2]);
        let near = cluster(&points, 17.0, 60.0);
        assert_eq!(near.len(), 3);
        assert!(cluster(&[], 5.0, 60.0).is_empty());
        // Every point is in exactly one cluster.
        let mut all: Vec<usize> = far.iter().flat_map(|c| c.members.clone()).collect();
        all.sort();
        assert_eq!(all, vec![0, 1, 2]);
    }

    #[test]
    fn bounds_hold_every_point() {
        let (sw, ne) = bounds(&[at(22.5, 113.9), at(35.9, 103.2), at(30.1, 104.6)]).unwrap();
        assert_eq!((sw, ne), (at(22.5, 103.2), at(35.9, 113.9)));
        assert_eq!(bounds(&[]), None);
    }

    #[test]
    fn navigation_links_carry_the_place() {
        let at = LatLng {
            lat: 35.9821,
            lng: 103.2185,
        };
        assert_eq!(
            navigate_url("东风村 议事室", at),
            "https://uri.amap.com/marker?position=103.218500,35.982100&name=%E4%B8%9C%E9%A3%8E%E6%9D%91%20%E8%AE%AE%E4%BA%8B%E5%AE%A4&coordinate=wgs84&callnative=1"
        );
        assert_eq!(
            geo_uri("A&B", at),
            "geo:35.982100,103.218500?q=35.982100,103.218500(A%26B)"
        );
    }
    #[test]
    fn a_place_is_optional_but_must_be_in_china() {
        assert_eq!(check_place("", " ").unwrap(), None);
        let p = check_place("35.931", "103.32").unwrap().unwrap();
        assert_eq!((p.lat, p.lng), (35.931, 103.32));
        assert!(check_place("103.32", "35.931").is_err(), "swapped");
        assert!(check_place("35.9", "").is_err());
        assert!(check_place("abc", "103").is_err());
    }
}
