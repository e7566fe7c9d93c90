//! Grouping councils under their district, in plain Rust.
use super::{CouncilSummary, DistrictGroup};
use std::collections::{BTreeMap, HashMap};

/// An area as the grouping needs it: its key, name, level and parent's key.
#[derive(Debug, Clone)]
pub struct AreaNode {
    pub key: String,
    pub name: String,
    pub level: String,
    pub parent: Option<String>,
}

/// The chain from the top area down to the given one; cycles and missing parents end the walk.
fn ancestry<'a>(areas: &'a HashMap<&str, &'a AreaNode>, start: &str) -> Vec<&'a AreaNode> {
    let mut chain = Vec::new();
    let mut next = Some(start.to_string());
    while let Some(key) = next {
        let Some(node) = areas.get(key.as_str()) else {
            break;
        };
        if chain.iter().any(|n: &&AreaNode| n.key == node.key) {
            break;
        }
        chain.push(*node);
        next = node.parent.clone();
    }
    chain.reverse();
    chain
}

/// The names from the top area down to this one, e.g. "甘肃省 › 永靖县 › 三塬镇".
pub fn area_path(areas: &[AreaNode], key: &str) -> String {
    let by_key: HashMap<&str, &AreaNode> = areas.iter().map(|a| (a.key.as_str(), a)).collect();
    ancestry(&by_key, key)
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The district (区/县) an area lies in: itself, or the nearest one above it.
pub fn district_of(areas: &[AreaNode], key: &str) -> Option<String> {
    let by_key: HashMap<&str, &AreaNode> = areas.iter().map(|a| (a.key.as_str(), a)).collect();
    ancestry(&by_key, key)
        .iter()
        .rev()
        .find(|a| a.level == "district")
        .map(|a| a.key.clone())
}

/// Groups councils by the district their area lies in (or the deepest area above district
/// level when there is none), ordered by area path, then by kind and name.
pub fn group_by_district(
    areas: &[AreaNode],
    councils: Vec<(String, CouncilSummary)>,
) -> Vec<DistrictGroup> {
    let by_key: HashMap<&str, &AreaNode> = areas.iter().map(|a| (a.key.as_str(), a)).collect();
    let mut groups: BTreeMap<String, Vec<CouncilSummary>> = BTreeMap::new();
    for (area_key, council) in councils {
        let chain = ancestry(&by_key, &area_key);
        let upto = chain
            .iter()
            .position(|a| a.level == "district")
            .map(|i| i + 1)
            .unwrap_or(chain.len().min(3));
        let path = chain[..upto]
            .iter()
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        groups.entry(path).or_default().push(council);
    }
    groups
        .into_iter()
        .map(|(area_path, mut councils)| {
            councils.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
            DistrictGroup {
                area_path,
                councils,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::councils::CouncilKind;

    fn area(key: &str, name: &str, level: &str, parent: Option<&str>) -> AreaNode {
        AreaNode {
            key: key.into(),
            name: name.into(),
            level: level.into(),
            parent: parent.map(Into::into),
        }
    }

    fn council(name: &str, kind: CouncilKind) -> CouncilSummary {
        CouncilSummary {
            name: name.into(),
            kind,
            rooms: vec![],
        }
    }

    #[test]
    fn councils_are_grouped_under_their_district() {
        let areas = vec![
            area("gs", "甘肃省", "province", None),
            area("lx", "临夏州", "city", Some("gs")),
            area("yj", "永靖县", "district", Some("lx")),
            area("sy", "三塬镇", "town", Some("yj")),
            area("df", "东风村", "village", Some("sy")),
            area("gd", "广东省", "province", None),
            area("sz", "深圳市", "city", Some("gd")),
            area("ns", "南山区", "district", Some("sz")),
        ];
        let groups = group_by_district(
            &areas,
            vec![
                (
                    "df".into(),
                    council("东风村协商议事会", CouncilKind::VillageCouncil),
                ),
                (
                    "ns".into(),
                    council("妇联界别委员工作站", CouncilKind::SectorStation),
                ),
                (
                    "sy".into(),
                    council("三塬镇政协委员工作站", CouncilKind::TownStation),
                ),
            ],
        );
        assert_eq!(groups.len(), 2);
        let gansu = groups
            .iter()
            .find(|g| g.area_path == "甘肃省 临夏州 永靖县")
            .unwrap();
        let names: Vec<_> = gansu.councils.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["三塬镇政协委员工作站", "东风村协商议事会"]);
        assert!(groups.iter().any(|g| g.area_path == "广东省 深圳市 南山区"));
    }

    #[test]
    fn paths_and_districts() {
        let areas = vec![
            area("gs", "甘肃省", "province", None),
            area("yj", "永靖县", "district", Some("gs")),
            area("sy", "三塬镇", "town", Some("yj")),
            area("df", "东风村", "village", Some("sy")),
        ];
        assert_eq!(area_path(&areas, "df"), "甘肃省 › 永靖县 › 三塬镇 › 东风村");
        assert_eq!(district_of(&areas, "df"), Some("yj".into()));
        assert_eq!(district_of(&areas, "yj"), Some("yj".into()));
        assert_eq!(district_of(&areas, "gs"), None);
        assert_eq!(area_path(&areas, "missing"), "");
    }

    #[test]
    fn broken_area_chains_do_not_loop_or_panic() {
        let areas = vec![
            area("a", "甲", "town", Some("b")),
            area("b", "乙", "town", Some("a")),
        ];
        let groups = group_by_district(
            &areas,
            vec![("a".into(), council("议事会", CouncilKind::Studio))],
        );
        assert_eq!(groups.len(), 1);
        let groups = group_by_district(
            &[],
            vec![("x".into(), council("议事会", CouncilKind::Studio))],
        );
        assert_eq!(groups[0].area_path, "");
    }
}
