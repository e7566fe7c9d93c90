//! The queries of scoring: a district's councils and members, each kind of record of a quarter
//! counted per member (one grouped query per table, by day index), sheets, adjustments, and
//! closed quarters kept as they stood.
use super::logic::{average_tenths, ranks, score};
use super::*;
use crate::audit::actions;
use crate::audit::store::{audited, audited_without, Change};
use crate::auth::Principal;
use crate::base::error::AppError;
use crate::server::db::{check_transaction, key_text, record, Db};
use std::collections::HashMap;
use surrealdb::types::{RecordId, SurrealValue, Value};

/// Councils whose area lies in `district`, at most four levels down (district, town, village…).
const COUNCILS_OF_DISTRICT: &str = "SELECT VALUE id FROM council WHERE area = $district
    OR area.parent = $district OR area.parent.parent = $district
    OR area.parent.parent.parent = $district";

/// The district a council lies in: its area or the nearest one above at the district level.
pub async fn district_of(db: &Db, council: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query(
            "LET $a = (SELECT VALUE area FROM ONLY $council);
             RETURN [$a, $a.parent, $a.parent.parent, $a.parent.parent.parent]
                .filter(|$x| $x != NONE AND $x.level = 'district')[0];",
        )
        .bind(("council", record("council", council)))
        .await?
        .check()?;
    let district: Option<RecordId> = response.take(1)?;
    Ok(district.as_ref().map(key_text))
}

/// A district's name, if the key names a district.
pub async fn district_name(db: &Db, district: &str) -> Result<Option<String>, AppError> {
    let mut response = db
        .query("SELECT VALUE name FROM ONLY $d WHERE level = 'district'")
        .bind(("d", record("area", district)))
        .await?
        .check()?;
    Ok(response.take(0)?)
}

/// The districts the caller may open: all for the system, the held ones for district admins,
/// and those of the councils a manager leads.
pub async fn districts_for(db: &Db, me: &Principal) -> Result<Vec<(String, String)>, AppError> {
    #[derive(Debug, SurrealValue)]
    #[surreal(crate = "surrealdb::types")]
    struct Named {
        id: RecordId,
        name: String,
    }
    let areas: Vec<RecordId> = me.admin_areas.iter().map(|a| record("area", a)).collect();
    let led: Vec<RecordId> = me
        .led_councils
        .iter()
        .map(|c| record("council", c))
        .collect();
    let mut response = db
        .query(
            "LET $of_led = array::flatten((SELECT VALUE [area, area.parent, area.parent.parent, area.parent.parent.parent]
                FROM council WHERE id IN $led));
             SELECT id, name FROM area WHERE level = 'district'
                AND ($system OR id IN $areas OR id IN $of_led) ORDER BY name;",
        )
        .bind(("system", me.system_admin))
        .bind(("areas", areas))
        .bind(("led", led))
        .await?
        .check()?;
    let rows: Vec<Named> = response.take(1)?;
    Ok(rows
        .into_iter()
        .map(|r| (key_text(&r.id), r.name))
        .collect())
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StoredItem {
    kind: String,
    points: i64,
    cap: i64,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct StoredSheet {
    base: i64,
    items: Vec<StoredItem>,
    receptions_per_month: i64,
    disputes_per_quarter: i64,
    contacts_per_year: i64,
}

/// A district's sheet, or the articles' default while it has none.
pub async fn sheet(db: &Db, district: &str) -> Result<ScoreSheet, AppError> {
    let mut response = db
        .query(
            "SELECT base, items, receptions_per_month, disputes_per_quarter, contacts_per_year
                FROM ONLY $sheet",
        )
        .bind(("sheet", record("score_sheet", district)))
        .await?
        .check()?;
    let stored: Option<StoredSheet> = response.take(0)?;
    Ok(stored.map_or_else(ScoreSheet::default, |s| ScoreSheet {
        base: s.base,
        items: s
            .items
            .into_iter()
            .filter_map(|i| {
                ScoreKind::from_code(&i.kind).map(|kind| ScoreItem {
                    kind,
                    points: i.points,
                    cap: i.cap,
                })
            })
            .collect(),
        targets: Targets {
            receptions_per_month: s.receptions_per_month,
            disputes_per_quarter: s.disputes_per_quarter,
            contacts_per_year: s.contacts_per_year,
        },
    }))
}

/// The contacts a year a member of these councils should make: their district's target.
pub async fn contacts_target(db: &Db, councils: &[String]) -> Result<i64, AppError> {
    let Some(first) = councils.first() else {
        return Ok(ScoreSheet::default().targets.contacts_per_year);
    };
    let sheet = match district_of(db, first).await? {
        Some(district) => sheet(db, &district).await?,
        None => ScoreSheet::default(),
    };
    Ok(sheet.targets.contacts_per_year)
}

pub async fn save_sheet(
    db: &Db,
    me: &Principal,
    district: &str,
    sheet: &ScoreSheet,
) -> Result<(), AppError> {
    let items: Vec<serde_json::Value> = sheet
        .items
        .iter()
        .map(|i| serde_json::json!({ "kind": i.kind.code(), "points": i.points, "cap": i.cap }))
        .collect();
    audited(
        db,
        Change {
            actor: me,
            action: actions::SCORE_SHEET,
            target: record("score_sheet", district),
            council: None,
        },
        "UPSERT $target SET district = $district, base = $base, items = $items,
            receptions_per_month = $rpm, disputes_per_quarter = $dpq, contacts_per_year = $cpy,
            updated_at = time::now()",
    )
    .bind(("district", record("area", district)))
    .bind(("base", sheet.base))
    .bind(("items", items))
    .bind(("rpm", sheet.targets.receptions_per_month))
    .bind(("dpq", sheet.targets.disputes_per_quarter))
    .bind(("cpy", sheet.targets.contacts_per_year))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

fn quarter_key(district: &str, quarter: Quarter) -> RecordId {
    record(
        "score_quarter",
        &format!("{district}_{}", quarter.code().to_lowercase()),
    )
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct MemberRow {
    member: RecordId,
    name: String,
    council: RecordId,
    council_name: String,
    account: Option<RecordId>,
}

/// A count per member, keyed by the member's key.
type ByMember = HashMap<String, i64>;

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AccountOf {
    who: RecordId,
    id: RecordId,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct Tallied {
    who: Option<RecordId>,
    n: i64,
    m: Option<i64>,
}

#[derive(Debug, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct AdjustmentRow {
    member: RecordId,
    points: i64,
    reason: String,
    by_name: Option<String>,
    at: chrono::DateTime<chrono::Utc>,
}

/// Counts every kind of record of the quarter for each member of the district's councils, and
/// scores, ranks and averages them. Days after `today` are not yet missed.
pub async fn compute(
    db: &Db,
    district: &str,
    quarter: Quarter,
    sheet: ScoreSheet,
) -> Result<QuarterRanking, AppError> {
    let today = crate::base::clock::today().0;
    let (from, to) = (quarter.first_day(), quarter.last_day());
    let until = if to < today {
        to.clone()
    } else {
        today.clone()
    };
    let this_month = today[..7].to_string();
    let past_month = if to[..7] < *this_month {
        to[..7].to_string()
    } else {
        previous_month(&this_month)
    };
    // This month counts by day only when the quarter holds it.
    let month_start = if from <= today && today <= to {
        format!("{this_month}-01")
    } else {
        "9999-12-31".to_string()
    };
    let mut response = db
        .query(format!(
            "LET $councils = ({COUNCILS_OF_DISTRICT});
             SELECT member, member.name AS name, council, council.name AS council_name, NONE AS account
                FROM membership WHERE council IN $councils ORDER BY council_name, name;
             SELECT member AS who, <int> math::sum(n) AS n, <int> math::sum(disputes) AS m
                FROM tally_activity WHERE month >= $from_month AND month <= $to_month GROUP BY who;
             SELECT member AS who, <int> math::sum(kept) AS n, <int> math::sum(resolved) AS m
                FROM tally_reception WHERE month >= $from_month AND month <= $to_month GROUP BY who;
             SELECT member AS who, <int> math::sum(n) AS n FROM tally_slot
                WHERE month >= $from_month AND month <= $past_month GROUP BY who;
             SELECT member AS who, <int> math::sum(n) AS n FROM tally_contact
                WHERE month >= $from_month AND month <= $to_month GROUP BY who;
             SELECT raised_by AS who, count() AS n FROM case
                WHERE raised_by != NONE AND council IN $councils
                    AND created_at >= <datetime>$from_at AND created_at < <datetime>$to_at GROUP BY who;
             SELECT author AS who, count() AS n FROM research
                WHERE on_date >= $from AND on_date <= $to GROUP BY who;
             SELECT account AS who, count() AS n FROM attendee
                WHERE session.council IN $councils AND session.starts_at >= $from
                    AND session.starts_at <= $to_end GROUP BY who;
             SELECT member, points, reason, by.name AS by_name, at FROM score_adjustment
                WHERE district = $district AND quarter = $quarter ORDER BY at;
             SELECT VALUE name FROM ONLY $district;
             SELECT member AS who, count() AS n FROM duty_slot
                WHERE date >= $month_start AND date <= $until GROUP BY who;
             SELECT member AS who, id FROM account WHERE member != NONE;"
        ))
        .bind(("district", record("area", district)))
        .bind(("quarter", quarter.code()))
        .bind(("from", from.clone()))
        .bind(("to", to.clone()))
        .bind(("to_end", format!("{to}T23:59")))
        .bind(("until", until))
        .bind(("from_month", from[..7].to_string()))
        .bind(("to_month", to[..7].to_string()))
        // Slots of months gone by come from the tally; this month's up to today, by day.
        .bind(("past_month", past_month))
        .bind(("month_start", month_start))
        .bind(("from_at", format!("{from}T00:00:00+08:00")))
        .bind(("to_at", {
            let next = quarter_after(quarter);
            format!("{}T00:00:00+08:00", next.first_day())
        }))
        .await?
        .check()?;
    let mut members: Vec<MemberRow> = response.take(1)?;
    // Each member's account, looked up once (not by a subquery per member).
    let accounts: Vec<AccountOf> = response.take(12)?;
    let accounts: HashMap<String, RecordId> = accounts
        .into_iter()
        .map(|a| (key_text(&a.who), a.id))
        .collect();
    for row in &mut members {
        row.account = accounts.get(&key_text(&row.member)).cloned();
    }
    // Keyed by the record key's text: a `RecordId` is no hash key.
    // Two tallies of a statement (`n`, and `m` where it has one), by member.
    let mut take2 = |index: usize| -> Result<(ByMember, ByMember), AppError> {
        let rows: Vec<Tallied> = response.take(index)?;
        let mut n = HashMap::new();
        let mut m = HashMap::new();
        for row in rows {
            if let Some(who) = row.who {
                let who = key_text(&who);
                m.insert(who.clone(), row.m.unwrap_or(0));
                n.insert(who, row.n);
            }
        }
        Ok((n, m))
    };
    let (activities, activity_disputes) = take2(2)?;
    let (kept, reception_disputes) = take2(3)?;
    let (mut slots, _) = take2(4)?;
    let (contacts, _) = take2(5)?;
    let (concerns, _) = take2(6)?;
    let (research, _) = take2(7)?;
    let (sessions, _) = take2(8)?;
    let (now_slots, _) = take2(11)?;
    let adjustments: Vec<AdjustmentRow> = response.take(9)?;
    let district_name: Option<String> = response.take(10)?;
    for (who, n) in now_slots {
        *slots.entry(who).or_insert(0) += n;
    }

    let get = |map: &HashMap<String, i64>, id: &Option<RecordId>| {
        id.as_ref()
            .and_then(|id| map.get(&key_text(id)))
            .copied()
            .unwrap_or(0)
    };
    let mut seen: Vec<RecordId> = Vec::new();
    let mut scores: Vec<MemberScore> = Vec::new();
    for row in members {
        // A member serving in two of the district's councils is scored once, in the first.
        if seen.contains(&row.member) {
            continue;
        }
        seen.push(row.member.clone());
        let m = Some(row.member.clone());
        let kept_n = get(&kept, &m);
        let tally = [
            (ScoreKind::Activities, get(&activities, &m)),
            (ScoreKind::ReceptionsKept, kept_n),
            (
                ScoreKind::ReceptionsMissed,
                (get(&slots, &m) - kept_n).max(0),
            ),
            (ScoreKind::Contacts, get(&contacts, &m)),
            (
                ScoreKind::Disputes,
                get(&activity_disputes, &m) + get(&reception_disputes, &m),
            ),
            (ScoreKind::Concerns, get(&concerns, &row.account)),
            (ScoreKind::Sessions, get(&sessions, &row.account)),
            (ScoreKind::Research, get(&research, &row.account)),
        ];
        let mine: Vec<Adjustment> = adjustments
            .iter()
            .filter(|a| a.member == row.member)
            .map(|a| Adjustment {
                points: a.points,
                reason: a.reason.clone(),
                by: a.by_name.clone().unwrap_or_default(),
                date: crate::base::clock::format_date(a.at),
            })
            .collect();
        let (lines, total, below) = score(&sheet, &tally, &mine);
        scores.push(MemberScore {
            member: key_text(&row.member),
            name: row.name,
            council: key_text(&row.council),
            council_name: row.council_name,
            lines,
            adjustments: mine,
            total,
            rank: 0,
            below,
        });
    }
    scores.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));
    let member_ranks = ranks(&scores, |s| s.total);
    for (score, rank) in scores.iter_mut().zip(member_ranks) {
        score.rank = rank;
    }
    let councils = council_scores(&scores);
    Ok(QuarterRanking {
        district: district.to_string(),
        district_name: district_name.unwrap_or_default(),
        quarter,
        closed: false,
        sheet,
        members: scores,
        councils,
    })
}

/// `YYYY-MM` of the month before.
fn previous_month(month: &str) -> String {
    let year: i32 = month[..4].parse().unwrap_or(2026);
    let m: u32 = month[5..7].parse().unwrap_or(1);
    if m == 1 {
        format!("{}-12", year - 1)
    } else {
        format!("{year}-{:02}", m - 1)
    }
}

fn quarter_after(quarter: Quarter) -> Quarter {
    if quarter.q == 4 {
        Quarter {
            year: quarter.year + 1,
            q: 1,
        }
    } else {
        Quarter {
            year: quarter.year,
            q: quarter.q + 1,
        }
    }
}

/// Each council's average of its members' totals, ranked.
fn council_scores(members: &[MemberScore]) -> Vec<CouncilScore> {
    let mut by_council: Vec<(String, String, Vec<i64>, i64)> = Vec::new();
    for m in members {
        match by_council.iter_mut().find(|(c, _, _, _)| *c == m.council) {
            Some(entry) => {
                entry.2.push(m.total);
                entry.3 += i64::from(!m.below.is_empty());
            }
            None => by_council.push((
                m.council.clone(),
                m.council_name.clone(),
                vec![m.total],
                i64::from(!m.below.is_empty()),
            )),
        }
    }
    let mut councils: Vec<CouncilScore> = by_council
        .into_iter()
        .map(|(council, name, totals, below)| CouncilScore {
            council,
            name,
            members: i64::try_from(totals.len()).unwrap_or(0),
            average_tenths: average_tenths(&totals),
            rank: 0,
            below_target: below,
        })
        .collect();
    councils.sort_by(|a, b| {
        b.average_tenths
            .cmp(&a.average_tenths)
            .then_with(|| a.name.cmp(&b.name))
    });
    let council_ranks = ranks(&councils, |c| c.average_tenths);
    for (council, rank) in councils.iter_mut().zip(council_ranks) {
        council.rank = rank;
    }
    councils
}

/// The quarter as it stands: frozen when closed, computed from the records when open.
pub async fn ranking(
    db: &Db,
    district: &str,
    quarter: Quarter,
) -> Result<QuarterRanking, AppError> {
    let mut response = db
        .query("SELECT VALUE frozen FROM ONLY $q WHERE closed = true")
        .bind(("q", quarter_key(district, quarter)))
        .await?
        .check()?;
    let frozen: Option<Value> = response.take(0)?;
    if let Some(frozen) = frozen {
        let mut ranking: QuarterRanking =
            serde_json::from_value(frozen.into_json_value()).map_err(|_| AppError::Internal)?;
        ranking.closed = true;
        return Ok(ranking);
    }
    let sheet = sheet(db, district).await?;
    compute(db, district, quarter, sheet).await
}

async fn is_closed(db: &Db, district: &str, quarter: Quarter) -> Result<bool, AppError> {
    let mut response = db
        .query("RETURN (SELECT VALUE closed FROM ONLY $q) ?? false")
        .bind(("q", quarter_key(district, quarter)))
        .await?
        .check()?;
    let closed: Option<bool> = response.take(0)?;
    Ok(closed.unwrap_or(false))
}

/// Closes a quarter: its sheet and every score are kept as they stand now.
pub async fn close(
    db: &Db,
    me: &Principal,
    district: &str,
    quarter: Quarter,
) -> Result<(), AppError> {
    if is_closed(db, district, quarter).await? {
        return Err(AppError::Conflict);
    }
    let mut ranking = ranking(db, district, quarter).await?;
    ranking.closed = true;
    let frozen = serde_json::to_value(&ranking).map_err(|_| AppError::Internal)?;
    audited_without(
        db,
        Change {
            actor: me,
            action: actions::QUARTER_CLOSE,
            target: quarter_key(district, quarter),
            council: None,
        },
        "UPSERT $target SET district = $district, quarter = $quarter, closed = true,
            frozen = $frozen, closed_at = time::now()",
        &["frozen"],
    )
    .bind(("district", record("area", district)))
    .bind(("quarter", quarter.code()))
    .bind(("frozen", frozen))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

/// Opens a closed quarter again: scores follow the records once more.
pub async fn reopen(
    db: &Db,
    me: &Principal,
    district: &str,
    quarter: Quarter,
) -> Result<(), AppError> {
    if !is_closed(db, district, quarter).await? {
        return Err(AppError::Conflict);
    }
    audited_without(
        db,
        Change {
            actor: me,
            action: actions::QUARTER_REOPEN,
            target: quarter_key(district, quarter),
            council: None,
        },
        "UPDATE $target SET closed = false, frozen = NONE, closed_at = NONE",
        &["frozen"],
    )
    .await
    .and_then(check_transaction)?;
    Ok(())
}

/// The councils of the district a member serves in (to check who may adjust their score).
pub async fn member_councils_in(
    db: &Db,
    district: &str,
    member: &str,
) -> Result<Vec<String>, AppError> {
    let mut response = db
        .query(format!(
            "LET $councils = ({COUNCILS_OF_DISTRICT});
             SELECT VALUE council FROM membership WHERE member = $member AND council IN $councils;"
        ))
        .bind(("district", record("area", district)))
        .bind(("member", record("member", member)))
        .await?
        .check()?;
    let councils: Vec<RecordId> = response.take(1)?;
    Ok(councils.iter().map(key_text).collect())
}

/// Adds an adjustment to a member's open quarter.
#[allow(clippy::too_many_arguments)]
pub async fn adjust(
    db: &Db,
    me: &Principal,
    district: &str,
    quarter: Quarter,
    member: &str,
    council: &str,
    points: i64,
    reason: String,
) -> Result<(), AppError> {
    if is_closed(db, district, quarter).await? {
        return Err(AppError::invalid(
            "points",
            crate::base::text::t().score_err_closed,
        ));
    }
    let key = crate::audit::store::new_key();
    audited(
        db,
        Change {
            actor: me,
            action: actions::SCORE_ADJUST,
            target: record("score_adjustment", &key),
            council: Some(record("council", council)),
        },
        "CREATE $target SET district = $district, quarter = $quarter, member = $member,
            points = $points, reason = $reason, by = $me",
    )
    .bind(("district", record("area", district)))
    .bind(("quarter", quarter.code()))
    .bind(("member", record("member", member)))
    .bind(("points", points))
    .bind(("reason", reason))
    .bind(("me", record("account", &me.account)))
    .await
    .and_then(check_transaction)?;
    Ok(())
}

/// The councils of a district, for filtering what a council's manager sees.
pub async fn councils_of_district(db: &Db, district: &str) -> Result<Vec<String>, AppError> {
    let mut response = db
        .query(COUNCILS_OF_DISTRICT)
        .bind(("district", record("area", district)))
        .await?
        .check()?;
    let councils: Vec<RecordId> = response.take(0)?;
    Ok(councils.iter().map(key_text).collect())
}
