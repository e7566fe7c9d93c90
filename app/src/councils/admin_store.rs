//! Council administration queries: every change goes through the audit log.
use super::admin::{
    AreaLevel, AreaOption, CouncilAdminRow, CouncilDetail, CouncilInput, SectorOption, StandardRow,
    ValidCouncil, STANDARD_ITEMS,
};
use super::logic::{area_path, district_of, AreaNode};
use super::CouncilKind;
use crate::audit::actions;
use crate::audit::store::{audited, new_key, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::is_duplicate;
use crate::server::db::Db;
use crate::server::db::Thrown;
use crate::server::db::{key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

/// Every area (see `store::all_areas`).
pub async fn all_areas(db: &Db) -> Result<Vec<AreaNode>, AppError> {
    Ok(super::store::all_areas(db).await?)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilListRow {
    id: RecordId,
    name: String,
    kind: String,
    area: RecordId,
    rooms: i64,
    members: i64,
}

/// The councils an admin sees: every one for a system admin, else the ones they administer.
pub async fn admin_rows(db: &Db, me: &Principal) -> Result<Vec<CouncilAdminRow>, AppError> {
    let scope: Option<Vec<RecordId>> = (!me.system_admin).then(|| {
        me.managed_councils
            .iter()
            .map(|c| record("council", c))
            .collect()
    });
    let mut response = db
        .query(
            "SELECT id, name, kind, area,
                 count(SELECT id FROM room WHERE council = $parent.id) AS rooms,
                 count(SELECT id FROM membership WHERE council = $parent.id) AS members
             FROM council WHERE $scope = NONE OR id IN $scope ORDER BY name",
        )
        .bind(("scope", scope))
        .await?
        .check()?;
    let rows: Vec<CouncilListRow> = response.take(0)?;
    let areas = all_areas(db).await?;
    let mut out: Vec<CouncilAdminRow> = rows
        .into_iter()
        .filter_map(|r| {
            Some(CouncilAdminRow {
                key: key_text(&r.id),
                name: r.name,
                kind: CouncilKind::from_db(&r.kind)?,
                area_path: area_path(&areas, &key_text(&r.area)),
                rooms: r.rooms as u32,
                members: r.members as u32,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.area_path, &a.name).cmp(&(&b.area_path, &b.name)));
    Ok(out)
}

/// Areas an admin may choose (`allowed` = None: all) and the sectors of their districts.
pub async fn form_options(
    db: &Db,
    allowed: Option<&[String]>,
) -> Result<(Vec<AreaOption>, Vec<SectorOption>), AppError> {
    let areas = all_areas(db).await?;
    let mut options: Vec<AreaOption> = areas
        .iter()
        .filter(|a| allowed.is_none_or(|keys| keys.contains(&a.key)))
        .filter_map(|a| {
            Some(AreaOption {
                key: a.key.clone(),
                path: area_path(&areas, &a.key),
                level: AreaLevel::from_db(&a.level)?,
            })
        })
        .collect();
    options.sort_by(|a, b| a.path.cmp(&b.path));
    let districts: Vec<String> = options
        .iter()
        .filter_map(|o| district_of(&areas, &o.key))
        .collect();
    let sectors = district_sectors(db, &areas, &districts).await?;
    Ok((options, sectors))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SectorRow {
    id: RecordId,
    name: String,
    area: RecordId,
}

/// The sectors kept by these districts, in their set order.
pub async fn district_sectors(
    db: &Db,
    areas: &[AreaNode],
    districts: &[String],
) -> Result<Vec<SectorOption>, AppError> {
    let ids: Vec<RecordId> = districts.iter().map(|d| record("area", d)).collect();
    let mut response = db
        .query("SELECT id, name, area, position FROM sector WHERE area IN $ids ORDER BY area, position, name")
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<SectorRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|s| SectorOption {
            key: key_text(&s.id),
            name: s.name,
            district: area_path(areas, &key_text(&s.area))
                .rsplit(" › ")
                .next()
                .unwrap_or_default()
                .to_string(),
        })
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CouncilContent {
    name: String,
    kind: String,
    area: RecordId,
    sector: Option<RecordId>,
    case_prefix: String,
    supervisor: String,
    staff_liaison: String,
}

/// Checks the chosen area and sector exist and fit together; returns the new area's level if
/// one is to be created below the chosen one.
async fn check_places(db: &Db, council: &ValidCouncil) -> Result<Option<AreaLevel>, AppError> {
    let areas = all_areas(db).await?;
    let Some(area) = areas.iter().find(|a| a.key == council.area) else {
        return Err(AppError::invalid("area", t().err_choose));
    };
    let new_level = match &council.new_area_name {
        None => None,
        Some(_) => {
            let below = AreaLevel::from_db(&area.level).and_then(AreaLevel::below);
            Some(below.ok_or(AppError::invalid("new_area_name", t().err_area_lowest))?)
        }
    };
    if let Some(sector) = &council.sector {
        let district = district_of(&areas, &council.area);
        let mut response = db
            .query("SELECT VALUE area FROM ONLY $sector")
            .bind(("sector", record("sector", sector)))
            .await?
            .check()?;
        let sector_area: Option<RecordId> = response.take(0)?;
        if sector_area.map(|a| key_text(&a)) != district {
            return Err(AppError::invalid("sector", t().err_choose));
        }
    }
    Ok(new_level)
}

fn content(council: &ValidCouncil, area: RecordId) -> CouncilContent {
    CouncilContent {
        name: council.name.clone(),
        kind: council.kind.as_db().to_string(),
        area,
        sector: council.sector.as_deref().map(|s| record("sector", s)),
        case_prefix: council.case_prefix.clone(),
        supervisor: council.supervisor.clone(),
        staff_liaison: council.staff_liaison.clone(),
    }
}

/// Creates a council (and the new area under the chosen one, if named). Returns its key.
pub async fn create(db: &Db, me: &Principal, council: &ValidCouncil) -> Result<String, AppError> {
    let new_level = check_places(db, council).await?;
    let key = new_key();
    let target = record("council", &key);
    let new_area = record("area", &new_key());
    let area = if new_level.is_some() {
        new_area.clone()
    } else {
        record("area", &council.area)
    };
    let result = audited(
        db,
        Change {
            actor: me,
            action: actions::COUNCIL_CREATE,
            target: target.clone(),
            council: Some(target),
        },
        "IF $new_level != NONE {
             CREATE $new_area SET name = $new_area_name, level = $new_level, parent = $parent;
         };
         CREATE $target CONTENT $content",
    )
    .bind(("new_level", new_level.map(AreaLevel::as_db)))
    .bind(("new_area", new_area))
    .bind(("new_area_name", council.new_area_name.clone()))
    .bind(("parent", record("area", &council.area)))
    .bind(("content", content(council, area)))
    .await
    .and_then(crate::server::db::check_transaction);
    match result {
        Ok(_) => Ok(key),
        Err(err) if is_duplicate(&err) => Err(AppError::invalid("name", t().err_duplicate)),
        Err(err) => Err(err.into()),
    }
}

/// Saves a council's fields. The area stays unless the caller may create councils there too
/// (checked by the server function).
pub async fn update(
    db: &Db,
    me: &Principal,
    key: &str,
    council: &ValidCouncil,
) -> Result<(), AppError> {
    if council.new_area_name.is_some() {
        return Err(AppError::invalid(
            "new_area_name",
            t().err_area_on_create_only,
        ));
    }
    check_places(db, council).await?;
    let target = record("council", key);
    audited(
        db,
        Change {
            actor: me,
            action: actions::COUNCIL_UPDATE,
            target: target.clone(),
            council: Some(target),
        },
        "IF (SELECT id FROM ONLY $target) = NONE { THROW 'not_found' };
         UPDATE $target MERGE $content",
    )
    .bind(("content", content(council, record("area", &council.area))))
    .await
    .and_then(crate::server::db::check_transaction)
    .map_err(|e| match Thrown::of(&e) {
        Some(Thrown::NotFound) => AppError::NotFound,
        _ => AppError::from(e),
    })?;
    Ok(())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DetailRow {
    name: String,
    kind: String,
    area: RecordId,
    sector: Option<RecordId>,
    case_prefix: String,
    supervisor: String,
    staff_liaison: String,
    standards: Vec<StandardDbRow>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StandardDbRow {
    item: String,
    met: bool,
    evidence: String,
}

/// The area a council sits in, to check the caller's reach before anything else.
pub async fn council_area(db: &Db, key: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE area FROM ONLY $council")
        .bind(("council", record("council", key)))
        .await?
        .check()?;
    Ok(response.take::<Option<RecordId>>(0)?.as_ref().map(key_text))
}

pub async fn detail(db: &Db, key: &str) -> Result<Option<CouncilDetail>, AppError> {
    let mut response = db
        .query(
            "SELECT name, kind, area, sector, case_prefix, supervisor, staff_liaison,
                 (SELECT item, met, evidence FROM council_standard WHERE council = $parent.id) AS standards
             FROM ONLY $council",
        )
        .bind(("council", record("council", key)))
        .await?
        .check()?;
    let Some(row) = response.take::<Option<DetailRow>>(0)? else {
        return Ok(None);
    };
    let areas = all_areas(db).await?;
    let area = key_text(&row.area);
    let standards = STANDARD_ITEMS
        .iter()
        .map(|item| {
            let saved = row.standards.iter().find(|s| s.item == *item);
            StandardRow {
                item: item.to_string(),
                met: saved.is_some_and(|s| s.met),
                evidence: saved.map(|s| s.evidence.clone()).unwrap_or_default(),
            }
        })
        .collect();
    Ok(Some(CouncilDetail {
        key: crate::base::ids::CouncilKey::from_db(key),
        area_path: area_path(&areas, &area),
        form: CouncilInput {
            name: row.name,
            kind: row.kind,
            area,
            new_area_name: String::new(),
            sector: row.sector.as_ref().map(key_text).unwrap_or_default(),
            case_prefix: row.case_prefix,
            supervisor: row.supervisor,
            staff_liaison: row.staff_liaison,
        },
        standards,
    }))
}

/// Marks one checklist item met or not, with its evidence note.
pub async fn set_standard(
    db: &Db,
    me: &Principal,
    council: &str,
    row: &StandardRow,
) -> Result<(), AppError> {
    let council_id = record("council", council);
    audited(
        db,
        Change {
            actor: me,
            action: actions::STANDARD_UPDATE,
            target: record("council_standard", &format!("{council}_{}", row.item)),
            council: Some(council_id.clone()),
        },
        "UPSERT $target SET council = $council, item = $item, met = $met, evidence = $evidence",
    )
    .bind(("council", council_id))
    .bind(("item", row.item.clone()))
    .bind(("met", row.met))
    .bind(("evidence", row.evidence.clone()))
    .await?
    .check()?;
    Ok(())
}
