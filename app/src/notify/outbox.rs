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
                ORDER BY at DESC LIMIT 50;",
        )
        .bind(("late", now - chrono::Duration::minutes(10)))
        .await?
        .check()?;
    let counts: Vec<CountRow> = response.take(0)?;
    let problems: Vec<ProblemRow> = response.take(1)?;
    let kind = |k: &str| NoticeKind::from_db(k).map_or(k.to_string(), |k| k.label().to_string());
    let status =
        |s: &str| super::Delivery::from_db(s).map_or(s.to_string(), |s| s.label().to_string());
    Ok(super::OutboxOverview {
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
