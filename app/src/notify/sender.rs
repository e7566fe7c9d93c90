//! The one sender of a database: each round it takes the lease (another app server on the same
//! database then waits), gives up texts a crash left half-sent, and sends what is due under the
//! rules: not at night, not past the day's cap (those wait for the morning's digest), not to a
//! number that opted out. Every time the rules read is the round's `now`, so a test can set it.
use super::gateway::{Gateway, Outgoing};
use super::{rules, Delivery, NoticeKind};
use crate::base::error::AppError;
use crate::server::db::thrown::Thrown;
use crate::server::db::Db;
use chrono::{DateTime, Utc};
use surrealdb::types::{RecordId, SurrealValue};

/// How long a lease, and a claim on one text, hold without being renewed.
const LEASE_SECONDS: i64 = 15;
const CLAIM_SECONDS: i64 = 60;
/// Texts looked at in one round.
const ROUND_SIZE: i64 = 50;

pub struct Sender {
    db: Db,
    /// None: texts wait in the outbox (no gateway is set); the lease still says who plans.
    gateway: Option<Gateway>,
    public_url: String,
    /// This process, in the lease and the claims.
    node: String,
}

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
    pub given_up: usize,
    /// Folded into a digest (over the day's cap).
    pub folded: usize,
    pub stopped: usize,
    /// Due but held by quiet hours.
    pub held: usize,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DueRow {
    id: RecordId,
    phone: String,
    kind: String,
    text: String,
    attempts: i64,
}

impl Sender {
    pub fn new(db: Db, gateway: Gateway, public_url: &str) -> Sender {
        Sender {
            db,
            gateway: Some(gateway),
            public_url: public_url.trim_end_matches('/').to_string(),
            node: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// A sender without a gateway: it sends nothing but still takes the lease, so one node
    /// plans reminders and the notices in the app still come.
    pub fn planner_only(db: Db) -> Sender {
        Sender {
            db,
            gateway: None,
            public_url: String::new(),
            node: uuid::Uuid::new_v4().simple().to_string(),
        }
    }

    /// The database it sends from.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// One round at `now`. `None` when another app server holds the lease.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<Option<Round>, AppError> {
        if !self.take_lease(now).await? {
            return Ok(None);
        }
        let Some(gateway) = &self.gateway else {
            return Ok(Some(Round::default()));
        };
        let mut round = Round {
            given_up: self.give_up_interrupted(now).await?,
            ..Round::default()
        };
        let mut response = self
            .db
            .query(
                "SELECT id, phone, kind, text, attempts FROM sms_outbox
                 WHERE status IN ['queued', 'failed'] AND not_before <= $now
                 ORDER BY not_before LIMIT $size",
            )
            .bind(("now", now))
            .bind(("size", ROUND_SIZE))
            .await?
            .check()?;
        let due: Vec<DueRow> = response.take(0)?;
        // A fold takes every due text of its number at once.
        let mut folded_numbers = std::collections::HashSet::new();
        for row in due {
            let kind = NoticeKind::from_db(&row.kind).unwrap_or(NoticeKind::Code);
            if kind.capped() && folded_numbers.contains(&row.phone) {
                continue;
            }
            if rules::may_leave_at(kind, now) > now {
                round.held += 1;
            } else if kind != NoticeKind::Code && self.opted_out(&row.phone).await? {
                self.set_status(&row.id, Delivery::Stopped, None).await?;
                round.stopped += 1;
            } else if kind.capped() && self.sent_today(&row.phone, now).await? >= rules::DAILY_CAP {
                round.folded += self.fold(&row.phone, now).await?;
                folded_numbers.insert(row.phone);
            } else {
                self.send_one(gateway, row, now, &mut round).await?;
            }
        }
        Ok(Some(round))
    }

    /// Takes or renews the lease; false when another node holds one that has not run out.
    async fn take_lease(&self, now: DateTime<Utc>) -> Result<bool, AppError> {
        let taken = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 LET $lease = (SELECT holder, until FROM sms_lease:sender)[0];
                 IF $lease != NONE AND $lease.holder != $node AND $lease.until > $now {
                     THROW 'lease_held';
                 };
                 UPSERT sms_lease:sender SET holder = $node, until = $until;
                 COMMIT TRANSACTION;",
            )
            .bind(("node", self.node.clone()))
            .bind(("now", now))
            .bind(("until", now + chrono::Duration::seconds(LEASE_SECONDS)))
            .await
            .and_then(crate::server::db::check_transaction);
        match taken {
            Ok(_) => Ok(true),
            Err(e) if Thrown::of(&e) == Some(Thrown::LeaseHeld) => Ok(false),
            // Two nodes taking it at the same moment: one of them loses, and waits.
            Err(e) if crate::server::db::is_retryable(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// A text handed to the gateway by a process that died before recording the answer may have
    /// been sent: it is given up, never sent a second time.
    async fn give_up_interrupted(&self, now: DateTime<Utc>) -> Result<usize, AppError> {
        let mut response = self
            .db
            .query(
                "UPDATE sms_outbox SET status = 'given_up', claimed_by = NONE, claimed_until = NONE,
                    last_error = 'interrupted while sending: not sent again'
                 WHERE status = 'sending' AND claimed_until < $now RETURN VALUE id",
            )
            .bind(("now", now))
            .await?
            .check()?;
        let ids: Vec<RecordId> = response.take(0)?;
        Ok(ids.len())
    }

    async fn opted_out(&self, phone: &str) -> Result<bool, AppError> {
        let mut response = self
            .db
            .query("SELECT VALUE id FROM sms_optout WHERE phone = $phone LIMIT 1")
            .bind(("phone", phone.to_string()))
            .await?
            .check()?;
        let ids: Vec<RecordId> = response.take(0)?;
        Ok(!ids.is_empty())
    }

    /// Texts sent to `phone` since Beijing midnight.
    async fn sent_today(&self, phone: &str, now: DateTime<Utc>) -> Result<i64, AppError> {
        let mut response = self
            .db
            .query(
                "RETURN count((SELECT id FROM sms_outbox
                    WHERE phone = $phone AND sent_at >= $since AND status = 'sent'))",
            )
            .bind(("phone", phone.to_string()))
            .bind(("since", rules::day_start(now)))
            .await?
            .check()?;
        let count: Option<i64> = response.take(0)?;
        Ok(count.unwrap_or(0))
    }

    /// Folds every capped text due for `phone` into one digest that leaves the next morning,
    /// naming the cases it is about. One digest a number a day: the record key says which.
    async fn fold(&self, phone: &str, now: DateTime<Utc>) -> Result<usize, AppError> {
        let day = now
            .with_timezone(&crate::base::clock::beijing())
            .format("%Y%m%d")
            .to_string();
        let capped: Vec<&str> = NoticeKind::ALL
            .into_iter()
            .filter(|k| k.capped())
            .map(|k| k.as_db())
            .collect();
        let staff_kinds: Vec<&str> = NoticeKind::ALL
            .into_iter()
            .filter(|k| k.to_staff())
            .map(|k| k.as_db())
            .collect();
        let mut response = self
            .db
            .query(
                "BEGIN TRANSACTION;
                 UPDATE sms_outbox SET status = 'digested', folded_at = $now
                     WHERE phone = $phone AND status IN ['queued', 'failed'] AND kind IN $capped
                        AND not_before <= $now;
                 LET $codes = array::distinct((SELECT VALUE case.tracking_code FROM sms_outbox
                     WHERE phone = $phone AND status = 'digested' AND folded_at >= $since
                        AND case != NONE));
                 LET $count = count((SELECT id FROM sms_outbox
                     WHERE phone = $phone AND status = 'digested' AND folded_at >= $since));
                 LET $staff = count((SELECT id FROM sms_outbox
                     WHERE phone = $phone AND status = 'digested' AND folded_at >= $since
                        AND kind IN $staff_kinds)) > 0;
                 LET $key = 'digest_' + string::slice(crypto::sha256($phone), 0, 20) + '_' + $day;
                 UPSERT type::record('sms_outbox', $key) SET phone = $phone, kind = 'digest',
                     event = $key, not_before = $morning,
                     status = 'queued',
                     text = string::replace(string::replace(
                         IF $staff { $staff_template } ELSE { $template }, '{count}', <string>$count),
                         '{codes}', array::join(array::slice($codes, 0, 3), '、'));
                 COMMIT TRANSACTION;
                 RETURN count((SELECT id FROM sms_outbox
                     WHERE phone = $phone AND status = 'digested' AND folded_at = $now));",
            )
            .bind(("phone", phone.to_string()))
            .bind(("now", now))
            .bind(("since", rules::day_start(now)))
            .bind(("day", day))
            .bind(("capped", capped))
            .bind(("morning", rules::next_morning(now)))
            .bind(("template", NoticeKind::Digest.template()))
            .bind(("staff_kinds", staff_kinds))
            .bind(("staff_template", crate::base::text::t().sms_staff_digest))
            .await
            .and_then(crate::server::db::check_transaction)?;
        let last = response.num_statements() - 1;
        let folded: Option<usize> = response.take(last)?;
        Ok(folded.unwrap_or(0))
    }

    /// Claims the text (another sender's claim wins), sends it, records the answer.
    async fn send_one(
        &self,
        gateway: &Gateway,
        row: DueRow,
        now: DateTime<Utc>,
        round: &mut Round,
    ) -> Result<(), AppError> {
        let mut response = self
            .db
            .query(
                "UPDATE $id SET status = 'sending', attempts += 1, claimed_by = $node,
                    claimed_until = $until
                 WHERE status IN ['queued', 'failed'] RETURN VALUE id",
            )
            .bind(("id", row.id.clone()))
            .bind(("node", self.node.clone()))
            .bind(("until", now + chrono::Duration::seconds(CLAIM_SECONDS)))
            .await?
            .check()?;
        let claimed: Vec<RecordId> = response.take(0)?;
        if claimed.is_empty() {
            return Ok(());
        }
        let out_id = crate::server::db::key_text(&row.id);
        let text = row.text.replace("{url}", &self.public_url);
        let outgoing = Outgoing {
            out_id: &out_id,
            phone: &row.phone,
            text: &text,
        };
        let attempts = row.attempts + 1;
        match gateway.send(&outgoing).await {
            Ok(()) => {
                self.db
                    .query(
                        "UPDATE $id SET status = 'sent', sent_at = $now, text = $text,
                            claimed_by = NONE, claimed_until = NONE, last_error = NONE",
                    )
                    .bind(("id", row.id))
                    .bind(("now", now))
                    .bind(("text", text))
                    .await?
                    .check()?;
                round.sent += 1;
            }
            Err(error) => {
                tracing::warn!(kind = %row.kind, attempts, error = %error.0, "text message not sent");
                let retry = rules::retry_at(attempts, now);
                let status = if retry.is_some() {
                    Delivery::Failed
                } else {
                    Delivery::GivenUp
                };
                self.db
                    .query(
                        "UPDATE $id SET status = $status, not_before = $retry ?? not_before,
                            last_error = $error, claimed_by = NONE, claimed_until = NONE",
                    )
                    .bind(("id", row.id))
                    .bind(("status", status.as_db()))
                    .bind(("retry", retry))
                    .bind(("error", error.0))
                    .await?
                    .check()?;
                match status {
                    Delivery::Failed => round.failed += 1,
                    _ => round.given_up += 1,
                }
            }
        }
        Ok(())
    }

    async fn set_status(
        &self,
        id: &RecordId,
        status: Delivery,
        error: Option<&str>,
    ) -> Result<(), AppError> {
        self.db
            .query("UPDATE $id SET status = $status, last_error = $error")
            .bind(("id", id.clone()))
            .bind(("status", status.as_db()))
            .bind(("error", error.map(str::to_string)))
            .await?
            .check()?;
        Ok(())
    }
}
