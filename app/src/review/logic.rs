//! The rules of a review chain, in plain Rust: how many levels, what a level's name may be, and
//! that every level names a holder the council may send topics to.
use super::LevelInput;
use crate::base::error::AppError;
use crate::base::ids::Holder;
use crate::base::text::t;

/// At most this many levels: the stored `review_level` is below it too.
pub const LEVELS_MAX: usize = 5;
pub const LEVEL_NAME_MAX: usize = 20;

/// A level as it is kept: its name, and who holds it (`None`: the council itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub name: String,
    pub holder: Option<Holder>,
}

/// The chain a form sent, checked against the holders open to this council (`own` is the
/// council itself). Rows left empty are dropped; anything else wrong is a field error.
pub fn check_chain(
    rows: &[LevelInput],
    own: &Holder,
    open: &[Holder],
) -> Result<Vec<Level>, AppError> {
    let text = t();
    let rows: Vec<&LevelInput> = rows
        .iter()
        .filter(|r| !(r.name.trim().is_empty() && r.holder.trim().is_empty()))
        .collect();
    if rows.is_empty() || rows.len() > LEVELS_MAX {
        return Err(AppError::invalid("levels", text.review_err_count));
    }
    rows.into_iter()
        .map(|row| {
            let name = crate::base::validate::name(&row.name, LEVEL_NAME_MAX)
                .map_err(|m| AppError::invalid("levels", m))?;
            let holder = Holder::parse(row.holder.trim())
                .filter(|h| h == own || open.contains(h))
                .ok_or_else(|| AppError::invalid("levels", text.review_err_holder))?;
            Ok(Level {
                name,
                holder: (&holder != own).then_some(holder),
            })
        })
        .collect()
}

/// `approve` or `reject`, as the pipeline's steps.
pub fn decision(code: &str) -> Option<crate::cases::pipeline::Step> {
    use crate::cases::pipeline::Step;
    match code {
        "approve" => Some(Step::Approve),
        "reject" => Some(Step::Reject),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::ids::{CouncilKey, ReviewBodyKey};

    fn row(name: &str, holder: &str) -> LevelInput {
        LevelInput {
            name: name.into(),
            holder: holder.into(),
        }
    }

    fn own() -> Holder {
        Holder::Council(CouncilKey::parse("sy_dongfeng").unwrap())
    }

    fn open() -> Vec<Holder> {
        vec![
            Holder::Council(CouncilKey::parse("sy_town").unwrap()),
            Holder::Body(ReviewBodyKey::parse("yongjing_shehui").unwrap()),
        ]
    }

    #[test]
    fn a_chain_names_each_levels_holder_and_the_council_itself_needs_no_seat() {
        let chain = check_chain(
            &[
                row(" 镇街初筛 ", "council:sy_town"),
                row("", ""),
                row("联系委室审核", "review_body:yongjing_shehui"),
                row("议事会审定", "council:sy_dongfeng"),
            ],
            &own(),
            &open(),
        )
        .unwrap();
        assert_eq!(
            chain,
            vec![
                Level {
                    name: "镇街初筛".into(),
                    holder: Some(open()[0].clone())
                },
                Level {
                    name: "联系委室审核".into(),
                    holder: Some(open()[1].clone())
                },
                Level {
                    name: "议事会审定".into(),
                    holder: None
                },
            ]
        );
    }

    #[test]
    fn a_chain_refuses_holders_beside_it_and_wrong_lengths() {
        let refused = |rows: &[LevelInput]| check_chain(rows, &own(), &open()).is_err();
        // Another village's council, another district's body, something that is no holder.
        assert!(refused(&[row("初审", "council:sy_xinjian")]));
        assert!(refused(&[row("初审", "review_body:nanshan_chair")]));
        assert!(refused(&[row("初审", "account:admin")]));
        assert!(refused(&[row("", "council:sy_town")]));
        assert!(refused(&[row(
            &"审".repeat(LEVEL_NAME_MAX + 1),
            "council:sy_town"
        )]));
        assert!(refused(&[]));
        assert!(refused(&[row("", "")]));
        let six: Vec<LevelInput> = (0..=LEVELS_MAX)
            .map(|_| row("审核", "council:sy_town"))
            .collect();
        assert!(refused(&six));
    }

    #[test]
    fn only_two_decisions_exist() {
        use crate::cases::pipeline::Step;
        assert_eq!(decision("approve"), Some(Step::Approve));
        assert_eq!(decision("reject"), Some(Step::Reject));
        assert_eq!(decision("close"), None);
    }
}
