//! The resident's say on the result (满意度): three plain answers and an optional comment.
use crate::base::error::AppError;
use crate::base::text::t;
use crate::cases::pipeline::Stage;
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
    let comment = crate::base::validate::note(comment, COMMENT_MAX)
        .map_err(|m| AppError::invalid("comment", m))?;
    Ok((satisfaction, comment))
}

/// `POST /c/{code}/rate`: the resident rates the result. A plain form post, with or without
/// JavaScript; only the browser that raised the case, or a phone checked at `/c/find` for the
/// number it was raised with, may rate it. Anyone else holding the code is refused (403) and a
/// lookup is spent: the code alone is not enough to speak for the resident.
#[cfg(feature = "ssr")]
pub mod handlers {
    use super::*;
    use crate::base::flash::Flash;
    use crate::server::flash::{keep, Keeper};
    use crate::server::state::AppState;
    use axum::extract::{ConnectInfo, Form, Path, State};
    use axum::http::HeaderMap;
    use axum::response::{IntoResponse, Redirect, Response};
    use std::net::SocketAddr;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct RatingForm {
        pub score: String,
        pub comment: String,
    }

    pub async fn post_rating(
        State(state): State<AppState>,
        ConnectInfo(peer): ConnectInfo<SocketAddr>,
        Path(code): Path<String>,
        headers: HeaderMap,
        Form(form): Form<RatingForm>,
    ) -> Response {
        let client = state.client(peer.ip(), &headers);
        let result = async {
            let code =
                crate::cases::public::resident::own_case(&state, client, &headers, &code).await?;
            let score = form.score.trim().parse().unwrap_or(0);
            let (satisfaction, comment) = check_rating(score, &form.comment)?;
            crate::cases::public::store::rate(&state.db, &code, satisfaction, &comment).await?;
            Ok(code)
        }
        .await;
        match result {
            Ok(code) => Redirect::to(&format!("/c/{code}?rated=1#rating")).into_response(),
            Err(error @ AppError::Invalid(_)) => {
                let flash = Flash::new(
                    "rating",
                    &[("score", &form.score), ("comment", &form.comment)],
                    error,
                );
                // Kept for this browser; one proven by phone alone gets its token now.
                let (device, set_cookie) = crate::cases::public::resident::device_for(
                    &headers,
                    state.settings.secure_cookies,
                );
                let mut response =
                    match keep(&state, client, &Keeper::device(&device), &flash).await {
                        Ok(key) => Redirect::to(&format!(
                            "/c/{}?flash={key}#rating",
                            crate::cases::intake::logic::parse_tracking_code(&code)
                                .map(|c| c.0)
                                .unwrap_or_default()
                        ))
                        .into_response(),
                        Err(e) => e.into_response(),
                    };
                if let Some(value) =
                    set_cookie.and_then(|c| axum::http::HeaderValue::from_str(&c).ok())
                {
                    response
                        .headers_mut()
                        .append(axum::http::header::SET_COOKIE, value);
                }
                response
            }
            Err(error) => error.into_response(),
        }
    }
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
