//! Member queries. Adding members (one or a whole sheet) is one transaction with its audit entries.
use super::{CouncilMember, MemberLevel, Role, ValidMember};
use crate::audit::actions;
use crate::audit::store::{audited, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::server::db::is_duplicate;
use crate::server::db::Db;
use crate::server::db::Thrown;
use crate::server::db::{key_text, record};
use surrealdb::types::{RecordId, SurrealValue};

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct MemberRow {
    id: RecordId,
    name: String,
    sector: Option<RecordId>,
    sector_name: Option<String>,
    level: String,
    phone: Option<String>,
    contact_public: bool,
    specialties: Vec<String>,
    role: String,
    has_account: bool,
}

pub async fn council_name(db: &Db, council: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE name FROM ONLY $council")
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    Ok(response.take::<Option<String>>(0)?)
}

/// The members of a council with their role there, heads first.
pub async fn council_members(db: &Db, council: &str) -> Result<Vec<CouncilMember>, AppError> {
    let mut response = db
        .query(
            "SELECT member.id AS id, member.name AS name, member.sector AS sector,
                 member.sector.name AS sector_name,
                 member.level AS level, member.phone AS phone,
                 member.contact_public AS contact_public, member.specialties AS specialties, role,
                 count(SELECT id FROM account WHERE member = $parent.member) > 0 AS has_account
             FROM membership WHERE council = $council",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rows: Vec<MemberRow> = response.take(0)?;
    let mut members: Vec<CouncilMember> = rows
        .into_iter()
        .filter_map(|r| {
            Some(CouncilMember {
                key: key_text(&r.id),
                name: r.name,
                sector: r.sector_name.unwrap_or_default(),
                sector_key: r.sector.as_ref().map(key_text).unwrap_or_default(),
                level: MemberLevel::from_db(&r.level)?,
                phone: r.phone,
                contact_public: r.contact_public,
                specialties: r.specialties,
                role: Role::from_db(&r.role)?,
                has_account: r.has_account,
            })
        })
        .collect();
    members.sort_by(|a, b| (a.role, &a.name).cmp(&(b.role, &b.name)));
    Ok(members)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct MemberContent {
    name: String,
    sector: RecordId,
    level: String,
    phone: Option<String>,
    contact_public: bool,
    specialties: Vec<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct NewMembership {
    phone: Option<String>,
    role: String,
    member: MemberContent,
}

/// Where a person serves, and whether their account is more than a member's: what the policy
/// needs to decide who may edit them or hand their account a code (`Action::ManagePerson`).
pub async fn person_reach(db: &Db, member: &str) -> Result<crate::auth::Action, AppError> {
    let member = record("member", member);
    let mut response = db
        .query(
            "SELECT VALUE council FROM membership WHERE member = $member;
             RETURN count(SELECT id FROM account WHERE member = $member
                 AND (system_admin = true OR admin_area != NONE OR department != NONE)) > 0;",
        )
        .bind(("member", member))
        .await?
        .check()?;
    let councils: Vec<RecordId> = response.take(0)?;
    let elevated: Option<bool> = response.take(1)?;
    Ok(crate::auth::Action::ManagePerson {
        councils: councils.iter().map(key_text).collect(),
        elevated: elevated.unwrap_or(true),
    })
}

/// The councils the caller manages, as record ids for a query.
fn managed(me: &Principal) -> Vec<RecordId> {
    me.managed_councils
        .iter()
        .map(|c| record("council", c))
        .collect()
}

/// Of these phone numbers, those of members serving in a council the caller does not manage,
/// or nowhere any more: they cannot be linked from here (see `add_members`).
pub async fn phones_out_of_reach(
    db: &Db,
    me: &Principal,
    phones: &[String],
) -> Result<Vec<String>, AppError> {
    if me.system_admin || phones.is_empty() {
        return Ok(Vec::new());
    }
    let mut response = db
        .query(
            "SELECT VALUE phone FROM member WHERE phone IN $phones
                 AND ((SELECT VALUE council FROM membership
                       WHERE member = $parent.id AND council NOT IN $allowed) != []
                   OR (SELECT VALUE id FROM membership WHERE member = $parent.id) = [])",
        )
        .bind(("phones", phones.to_vec()))
        .bind(("allowed", managed(me)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// Adds members to a council in one transaction, each with its audit entry. A member already
/// known by phone number is linked rather than created again, but only when every council they
/// serve is one the caller manages (`allowed`, or any for a system admin): otherwise a liaison
/// could pull another council's head into theirs and reach that account.
pub async fn add_members(
    db: &Db,
    me: &Principal,
    council: &str,
    members: &[ValidMember],
    action: &'static str,
) -> Result<(), AppError> {
    let rows: Vec<NewMembership> = members
        .iter()
        .map(|m| NewMembership {
            phone: m.phone.clone(),
            role: m.role.as_db().to_string(),
            member: MemberContent {
                name: m.name.clone(),
                sector: record("sector", &m.sector),
                level: m.level.as_db().to_string(),
                phone: m.phone.clone(),
                contact_public: m.contact_public,
                specialties: m.specialties.clone(),
            },
        })
        .collect();
    let result = db
        .query(
            "BEGIN TRANSACTION;
             FOR $row IN $rows {
                 LET $existing = (SELECT VALUE id FROM member
                     WHERE $row.phone != NONE AND phone = $row.phone LIMIT 1)[0];
                 LET $serves = (SELECT VALUE council FROM membership WHERE member = $existing);
                 IF $existing != NONE AND !$system AND ($serves = []
                         OR $serves.filter(|$c| $c NOT IN $allowed) != []) {
                     THROW 'member_elsewhere';
                 };
                 LET $member = IF $existing != NONE { $existing }
                     ELSE { (CREATE ONLY member CONTENT $row.member RETURN id).id };
                 LET $ms = CREATE ONLY membership SET member = $member, council = $council,
                     role = $row.role;
                 CREATE audit SET actor = $actor, actor_name = $actor_name, action = $action,
                     target = <string> $ms.id, council = $council,
                     after = { member: $member, name: $row.member.name, role: $row.role };
             };
             COMMIT TRANSACTION;",
        )
        .bind(("rows", rows))
        .bind(("council", record("council", council)))
        .bind(("actor", record("account", &me.account)))
        .bind(("actor_name", me.name.clone()))
        .bind(("action", action))
        .bind(("system", me.system_admin))
        .bind(("allowed", managed(me)))
        .await
        .and_then(crate::server::db::check_transaction);
    match result {
        Ok(_) => Ok(()),
        Err(err) if Thrown::of(&err) == Some(Thrown::MemberElsewhere) => {
            Err(AppError::invalid("phone", t().err_member_elsewhere))
        }
        Err(err) if is_duplicate(&err) => Err(AppError::invalid("phone", t().err_already_member)),
        Err(err) => {
            tracing::error!(error = %err, "adding members failed");
            Err(AppError::Internal)
        }
    }
}

/// The membership of a member in a council.
pub async fn membership(
    db: &Db,
    council: &str,
    member: &str,
) -> Result<Option<(RecordId, Role)>, AppError> {
    #[derive(Debug, SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct Row {
        id: RecordId,
        role: String,
    }
    let mut response = db
        .query(
            "SELECT id, role FROM membership WHERE council = $council AND member = $member LIMIT 1",
        )
        .bind(("council", record("council", council)))
        .bind(("member", record("member", member)))
        .await?
        .check()?;
    Ok(response
        .take::<Vec<Row>>(0)?
        .into_iter()
        .next()
        .and_then(|r| Some((r.id, Role::from_db(&r.role)?))))
}

pub async fn set_role(
    db: &Db,
    me: &Principal,
    council: &str,
    membership: RecordId,
    role: Role,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::MEMBERSHIP_ROLE,
            target: membership,
            council: Some(record("council", council)),
        },
        "UPDATE $target SET role = $role",
    )
    .bind(("role", role.as_db()))
    .await?
    .check()?;
    Ok(())
}

/// Takes a member out of a council; the member record stays (other councils, history).
pub async fn remove(
    db: &Db,
    me: &Principal,
    council: &str,
    membership: RecordId,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::MEMBERSHIP_REMOVE,
            target: membership,
            council: Some(record("council", council)),
        },
        "DELETE $target",
    )
    .await?
    .check()?;
    Ok(())
}

/// Sector names to keys for a council's district, for matching a sheet's 界别 column.
pub async fn sector_names(db: &Db, council: &str) -> Result<Vec<(String, String)>, AppError> {
    let areas = crate::councils::admin_store::all_areas(db).await?;
    let area = crate::councils::admin_store::council_area(db, council)
        .await?
        .ok_or(AppError::NotFound)?;
    let district = crate::councils::logic::district_of(&areas, &area);
    let sectors = crate::councils::admin_store::district_sectors(
        db,
        &areas,
        &district.into_iter().collect::<Vec<_>>(),
    )
    .await?;
    Ok(sectors.into_iter().map(|s| (s.name, s.key)).collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct TeamRow {
    name: String,
    leader: Option<String>,
    members: Vec<String>,
}

pub async fn council_teams(db: &Db, council: &str) -> Result<Vec<super::WorkTeam>, AppError> {
    let mut response = db
        .query(
            "SELECT name, leader.name AS leader, members.map(|$m| $m.name) AS members
             FROM work_team WHERE council = $council ORDER BY name",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let rows: Vec<TeamRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| super::WorkTeam {
            name: r.name,
            leader: r.leader,
            members: r.members,
        })
        .collect())
}

/// Creates a work team; its leader is one of its members.
pub async fn create_team(
    db: &Db,
    me: &Principal,
    council: &str,
    name: &str,
    leader: Option<&str>,
    members: &[String],
) -> Result<(), AppError> {
    let council_id = record("council", council);
    let result = audited(
        db,
        Change {
            actor: me,
            action: actions::TEAM_CREATE,
            target: record("work_team", &crate::audit::store::new_key()),
            council: Some(council_id.clone()),
        },
        "CREATE $target SET council = $council, name = $name, leader = $leader, members = $members",
    )
    .bind(("council", council_id))
    .bind(("name", name.to_string()))
    .bind(("leader", leader.map(|l| record("member", l))))
    .bind((
        "members",
        members
            .iter()
            .map(|m| record("member", m))
            .collect::<Vec<_>>(),
    ))
    .await
    .and_then(crate::server::db::check_transaction);
    match result {
        Ok(_) => Ok(()),
        Err(err) if is_duplicate(&err) => Err(AppError::invalid("name", t().err_duplicate)),
        Err(err) => Err(err.into()),
    }
}

/// Saves a member's own details (not their role, which belongs to one council).
pub async fn update_member(
    db: &Db,
    me: &Principal,
    council: &str,
    member: &str,
    valid: &ValidMember,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: actions::MEMBER_UPDATE,
            target: record("member", member),
            council: Some(record("council", council)),
        },
        "UPDATE $target SET name = $name, sector = $sector, level = $level, phone = $phone,
             contact_public = $contact_public, specialties = $specialties",
    )
    .bind(("name", valid.name.clone()))
    .bind(("sector", record("sector", &valid.sector)))
    .bind(("level", valid.level.as_db()))
    .bind(("phone", valid.phone.clone()))
    .bind(("contact_public", valid.contact_public))
    .bind(("specialties", valid.specialties.clone()))
    .await?
    .check()?;
    Ok(())
}
