//! What the admin screens send and show about a council, and the checks on it.
use super::CouncilKind;
use crate::base::error::AppError;
use crate::base::ids::CouncilKey;
use crate::base::text::t;
use crate::base::validate::{self, Problems};
use serde::{Deserialize, Serialize};

impl CouncilKind {
    pub const ALL: [CouncilKind; 5] = [
        CouncilKind::StreetStation,
        CouncilKind::TownStation,
        CouncilKind::SectorStation,
        CouncilKind::VillageCouncil,
        CouncilKind::Studio,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            CouncilKind::TownStation => "town_station",
            CouncilKind::StreetStation => "street_station",
            CouncilKind::VillageCouncil => "village_council",
            CouncilKind::SectorStation => "sector_station",
            CouncilKind::Studio => "studio",
        }
    }
}

/// Administrative levels (省 > 市 > 区县 > 镇街 > 村社区).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AreaLevel {
    Province,
    City,
    District,
    Town,
    Village,
}

impl AreaLevel {
    pub const ALL: [AreaLevel; 5] = [
        AreaLevel::Province,
        AreaLevel::City,
        AreaLevel::District,
        AreaLevel::Town,
        AreaLevel::Village,
    ];

    pub fn from_db(s: &str) -> Option<Self> {
        AreaLevel::ALL.into_iter().find(|l| l.as_db() == s)
    }

    pub fn as_db(self) -> &'static str {
        match self {
            AreaLevel::Province => "province",
            AreaLevel::City => "city",
            AreaLevel::District => "district",
            AreaLevel::Town => "town",
            AreaLevel::Village => "village",
        }
    }

    pub fn label(self) -> &'static str {
        let t = t();
        match self {
            AreaLevel::Province => t.level_province,
            AreaLevel::City => t.level_city,
            AreaLevel::District => t.level_district,
            AreaLevel::Town => t.level_town,
            AreaLevel::Village => t.level_village,
        }
    }

    /// The level directly below, where a new area under this one goes.
    pub fn below(self) -> Option<AreaLevel> {
        let i = AreaLevel::ALL.iter().position(|l| *l == self)?;
        AreaLevel::ALL.get(i + 1).copied()
    }
}

/// An area an admin may put a council in, with the names above it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaOption {
    pub key: String,
    pub path: String,
    pub level: AreaLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorOption {
    pub key: String,
    pub name: String,
    /// The district's name, since sectors are kept per district.
    pub district: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilFormOptions {
    pub areas: Vec<AreaOption>,
    pub sectors: Vec<SectorOption>,
}

/// The council form as typed. `new_area_name` creates an area one level below `area` first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilInput {
    pub name: String,
    pub kind: String,
    pub area: String,
    pub new_area_name: String,
    pub sector: String,
    pub case_prefix: String,
    pub supervisor: String,
    pub staff_liaison: String,
}

/// A council form that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCouncil {
    pub name: String,
    pub kind: CouncilKind,
    pub area: String,
    pub new_area_name: Option<String>,
    pub sector: Option<String>,
    pub case_prefix: String,
    pub supervisor: String,
    pub staff_liaison: String,
}

/// Two to four capital letters without I and O, which read like 1 and 0 in a tracking code.
pub fn case_prefix(value: &str) -> Result<String, &'static str> {
    let value = value.trim().to_ascii_uppercase();
    let ok = (2..=4).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_uppercase() && b != b'I' && b != b'O');
    ok.then_some(value).ok_or(t().err_case_prefix)
}

pub fn validate_council(input: &CouncilInput) -> Result<ValidCouncil, AppError> {
    let mut p = Problems::default();
    let name = p.check("name", validate::name(&input.name, 60));
    let kind = p.check(
        "kind",
        CouncilKind::from_db(&input.kind).ok_or(t().err_choose),
    );
    if input.area.trim().is_empty() {
        p.add("area", t().err_choose);
    }
    let new_area_name = p.check(
        "new_area_name",
        validate::optional_name(&input.new_area_name, 40),
    );
    let case_prefix = p.check("case_prefix", case_prefix(&input.case_prefix));
    let supervisor = p.check("supervisor", validate::optional_name(&input.supervisor, 60));
    let staff_liaison = p.check(
        "staff_liaison",
        validate::optional_name(&input.staff_liaison, 60),
    );
    let sector = (!input.sector.trim().is_empty()).then(|| input.sector.trim().to_string());
    if kind == Some(CouncilKind::SectorStation) && sector.is_none() {
        p.add("sector", t().err_sector_station_needs_sector);
    }
    p.into_result()?;
    Ok(ValidCouncil {
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or(CouncilKind::VillageCouncil),
        area: input.area.trim().to_string(),
        new_area_name: new_area_name.filter(|n| !n.is_empty()),
        sector,
        case_prefix: case_prefix.unwrap_or_default(),
        supervisor: supervisor.unwrap_or_default(),
        staff_liaison: staff_liaison.unwrap_or_default(),
    })
}

/// A council in the admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouncilAdminRow {
    pub key: String,
    pub name: String,
    pub kind: CouncilKind,
    pub area_path: String,
    pub rooms: u32,
    pub members: u32,
}

/// The admin home: what the signed-in account may administer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub name: String,
    pub roles: Vec<String>,
    pub system_admin: bool,
    pub can_create_council: bool,
    pub councils: Vec<CouncilAdminRow>,
}

/// The standards checklist items (五有/六有).
pub const STANDARD_ITEMS: [&str; 6] = ["site", "sign", "rules", "archive", "activity", "results"];

pub fn standard_label(item: &str) -> &'static str {
    let t = t();
    match item {
        "site" => t.standard_site,
        "sign" => t.standard_sign,
        "rules" => t.standard_rules,
        "archive" => t.standard_archive,
        "activity" => t.standard_activity,
        "results" => t.standard_results,
        _ => "",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandardRow {
    pub item: String,
    pub met: bool,
    pub evidence: String,
}

/// One council on its admin page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilDetail {
    pub key: CouncilKey,
    pub form: CouncilInput,
    pub area_path: String,
    pub standards: Vec<StandardRow>,
}

/// The council the open tab of `/admin/councils/{key}/…` is about: the key the route names (none
/// when it cannot be a key) and the council's details, fetched once by the layout for all tabs.
#[derive(Clone, Copy)]
pub struct CouncilScreen {
    pub key: leptos::prelude::Memo<Option<CouncilKey>>,
    pub detail: leptos::prelude::Resource<Result<CouncilDetail, AppError>>,
}

impl CouncilScreen {
    /// The screen a tab is drawn in; only the council layout's tabs call it.
    pub fn get() -> CouncilScreen {
        leptos::prelude::expect_context::<CouncilScreen>()
    }

    /// The route's council, or why there is none to ask about.
    pub fn key_or_not_found(key: Option<CouncilKey>) -> Result<CouncilKey, AppError> {
        key.ok_or(AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> CouncilInput {
        CouncilInput {
            name: "新建村协商议事会".into(),
            kind: "village_council".into(),
            area: "sanyuan".into(),
            case_prefix: "xj".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_council_passes_and_is_normalised() {
        let v = validate_council(&good()).unwrap();
        assert_eq!(v.case_prefix, "XJ");
        assert_eq!(v.kind, CouncilKind::VillageCouncil);
        assert_eq!(v.new_area_name, None);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let bad = CouncilInput {
            name: "<script>".into(),
            kind: "castle".into(),
            area: " ".into(),
            case_prefix: "IO".into(),
            supervisor: "🙂".into(),
            ..Default::default()
        };
        let err = validate_council(&bad).unwrap_err();
        for field in ["name", "kind", "area", "case_prefix", "supervisor"] {
            assert!(err.concerns_field(field), "{field}");
        }
    }

    #[test]
    fn a_sector_station_needs_its_sector() {
        let input = CouncilInput {
            kind: "sector_station".into(),
            ..good()
        };
        assert!(validate_council(&input)
            .unwrap_err()
            .concerns_field("sector"));
    }

    #[test]
    fn case_prefixes_avoid_letters_like_digits() {
        assert_eq!(case_prefix(" sy "), Ok("SY".into()));
        assert!(case_prefix("SYO").is_err());
        assert!(case_prefix("S").is_err());
        assert!(case_prefix("ABCDE").is_err());
        assert!(case_prefix("S1").is_err());
    }

    #[test]
    fn levels_step_down() {
        assert_eq!(AreaLevel::Town.below(), Some(AreaLevel::Village));
        assert_eq!(AreaLevel::Village.below(), None);
        for l in AreaLevel::ALL {
            assert_eq!(AreaLevel::from_db(l.as_db()), Some(l));
        }
    }
}
