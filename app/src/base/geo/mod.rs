//! Plain geometry for the map: distances, Web Mercator pixels, and grouping close markers.
pub mod gcj02;
pub mod tiles;

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
}
