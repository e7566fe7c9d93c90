//! The rules of sessions and notes, in plain Rust: what a note may hold, how notes are ordered and
//! merged on a phone, and what a correction from an old version means.
use super::{
    Correction, Invitee, Note, NoteDraft, NoteKind, ParticipantKind, SessionForm, SessionInput,
    SpeakerKind,
};
use crate::base::clock::parse_starts_at;
use crate::base::error::AppError;
use crate::base::text::t;
use crate::base::validate::{self, Problems};

pub const NOTE_MAX_CHARS: usize = 2000;
pub const SPEAKER_MAX_CHARS: usize = 40;
pub const SUMMARY_MAX_CHARS: usize = 4000;
pub const INVITED_MAX: usize = 60;
pub const ATTENDEE_NAME_MAX_CHARS: usize = 40;
pub const HEADCOUNT_MAX: i64 = 10_000;

/// A note's content once checked: trimmed, with a speaker name only where one belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedNote {
    pub kind: NoteKind,
    pub speaker_kind: SpeakerKind,
    pub speaker_name: String,
    pub text: String,
}

/// Checks what a note says. A member or department speaker needs a name; an anonymous resident has none.
pub fn check_note(
    kind: NoteKind,
    speaker_kind: SpeakerKind,
    speaker_name: &str,
    text: &str,
) -> Result<CheckedNote, AppError> {
    let mut problems = Problems::default();
    let text = problems.check("text", validate::note(text, NOTE_MAX_CHARS));
    if text.as_deref() == Some("") {
        problems.add("text", t().err_required);
    }
    let speaker_name = match speaker_kind {
        SpeakerKind::Anonymous => Some(String::new()),
        SpeakerKind::Resident => problems.check(
            "speaker_name",
            validate::optional_name(speaker_name, SPEAKER_MAX_CHARS),
        ),
        SpeakerKind::Member | SpeakerKind::Department => problems.check(
            "speaker_name",
            validate::name(speaker_name, SPEAKER_MAX_CHARS),
        ),
    };
    problems.into_result()?;
    Ok(CheckedNote {
        kind,
        speaker_kind,
        speaker_name: speaker_name.unwrap_or_default(),
        text: text.unwrap_or_default(),
    })
}

pub fn check_draft(draft: &NoteDraft) -> Result<CheckedNote, AppError> {
    check_note(
        draft.kind,
        draft.speaker_kind,
        &draft.speaker_name,
        &draft.text,
    )
}

pub fn check_correction(correction: &Correction) -> Result<CheckedNote, AppError> {
    check_note(
        correction.kind,
        correction.speaker_kind,
        &correction.speaker_name,
        &correction.text,
    )
}

/// Whether a re-sent note says the same as the stored one: then it is the same note, sent twice.
pub fn same_content(stored: &Note, checked: &CheckedNote) -> bool {
    stored.kind == checked.kind
        && stored.speaker_kind == checked.speaker_kind
        && stored.speaker_name == checked.speaker_name
        && stored.text == checked.text
}

/// What a correction does to a note at `current` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionOutcome {
    /// Made from the latest version: becomes the next one.
    Apply,
    /// Made from an older version while another correction landed: kept beside the note.
    Conflict,
}

pub fn correction_outcome(current: i64, base: i64) -> CorrectionOutcome {
    if base == current {
        CorrectionOutcome::Apply
    } else {
        CorrectionOutcome::Conflict
    }
}

/// Only proposals and action items go into a topic's 协商建议清单.
pub fn can_carry(kind: NoteKind) -> bool {
    matches!(kind, NoteKind::Proposal | NoteKind::Action)
}

/// Notes in the order they were written, whoever sent them first; ties by id so every phone agrees.
pub fn sort_notes(notes: &mut [Note]) {
    notes.sort_by(|a, b| (&a.written_at, &a.id).cmp(&(&b.written_at, &b.id)));
}

/// Puts a note the server sent into a phone's list: new ones in their place, newer versions over
/// older ones, old versions ignored (a catch-up may repeat what the live stream already brought).
pub fn merge_note(notes: &mut Vec<Note>, incoming: Note) -> bool {
    match notes.iter_mut().find(|n| n.id == incoming.id) {
        Some(existing) if existing.version > incoming.version => false,
        Some(existing) if *existing == incoming => false,
        Some(existing) => {
            *existing = incoming;
            sort_notes(notes);
            true
        }
        None => {
            notes.push(incoming);
            sort_notes(notes);
            true
        }
    }
}

/// A session's form, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedSession {
    pub title: String,
    pub form: SessionForm,
    pub place: String,
    pub point: Option<crate::base::geo::LatLng>,
    pub starts_at: String,
    pub invited: Vec<Invitee>,
}

/// Names separated by commas (either kind), 、 or new lines.
fn names(text: &str) -> Vec<String> {
    text.split([',', '，', '、', '\n', ';', '；'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn check_session(input: &SessionInput) -> Result<CheckedSession, AppError> {
    let text = t();
    let mut problems = Problems::default();
    let title = problems.check("title", validate::name(&input.title, 80));
    let form = SessionForm::from_code(&input.form);
    if form.is_none() {
        problems.add("form", text.err_required);
    }
    let place = problems.check("place", validate::optional_name(&input.place, 80));
    let starts_at = parse_starts_at(&input.starts_at);
    if starts_at.is_none() {
        problems.add("starts_at", text.session_err_time);
    }
    let groups = [
        (
            ParticipantKind::Member,
            "invited_members",
            &input.invited_members,
        ),
        (
            ParticipantKind::Department,
            "invited_departments",
            &input.invited_departments,
        ),
        (
            ParticipantKind::Resident,
            "invited_residents",
            &input.invited_residents,
        ),
        (
            ParticipantKind::Elder,
            "invited_elders",
            &input.invited_elders,
        ),
        (
            ParticipantKind::Stakeholder,
            "invited_stakeholders",
            &input.invited_stakeholders,
        ),
    ];
    let mut invited = Vec::new();
    for (kind, field, list) in groups {
        for name in names(list) {
            if let Some(name) = problems.check(field, validate::name(&name, 40)) {
                if !invited
                    .iter()
                    .any(|i: &Invitee| i.kind == kind && i.name == name)
                {
                    invited.push(Invitee { kind, name });
                }
            }
        }
    }
    if invited.len() > INVITED_MAX {
        problems.add("invited_members", text.err_too_long);
    }
    // Checked to lie in China, swapped coordinates caught: the same rule as a member's concern.
    let point = match crate::base::geo::check_place(&input.lat, &input.lng) {
        Ok(point) => point,
        Err(AppError::Invalid(errors)) => {
            for e in errors {
                problems.add(&e.field, &e.message);
            }
            None
        }
        Err(_) => None,
    };
    problems.into_result()?;
    Ok(CheckedSession {
        point,
        title: title.unwrap_or_default(),
        form: form.unwrap_or(SessionForm::Bench),
        place: place.unwrap_or_default(),
        starts_at: starts_at.unwrap_or_default(),
        invited,
    })
}

/// Someone added to the attendance by name, with what they came as.
pub fn check_attendee(name: &str, kind: &str) -> Result<(String, ParticipantKind), AppError> {
    let name =
        validate::name(name, ATTENDEE_NAME_MAX_CHARS).map_err(|m| AppError::invalid("name", m))?;
    let kind = ParticipantKind::from_code(kind)
        .ok_or_else(|| AppError::invalid("kind", t().err_required))?;
    Ok((name, kind))
}

/// How many came, counted by hand.
pub fn check_headcount(headcount: i64) -> Result<i64, AppError> {
    if (0..=HEADCOUNT_MAX).contains(&headcount) {
        Ok(headcount)
    } else {
        Err(AppError::invalid("headcount", t().err_too_long))
    }
}

/// The summary a session closes with: required, within its size.
pub fn check_summary(summary: &str) -> Result<String, AppError> {
    let summary =
        validate::note(summary, SUMMARY_MAX_CHARS).map_err(|m| AppError::invalid("summary", m))?;
    if summary.is_empty() {
        return Err(AppError::invalid("summary", t().err_required));
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::NoteId;

    fn note(id: &str, written_at: &str, version: i64, text: &str) -> Note {
        Note {
            id: NoteId(id.into()),
            session: "s".into(),
            author: "a".into(),
            author_name: "李委员".into(),
            kind: NoteKind::Statement,
            speaker_kind: SpeakerKind::Anonymous,
            speaker_name: String::new(),
            text: text.into(),
            written_at: written_at.into(),
            updated_at: written_at.into(),
            version,
            conflicts: vec![],
            carried: false,
        }
    }

    #[test]
    fn note_ids_accept_uuids_and_nothing_else() {
        let id = NoteId::parse("3F2504E0-4F89-11D3-9A0C-0305E82C3301").unwrap();
        assert_eq!(id.0, "3f2504e04f8911d39a0c0305e82c3301");
        assert_eq!(NoteId::parse(&id.0), Some(id));
        assert_eq!(NoteId::parse("note:1"), None);
        assert_eq!(NoteId::parse(""), None);
        assert_eq!(NoteId::parse(&"g".repeat(32)), None);
    }

    #[test]
    fn a_note_needs_text_and_the_right_speaker_name() {
        let ok = check_note(
            NoteKind::Proposal,
            SpeakerKind::Resident,
            " 王大妈 ",
            " 修路 🚜 ",
        )
        .unwrap();
        assert_eq!(
            (ok.speaker_name.as_str(), ok.text.as_str()),
            ("王大妈", "修路 🚜")
        );
        let anonymous =
            check_note(NoteKind::Statement, SpeakerKind::Anonymous, "张三", "好").unwrap();
        assert_eq!(anonymous.speaker_name, "");
        assert!(check_note(NoteKind::Statement, SpeakerKind::Resident, "", "好").is_ok());
        assert!(check_note(NoteKind::Statement, SpeakerKind::Member, "", "好").is_err());
        assert!(check_note(NoteKind::Statement, SpeakerKind::Department, "交通局", "  ").is_err());
        let long = "路".repeat(NOTE_MAX_CHARS + 1);
        assert!(check_note(NoteKind::Statement, SpeakerKind::Anonymous, "", &long).is_err());
        let most = "路".repeat(NOTE_MAX_CHARS);
        assert!(check_note(NoteKind::Statement, SpeakerKind::Anonymous, "", &most).is_ok());
        assert!(check_note(NoteKind::Statement, SpeakerKind::Anonymous, "", "a\u{7}b").is_err());
    }

    #[test]
    fn a_resend_is_the_same_note_only_when_it_says_the_same() {
        let stored = note("a", "2026-11-24T01:00:00.000Z", 1, "修路");
        let same = check_note(NoteKind::Statement, SpeakerKind::Anonymous, "", "修路").unwrap();
        assert!(same_content(&stored, &same));
        let changed = check_note(NoteKind::Statement, SpeakerKind::Anonymous, "", "修桥").unwrap();
        assert!(!same_content(&stored, &changed));
        let other_kind =
            check_note(NoteKind::Proposal, SpeakerKind::Anonymous, "", "修路").unwrap();
        assert!(!same_content(&stored, &other_kind));
    }

    #[test]
    fn corrections_from_an_old_version_are_conflicts() {
        assert_eq!(correction_outcome(1, 1), CorrectionOutcome::Apply);
        assert_eq!(correction_outcome(3, 2), CorrectionOutcome::Conflict);
        assert!(can_carry(NoteKind::Action) && can_carry(NoteKind::Proposal));
        assert!(!can_carry(NoteKind::Statement) && !can_carry(NoteKind::Disagreement));
    }

    #[test]
    fn notes_merge_in_written_order_without_duplicates_or_going_back() {
        let mut notes = vec![note("b", "2026-11-24T01:00:02.000Z", 1, "二")];
        assert!(merge_note(
            &mut notes,
            note("a", "2026-11-24T01:00:01.000Z", 1, "一")
        ));
        assert!(merge_note(
            &mut notes,
            note("c", "2026-11-24T01:00:03.000Z", 1, "三")
        ));
        assert!(!merge_note(
            &mut notes,
            note("a", "2026-11-24T01:00:01.000Z", 1, "一")
        ));
        assert!(merge_note(
            &mut notes,
            note("b", "2026-11-24T01:00:02.000Z", 2, "二改")
        ));
        assert!(!merge_note(
            &mut notes,
            note("b", "2026-11-24T01:00:02.000Z", 1, "二")
        ));
        let texts: Vec<_> = notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["一", "二改", "三"]);
        // Same moment: the id decides, the same way on every phone.
        let mut tied = vec![
            note("z", "2026-11-24T01:00:00.000Z", 1, "z"),
            note("y", "2026-11-24T01:00:00.000Z", 1, "y"),
        ];
        sort_notes(&mut tied);
        assert_eq!(tied[0].id.0, "y");
    }

    #[test]
    fn session_form_checks_title_time_and_invited_names() {
        let input = SessionInput {
            title: "东风村停车难板凳会".into(),
            form: "bench".into(),
            starts_at: "2026-11-25T09:30".into(),
            invited_members: "李委员，王委员、李委员".into(),
            invited_departments: "交通运输局\n".into(),
            ..SessionInput::default()
        };
        let checked = check_session(&input).unwrap();
        assert_eq!(checked.form, SessionForm::Bench);
        assert_eq!(checked.starts_at, "2026-11-25T09:30");
        assert_eq!(checked.invited.len(), 3);
        assert_eq!(checked.invited[2].kind, ParticipantKind::Department);
        let point = SessionInput {
            lat: "35.9821".into(),
            lng: "103.2185".into(),
            ..input.clone()
        };
        assert!(check_session(&point).unwrap().point.is_some());
        let abroad = SessionInput {
            lat: "48.85".into(),
            lng: "2.35".into(),
            ..input.clone()
        };
        assert!(check_session(&abroad).is_err());
        let bad = SessionInput {
            form: "party".into(),
            starts_at: "2026-02-30T09:30".into(),
            ..SessionInput::default()
        };
        let AppError::Invalid(errors) = check_session(&bad).unwrap_err() else {
            panic!("expected field errors");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["title", "form", "starts_at"]);
    }

    #[test]
    fn attendance_and_summary_are_checked_with_the_field_named() {
        let field = |e: AppError| match e {
            AppError::Invalid(errors) => errors[0].field.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            check_attendee(" 王大妈 ", "resident").unwrap(),
            ("王大妈".to_string(), ParticipantKind::Resident)
        );
        assert_eq!(field(check_attendee("", "resident").unwrap_err()), "name");
        assert_eq!(
            field(check_attendee(&"王".repeat(41), "elder").unwrap_err()),
            "name"
        );
        assert_eq!(
            field(check_attendee("王大妈", "mayor").unwrap_err()),
            "kind"
        );
        assert_eq!(check_headcount(0).unwrap(), 0);
        assert_eq!(check_headcount(HEADCOUNT_MAX).unwrap(), HEADCOUNT_MAX);
        for bad in [-1, HEADCOUNT_MAX + 1] {
            assert_eq!(field(check_headcount(bad).unwrap_err()), "headcount");
        }
        assert_eq!(check_summary(" 共识：加宽 🚜 ").unwrap(), "共识：加宽 🚜");
        for bad in [
            "".to_string(),
            " \n ".to_string(),
            "字".repeat(SUMMARY_MAX_CHARS + 1),
        ] {
            assert_eq!(field(check_summary(&bad).unwrap_err()), "summary");
        }
    }
}
