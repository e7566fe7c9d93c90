//! Who is calling, and the one policy that says what they may do. Deny by default: an action is
//! allowed only where `can` says so. Accounts and roles arrive with the accounts issue; until
//! then every caller is anonymous and only the public actions are open.

/// The caller of a server function or page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A resident or any visitor without an account.
    Anonymous,
}

/// Everything a server function does on someone's behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    ListCouncils,
    ViewRoom,
    RaiseConcern,
    ViewCaseByCode,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::ListCouncils,
        Action::ViewRoom,
        Action::RaiseConcern,
        Action::ViewCaseByCode,
    ];
}

/// The policy.
pub fn can(actor: &Actor, action: Action) -> bool {
    match (actor, action) {
        (
            Actor::Anonymous,
            Action::ListCouncils | Action::ViewRoom | Action::RaiseConcern | Action::ViewCaseByCode,
        ) => true,
    }
}

/// The caller of the current request.
#[cfg(feature = "ssr")]
pub async fn current_actor() -> Actor {
    Actor::Anonymous
}

/// The first line of every server function: who is calling, and may they do this?
#[cfg(feature = "ssr")]
pub async fn authorize(action: Action) -> Result<Actor, crate::error::AppError> {
    let actor = current_actor().await;
    if can(&actor, action) {
        Ok(actor)
    } else {
        tracing::warn!(?actor, ?action, "denied");
        Err(crate::error::AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every action, as every actor: the table grows with each new role or action.
    #[test]
    fn the_policy_table() {
        let expected = [
            (Actor::Anonymous, Action::ListCouncils, true),
            (Actor::Anonymous, Action::ViewRoom, true),
            (Actor::Anonymous, Action::RaiseConcern, true),
            (Actor::Anonymous, Action::ViewCaseByCode, true),
        ];
        assert_eq!(expected.len(), Action::ALL.len());
        for (actor, action, allowed) in expected {
            assert_eq!(can(&actor, action), allowed, "{actor:?} {action:?}");
        }
    }
}
