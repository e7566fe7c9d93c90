//! `/rooms`: every open room, filtered by council, kind, sector and words, nearest first when
//! the phone says where it is. The rules are plain functions; the page only calls them.
use super::RoomCode;
use crate::base::geo::distance_km;
use crate::base::geo::tiles::TileConfig;
use crate::base::geo::LatLng;
use crate::councils::CouncilKind;
use serde::{Deserialize, Serialize};

/// A room as the directory and its map show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomListing {
    pub code: RoomCode,
    pub name: String,
    pub address: String,
    pub hours: String,
    pub at: LatLng,
    pub council_key: String,
    pub council_name: String,
    pub council_kind: CouncilKind,
    /// Key and name of the sector, for sector workstations (界别委员工作站).
    pub sector: Option<(String, String)>,
}

/// The filter form, as it travels in the URL (`/rooms?council=…&kind=…&sector=…&q=…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryFilter {
    pub council: String,
    pub kind: String,
    pub sector: String,
    pub q: String,
}

impl DirectoryFilter {
    pub fn is_empty(&self) -> bool {
        [&self.council, &self.kind, &self.sector, &self.q]
            .iter()
            .all(|v| v.trim().is_empty())
    }

    /// Whether a room passes every filter that is set. Words match the name, address or council
    /// as typed (Chinese has no spaces to split on; Latin letters ignore case).
    pub fn matches(&self, room: &RoomListing) -> bool {
        let council = self.council.trim();
        let kind = self.kind.trim();
        let sector = self.sector.trim();
        let q = self.q.trim().to_lowercase();
        (council.is_empty() || room.council_key == council)
            && (kind.is_empty() || room.council_kind.as_db() == kind)
            && (sector.is_empty() || room.sector.as_ref().is_some_and(|(k, _)| k == sector))
            && (q.is_empty()
                || q.split_whitespace().all(|word| {
                    [&room.name, &room.address, &room.council_name]
                        .iter()
                        .any(|field| field.to_lowercase().contains(word))
                }))
    }
}

/// One choice in a filter's drop-down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The page: the rooms that pass the filter, what the filters can choose from, and the tiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomDirectory {
    pub rooms: Vec<RoomListing>,
    /// Open rooms before filtering.
    pub total: usize,
    pub councils: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub sectors: Vec<Choice>,
    pub tiles: TileConfig,
}

/// Builds the page from every open room: choices come from all rooms (so a filter never hides
/// its own alternatives), rooms from those that match.
pub fn directory(
    all: Vec<RoomListing>,
    filter: &DirectoryFilter,
    tiles: TileConfig,
) -> RoomDirectory {
    let mut councils: Vec<Choice> = Vec::new();
    let mut sectors: Vec<Choice> = Vec::new();
    for room in &all {
        if !councils.iter().any(|c| c.value == room.council_key) {
            councils.push(Choice {
                value: room.council_key.clone(),
                label: room.council_name.clone(),
            });
        }
        if let Some((key, name)) = &room.sector {
            if !sectors.iter().any(|c| &c.value == key) {
                sectors.push(Choice {
                    value: key.clone(),
                    label: name.clone(),
                });
            }
        }
    }
    let kinds = CouncilKind::ALL
        .iter()
        .filter(|k| all.iter().any(|r| r.council_kind == **k))
        .map(|k| Choice {
            value: k.as_db().into(),
            label: k.label().into(),
        })
        .collect();
    let total = all.len();
    let rooms = all.into_iter().filter(|r| filter.matches(r)).collect();
    RoomDirectory {
        rooms,
        total,
        councils,
        kinds,
        sectors,
        tiles,
    }
}

/// Rooms nearest first, each with its distance in kilometres. Ties keep the listed order.
pub fn nearest_first(rooms: &[RoomListing], me: LatLng) -> Vec<(RoomListing, f64)> {
    let mut with_distance: Vec<(RoomListing, f64)> = rooms
        .iter()
        .map(|r| (r.clone(), distance_km(me, r.at)))
        .collect();
    with_distance.sort_by(|a, b| a.1.total_cmp(&b.1));
    with_distance
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(code: &str, name: &str, council: &str, kind: CouncilKind, at: LatLng) -> RoomListing {
        RoomListing {
            code: RoomCode(code.into()),
            name: name.into(),
            address: format!("{name}地址 Road"),
            hours: String::new(),
            at,
            council_key: council.into(),
            council_name: format!("{council}议事会"),
            council_kind: kind,
            sector: (kind == CouncilKind::SectorStation)
                .then(|| ("jiaoyu".into(), "教育界".into())),
        }
    }

    fn rooms() -> Vec<RoomListing> {
        vec![
            room(
                "sy-dongfeng",
                "东风村协商议事室",
                "sy_dongfeng",
                CouncilKind::VillageCouncil,
                LatLng {
                    lat: 35.9821,
                    lng: 103.2185,
                },
            ),
            room(
                "sy-xinjian",
                "新建村协商议事室",
                "sy_xinjian",
                CouncilKind::VillageCouncil,
                LatLng {
                    lat: 35.9612,
                    lng: 103.2488,
                },
            ),
            room(
                "ns-jiaoyu",
                "教育界别委员工作站议事室",
                "ns_jiaoyu",
                CouncilKind::SectorStation,
                LatLng {
                    lat: 22.5289,
                    lng: 113.9268,
                },
            ),
        ]
    }

    fn filter(council: &str, kind: &str, sector: &str, q: &str) -> DirectoryFilter {
        DirectoryFilter {
            council: council.into(),
            kind: kind.into(),
            sector: sector.into(),
            q: q.into(),
        }
    }

    fn codes(d: &RoomDirectory) -> Vec<&str> {
        d.rooms.iter().map(|r| r.code.as_str()).collect()
    }

    #[test]
    fn filters_narrow_the_rooms_but_never_the_choices() {
        let all = rooms();
        let d = directory(
            all.clone(),
            &DirectoryFilter::default(),
            TileConfig::default(),
        );
        assert_eq!((d.rooms.len(), d.total), (3, 3));
        assert_eq!(d.councils.len(), 3);
        assert_eq!(
            d.kinds.iter().map(|k| k.value.as_str()).collect::<Vec<_>>(),
            ["sector_station", "village_council"],
            "in the usual order of kinds"
        );
        assert_eq!(
            d.sectors,
            vec![Choice {
                value: "jiaoyu".into(),
                label: "教育界".into()
            }]
        );

        let d = directory(
            all.clone(),
            &filter("sy_xinjian", "", "", ""),
            TileConfig::default(),
        );
        assert_eq!(
            (codes(&d), d.total, d.councils.len()),
            (vec!["sy-xinjian"], 3, 3)
        );
        let d = directory(
            all.clone(),
            &filter("", "sector_station", "", ""),
            TileConfig::default(),
        );
        assert_eq!(codes(&d), ["ns-jiaoyu"]);
        let d = directory(
            all.clone(),
            &filter("", "", "jiaoyu", ""),
            TileConfig::default(),
        );
        assert_eq!(codes(&d), ["ns-jiaoyu"]);
        let d = directory(
            all.clone(),
            &filter("", "village_council", "jiaoyu", ""),
            TileConfig::default(),
        );
        assert!(d.rooms.is_empty());
        let d = directory(all, &filter("nobody", "", "", ""), TileConfig::default());
        assert!(d.rooms.is_empty());
    }

    #[test]
    fn words_match_chinese_without_spaces_and_latin_without_case() {
        let all = rooms();
        let find = |q: &str| {
            codes(&directory(
                all.clone(),
                &filter("", "", "", q),
                TileConfig::default(),
            ))
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
        };
        assert_eq!(find("东风"), ["sy-dongfeng"]);
        assert_eq!(find(" 议事室 "), ["sy-dongfeng", "sy-xinjian", "ns-jiaoyu"]);
        assert_eq!(find("村 新建"), ["sy-xinjian"], "every word must match");
        assert_eq!(find("ROAD"), ["sy-dongfeng", "sy-xinjian", "ns-jiaoyu"]);
        assert_eq!(
            find("sy_xinjian议事会"),
            ["sy-xinjian"],
            "the council's name counts"
        );
        assert!(find("火星").is_empty());
        assert!(
            filter(" ", "", "", "\u{3000}").is_empty(),
            "an ideographic space is no filter"
        );
        assert!(!filter("", "", "", "东风").is_empty());
    }

    #[test]
    fn nearest_rooms_come_first() {
        // Standing in 新建村: 新建 (0 km), then 东风 (~3.6 km), then Shenzhen.
        let me = LatLng {
            lat: 35.9612,
            lng: 103.2488,
        };
        let sorted = nearest_first(&rooms(), me);
        let order: Vec<&str> = sorted.iter().map(|(r, _)| r.code.as_str()).collect();
        assert_eq!(order, ["sy-xinjian", "sy-dongfeng", "ns-jiaoyu"]);
        assert!(sorted[0].1 < 0.001);
        assert!((3.0..4.0).contains(&sorted[1].1), "{}", sorted[1].1);
        assert!(sorted[2].1 > 1500.0);
    }
}
