//! Accounts: who signs in (phone number or username and a password), their sessions, and the
//! screens to sign in, sign out and change one's password.
pub mod api;
pub mod pages;
pub mod password;

#[cfg(feature = "ssr")]
pub mod login;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// What someone types to sign in: a mainland mobile number or a username.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LoginName {
    Phone(String),
    Username(String),
}

impl LoginName {
    /// Spaces and dashes in a phone number are dropped; usernames are not case-sensitive.
    pub fn parse(raw: &str) -> Option<LoginName> {
        let trimmed = raw.trim();
        if let Some(phone) = crate::base::phone::parse_phone(trimmed) {
            // Accounts sign in with a mobile number only, never a landline.
            return phone
                .0
                .starts_with('1')
                .then_some(LoginName::Phone(phone.0));
        }
        let name = trimmed.to_lowercase();
        is_username(&name).then_some(LoginName::Username(name))
    }

    /// The key its sign-in attempts are counted under.
    pub fn limit_key(&self) -> String {
        match self {
            LoginName::Phone(p) => format!("p:{p}"),
            LoginName::Username(u) => format!("u:{u}"),
        }
    }
}

/// 3 to 32 characters: a lowercase letter, then letters, digits or underscores.
pub fn is_username(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && (3..=32).contains(&name.len())
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// The signed-in account as the page header shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    /// Role names, in Chinese, for the header.
    pub roles: Vec<String>,
    pub is_admin: bool,
    pub must_change_password: bool,
}

/// An account in the system admin's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub key: String,
    pub name: String,
    /// Phone number or username.
    pub login: String,
    /// 系统管理员, 区管理员（南山区）, 部门（水务局）, 委员.
    pub kind: String,
    pub disabled: bool,
}

/// The form to create an account that is not a member's: `kind` is `system`, `district`
/// (with `area`) or `department` (with `area` and `department`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInput {
    pub name: String,
    pub phone: String,
    pub username: String,
    pub kind: String,
    pub area: String,
    pub department: String,
}

/// A one-time password, shown once to the admin who issued it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedCode {
    pub login: String,
    pub code: String,
}

/// Why sign-in failed, as carried in the `/login?error=` query after a redirect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginProblem {
    Wrong,
    Limited,
    Disabled,
    /// The one-time code was not used within its 72 hours.
    CodeExpired,
    /// Too many sign-ins at once on the server: try again in a moment.
    Busy,
}

impl LoginProblem {
    pub fn as_query(self) -> &'static str {
        match self {
            LoginProblem::Wrong => "wrong",
            LoginProblem::Limited => "limited",
            LoginProblem::Disabled => "disabled",
            LoginProblem::CodeExpired => "code_expired",
            LoginProblem::Busy => "busy",
        }
    }

    pub fn from_query(s: &str) -> Option<Self> {
        Some(match s {
            "wrong" => LoginProblem::Wrong,
            "limited" => LoginProblem::Limited,
            "disabled" => LoginProblem::Disabled,
            "code_expired" => LoginProblem::CodeExpired,
            "busy" => LoginProblem::Busy,
            _ => return None,
        })
    }

    pub fn message(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            LoginProblem::Wrong => t.login_wrong,
            LoginProblem::Limited => t.login_limited,
            LoginProblem::Disabled => t.login_disabled,
            LoginProblem::CodeExpired => t.login_code_expired,
            LoginProblem::Busy => t.err_unavailable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_usernames_are_told_apart() {
        assert_eq!(
            LoginName::parse(" 139-0000 1234 "),
            Some(LoginName::Phone("13900001234".into()))
        );
        assert_eq!(
            LoginName::parse("Admin_1"),
            Some(LoginName::Username("admin_1".into()))
        );
        assert_eq!(LoginName::parse(""), None);
        assert_eq!(LoginName::parse("12345"), None);
        assert_eq!(LoginName::parse("张三"), None);
        assert_eq!(LoginName::parse("a b"), None);
        assert_eq!(LoginName::parse("<script>"), None);
        assert!(!is_username(&"a".repeat(33)));
    }

    #[test]
    fn problems_survive_the_query_string() {
        for p in [
            LoginProblem::Wrong,
            LoginProblem::Limited,
            LoginProblem::Disabled,
        ] {
            assert_eq!(LoginProblem::from_query(p.as_query()), Some(p));
        }
        assert_eq!(LoginProblem::from_query("x"), None);
    }
}
