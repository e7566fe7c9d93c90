//! GCJ-02, the offset coordinate system that maps published in China (高德, 腾讯) must use.
//! We store WGS-84 (what GPS and 天地图 give); points are shifted only to draw them on GCJ-02
//! tiles, and shifted back when someone taps such a map.
use super::LatLng;
use std::f64::consts::PI;

/// Krasovsky 1940 ellipsoid, as the published transformation uses it.
const SEMI_MAJOR: f64 = 6_378_245.0;
const ECCENTRICITY_SQ: f64 = 0.006_693_421_622_965_943;

/// Outside mainland China the offset is not applied (Hong Kong, Macau, Taiwan are approximated by it too).
pub fn outside_china(p: LatLng) -> bool {
    !(0.8293..=55.8271).contains(&p.lat) || !(72.004..=137.8347).contains(&p.lng)
}

fn lat_term(x: f64, y: f64) -> f64 {
    -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * x.abs().sqrt()
        + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
        + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
        + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0
}

fn lng_term(x: f64, y: f64) -> f64 {
    300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * x.abs().sqrt()
        + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
        + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
        + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0
}

/// Where a WGS-84 point is drawn on a GCJ-02 map.
pub fn from_wgs84(p: LatLng) -> LatLng {
    if outside_china(p) {
        return p;
    }
    let (x, y) = (p.lng - 105.0, p.lat - 35.0);
    let rad_lat = p.lat / 180.0 * PI;
    let magic = 1.0 - ECCENTRICITY_SQ * rad_lat.sin().powi(2);
    let sqrt_magic = magic.sqrt();
    let d_lat = lat_term(x, y) * 180.0
        / ((SEMI_MAJOR * (1.0 - ECCENTRICITY_SQ)) / (magic * sqrt_magic) * PI);
    let d_lng = lng_term(x, y) * 180.0 / (SEMI_MAJOR / sqrt_magic * rad_lat.cos() * PI);
    LatLng {
        lat: p.lat + d_lat,
        lng: p.lng + d_lng,
    }
}

/// The WGS-84 point that a GCJ-02 point was shifted from. The shift has no closed inverse;
/// a few fixed-point steps bring the error below a millimetre.
pub fn to_wgs84(g: LatLng) -> LatLng {
    if outside_china(g) {
        return g;
    }
    let mut w = g;
    for _ in 0..30 {
        let shifted = from_wgs84(w);
        let (d_lat, d_lng) = (shifted.lat - g.lat, shifted.lng - g.lng);
        w = LatLng {
            lat: w.lat - d_lat,
            lng: w.lng - d_lng,
        };
        if d_lat.abs() < 1e-10 && d_lng.abs() < 1e-10 {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::geo::distance_km;

    fn at(lat: f64, lng: f64) -> LatLng {
        LatLng { lat, lng }
    }

    /// Reference pair published with wandergis/coordtransform (its README and tests), the usual
    /// implementation of the leaked formula: Tiananmen, WGS-84 → GCJ-02.
    #[test]
    fn matches_the_published_reference_transformation() {
        let g = from_wgs84(at(39.915, 116.404));
        assert!((g.lat - 39.916_404_281_501_64).abs() < 1e-9, "{g:?}");
        assert!((g.lng - 116.410_244_499_169_38).abs() < 1e-9, "{g:?}");
    }

    /// AMap's own conversion service (restapi.amap.com/v3/assistant/coordinate/convert, as
    /// recorded by the R package `geoChina`): WGS-84 (39.90734, 116.39089) → (39.90874539,
    /// 116.39713623). The formula agrees to well under a metre.
    #[test]
    fn agrees_with_amaps_own_service_within_a_metre() {
        let g = from_wgs84(at(39.90734, 116.39089));
        let metres = distance_km(g, at(39.908_745_39, 116.397_136_23)) * 1000.0;
        assert!(metres < 1.0, "{metres} m off: {g:?}");
    }

    #[test]
    fn the_shift_is_hundreds_of_metres_in_china_and_none_abroad() {
        // 三塬镇, Gansu, and 南山区, Shenzhen: where the demo rooms are.
        for p in [at(35.9558, 103.2627), at(22.5349, 113.9448)] {
            let metres = distance_km(p, from_wgs84(p)) * 1000.0;
            assert!((100.0..900.0).contains(&metres), "{p:?}: {metres} m");
        }
        assert_eq!(from_wgs84(at(48.8566, 2.3522)), at(48.8566, 2.3522));
        assert_eq!(to_wgs84(at(-33.86, 151.21)), at(-33.86, 151.21));
    }

    #[test]
    fn converting_back_returns_the_stored_point() {
        for p in [
            at(35.9558, 103.2627),
            at(22.5349, 113.9448),
            at(30.1236, 104.6418),
            at(45.75, 126.65),
            at(39.915, 116.404),
        ] {
            let back = to_wgs84(from_wgs84(p));
            assert!(distance_km(p, back) * 1000.0 < 0.001, "{p:?} → {back:?}");
        }
    }
}
