//! Queuing texts. A domain binds `CaseNotice` into its own transaction and runs `CASE_NOTICE`
//! there, after the change: the text is queued exactly when the change is stored. The phone
//! number is read inside the query and never passes through the app.
use super::{rules, NoticeKind};
use crate::base::error::AppError;
use crate::server::db::Db;
use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

/// Queues `$sms_kind`'s text for the resident of `$case` when they left a number that has not
/// opted out. Needs `$case`, `$sms_kind`, `$sms_text`, `$sms_event`, `$sms_not_before` (see
/// `CaseNotice::bind`); a `$sms_kind` of NONE queues nothing. The event key makes a second
/// queuing of the same event a no-op.
pub const CASE_NOTICE: &str = "
    IF $sms_kind != NONE {
        LET $sms_case = (SELECT resident_phone, tracking_code, merged_into.tracking_code AS other
            FROM ONLY $case);
        IF $sms_case.resident_phone != NONE
            AND array::len((SELECT id FROM sms_optout WHERE phone = $sms_case.resident_phone)) = 0
            AND array::len((SELECT id FROM sms_outbox WHERE event = $sms_event)) = 0 {
            CREATE sms_outbox SET phone = $sms_case.resident_phone, kind = $sms_kind, case = $case,
                event = $sms_event, not_before = $sms_not_before,
                text = string::replace(string::replace($sms_text, '{code}', $sms_case.tracking_code),
                    '{other}', $sms_case.other ?? '');
        };
    };";

/// The parameters of `CASE_NOTICE` for one event of a case.
pub struct CaseNotice {
    pub kind: Option<NoticeKind>,
    /// What caused it, once: e.g. the case and the version the step made.
    pub event: String,
    pub now: DateTime<Utc>,
}

impl CaseNotice {
    pub fn new(kind: Option<NoticeKind>, event: String) -> CaseNotice {
        CaseNotice {
            kind,
            event,
            now: Utc::now(),
        }
    }

    /// Binds the parameters `CASE_NOTICE` reads.
    pub fn bind<'a, C: surrealdb::Connection>(
        &self,
        query: surrealdb::method::Query<'a, C>,
    ) -> surrealdb::method::Query<'a, C> {
        let kind = self.kind.unwrap_or(NoticeKind::Code);
        query
            .bind(("sms_kind", self.kind.map(|k| k.as_db())))
            .bind(("sms_text", kind.template()))
            .bind(("sms_event", self.event.clone()))
            .bind(("sms_not_before", rules::may_leave_at(kind, self.now)))
    }
}

/// Queues a text to each person of `$to` whose number has not opted out, and a notice in the app
/// to each one with an account. `$to` is an array of `{ account, phone }`, either may be NONE;
/// `$sms_fill` an object of values for `{code}` and `{council}` the caller read in the same
/// query. Needs the parameters `StaffNotice::bind` binds. The event key (a person's number or
/// account added to it) makes planning the same thing twice a no-op.
pub const STAFF_NOTICE: &str = "
    LET $sms_text = string::replace(string::replace($sms_template,
        '{code}', $sms_fill.code ?? '{code}'), '{council}', $sms_fill.council ?? '{council}');
    LET $notice_text = string::replace(string::replace($notice_template,
        '{code}', $sms_fill.code ?? '{code}'), '{council}', $sms_fill.council ?? '{council}');
    FOR $to_one IN $to {
        IF $to_one.phone != NONE
            AND count((SELECT id FROM sms_optout WHERE phone = $to_one.phone)) = 0 {
            LET $to_event = $sms_event + ':' + string::slice(crypto::sha256($to_one.phone), 0, 16);
            IF count((SELECT id FROM sms_outbox WHERE event = $to_event)) = 0 {
                CREATE sms_outbox SET phone = $to_one.phone, kind = $sms_kind, case = $sms_case,
                    event = $to_event, not_before = $sms_not_before, text = $sms_text;
            };
        };
        IF $to_one.account != NONE AND count((SELECT id FROM notice
                WHERE account = $to_one.account AND event = $sms_event)) = 0 {
            CREATE notice SET account = $to_one.account, kind = $sms_kind, text = $notice_text,
                link = $notice_link, event = $sms_event;
        };
    };";

/// One person a notice goes to: by text when there is a number, in the app when there is an
/// account.
#[derive(Debug, Clone, PartialEq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct Recipient {
    pub account: Option<surrealdb::types::RecordId>,
    pub phone: Option<String>,
}

/// The parameters of `STAFF_NOTICE`: the text (placeholders but `{url}` filled in, or left for
/// `$sms_fill`), what it is about, and where it links in the app.
pub struct StaffNotice {
    pub kind: NoticeKind,
    pub event: String,
    pub text: String,
    pub link: Option<String>,
    pub case: Option<surrealdb::types::RecordId>,
    pub now: DateTime<Utc>,
}

impl StaffNotice {
    pub fn bind<'a, C: surrealdb::Connection>(
        &self,
        query: surrealdb::method::Query<'a, C>,
    ) -> surrealdb::method::Query<'a, C> {
        query
            .bind(("sms_kind", self.kind.as_db()))
            .bind(("sms_template", self.text.clone()))
            .bind(("notice_template", for_app(&self.text)))
            .bind(("notice_link", self.link.clone()))
            .bind(("sms_event", self.event.clone()))
            .bind(("sms_case", self.case.clone()))
            .bind(("sms_not_before", rules::may_leave_at(self.kind, self.now)))
    }
}

/// A text as the app shows it: without the signature in front and the address at the end (the
/// notice links inside the app instead).
pub fn for_app(text: &str) -> String {
    let text = text.trim_start_matches(crate::base::text::t().sms_signature);
    let Some(at) = text.find("{url}") else {
        return text.to_string();
    };
    let before = &text[..at];
    match before.rfind('。') {
        Some(end) => before[..end + '。'.len_utf8()].to_string(),
        None => format!("{}。", before.trim_end_matches(['：', '，', ' '])),
    }
}

/// The number behind `tracking_code` gets no more texts but the codes it asks for; what waits
/// for it is stopped. False when the case has no number. Asking twice changes nothing.
pub async fn stop_for_case(db: &Db, tracking_code: &str) -> Result<bool, AppError> {
    if texts_on(db, tracking_code).await?.is_none() {
        return Ok(false);
    }
    db.query(
        "BEGIN TRANSACTION;
         LET $phone = (SELECT VALUE resident_phone FROM case WHERE tracking_code = $code LIMIT 1)[0];
         IF array::len((SELECT id FROM sms_optout WHERE phone = $phone)) = 0 {
             CREATE sms_optout SET phone = $phone;
         };
         UPDATE sms_outbox SET status = 'stopped'
             WHERE phone = $phone AND status IN ['queued', 'failed'] AND kind != 'code';
         COMMIT TRANSACTION;",
    )
    .bind(("code", tracking_code.to_string()))
    .await
    .and_then(crate::server::db::check_transaction)?;
    Ok(true)
}

/// Whether the number behind `tracking_code` still gets texts: `None` when it left none.
pub async fn texts_on(db: &Db, tracking_code: &str) -> Result<Option<bool>, AppError> {
    let mut response = db
        .query(
            "LET $phone = (SELECT VALUE resident_phone FROM case WHERE tracking_code = $code LIMIT 1)[0];
             RETURN IF $phone = NONE { NONE } ELSE {
                 array::len((SELECT id FROM sms_optout WHERE phone = $phone)) = 0 };",
        )
        .bind(("code", tracking_code.to_string()))
        .await?
        .check()?;
    let on: Option<bool> = response.take(1)?;
    Ok(on)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct CountRow {
    kind: String,
    status: String,
    count: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ProblemRow {
    kind: String,
    status: String,
    phone: String,
    at: DateTime<Utc>,
    attempts: i64,
    last_error: Option<String>,
}

/// Texts by kind and status, and the newest 50 that failed, were given up or wait more than
/// ten minutes past their time (the sender is down, or no gateway is set). Numbers are masked.
pub async fn overview(db: &Db, now: DateTime<Utc>) -> Result<super::OutboxOverview, AppError> {
    let mut response = db
        .query(
            "SELECT kind, status, count() AS count FROM sms_outbox GROUP BY kind, status;
             SELECT kind, status, phone, at, attempts, last_error FROM sms_outbox
                WHERE status IN ['failed', 'given_up']
                    OR (status = 'queued' AND not_before < $late)
                ORDER BY at DESC LIMIT 50;
             SELECT VALUE day FROM ONLY sms_lease:planner;",
        )
        .bind(("late", now - chrono::Duration::minutes(10)))
        .await?
        .check()?;
    let counts: Vec<CountRow> = response.take(0)?;
    let problems: Vec<ProblemRow> = response.take(1)?;
    let planned_day: Option<String> = response.take(2)?;
    let kind = |k: &str| NoticeKind::from_db(k).map_or(k.to_string(), |k| k.label().to_string());
    let status =
        |s: &str| super::Delivery::from_db(s).map_or(s.to_string(), |s| s.label().to_string());
    Ok(super::OutboxOverview {
        planned_day,
        counts: counts
            .into_iter()
            .map(|c| super::OutboxCount {
                kind: kind(&c.kind),
                status: status(&c.status),
                count: c.count,
            })
            .collect(),
        problems: problems
            .into_iter()
            .map(|p| super::OutboxLine {
                kind: kind(&p.kind),
                status: status(&p.status),
                phone: crate::base::phone::mask_phone(&p.phone),
                queued_at: crate::base::clock::format_time(p.at),
                attempts: p.attempts,
                error: p.last_error.unwrap_or_default(),
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_app_shows_a_text_without_its_signature_and_address() {
        let text = crate::base::text::t();
        let eve = text
            .sms_reception_eve
            .replace("{date}", "12月5日")
            .replace("{starts}", "09:00")
            .replace("{ends}", "11:30")
            .replace("{room}", "东风村协商议事室");
        assert_eq!(
            for_app(&eve),
            "提醒：您明天（12月5日）09:00-11:30在东风村协商议事室值班接待群众。"
        );
        let new = for_app(text.sms_assignment_new);
        assert!(new.ends_with("期限{deadline}。"), "{new}");
        assert!(!new.contains("{url}") && !new.starts_with(text.sms_signature));
        assert_eq!(for_app("【板凳】没有地址的短信"), "没有地址的短信");
        for kind in NoticeKind::ALL.into_iter().filter(|k| k.to_staff()) {
            assert!(!for_app(kind.template()).contains("{url}"), "{kind:?}");
        }
    }
}
