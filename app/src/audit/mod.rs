//! The audit log: every change anyone makes, with who, when, what, and the record before and after.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use serde::{Deserialize, Serialize};

/// One recorded change, as the audit page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Beijing time.
    pub at: String,
    pub actor_name: String,
    pub action: String,
    pub target: String,
    pub council_name: Option<String>,
    /// The fields that changed: (field, before, after), values as JSON text.
    pub changes: Vec<(String, String, String)>,
}

/// A council in the log's filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditCouncil {
    pub key: String,
    pub name: String,
}

/// What the admin narrowed the log to. Empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub council: String,
    pub action: String,
    pub actor: String,
}

/// Kinds of change, by the name stored in `audit.action`.
pub mod actions {
    pub const COUNCIL_CREATE: &str = "council.create";
    pub const COUNCIL_UPDATE: &str = "council.update";
    pub const STANDARD_UPDATE: &str = "standard.update";
    pub const ROOM_CREATE: &str = "room.create";
    pub const ROOM_UPDATE: &str = "room.update";
    pub const MEMBERSHIP_ADD: &str = "membership.add";
    pub const MEMBERSHIP_ROLE: &str = "membership.role";
    pub const MEMBERSHIP_REMOVE: &str = "membership.remove";
    pub const ROSTER_PATTERN: &str = "roster.pattern";
    pub const ROSTER_SWAP: &str = "roster.swap";
    pub const SECTOR_CREATE: &str = "sector.create";
    pub const ACTIVITY_RECORD: &str = "activity.record";
    pub const ACTIVITY_CHECK_IN: &str = "activity.check_in";
    pub const ACTIVITY_PUBLISH: &str = "activity.publish";
    pub const RECEPTION_RECORD: &str = "reception.record";
    pub const HOUSEHOLD_ADD: &str = "household.add";
    pub const CONTACT_LOG: &str = "contact.log";
    pub const SCORE_SHEET: &str = "score.sheet";
    pub const SCORE_ADJUST: &str = "score.adjust";
    pub const QUARTER_CLOSE: &str = "quarter.close";
    pub const QUARTER_REOPEN: &str = "quarter.reopen";
    pub const ACCOUNT_CREATE: &str = "account.create";
    pub const ACCOUNT_RESET: &str = "account.reset";
    pub const ACCOUNT_DISABLE: &str = "account.disable";
    pub const ACCOUNT_ENABLE: &str = "account.enable";
    pub const ACCOUNT_PASSWORD: &str = "account.password";
    pub const MEMBERS_IMPORT: &str = "members.import";
    pub const TEAM_CREATE: &str = "team.create";
    pub const MEMBER_UPDATE: &str = "member.update";
    pub const ROSTER_STOP: &str = "roster.stop";
    pub const CASE_PUBLISH: &str = "case.publish";
    pub const CASE_TYPICAL: &str = "case.typical";
    pub const REPORT_SAVE: &str = "report.save";
    pub const REPORT_STEP: &str = "report.step";
    pub const PROPOSAL_SAVE: &str = "proposal.save";
    pub const PROPOSAL_SIGN: &str = "proposal.sign";
    pub const PROPOSAL_STEP: &str = "proposal.step";
    pub const PROPOSAL_WINDOW: &str = "proposal.window";
    pub const REVIEW_LEVELS: &str = "review.levels";

    pub const ALL: [&str; 39] = [
        COUNCIL_CREATE,
        COUNCIL_UPDATE,
        STANDARD_UPDATE,
        ROOM_CREATE,
        ROOM_UPDATE,
        MEMBERSHIP_ADD,
        MEMBERSHIP_ROLE,
        MEMBERSHIP_REMOVE,
        ROSTER_PATTERN,
        ROSTER_SWAP,
        SECTOR_CREATE,
        ACCOUNT_CREATE,
        ACCOUNT_RESET,
        ACCOUNT_DISABLE,
        ACCOUNT_ENABLE,
        ACCOUNT_PASSWORD,
        MEMBERS_IMPORT,
        TEAM_CREATE,
        MEMBER_UPDATE,
        ROSTER_STOP,
        CASE_PUBLISH,
        CASE_TYPICAL,
        ACTIVITY_RECORD,
        ACTIVITY_CHECK_IN,
        ACTIVITY_PUBLISH,
        RECEPTION_RECORD,
        HOUSEHOLD_ADD,
        CONTACT_LOG,
        SCORE_SHEET,
        SCORE_ADJUST,
        QUARTER_CLOSE,
        QUARTER_REOPEN,
        REPORT_SAVE,
        REPORT_STEP,
        PROPOSAL_SAVE,
        PROPOSAL_SIGN,
        PROPOSAL_STEP,
        PROPOSAL_WINDOW,
        REVIEW_LEVELS,
    ];
}

/// The Chinese name of a kind of change.
pub fn action_label(action: &str) -> &'static str {
    crate::base::text::t()
        .audit_actions
        .iter()
        .find(|(key, _)| *key == action)
        .map_or("", |(_, label)| label)
}

/// The fields that differ between two JSON objects, as (field, before, after).
#[cfg(feature = "ssr")]
pub fn diff(
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Vec<(String, String, String)> {
    use std::collections::BTreeSet;
    let empty = serde_json::Map::new();
    let b = before.and_then(|v| v.as_object()).unwrap_or(&empty);
    let a = after.and_then(|v| v.as_object()).unwrap_or(&empty);
    let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter(|k| k.as_str() != "id" && k.as_str() != "created_at")
        .filter(|k| b.get(*k) != a.get(*k))
        .filter(|k| !k.contains("password"))
        .map(|k| {
            let show = |v: Option<&serde_json::Value>| v.map(|v| v.to_string()).unwrap_or_default();
            (k.clone(), show(b.get(k)), show(a.get(k)))
        })
        .collect()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_action_has_a_label() {
        for action in actions::ALL {
            assert!(!action_label(action).is_empty(), "{action}");
        }
    }

    #[test]
    fn diff_lists_changed_fields_only_and_never_passwords() {
        let before =
            json!({"id": "room:a", "name": "老名字", "hours": "周五", "password_hash": "x"});
        let after = json!({"id": "room:a", "name": "新名字", "hours": "周五", "password_hash": "y", "active": false});
        let changes = diff(Some(&before), Some(&after));
        assert_eq!(
            changes,
            vec![
                ("active".into(), "".into(), "false".into()),
                ("name".into(), "\"老名字\"".into(), "\"新名字\"".into()),
            ]
        );
        assert_eq!(diff(None, Some(&json!({"name": "x"}))).len(), 1);
    }
}
