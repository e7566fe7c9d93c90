//! The rule violations our SurrealQL raises with `THROW '<code>'`, matched by their exact code:
//! a query's refusal becomes a variant here, never a guess at an error message.

/// Declares the codes once: the enum, the list of all of them and each one's text.
macro_rules! thrown_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// What a `THROW` in one of our queries said.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Thrown {
            $($variant,)*
        }

        impl Thrown {
            pub const ALL: &[Thrown] = &[$(Thrown::$variant,)*];

            /// The code as the query throws it.
            pub fn code(self) -> &'static str {
                match self {
                    $(Thrown::$variant => $code,)*
                }
            }
        }
    };
}

thrown_codes! {
    AssignmentConflict = "assignment_conflict",
    AssignmentDone = "assignment_done",
    Carried = "carried",
    CaseConflict = "case_conflict",
    CaseMissing = "case_missing",
    CaseNotRatable = "case_not_ratable",
    CaseStage = "case_stage",
    DepartmentElsewhere = "department_elsewhere",
    HasAssignments = "has_assignments",
    LeaseHeld = "lease_held",
    LevelsInUse = "levels_in_use",
    MemberElsewhere = "member_elsewhere",
    NotFound = "not_found",
    PhoneLimited = "phone_limited",
    PhotosFull = "photos_full",
    RecommendationElsewhere = "recommendation_elsewhere",
    SessionClosed = "session_closed",
    SignedAlready = "signed_already",
    SignersPending = "signers_pending",
    Stale = "stale",
    UploadsFull = "uploads_full",
}

impl Thrown {
    /// The code a failed query threw, if it threw one of ours.
    pub fn of(err: &surrealdb::Error) -> Option<Thrown> {
        let code = super::thrown(err)?;
        Thrown::ALL.iter().copied().find(|t| t.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::Thrown;
    use std::path::Path;

    fn throws_in(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                throws_in(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "surql")
                && !path.ends_with("server/db/thrown.rs")
            {
                let text = std::fs::read_to_string(&path).unwrap();
                for part in text.split("THROW '").skip(1) {
                    found.push(part.split('\'').next().unwrap_or_default().to_string());
                }
            }
        }
    }

    /// Every code a query throws is one of these, so every refusal can be told apart exactly.
    #[test]
    fn every_thrown_code_is_known() {
        let mut found = Vec::new();
        throws_in(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(found.len() >= 20, "{found:?}");
        for code in found {
            assert!(
                Thrown::ALL.iter().any(|t| t.code() == code),
                "THROW '{code}' is not a Thrown variant"
            );
        }
    }
}
