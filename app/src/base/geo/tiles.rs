//! Map tiles are configuration, not code: which provider, its key, and the coordinate system
//! its images are drawn in.
use serde::{Deserialize, Serialize};

/// The coordinate system tiles are drawn in: markers are shifted to match (see `gcj02`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TileCrs {
    Wgs84,
    Gcj02,
}

/// One layer of tile images, as a Leaflet URL template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileLayer {
    pub url: String,
    /// Letters or digits for `{s}` in the URL; empty when the URL has none.
    pub subdomains: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TileConfig {
    /// Drawn bottom to top. Empty: markers on a plain background.
    pub layers: Vec<TileLayer>,
    pub crs: TileCrs,
    pub attribution: String,
    pub max_zoom: u8,
}

const OSM: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
const TIANDITU: &str = "https://t{s}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=";
const AMAP: &str = "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";

impl TileConfig {
    /// Chooses tiles from the server's flags: `osm` (default), `tianditu` (needs a key), `amap`
    /// (高德, GCJ-02), `none`, or any `https://…{z}/{x}/{y}…` template with its `crs`.
    pub fn from_flags(
        provider: &str,
        key: Option<&str>,
        crs: Option<TileCrs>,
        attribution: Option<&str>,
    ) -> Result<TileConfig, String> {
        let key = key.map(str::trim).filter(|k| !k.is_empty());
        let mut config = match provider.trim() {
            "osm" | "" => TileConfig {
                layers: vec![layer(OSM, "")],
                crs: TileCrs::Wgs84,
                attribution: "© OpenStreetMap".into(),
                max_zoom: 19,
            },
            "tianditu" => {
                let key = key.ok_or("--tiles tianditu needs --tiles-key (a 天地图 browser key)")?;
                if !key.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err("--tiles-key must be letters and digits".into());
                }
                let url =
                    |layer_name: &str| format!("{TIANDITU}{key}").replace("{layer}", layer_name);
                TileConfig {
                    // Streets, then their names: 天地图 serves them as two layers.
                    layers: vec![
                        layer(&url("vec"), "01234567"),
                        layer(&url("cva"), "01234567"),
                    ],
                    crs: TileCrs::Wgs84,
                    attribution: "© 天地图".into(),
                    max_zoom: 18,
                }
            }
            "amap" => TileConfig {
                layers: vec![layer(AMAP, "1234")],
                crs: TileCrs::Gcj02,
                attribution: "© 高德地图".into(),
                max_zoom: 18,
            },
            "none" => TileConfig {
                layers: vec![],
                crs: TileCrs::Wgs84,
                attribution: String::new(),
                max_zoom: 18,
            },
            template => {
                let ok = (template.starts_with("https://") || template.starts_with("http://"))
                    && ["{z}", "{x}", "{y}"].iter().all(|p| template.contains(p));
                if !ok {
                    return Err(format!(
                        "--tiles must be osm, tianditu, amap, none or a URL template with {{z}}, {{x}} and {{y}}, got {template:?}"
                    ));
                }
                let subdomains = if template.contains("{s}") { "abc" } else { "" };
                TileConfig {
                    layers: vec![layer(template, subdomains)],
                    crs: crs.unwrap_or(TileCrs::Wgs84),
                    attribution: String::new(),
                    max_zoom: 18,
                }
            }
        };
        if let Some(a) = attribution {
            config.attribution = a.to_string();
        }
        Ok(config)
    }
}

impl Default for TileConfig {
    fn default() -> Self {
        TileConfig::from_flags("osm", None, None, None).expect("the default provider is valid")
    }
}

fn layer(url: &str, subdomains: &str) -> TileLayer {
    TileLayer {
        url: url.into(),
        subdomains: subdomains.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn providers_come_from_flags() {
        let osm = TileConfig::from_flags("osm", None, None, None).unwrap();
        assert_eq!(osm.crs, TileCrs::Wgs84);
        assert_eq!(osm.layers.len(), 1);

        let amap = TileConfig::from_flags("amap", None, None, None).unwrap();
        assert_eq!(amap.crs, TileCrs::Gcj02, "高德 tiles are drawn in GCJ-02");

        let tdt = TileConfig::from_flags("tianditu", Some("abc123"), None, None).unwrap();
        assert_eq!(tdt.layers.len(), 2);
        assert!(
            tdt.layers[0].url.contains("LAYER=vec") && tdt.layers[0].url.ends_with("tk=abc123")
        );
        assert!(tdt.layers[1].url.contains("/cva_w/"));
        assert!(TileConfig::from_flags("tianditu", None, None, None).is_err());
        assert!(TileConfig::from_flags("tianditu", Some("a\"b"), None, None).is_err());

        assert!(TileConfig::from_flags("none", None, None, None)
            .unwrap()
            .layers
            .is_empty());

        let own = TileConfig::from_flags(
            "https://tiles.example.cn/{z}/{x}/{y}.png",
            None,
            Some(TileCrs::Gcj02),
            Some("© 本地图源"),
        )
        .unwrap();
        assert_eq!(
            (own.crs, own.attribution.as_str()),
            (TileCrs::Gcj02, "© 本地图源")
        );
        for bad in [
            "google",
            "https://example.cn/tile.png",
            "ftp://x/{z}/{x}/{y}",
        ] {
            assert!(
                TileConfig::from_flags(bad, None, None, None).is_err(),
                "{bad}"
            );
        }
    }
}
