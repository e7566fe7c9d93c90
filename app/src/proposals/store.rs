//! Proposals in SurrealDB: drafted, co-signed, numbered and moved along in one audited
//! transaction each; read for whoever may see them. Every value is bound.
use super::logic::{CheckedProposal, CheckedStep, Role};
use super::*;
use crate::audit::store::{audited, Change};
use crate::auth::Principal;
use crate::base::clock::Day;
use crate::base::error::AppError;
use crate::server::db::thrown::Thrown;
use crate::server::db::{check_transaction, is_duplicate, is_retryable, key_text, record, Db};
use surrealdb::types::{RecordId, SurrealValue};

/// Lines a page of `/proposals` holds.
pub const PAGE: i64 = 30;
/// A lost write (two submissions taking the same number at once) is tried again this often.
const TRIES: usize = 20;
/// One new proposal number at a time on this server.
static NEW_NUMBER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What the policy says of the caller and a proposal: they serve or manage its council, work in
/// an office above it, act for its lead unit, or for one of its co-handling units.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hands {
    pub member: bool,
    pub office: bool,
    pub lead: bool,
    pub co: bool,
}

/// What decides who may see and move a proposal.
#[derive(Debug, Clone)]
pub struct Access {
    pub council: String,
    pub district: String,
    pub status: ProposalStatus,
    /// The lead author's member key.
    pub author: String,
    pub created_by: String,
    /// Invited co-signers: member key and answer.
    pub signers: Vec<(String, SignerStatus)>,
    pub lead_unit: Option<String>,
    pub co_units: Vec<String>,
    pub rehandled: bool,
    pub number: Option<i64>,
}

impl Access {
    /// What `me` is to this proposal, given what the policy answered the caller.
    pub fn roles(&self, me: &Principal, hands: Hands) -> Vec<Role> {
        let mine = me.member.as_deref();
        let author = me.account == self.created_by || mine == Some(self.author.as_str());
        let signer = mine.is_some_and(|m| self.signers.iter().any(|(s, _)| s == m));
        let Hands {
            member,
            office,
            lead,
            co,
        } = hands;
        [
            (author, Role::Author),
            (signer, Role::Signer),
            (member, Role::Member),
            (office, Role::Office),
            (lead, Role::LeadUnit),
            (co, Role::CoUnit),
        ]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, role)| role)
        .collect()
    }

    /// Invitations not answered yet.
    pub fn pending(&self) -> usize {
        self.signers
            .iter()
            .filter(|(_, s)| *s == SignerStatus::Invited)
            .count()
    }
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct SignerRow {
    member: RecordId,
    status: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AccessRow {
    council: RecordId,
    district: RecordId,
    status: String,
    author: RecordId,
    created_by: RecordId,
    signers: Vec<SignerRow>,
    lead_unit: Option<RecordId>,
    co_units: Vec<RecordId>,
    rehandled: bool,
    number: Option<i64>,
}

pub async fn access(db: &Db, key: &str) -> Result<Option<Access>, AppError> {
    let mut response = db
        .query(
            "SELECT council, district, status, author, created_by, lead_unit, co_units, rehandled,
                number,
                (SELECT member, status, position FROM proposal_signer WHERE proposal = $parent.id
                    ORDER BY position) AS signers
             FROM ONLY $proposal",
        )
        .bind(("proposal", record("proposal", key)))
        .await?
        .check()?;
    let row: Option<AccessRow> = response.take(0)?;
    Ok(row.and_then(|r| {
        Some(Access {
            council: key_text(&r.council),
            district: key_text(&r.district),
            status: ProposalStatus::from_code(&r.status)?,
            author: key_text(&r.author),
            created_by: key_text(&r.created_by),
            signers: r
                .signers
                .iter()
                .filter_map(|s| Some((key_text(&s.member), SignerStatus::from_code(&s.status)?)))
                .collect(),
            lead_unit: r.lead_unit.as_ref().map(key_text),
            co_units: r.co_units.iter().map(key_text).collect(),
            rehandled: r.rehandled,
            number: r.number,
        })
    }))
}

/// A new proposal's text from what it is written from: a case or a session of the council.
pub async fn prefill(db: &Db, council: &str, source: &str) -> Result<ProposalInput, AppError> {
    let text = crate::base::text::t();
    let mut input = ProposalInput {
        council: council.to_string(),
        ..Default::default()
    };
    if source.is_empty() {
        return Ok(input);
    }
    let found = crate::reports::store::source_text(db, council, source).await?;
    input.source = source.to_string();
    input.title = text
        .proposal_title_from
        .replace("{title}", &found.title)
        .chars()
        .take(super::logic::TITLE_MAX)
        .collect();
    input.basis = crate::reports::store::cut(&found.said, 1500);
    input.method = crate::reports::store::cut(&found.proposed, 1000);
    Ok(input)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct DraftRow {
    council: RecordId,
    title: String,
    basis: String,
    method: String,
    signers: Vec<RecordId>,
}

/// A draft as it is, for its lead author to change.
pub async fn draft(db: &Db, key: &str) -> Result<ProposalInput, AppError> {
    let mut response = db
        .query(
            "SELECT council, title, basis, method,
                (SELECT VALUE member FROM proposal_signer WHERE proposal = $parent.id
                    ORDER BY position) AS signers
             FROM ONLY $proposal",
        )
        .bind(("proposal", record("proposal", key)))
        .await?
        .check()?;
    let row: Option<DraftRow> = response.take(0)?;
    let row = row.ok_or(AppError::NotFound)?;
    Ok(ProposalInput {
        key: key.to_string(),
        council: key_text(&row.council),
        source: String::new(),
        title: row.title,
        basis: row.basis,
        method: row.method,
        co_signers: row.signers.iter().map(key_text).collect(),
    })
}

/// Where a new proposal goes and what it was written from.
pub struct Origin<'a> {
    pub council: &'a str,
    pub district: &'a str,
    pub source: &'a str,
}

/// Stores a new draft (`key` chosen beforehand, so a resent form stores it once) or changes a
/// draft's text. Every invitation is sent afresh: a changed text is confirmed again. Co-signers
/// must be members of the council, and not the lead author.
pub async fn save(
    db: &Db,
    me: &Principal,
    member: &str,
    origin: Origin<'_>,
    key: &str,
    new: bool,
    proposal: CheckedProposal,
) -> Result<String, AppError> {
    let text = crate::base::text::t();
    let members = crate::reports::store::members_of(db, origin.council).await?;
    let signers: Vec<RecordId> = proposal
        .co_signers
        .iter()
        .filter(|k| *k != member)
        .map(|k| record("member", k))
        .collect();
    if !proposal
        .co_signers
        .iter()
        .all(|k| members.iter().any(|(m, _)| m == k))
    {
        return Err(AppError::invalid("co_signers", text.proposal_err_signers));
    }
    let (kind, source_key) = origin.source.split_once(':').unwrap_or(("none", ""));
    let target = record("proposal", key);
    let statement = if new {
        "CREATE $target SET council = $council, district = $district, title = $title,
            basis = $basis, method = $method, author = $member, source_kind = $kind,
            source_key = $source_key, status = 'draft', created_by = $account;
         FOR $i IN 0..array::len($signers) {
            CREATE proposal_signer SET proposal = $target, member = $signers[$i], status = 'invited',
                position = $i;
         };"
    } else {
        "IF (SELECT VALUE status FROM ONLY $target) != 'draft' { THROW 'stale' };
         UPDATE $target SET title = $title, basis = $basis, method = $method,
            updated_at = time::now();
         DELETE proposal_signer WHERE proposal = $target;
         FOR $i IN 0..array::len($signers) {
            CREATE proposal_signer SET proposal = $target, member = $signers[$i], status = 'invited',
                position = $i;
         };"
    };
    let result = audited(
        db,
        Change {
            actor: me,
            action: crate::audit::actions::PROPOSAL_SAVE,
            target: target.clone(),
            council: Some(record("council", origin.council)),
        },
        statement,
    )
    .bind(("council", record("council", origin.council)))
    .bind(("district", record("area", origin.district)))
    .bind(("title", proposal.title))
    .bind(("basis", proposal.basis))
    .bind(("method", proposal.method))
    .bind(("member", record("member", member)))
    .bind(("signers", signers))
    .bind(("kind", kind.to_string()))
    .bind(("source_key", source_key.to_string()))
    .bind(("account", record("account", &me.account)))
    .await
    .map_err(AppError::from)
    .map(check_transaction)?;
    match result {
        Ok(_) => Ok(key.to_string()),
        // Sent twice: the first one stored it.
        Err(e) if new && is_duplicate(&e) => Ok(key.to_string()),
        Err(e) if Thrown::of(&e) == Some(Thrown::Stale) => Err(AppError::Conflict),
        Err(e) => Err(e.into()),
    }
}

/// A co-signer's answer, given once, while the proposal is a draft.
pub async fn sign(
    db: &Db,
    me: &Principal,
    key: &str,
    access: &Access,
    member: &str,
    confirm: bool,
) -> Result<(), AppError> {
    let text = crate::base::text::t();
    let result = audited(
        db,
        Change {
            actor: me,
            action: crate::audit::actions::PROPOSAL_SIGN,
            target: record("proposal", key),
            council: Some(record("council", &access.council)),
        },
        "IF (SELECT VALUE status FROM ONLY $target) != 'draft' { THROW 'stale' };
         LET $row = (SELECT id, status FROM proposal_signer WHERE proposal = $target
            AND member = $member)[0];
         IF $row = NONE { THROW 'not_found' };
         IF $row.status != 'invited' { THROW 'signed_already' };
         UPDATE $row.id SET status = $answer, answered_at = time::now();
         UPDATE $target SET updated_at = time::now();",
    )
    .bind(("member", record("member", member)))
    .bind(("answer", if confirm { "confirmed" } else { "declined" }))
    .await
    .map_err(AppError::from)
    .map(check_transaction)?;
    match result {
        Ok(_) => Ok(()),
        Err(e) => Err(match Thrown::of(&e) {
            Some(Thrown::Stale) => AppError::Conflict,
            Some(Thrown::NotFound) => AppError::Forbidden,
            Some(Thrown::SignedAlready) => AppError::invalid("sign", text.proposal_err_signed),
            _ => e.into(),
        }),
    }
}

/// A declined proposal, as the 社情民意信息 the office makes of it (an empty key: none).
#[derive(Debug, Default)]
pub struct AsReport {
    pub key: String,
    pub title: String,
    pub situation: String,
    pub suggestion: String,
    /// The lead author and the co-signers who confirmed.
    pub authors: Vec<String>,
}

/// Takes a step from `access.status` to `to`, in one transaction that fails when someone moved the
/// proposal meanwhile. A submission takes the district's next number; a merge writes a line on
/// the proposal it goes into too; a decline may leave 社情民意信息 in the office's queue.
pub async fn take_step(
    db: &Db,
    me: &Principal,
    key: &str,
    access: &Access,
    to: ProposalStatus,
    step: CheckedStep,
    report: Option<AsReport>,
) -> Result<(), AppError> {
    let text = crate::base::text::t();
    let target = record("proposal", key);
    let statement = "
        IF (SELECT VALUE status FROM ONLY $target) != $from { THROW 'stale' };
        IF $step = 'submit' AND count(SELECT id FROM proposal_signer WHERE proposal = $target
            AND status = 'invited') > 0 { THROW 'signers_pending' };
        LET $number = IF $step = 'submit' {
            ((SELECT number FROM proposal WHERE district = $district AND number != NONE
                ORDER BY number DESC LIMIT 1)[0].number ?? 0) + 1
        } ELSE { (SELECT VALUE number FROM ONLY $target) };
        LET $into = IF $step = 'merge' {
            (SELECT VALUE id FROM proposal WHERE district = $district AND number = $merge_number
                AND id != $target AND status NOT IN ['draft', 'merged', 'declined'])[0]
        } ELSE { NONE };
        IF $step = 'merge' AND $into = NONE { THROW 'not_found' };
        IF $step = 'assign' AND count(SELECT id FROM department WHERE id IN $units
            AND (area = $district OR area.parent = $district)) != array::len($units)
            { THROW 'department_elsewhere' };
        UPDATE $target SET status = $to, updated_at = time::now(),
            number = $number,
            submitted_at = IF $step = 'submit' { time::now() } ELSE { submitted_at },
            merged_into = IF $step = 'merge' { $into } ELSE { merged_into },
            lead_unit = IF $step = 'assign' { $lead } ELSE { lead_unit },
            co_units = IF $step = 'assign' { $co_units } ELSE { co_units },
            deadline = IF $deadline != NONE { $deadline } ELSE { deadline },
            reply_class = IF $step = 'reply' { $class } ELSE { reply_class },
            reply_text = IF $step = 'reply' { $note } ELSE { reply_text },
            replied_at = IF $step = 'reply' { time::now() } ELSE { replied_at },
            rating = IF $step = 'rate' { $rating } ELSE { rating },
            rehandled = IF $step = 'rehandle' { true } ELSE { rehandled };
        CREATE proposal_step SET proposal = $target, step = $step, actor = $account,
            actor_name = $actor_name, note = IF $step = 'reply' { '' } ELSE { $note },
            detail = IF $step = 'submit' { <string> $number } ELSE { $detail };
        IF $step = 'merge' {
            CREATE proposal_step SET proposal = $into, step = 'merge', actor = $account,
                actor_name = $actor_name, note = $note, detail = '+' + <string> $number;
        };
        IF $report_key != '' {
            CREATE type::record('report', $report_key) SET council = $council,
                title = $report_title, situation = $report_situation, analysis = $analysis,
                suggestion = $report_suggestion, authors = $report_authors,
                source_kind = 'proposal', source_key = $key, status = 'received',
                created_by = $created_by, submitted_at = time::now();
            CREATE report_step SET report = type::record('report', $report_key),
                council = $council, step = 'receive', actor = $account, actor_name = $actor_name,
                note = $report_note;
        };";
    let units: Vec<RecordId> = step
        .lead
        .iter()
        .chain(&step.co_units)
        .map(|k| record("department", k))
        .collect();
    let number_note = text
        .proposal_to_report_note
        .replace("{n}", &access.number.unwrap_or_default().to_string());
    let report = report.unwrap_or_default();
    // Submissions wait for each other on this server, so they rarely collide; between servers,
    // the unique number and the tries below keep the numbers whole.
    let _turn = match step.step {
        ProposalStep::Submit => Some(NEW_NUMBER.lock().await),
        _ => None,
    };
    for try_no in 1..=TRIES {
        let result = audited(
            db,
            Change {
                actor: me,
                action: crate::audit::actions::PROPOSAL_STEP,
                target: target.clone(),
                council: Some(record("council", &access.council)),
            },
            statement,
        )
        .bind(("from", access.status.code()))
        .bind(("to", to.code()))
        .bind(("step", step.step.code()))
        .bind(("key", key.to_string()))
        .bind(("district", record("area", &access.district)))
        .bind(("council", record("council", &access.council)))
        .bind(("merge_number", step.merge_into))
        .bind(("units", units.clone()))
        .bind((
            "lead",
            step.lead.as_deref().map(|k| record("department", k)),
        ))
        .bind((
            "co_units",
            step.co_units
                .iter()
                .map(|k| record("department", k))
                .collect::<Vec<_>>(),
        ))
        .bind((
            "deadline",
            step.deadline.as_ref().map(|d| d.as_str().to_string()),
        ))
        .bind(("class", step.reply_class.map(|c| c.code())))
        .bind(("rating", step.rating.map(|r| r.code())))
        .bind(("note", step.note.clone()))
        .bind(("detail", step.detail()))
        .bind(("account", record("account", &me.account)))
        .bind(("actor_name", me.name.clone()))
        .bind(("report_key", report.key.clone()))
        .bind(("report_title", report.title.clone()))
        .bind(("report_situation", report.situation.clone()))
        .bind(("report_suggestion", report.suggestion.clone()))
        .bind((
            "report_authors",
            report
                .authors
                .iter()
                .map(|m| record("member", m))
                .collect::<Vec<_>>(),
        ))
        .bind(("analysis", text.proposal_to_report_analysis))
        .bind(("report_note", number_note.clone()))
        .bind(("created_by", record("account", &access.created_by)))
        .await
        .map_err(AppError::from)
        .map(check_transaction)?;
        match result {
            Ok(_) => return Ok(()),
            Err(e) => match Thrown::of(&e) {
                Some(Thrown::Stale) => return Err(AppError::Conflict),
                Some(Thrown::SignersPending) => {
                    return Err(AppError::invalid("step", text.proposal_err_pending))
                }
                Some(Thrown::NotFound) => {
                    return Err(AppError::invalid("detail", text.proposal_err_merge))
                }
                Some(Thrown::DepartmentElsewhere) => {
                    return Err(AppError::invalid("lead", text.proposal_err_units))
                }
                _ if is_duplicate(&e) || is_retryable(&e) => {
                    // Others submit at the same moment: step aside a little longer each time.
                    tokio::time::sleep(std::time::Duration::from_millis(3 * try_no as u64)).await;
                }
                _ => return Err(e.into()),
            },
        }
    }
    Err(AppError::Unavailable)
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct LineRow {
    id: RecordId,
    number: Option<i64>,
    title: String,
    council_name: String,
    author_name: String,
    signers: Vec<String>,
    status: String,
    day: String,
    deadline: Option<String>,
    lead_unit: Option<String>,
}

/// Who is asking for a list: the councils they serve or manage (every one, for the system
/// admin), and those under their office.
pub struct Reader<'a> {
    pub me: &'a Principal,
    pub councils: &'a [String],
    pub office: &'a [String],
}

/// What a list asks for: a status or all, only the overdue or all, page `page` of `limit` lines.
pub struct Wanted {
    pub status: Option<ProposalStatus>,
    pub overdue: bool,
    pub page: i64,
    pub limit: i64,
}

/// The proposals `reader` may see, newest change first, the page wanted, and how many.
pub async fn list(
    db: &Db,
    reader: &Reader<'_>,
    wanted: Wanted,
    today: &Day,
) -> Result<(i64, Vec<ProposalLine>), AppError> {
    let Wanted {
        status,
        overdue,
        page,
        limit,
    } = wanted;
    let councils =
        |keys: &[String]| -> Vec<RecordId> { keys.iter().map(|k| record("council", k)).collect() };
    let visible = "(created_by = $account
            OR ($member != NONE AND (author = $member OR id IN $signed))
            OR (status != 'draft' AND ($all OR council IN $councils OR council IN $office))
            OR ($department != NONE AND status IN ['assigned', 'replied', 'closed']
                AND (lead_unit = $department OR $department IN co_units)))
        AND ($status = NONE OR status = $status)
        AND (!$overdue OR (status = 'assigned' AND deadline < $today))";
    let sql = format!(
        "LET $signed = IF $member = NONE {{ [] }} ELSE {{
            SELECT VALUE proposal FROM proposal_signer WHERE member = $member }};
         SELECT id, number, title, council.name AS council_name, author.name AS author_name,
            (SELECT VALUE member.name FROM proposal_signer WHERE proposal = $parent.id
                AND status = 'confirmed' ORDER BY position) AS signers,
            status, time::format(updated_at + 8h, '%Y-%m-%d') AS day, deadline,
            lead_unit.name AS lead_unit, updated_at
         FROM proposal WHERE {visible} ORDER BY updated_at DESC START $start LIMIT $limit;
         RETURN count(SELECT id FROM proposal WHERE {visible});"
    );
    let me = reader.me;
    let mut response = db
        .query(sql)
        .bind(("account", record("account", &me.account)))
        .bind(("member", me.member.as_deref().map(|m| record("member", m))))
        .bind((
            "department",
            me.department.as_deref().map(|d| record("department", d)),
        ))
        .bind(("all", me.system_admin))
        .bind(("councils", councils(reader.councils)))
        .bind(("office", councils(reader.office)))
        .bind(("status", status.map(|s| s.code())))
        .bind(("overdue", overdue))
        .bind(("today", today.as_str().to_string()))
        .bind(("start", (page - 1).max(0) * limit))
        .bind(("limit", limit))
        .await?
        .check()?;
    let rows: Vec<LineRow> = response.take(1)?;
    let total: Option<i64> = response.take(2)?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            let status = ProposalStatus::from_code(&r.status)?;
            let deadline = r.deadline.as_deref().and_then(Day::parse);
            let mut authors = vec![r.author_name];
            authors.extend(r.signers);
            Some(ProposalLine {
                key: key_text(&r.id),
                number: r.number,
                title: r.title,
                council_name: r.council_name,
                authors: authors.join("、"),
                status,
                day: r.day,
                overdue: super::logic::overdue(status, deadline.as_ref(), today),
                deadline: r.deadline,
                lead_unit: r.lead_unit,
            })
        })
        .collect();
    Ok((total.unwrap_or(0), lines))
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ViewSigner {
    name: String,
    status: String,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct ViewRow {
    council_name: String,
    district_name: String,
    title: String,
    basis: String,
    method: String,
    author_name: String,
    signers: Vec<ViewSigner>,
    source_kind: String,
    source_key: String,
    merged_into: Option<i64>,
    lead_unit: Option<String>,
    co_units: Vec<String>,
    deadline: Option<String>,
    reply_class: Option<String>,
    reply_text: Option<String>,
    replied_on: Option<String>,
    rating: Option<String>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StepRow {
    step: String,
    actor_name: String,
    note: String,
    detail: String,
    at: String,
}

/// A proposal whole, with its steps (oldest first); what the caller may do is filled in by the
/// caller.
pub async fn view(
    db: &Db,
    key: &str,
    access: &Access,
    today: &Day,
) -> Result<ProposalView, AppError> {
    let mut response = db
        .query(
            "SELECT council.name AS council_name, district.name AS district_name, title, basis,
                method, author.name AS author_name,
                (SELECT member.name AS name, status, position FROM proposal_signer
                    WHERE proposal = $parent.id ORDER BY position) AS signers,
                source_kind, source_key, merged_into.number AS merged_into,
                lead_unit.name AS lead_unit, co_units.name AS co_units, deadline, reply_class,
                reply_text, rating,
                IF replied_at != NONE { time::format(replied_at + 8h, '%Y-%m-%d') } AS replied_on
             FROM ONLY $proposal;
             SELECT step, actor_name, note, detail,
                time::format(at + 8h, '%Y-%m-%d %H:%M') AS at
             FROM proposal_step WHERE proposal = $proposal ORDER BY at;",
        )
        .bind(("proposal", record("proposal", key)))
        .await?
        .check()?;
    let row: Option<ViewRow> = response.take(0)?;
    let row = row.ok_or(AppError::NotFound)?;
    let steps: Vec<StepRow> = response.take(1)?;
    let source =
        crate::reports::store::source_link(&access.council, &row.source_kind, &row.source_key);
    let deadline = row.deadline.as_deref().and_then(Day::parse);
    Ok(ProposalView {
        key: key.to_string(),
        council: access.council.clone(),
        council_name: row.council_name,
        district_name: row.district_name,
        number: access.number,
        title: row.title,
        basis: row.basis,
        method: row.method,
        author_name: row.author_name,
        signers: row
            .signers
            .into_iter()
            .filter_map(|s| {
                Some(SignerLine {
                    name: s.name,
                    status: SignerStatus::from_code(&s.status)?,
                })
            })
            .collect(),
        source,
        status: access.status,
        merged_into: row.merged_into,
        lead_unit: row.lead_unit,
        co_units: row.co_units,
        overdue: super::logic::overdue(access.status, deadline.as_ref(), today),
        deadline: row.deadline,
        reply_class: row.reply_class.as_deref().and_then(ReplyClass::from_code),
        reply_text: row.reply_text,
        replied_on: row.replied_on,
        rating: row.rating.as_deref().and_then(Rating::from_code),
        rehandled: access.rehandled,
        steps: steps
            .into_iter()
            .filter_map(|s| {
                Some(StepLine {
                    step: ProposalStep::from_code(&s.step)?,
                    actor_name: s.actor_name,
                    note: s.note,
                    detail: s.detail,
                    at: s.at,
                })
            })
            .collect(),
        allowed: vec![],
        editable: false,
        invited: false,
        departments: vec![],
        default_deadline: String::new(),
    })
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct WindowRow {
    district: RecordId,
    district_name: String,
    opens: Option<String>,
    closes: Option<String>,
}

/// The windows of `districts` (a district without one shows empty days, closed).
pub async fn windows(
    db: &Db,
    districts: &[String],
    today: &Day,
) -> Result<Vec<WindowView>, AppError> {
    let ids: Vec<RecordId> = districts.iter().map(|d| record("area", d)).collect();
    let mut response = db
        .query(
            "SELECT id AS district, name AS district_name,
                (SELECT VALUE opens FROM proposal_window WHERE district = $parent.id)[0] AS opens,
                (SELECT VALUE closes FROM proposal_window WHERE district = $parent.id)[0] AS closes
             FROM area WHERE id IN $ids AND level = 'district' ORDER BY district_name",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let rows: Vec<WindowRow> = response.take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let opens = r.opens.as_deref().and_then(Day::parse);
            let closes = r.closes.as_deref().and_then(Day::parse);
            let open = match (&opens, &closes) {
                (Some(o), Some(c)) => super::logic::in_window(today, o, c),
                _ => false,
            };
            WindowView {
                district: key_text(&r.district),
                district_name: r.district_name,
                opens: r.opens.unwrap_or_default(),
                closes: r.closes.unwrap_or_default(),
                open,
            }
        })
        .collect())
}

/// Sets a district's window.
pub async fn set_window(
    db: &Db,
    me: &Principal,
    district: &str,
    opens: &Day,
    closes: &Day,
) -> Result<(), AppError> {
    audited(
        db,
        Change {
            actor: me,
            action: crate::audit::actions::PROPOSAL_WINDOW,
            target: record("proposal_window", district),
            council: None,
        },
        "UPSERT $target SET district = $district, opens = $opens, closes = $closes",
    )
    .bind(("district", record("area", district)))
    .bind(("opens", opens.as_str().to_string()))
    .bind(("closes", closes.as_str().to_string()))
    .await
    .map_err(AppError::from)
    .map(check_transaction)??;
    Ok(())
}

/// The districts of `councils`, each once: one query however many councils.
pub async fn districts_of(db: &Db, councils: &[String]) -> Result<Vec<String>, AppError> {
    let ids: Vec<RecordId> = councils.iter().map(|c| record("council", c)).collect();
    let mut response = db
        .query(
            "RETURN array::distinct((SELECT VALUE [area, area.parent, area.parent.parent,
                    area.parent.parent.parent].filter(|$x| $x != NONE AND $x.level = 'district')[0]
                FROM council WHERE id IN $ids)).filter(|$d| $d != NONE);",
        )
        .bind(("ids", ids))
        .await?
        .check()?;
    let districts: Vec<RecordId> = response.take(0)?;
    Ok(districts.iter().map(key_text).collect())
}
