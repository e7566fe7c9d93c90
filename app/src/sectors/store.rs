//! Sector queries.
use super::DistrictSectors;
use crate::audit::actions;
use crate::audit::store::{audited, new_key, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::is_duplicate;
use crate::server::db::Db;
use crate::server::db::{key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DistrictRow {
    id: RecordId,
    name: String,
    sectors: Vec<String>,
}

/// The districts in `scope` (None: all) with their sectors in order.
pub async fn districts(
    db: &Db,
    scope: Option<Vec<String>>,
) -> Result<Vec<DistrictSectors>, AppError> {
    let scope: Option<Vec<RecordId>> =
        scope.map(|keys| keys.iter().map(|k| record("area", k)).collect());
    let mut response = db
        .query(
            "SELECT id, name, (SELECT position, name FROM sector WHERE area = $parent.id
                 ORDER BY position, name).map(|$s| $s.name) AS sectors
             FROM area WHERE level = 'district' AND ($scope = NONE OR id IN $scope) ORDER BY name",
        )
        .bind(("scope", scope))
        .await?
        .check()?;
    let rows: Vec<DistrictRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| DistrictSectors {
            district: key_text(&r.id),
            name: r.name,
            sectors: r.sectors,
        })
        .collect())
}

/// Adds sectors at the end of a district's list; names it has already are skipped.
pub async fn add(
    db: &Db,
    me: &Principal,
    district: &str,
    names: &[String],
) -> Result<usize, AppError> {
    let current = districts(db, Some(vec![district.to_string()])).await?;
    let Some(current) = current.into_iter().next() else {
        return Err(AppError::NotFound);
    };
    let mut position = current.sectors.len() as i64;
    let mut added = 0;
    for name in names.iter().filter(|n| !current.sectors.contains(n)) {
        position += 1;
        let result = audited(
            db,
            Change {
                actor: me,
                action: actions::SECTOR_CREATE,
                target: record("sector", &new_key()),
                council: None,
            },
            "CREATE $target SET name = $name, area = $district, position = $position",
        )
        .bind(("name", name.clone()))
        .bind(("district", record("area", district)))
        .bind(("position", position))
        .await
        .and_then(crate::server::db::check_transaction);
        match result {
            Ok(_) => added += 1,
            Err(err) if is_duplicate(&err) => {}
            Err(err) => return Err(err.into()),
        }
    }
    Ok(added)
}
