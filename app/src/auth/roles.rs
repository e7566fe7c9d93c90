//! The roles a member holds in a council: the head, deputies and liaisons manage it.
use serde::{Deserialize, Serialize};

/// A member's role in one council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    Head,
    Deputy,
    RotatingHead,
    Liaison,
    Member,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Head,
        Role::Deputy,
        Role::RotatingHead,
        Role::Liaison,
        Role::Member,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            Role::Head => "head",
            Role::Deputy => "deputy",
            Role::RotatingHead => "rotating_head",
            Role::Liaison => "liaison",
            Role::Member => "member",
        }
    }

    pub fn from_db(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_db() == s)
    }

    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            Role::Head => t.role_head,
            Role::Deputy => t.role_deputy,
            Role::RotatingHead => t.role_rotating_head,
            Role::Liaison => t.role_liaison,
            Role::Member => t.role_member,
        }
    }

    /// A role from its Chinese name, as written in a spreadsheet.
    pub fn from_label(s: &str) -> Option<Role> {
        let s = s.trim();
        if s.is_empty() {
            return Some(Role::Member);
        }
        Role::ALL
            .into_iter()
            .find(|r| r.label() == s || r.as_db() == s)
    }
}
