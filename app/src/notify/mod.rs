//! Text messages that tell people their matter moved. Domains queue a text in the same
//! transaction as the change that causes it (`outbox`), so a change rolled back sends nothing;
//! one sender per database drains the queue through a gateway (`sender`, `gateway`) under the
//! rules that protect people (`rules`): quiet hours, a daily cap, opt-out, retries.
#[cfg(feature = "ssr")]
pub mod gateway;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod sender;

/// What a text is about. Stored as `kind` on `sms_outbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoticeKind {
    /// A one-time code the person asked for (找回查询码).
    Code,
    /// The tracking code of a concern just raised.
    CaseRaised,
    CaseAccepted,
    CaseHanded,
    CaseAnswered,
    CaseMerged,
    CaseRejected,
    CaseFeedback,
    /// Texts over the day's cap, folded into one.
    Digest,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 9] = [
        NoticeKind::Code,
        NoticeKind::CaseRaised,
        NoticeKind::CaseAccepted,
        NoticeKind::CaseHanded,
        NoticeKind::CaseAnswered,
        NoticeKind::CaseMerged,
        NoticeKind::CaseRejected,
        NoticeKind::CaseFeedback,
        NoticeKind::Digest,
    ];

    pub fn as_db(self) -> &'static str {
        match self {
            NoticeKind::Code => "code",
            NoticeKind::CaseRaised => "case_raised",
            NoticeKind::CaseAccepted => "case_accepted",
            NoticeKind::CaseHanded => "case_handed",
            NoticeKind::CaseAnswered => "case_answered",
            NoticeKind::CaseMerged => "case_merged",
            NoticeKind::CaseRejected => "case_rejected",
            NoticeKind::CaseFeedback => "case_feedback",
            NoticeKind::Digest => "digest",
        }
    }

    pub fn from_db(text: &str) -> Option<NoticeKind> {
        NoticeKind::ALL.into_iter().find(|k| k.as_db() == text)
    }

    /// Sent at any hour: the person just asked for it (a code, the receipt of what they raised).
    pub fn urgent(self) -> bool {
        matches!(self, NoticeKind::Code | NoticeKind::CaseRaised)
    }

    /// Counted against the day's cap and folded into a digest past it. What the person asked
    /// for, and the digest itself, never are.
    pub fn capped(self) -> bool {
        !matches!(
            self,
            NoticeKind::Code | NoticeKind::CaseRaised | NoticeKind::Digest
        )
    }

    /// The template, from the text module.
    pub fn template(self) -> &'static str {
        let text = crate::base::text::t();
        match self {
            NoticeKind::Code => text.find_sms,
            NoticeKind::CaseRaised => text.sms_case_raised,
            NoticeKind::CaseAccepted => text.sms_case_accepted,
            NoticeKind::CaseHanded => text.sms_case_handed,
            NoticeKind::CaseAnswered => text.sms_case_answered,
            NoticeKind::CaseMerged => text.sms_case_merged,
            NoticeKind::CaseRejected => text.sms_case_rejected,
            NoticeKind::CaseFeedback => text.sms_case_feedback,
            NoticeKind::Digest => text.sms_digest,
        }
    }
}

/// Where a text stands. Stored as `status` on `sms_outbox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Queued,
    /// Handed to the gateway, answer not yet recorded.
    Sending,
    Sent,
    /// The last try failed; it is tried again after a wait.
    Failed,
    /// Tried as often as it may be, or interrupted mid-send (never sent twice).
    GivenUp,
    /// Folded into the next morning's digest.
    Digested,
    /// The number asked for no more texts.
    Stopped,
}

impl Delivery {
    pub fn as_db(self) -> &'static str {
        match self {
            Delivery::Queued => "queued",
            Delivery::Sending => "sending",
            Delivery::Sent => "sent",
            Delivery::Failed => "failed",
            Delivery::GivenUp => "given_up",
            Delivery::Digested => "digested",
            Delivery::Stopped => "stopped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_from_what_is_stored() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::from_db(kind.as_db()), Some(kind));
        }
        assert_eq!(NoticeKind::from_db("other"), None);
    }

    /// One SMS is 70 characters of Chinese. With a tracking code of 20 characters and a short
    /// address every text about a case fits in one.
    #[test]
    fn case_texts_fit_one_message_with_a_short_address() {
        for kind in NoticeKind::ALL {
            if matches!(kind, NoticeKind::Code | NoticeKind::Digest) {
                continue;
            }
            let text = kind
                .template()
                .replace("{code}", "SY-28461-93015-27365")
                .replace("{other}", "SY-28461-93015-27366")
                .replace("{url}", "https://bd.gov.cn");
            let length = text.chars().count();
            let limit = if kind == NoticeKind::CaseFeedback {
                90
            } else {
                70
            };
            assert!(length <= limit, "{kind:?} is {length} characters: {text}");
        }
    }
}
