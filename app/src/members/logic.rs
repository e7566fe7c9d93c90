//! Checks on members and their roles, in plain Rust.
use super::import::RawMember;
use super::{ImportRow, MemberInput, MemberLevel, Role, ValidMember};
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

/// Specialties as typed: "法律、调解, 教育" → ["法律", "调解", "教育"].
pub fn split_specialties(s: &str) -> Vec<String> {
    s.split([',', '，', '、', ';', '；', ' ', '\u{3000}'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn mobile_or_landline(value: &str) -> Result<Option<String>, &'static str> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    crate::base::phone::parse_phone(value)
        .map(|p| Some(p.0))
        .ok_or(t().err_phone_format)
}

fn specialties(value: &str) -> Result<Vec<String>, &'static str> {
    let list = split_specialties(value);
    if list.len() > 10 {
        return Err(t().err_too_many);
    }
    list.iter()
        .map(|s| validate::name(s, 20))
        .collect::<Result<Vec<_>, _>>()
}

pub fn validate_member(input: &MemberInput) -> Result<ValidMember, AppError> {
    let mut p = Problems::default();
    let name = p.check("name", validate::name(&input.name, 30));
    if input.sector.trim().is_empty() {
        p.add("sector", t().err_choose);
    }
    let level = p.check(
        "level",
        MemberLevel::from_db(&input.level).ok_or(t().err_choose),
    );
    let phone = p.check("phone", mobile_or_landline(&input.phone));
    let specialties = p.check("specialties", specialties(&input.specialties));
    let role = p.check("role", Role::from_db(&input.role).ok_or(t().err_choose));
    if input.contact_public && phone == Some(None) {
        p.add("contact_public", t().err_public_without_phone);
    }
    p.into_result()?;
    Ok(ValidMember {
        name: name.unwrap_or_default(),
        sector: input.sector.trim().to_string(),
        level: level.unwrap_or(MemberLevel::District),
        phone: phone.flatten(),
        contact_public: input.contact_public,
        specialties: specialties.unwrap_or_default(),
        role: role.unwrap_or(Role::Member),
    })
}

/// How many of each role a council may have: one head, up to three deputies, two liaisons.
pub fn role_limit(role: Role) -> Option<usize> {
    match role {
        Role::Head => Some(1),
        Role::Deputy => Some(3),
        Role::Liaison => Some(2),
        Role::RotatingHead | Role::Member => None,
    }
}

/// Whether one more member can take `role`, given the roles already held (without that member).
pub fn check_role(held: &[Role], role: Role) -> Result<(), &'static str> {
    match role_limit(role) {
        Some(limit) if held.iter().filter(|r| **r == role).count() >= limit => {
            Err(t().err_role_full)
        }
        _ => Ok(()),
    }
}

fn yes(s: &str) -> Result<bool, &'static str> {
    match s.trim() {
        "" | "否" | "不公开" | "n" | "N" | "no" | "0" => Ok(false),
        "是" | "公开" | "y" | "Y" | "yes" | "1" => Ok(true),
        _ => Err(t().err_yes_no),
    }
}

/// Checks a sheet's rows: each becomes a member to add, or its reasons in Chinese. `sectors`
/// maps sector names to keys; `held` are the roles the council has already; `phones` are
/// numbers already in this council.
pub fn check_import(
    rows: &[RawMember],
    sectors: &[(String, String)],
    held: &[Role],
    phones: &[String],
) -> (Vec<ImportRow>, Vec<ValidMember>) {
    let mut held = held.to_vec();
    let mut seen_phones: Vec<String> = phones.to_vec();
    let mut checked = Vec::new();
    let mut valid = Vec::new();
    for raw in rows {
        let mut errors = Vec::new();
        let sector = sectors.iter().find(|(name, _)| *name == raw.sector);
        if sector.is_none() && !raw.sector.is_empty() {
            errors.push(format!("{}{}", t().err_unknown_sector, raw.sector));
        }
        let level = if raw.level.is_empty() {
            Some(MemberLevel::District)
        } else {
            MemberLevel::from_label(&raw.level)
        };
        if level.is_none() {
            errors.push(format!("{}{}", t().err_unknown_level, raw.level));
        }
        let role = Role::from_label(&raw.role);
        if role.is_none() {
            errors.push(format!("{}{}", t().err_unknown_role, raw.role));
        }
        let public = yes(&raw.contact_public);
        if let Err(message) = public {
            errors.push(message.to_string());
        }
        let input = MemberInput {
            name: raw.name.clone(),
            sector: sector.map(|(_, key)| key.clone()).unwrap_or_default(),
            level: level.unwrap_or(MemberLevel::District).as_db().to_string(),
            phone: raw.phone.clone(),
            contact_public: public.unwrap_or(false),
            specialties: raw.specialties.clone(),
            role: role.unwrap_or(Role::Member).as_db().to_string(),
        };
        let member = match validate_member(&input) {
            Ok(member) => Some(member),
            Err(AppError::Invalid(fields)) => {
                for f in fields {
                    // The sector's own message is already there when its name was unknown.
                    if !(f.field == "sector" && sector.is_none() && !raw.sector.is_empty()) {
                        errors.push(f.message);
                    }
                }
                None
            }
            Err(other) => {
                errors.push(other.message());
                None
            }
        };
        if let Some(member) = &member {
            if let Err(message) = check_role(&held, member.role) {
                errors.push(format!("{}{}", member.role.label(), message));
            }
            if let Some(phone) = &member.phone {
                if seen_phones.contains(phone) {
                    errors.push(t().err_duplicate_phone.to_string());
                }
            }
        }
        if errors.is_empty() {
            if let Some(member) = member {
                held.push(member.role);
                seen_phones.extend(member.phone.clone());
                valid.push(member);
            }
        }
        checked.push(ImportRow {
            line: raw.line,
            name: raw.name.clone(),
            sector: raw.sector.clone(),
            role: role.map(Role::label).unwrap_or_default().to_string(),
            errors,
        });
    }
    (checked, valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> MemberInput {
        MemberInput {
            name: "李明".into(),
            sector: "edu".into(),
            level: "district".into(),
            phone: "139 0000 1111".into(),
            contact_public: true,
            specialties: "法律、调解，教育".into(),
            role: "liaison".into(),
        }
    }

    #[test]
    fn a_member_is_normalised() {
        let m = validate_member(&input()).unwrap();
        assert_eq!(m.phone.as_deref(), Some("13900001111"));
        assert_eq!(m.specialties, vec!["法律", "调解", "教育"]);
        assert_eq!(m.role, Role::Liaison);
    }

    #[test]
    fn hostile_members_are_refused_field_by_field() {
        let bad = MemberInput {
            name: "<img src=x>".into(),
            sector: "".into(),
            level: "emperor".into(),
            phone: "12345".into(),
            specialties: "🙂".into(),
            role: "king".into(),
            ..input()
        };
        let err = validate_member(&bad).unwrap_err();
        for f in ["name", "sector", "level", "phone", "specialties", "role"] {
            assert!(err.concerns_field(f), "{f}");
        }
        let public_without_phone = MemberInput {
            phone: " ".into(),
            ..input()
        };
        assert!(validate_member(&public_without_phone)
            .unwrap_err()
            .concerns_field("contact_public"));
    }

    #[test]
    fn role_limits() {
        assert!(check_role(&[], Role::Head).is_ok());
        assert!(check_role(&[Role::Head], Role::Head).is_err());
        assert!(check_role(&[Role::Liaison], Role::Liaison).is_ok());
        assert!(check_role(&[Role::Liaison, Role::Liaison], Role::Liaison).is_err());
        assert!(check_role(&[Role::Member; 50], Role::Member).is_ok());
    }

    #[test]
    fn an_import_checks_each_row_and_the_sheet_as_a_whole() {
        let sectors = vec![("教育".to_string(), "edu".to_string())];
        let raw = |line, name: &str, sector: &str, phone: &str, role: &str| RawMember {
            line,
            name: name.into(),
            sector: sector.into(),
            phone: phone.into(),
            role: role.into(),
            ..Default::default()
        };
        let rows = vec![
            raw(2, "李明", "教育", "13900001111", "站长"),
            raw(3, "王芳", "教育", "13900002222", "站长"),
            raw(4, "赵强", "水利", "", ""),
            raw(5, "", "教育", "", ""),
            raw(6, "孙丽", "教育", "13900001111", ""),
            raw(7, "周杰", "教育", "", "委员"),
        ];
        let (checked, valid) = check_import(&rows, &sectors, &[], &[]);
        let names: Vec<&str> = valid.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, vec!["李明", "周杰"]);
        let errors = |line: usize| {
            checked
                .iter()
                .find(|r| r.line == line)
                .unwrap()
                .errors
                .clone()
        };
        assert!(errors(2).is_empty());
        assert!(
            errors(3)[0].contains(t().role_head),
            "second head: {:?}",
            errors(3)
        );
        assert!(errors(4)[0].contains("水利"));
        assert_eq!(errors(5), vec![t().err_required.to_string()]);
        assert_eq!(errors(6), vec![t().err_duplicate_phone.to_string()]);
        assert!(errors(7).is_empty());
    }
}
