//! The resident's say on the result (满意度): three plain answers and an optional comment.
use super::pipeline::Stage;
use crate::error::AppError;
use crate::text::t;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Satisfaction {
    Dissatisfied = 1,
    Partly = 2,
    Satisfied = 3,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::Satisfied,
        Satisfaction::Partly,
        Satisfaction::Dissatisfied,
    ];

    pub fn from_score(score: i64) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| *s as i64 == score)
    }

    pub fn label(self) -> &'static str {
        let text = t();
        match self {
            Satisfaction::Satisfied => text.rating_satisfied,
            Satisfaction::Partly => text.rating_partly,
            Satisfaction::Dissatisfied => text.rating_dissatisfied,
        }
    }
}

pub const COMMENT_MAX: usize = 300;

/// Only a result can be rated: once the council has fed back (and after it closed the case).
pub fn can_rate(stage: Stage) -> bool {
    matches!(stage, Stage::FeedbackGiven | Stage::Closed)
}

/// The form as posted: a score of 1–3 and a comment.
pub fn check_rating(score: i64, comment: &str) -> Result<(Satisfaction, String), AppError> {
    let satisfaction = Satisfaction::from_score(score)
        .ok_or_else(|| AppError::invalid("score", t().err_rating_score))?;
    let comment =
        crate::validate::note(comment, COMMENT_MAX).map_err(|m| AppError::invalid("comment", m))?;
    Ok((satisfaction, comment))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_three_answers_on_results_only() {
        assert_eq!(
            check_rating(3, " 很快就修好了 👍 ").unwrap(),
            (Satisfaction::Satisfied, "很快就修好了 👍".into())
        );
        assert_eq!(check_rating(1, "").unwrap().0, Satisfaction::Dissatisfied);
        for bad in [0, 4, -1, 300] {
            assert!(check_rating(bad, "").is_err(), "{bad}");
        }
        assert!(check_rating(2, &"字".repeat(COMMENT_MAX + 1)).is_err());
        assert!(can_rate(Stage::FeedbackGiven) && can_rate(Stage::Closed));
        assert!(
            !can_rate(Stage::Received)
                && !can_rate(Stage::Implementing)
                && !can_rate(Stage::Answered)
        );
    }
}
