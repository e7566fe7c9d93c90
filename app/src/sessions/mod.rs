//! Consultation sessions (协商会): who was invited and came, and the notes members take together on
//! their phones, online or not. Types here are shared with the browser; rules live in `logic`.
use crate::base::codes::codes;
use serde::{Deserialize, Serialize};

pub mod api;
#[cfg(feature = "hydrate")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod form_post;
pub mod logic;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod photos;
#[cfg(feature = "ssr")]
pub mod store;

/// How a session is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionForm {
    /// 现场协商
    Onsite,
    /// 会议协商
    Meeting,
    /// 板凳协商
    Bench,
    /// 田间地头
    Field,
    /// 线上协商
    Online,
    /// 书面协商
    Written,
}

/// Who takes part ("5+X"): members, departments, resident representatives, respected locals, others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ParticipantKind {
    Member,
    Department,
    Resident,
    /// 乡贤、社会贤达
    Elder,
    /// 利益相关方、专家
    Stakeholder,
}

/// What a note records, in the order a session usually runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// 情况介绍
    Intro,
    /// 发言
    Statement,
    /// 建议
    Proposal,
    /// 共识
    Agreement,
    /// 分歧
    Disagreement,
    /// 待办
    Action,
}

/// Who spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerKind {
    Member,
    Department,
    Resident,
    /// A resident who gave no name.
    Anonymous,
}

codes!(SessionForm { Onsite = "onsite", Meeting = "meeting", Bench = "bench", Field = "field", Online = "online", Written = "written" });
codes!(ParticipantKind { Member = "member", Department = "department", Resident = "resident", Elder = "elder", Stakeholder = "stakeholder" });
codes!(NoteKind { Intro = "intro", Statement = "statement", Proposal = "proposal", Agreement = "agreement", Disagreement = "disagreement", Action = "action" });
codes!(SpeakerKind { Member = "member", Department = "department", Resident = "resident", Anonymous = "anonymous" });

pub use crate::base::ids::NoteId;

/// A note as the phone wrote it. `written_at` is the phone's clock (ISO 8601, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteDraft {
    pub id: NoteId,
    pub kind: NoteKind,
    pub speaker_kind: SpeakerKind,
    pub speaker_name: String,
    pub text: String,
    pub written_at: String,
}

/// A correction of one's own note, made from the version the author saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Correction {
    pub note: NoteId,
    /// The phone's id for this correction: a re-send is recognised.
    pub edit: NoteId,
    pub base_version: i64,
    pub kind: NoteKind,
    pub speaker_kind: SpeakerKind,
    pub speaker_name: String,
    pub text: String,
}

/// A correction that started from an older version than the note has now: shown, not dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteConflict {
    pub edit: String,
    pub base_version: i64,
    pub text: String,
}

/// A stored note, as everyone in the session sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub session: String,
    pub author: String,
    pub author_name: String,
    pub kind: NoteKind,
    pub speaker_kind: SpeakerKind,
    pub speaker_name: String,
    pub text: String,
    /// ISO 8601 UTC with milliseconds: sorts as text.
    pub written_at: String,
    /// When the server last changed it: the catch-up cursor of the live stream.
    pub updated_at: String,
    pub version: i64,
    pub conflicts: Vec<NoteConflict>,
    /// Carried into the topic's 协商建议清单.
    pub carried: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub kind: ParticipantKind,
    pub name: String,
}

/// The form that opens a session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInput {
    /// Made by the page (32 hex digits) when the form was drawn: sending the form twice opens
    /// one session. Empty: the server draws one.
    #[serde(default)]
    pub id: String,
    pub council: String,
    /// The topic's tracking code, or empty for a free-standing session.
    pub topic: String,
    pub title: String,
    pub form: String,
    /// A room code of the council, or empty.
    pub room: String,
    /// Where, when not in a room: "东风村3组晒场".
    pub place: String,
    /// `YYYY-MM-DDTHH:MM`, Beijing time, as a datetime-local input gives it.
    pub starts_at: String,
    /// A point on the map (WGS-84), typed or tapped; both empty for none.
    #[serde(default)]
    pub lat: String,
    #[serde(default)]
    pub lng: String,
    /// One line per group of names: members, departments, residents, elders, stakeholders.
    pub invited_members: String,
    pub invited_departments: String,
    pub invited_residents: String,
    pub invited_elders: String,
    pub invited_stakeholders: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub kind: ParticipantKind,
    pub is_member: bool,
}

/// The topic a session consults on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTopic {
    pub code: String,
    pub title: String,
    /// The topic is consulting: proposals and action items can go into its 协商建议清单.
    pub open_for_recommendations: bool,
}

/// Everything the session page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionView {
    pub key: String,
    pub council: String,
    pub council_name: String,
    pub topic: Option<SessionTopic>,
    pub title: String,
    pub form: SessionForm,
    pub room_name: String,
    pub place: String,
    /// The map point, and 高德 directions to it.
    pub point: Option<crate::base::geo::LatLng>,
    pub directions: String,
    pub starts_at: String,
    pub invited: Vec<Invitee>,
    pub headcount: i64,
    pub open: bool,
    pub summary: String,
    pub attendees: Vec<Attendee>,
    pub notes: Vec<Note>,
    /// The caller's account, to mark their own notes as correctable.
    pub me: String,
    pub checked_in: bool,
    pub can_manage: bool,
    /// The address a phone scans to join, and its QR code (SVG).
    pub join_url: String,
    pub join_qr: String,
    /// Photos of the paper sign-in sheet (ids for `/photos/{id}`).
    pub photos: Vec<String>,
    /// An id for the form's next note, drawn by the server so a page without scripts has one.
    pub fresh_note_id: String,
    /// Drawn for the form that adds a person by name, so sending it twice adds them once.
    pub fresh_attendee_id: String,
}

/// A line in a list of sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    pub key: String,
    pub title: String,
    pub council_name: String,
    pub form: SessionForm,
    pub starts_at: String,
    pub open: bool,
    pub notes: i64,
}

/// A room or topic a new session can be about, per council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChoices {
    pub council: String,
    pub council_name: String,
    pub rooms: Vec<(String, String)>,
    pub topics: Vec<(String, String)>,
}

impl SessionForm {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            SessionForm::Onsite => t.form_onsite,
            SessionForm::Meeting => t.form_meeting,
            SessionForm::Bench => t.form_bench,
            SessionForm::Field => t.form_field,
            SessionForm::Online => t.form_online,
            SessionForm::Written => t.form_written,
        }
    }
}

impl ParticipantKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            ParticipantKind::Member => t.participant_member,
            ParticipantKind::Department => t.participant_department,
            ParticipantKind::Resident => t.participant_resident,
            ParticipantKind::Elder => t.participant_elder,
            ParticipantKind::Stakeholder => t.participant_stakeholder,
        }
    }
}

impl NoteKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            NoteKind::Intro => t.note_intro,
            NoteKind::Statement => t.note_statement,
            NoteKind::Proposal => t.note_proposal,
            NoteKind::Agreement => t.note_agreement,
            NoteKind::Disagreement => t.note_disagreement,
            NoteKind::Action => t.note_action,
        }
    }
}

impl SpeakerKind {
    pub fn label(self) -> &'static str {
        let t = crate::base::text::t();
        match self {
            SpeakerKind::Member => t.speaker_member,
            SpeakerKind::Department => t.speaker_department,
            SpeakerKind::Resident => t.speaker_resident,
            SpeakerKind::Anonymous => t.speaker_anonymous,
        }
    }
}

/// What a phone still has to send: kept on the phone until the server has answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outgoing {
    Note(NoteDraft),
    Correction(Correction),
}

impl Outgoing {
    /// The id the phone keeps it under: the note's, or the correction's.
    pub fn id(&self) -> &NoteId {
        match self {
            Outgoing::Note(d) => &d.id,
            Outgoing::Correction(c) => &c.edit,
        }
    }
}

/// Where a waiting item stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Waiting {
    /// Not yet acknowledged by the server.
    Queued,
    /// The server holds a different note under this id: shown, never overwritten.
    Conflict,
    /// The server refused it (a rule, not the network): shown with the reason.
    Refused(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    pub item: Outgoing,
    pub state: Waiting,
}
