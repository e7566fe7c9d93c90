//! 三级会审 with real reviewers: each review level of a council is held by someone (the council
//! itself, the station above it, a district committee's staff, the chairs' secretariat); each
//! holder works from its own queue, sees only the topics that reached it, and decides with a note.
//! The pipeline (`cases::pipeline`) stays the rule for where a decision leads; this module says
//! who may take it, and keeps the chain a district sets for each council.
pub mod api;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::base::ids::TrackingCode;
use crate::cases::desk::EventLine;
use crate::cases::pipeline::{Stage, Step};
use serde::{Deserialize, Serialize};

/// A topic waiting at a level the caller sits at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaitingLine {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub council_name: String,
    /// `第2级 · 联系委室审核 · 共3级`.
    pub level: String,
    /// When it reached this level.
    pub since: String,
}

/// A decision the caller's seats took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecidedLine {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub council_name: String,
    pub step: Step,
    /// Where the decision sent it.
    pub to: Stage,
    pub actor_name: String,
    pub at: String,
}

/// `/review`: what waits for the caller's seats, and what they decided lately.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewQueue {
    /// The names the caller sits as: councils they manage, their review body.
    pub seats: Vec<String>,
    pub waiting: Vec<WaitingLine>,
    pub decided: Vec<DecidedLine>,
}

/// How far a topic has come along its council's chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LevelState {
    Passed,
    Current,
    Ahead,
}

/// One level of a council's chain, as a topic's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLevel {
    pub name: String,
    pub holder_name: String,
    pub state: LevelState,
}

/// A topic as a reviewer reads it: the concern and its screening, the chain, the history. The
/// resident's name and phone stay with the council that took the concern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewTopic {
    pub tracking_code: TrackingCode,
    pub title: String,
    pub description: String,
    pub council_name: String,
    pub room_name: String,
    pub category: String,
    pub submitted_at: String,
    /// The 六议 reasons ticked at screening, in words.
    pub screening: Vec<String>,
    pub status: Stage,
    pub chain: Vec<ChainLevel>,
    pub events: Vec<EventLine>,
    pub version: i64,
    /// The caller sits at the level it waits at.
    pub may_decide: bool,
}

/// A decision as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecideInput {
    pub code: String,
    /// `approve` or `reject`.
    pub decision: String,
    pub version: i64,
    #[serde(default)]
    pub note: String,
}

/// A level as the chain's form carries it: its name and the holder's code (`council:…`,
/// `review_body:…`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub holder: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainInput {
    pub council: String,
    #[serde(default)]
    pub levels: Vec<LevelInput>,
}

/// A council's chain as its admin tab shows it, with who may hold a level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainView {
    pub council: String,
    pub levels: Vec<LevelInput>,
    /// Holders a level may name: code and name, the council itself first.
    pub holders: Vec<(String, String)>,
    /// The caller holds the council's area and may change the chain.
    pub editable: bool,
    /// Topics now in review at each level, in order.
    pub waiting: Vec<i64>,
}
