//! Daily and weekly digests: one email listing, grouped by space, every
//! notification a member chose to get in that digest since the last one.
//!
//! A digest is due at `email.digest_hour` in the member's own time zone,
//! every day or every Monday; a member's first digest comes at the first
//! such hour after they joined. [`send_digests`] walks the members who
//! have something waiting, in batches of [`BATCH`] so memory stays flat
//! however many there are; for each one that is due it claims the digest
//! (`digest_state`) and the notifications (`emailed_at`) in the same
//! transaction that queues the email, so two nodes never send one twice.
//! A digest with nothing to show is never sent.

use futures_util::TryStreamExt;
use jiff::Timestamp;
use jiff::civil::Weekday;
use jiff::tz::TimeZone;

use super::Notification;
use super::kinds::Delivery;
use super::render::render;
use super::unsubscribe::{self, Scope};
use crate::db::Db;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::mail::compose::{Letter, Section};
use crate::mail::recipient::time_zone;
use crate::mail::{self, Email, Mailer};

/// Members looked at per query.
const BATCH: i64 = 500;
/// Notifications listed in one digest; the rest are on the notifications page.
pub const MOST_ITEMS: i64 = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Daily,
    Weekly,
}

impl Period {
    pub fn delivery(self) -> Delivery {
        match self {
            Period::Daily => Delivery::Daily,
            Period::Weekly => Delivery::Weekly,
        }
    }

    /// The mail queue's kind, and the unsubscribe scope's code.
    pub fn kind(self) -> &'static str {
        match self {
            Period::Daily => "digest.daily",
            Period::Weekly => "digest.weekly",
        }
    }

    /// The `digest_state` column of the last one sent.
    fn column(self) -> &'static str {
        match self {
            Period::Daily => "daily_at",
            Period::Weekly => "weekly_at",
        }
    }
}

/// The latest moment at or before `now` when a digest of `period` fell due
/// for someone in `tz`: today's (or the last Monday's) `hour` o'clock.
pub fn last_due(period: Period, now: i64, tz: &TimeZone, hour: u8) -> i64 {
    let fallback = now - 8 * 24 * 3600 * 1_000_000;
    let Ok(instant) = Timestamp::from_microsecond(now) else {
        return fallback;
    };
    let mut date = instant.to_zoned(tz.clone()).date();
    let hour = i8::try_from(hour.min(23)).unwrap_or(0);
    for _ in 0..9 {
        let right_day = period == Period::Daily || date.weekday() == Weekday::Monday;
        if right_day && let Ok(at) = date.at(hour, 0, 0, 0).to_zoned(tz.clone()) {
            let at = at.timestamp().as_microsecond();
            if at <= now {
                return at;
            }
        }
        match date.yesterday() {
            Ok(day) => date = day,
            Err(_) => break,
        }
    }
    fallback
}

/// What one run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct DigestRun {
    /// Members with something waiting for this digest.
    pub members: usize,
    /// Digests queued.
    pub sent: usize,
}

/// Sends every digest of `period` due at `now` (microseconds; the worker
/// passes the clock, tests and benchmarks a moment of their choosing).
pub async fn send_digests(
    db: &Db,
    mailer: &Mailer,
    period: Period,
    now: i64,
) -> AppResult<DigestRun> {
    let mut run = DigestRun::default();
    let mut after = 0_i64;
    let query = format!(
        "SELECT a.id, a.created_at, a.timezone, d.{column} FROM accounts a \
         LEFT JOIN digest_state d ON d.account_id = a.id \
         WHERE a.id > $1 AND a.domain IS NULL AND a.deleted_at IS NULL \
         AND EXISTS (SELECT 1 FROM notifications n WHERE n.account_id = a.id \
                     AND n.delivery = $2 AND n.emailed_at IS NULL) \
         ORDER BY a.id LIMIT $3 + 0",
        column = period.column()
    );
    loop {
        // Built from a constant column name above.
        let members: Vec<(i64, i64, String, Option<i64>)> =
            sqlx::query_as(sqlx::AssertSqlSafe(query.clone()))
                .bind(after)
                .bind(period.delivery().as_str())
                .bind(BATCH)
                .fetch_all(&db.read)
                .await?;
        let Some(&(last, ..)) = members.last() else {
            break;
        };
        after = last;
        run.members += members.len();
        for (account_id, joined_at, zone, last_sent) in &members {
            let due_at = last_due(period, now, &time_zone(zone), mailer.digest_hour);
            if last_sent.unwrap_or(*joined_at) >= due_at {
                continue;
            }
            if digest_one(db, mailer, period, *account_id, now, due_at).await? {
                run.sent += 1;
            }
        }
        if members.len() < BATCH as usize {
            break;
        }
    }
    if run.sent > 0 {
        mailer.ring();
    }
    Ok(run)
}

/// Claims and queues one member's digest; `false` when another node had
/// it or there was nothing to show.
async fn digest_one(
    db: &Db,
    mailer: &Mailer,
    period: Period,
    account_id: i64,
    now: i64,
    due_at: i64,
) -> AppResult<bool> {
    let column = period.column();
    let mut tx = db.begin().await?;
    // The digest is this node's only if nobody sent it since it fell due.
    let claim = format!(
        "INSERT INTO digest_state (account_id, {column}) VALUES ($1, $2) \
         ON CONFLICT (account_id) DO UPDATE SET {column} = $2 \
         WHERE digest_state.{column} IS NULL OR digest_state.{column} < $3"
    );
    // Built from a constant column name above.
    let claimed = sqlx::query(sqlx::AssertSqlSafe(claim))
        .bind(account_id)
        .bind(now)
        .bind(due_at)
        .execute(&mut *tx)
        .await?;
    if claimed.rows_affected() == 0 {
        return Ok(false);
    }
    let marked = sqlx::query(
        "UPDATE notifications SET emailed_at = $1 \
         WHERE account_id = $2 AND delivery = $3 AND emailed_at IS NULL AND created_at <= $1",
    )
    .bind(now)
    .bind(account_id)
    .bind(period.delivery().as_str())
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(false);
    }
    let Some(to) = mail::recipient(&mut *tx, mailer, account_id).await? else {
        tx.commit().await?;
        return Ok(false);
    };
    if !to.has_valid_address() {
        tracing::warn!(account = account_id, "digest not sent: no valid address");
        tx.commit().await?;
        return Ok(false);
    }
    let t = Tr::new(to.lang);
    let mut sections: Vec<Section> = Vec::new();
    let mut current_space: Option<Option<i64>> = None;
    let mut listed: i64 = 0;
    {
        let mut rows = sqlx::query_as::<_, Notification>(concat!(
            notification_select!(),
            "AND n.account_id = $1 AND n.delivery = $2 AND n.emailed_at = $3 \
             ORDER BY CASE WHEN n.space_id IS NULL THEN 1 ELSE 0 END, s.title, n.space_id, n.id \
             LIMIT $4 + 0"
        ))
        .bind(account_id)
        .bind(period.delivery().as_str())
        .bind(now)
        .bind(MOST_ITEMS)
        .fetch(&mut *tx);
        while let Some(n) = rows.try_next().await? {
            if current_space != Some(n.space_id) {
                current_space = Some(n.space_id);
                sections.push(Section {
                    heading: n
                        .space_title
                        .clone()
                        .unwrap_or_else(|| t.get("mail-digest-elsewhere")),
                    items: Vec::new(),
                });
            }
            let rendered = render(&n, &t, &to.tz);
            let text = match (&rendered.excerpt, n.may_quote()) {
                (Some(excerpt), true) => format!("{} — “{excerpt}”", rendered.text),
                _ => rendered.text,
            };
            if let Some(section) = sections.last_mut() {
                section
                    .items
                    .push((text, Some(mailer.link(&rendered.link))));
            }
            listed += 1;
        }
    }
    if listed == 0 {
        // Only what the member may no longer see was waiting: it is
        // dropped, and no empty digest goes out.
        tx.commit().await?;
        return Ok(false);
    }
    let scope = Scope::Digest(period.delivery());
    let unsubscribe = unsubscribe::link(&mut tx, mailer, account_id, None, scope).await?;
    let (subject_id, intro_id, why_id) = match period {
        Period::Daily => (
            "mail-digest-daily-subject",
            "mail-digest-daily-intro",
            "mail-why-digest-daily",
        ),
        Period::Weekly => (
            "mail-digest-weekly-subject",
            "mail-digest-weekly-intro",
            "mail-why-digest-weekly",
        ),
    };
    let mut paragraphs = vec![t.get(intro_id)];
    if listed >= MOST_ITEMS {
        paragraphs.push(t.get("mail-digest-more"));
    }
    let letter = Letter {
        greeting: t.with("mail-greeting", "name", &to.name),
        paragraphs,
        sections,
        action: Some((t.get("mail-digest-open"), mailer.link("/notifications"))),
        footer: vec![
            t.get(why_id),
            t.with(
                "mail-preferences",
                "url",
                mailer.link("/settings/notifications"),
            ),
        ],
        footer_link: Some((t.get("mail-unsubscribe-digest"), unsubscribe.clone())),
    };
    let subject = t.count(subject_id, listed);
    let email = Email {
        account_id: Some(account_id),
        to_address: to.address.clone(),
        to_name: to.name.clone(),
        kind: period.kind(),
        lang: to.lang.code(),
        html: letter.html(to.lang, &subject),
        text: letter.text(),
        subject,
        unsubscribe: Some(unsubscribe),
    };
    mail::enqueue(&mut tx, mailer, email).await?;
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        text.parse::<Timestamp>()
            .map(|t| t.as_microsecond())
            .unwrap_or(0)
    }

    #[test]
    fn daily_falls_due_at_the_hour_in_the_members_zone() {
        let utc = TimeZone::UTC;
        // 09:30 UTC, digests at 8: due at 08:00 today.
        let now = at("2026-11-25T09:30:00Z");
        assert_eq!(
            last_due(Period::Daily, now, &utc, 8),
            at("2026-11-25T08:00:00Z")
        );
        // 07:30 UTC: yesterday's 08:00.
        let now = at("2026-11-25T07:30:00Z");
        assert_eq!(
            last_due(Period::Daily, now, &utc, 8),
            at("2026-11-24T08:00:00Z")
        );
        // Kinshasa is UTC+1: its 08:00 is 07:00 UTC.
        let kinshasa = TimeZone::get("Africa/Kinshasa").unwrap_or(TimeZone::UTC);
        assert_eq!(
            last_due(Period::Daily, now, &kinshasa, 8),
            at("2026-11-25T07:00:00Z")
        );
    }

    #[test]
    fn weekly_falls_due_on_mondays() {
        let utc = TimeZone::UTC;
        // Wednesday 25 November 2026: the Monday before is the 23rd.
        let now = at("2026-11-25T09:30:00Z");
        assert_eq!(
            last_due(Period::Weekly, now, &utc, 8),
            at("2026-11-23T08:00:00Z")
        );
        // Monday the 30th at 07:00, before the hour: still the 23rd.
        let now = at("2026-11-30T07:00:00Z");
        assert_eq!(
            last_due(Period::Weekly, now, &utc, 8),
            at("2026-11-23T08:00:00Z")
        );
    }
}
