//! Notifications by email at once: the worker step that turns each
//! notification whose member wants it by email into a message in the mail
//! queue, in the member's language and time zone.
//!
//! A notification is claimed (`emailed_at` set where it was empty) in the
//! same transaction that queues its email, so however many nodes run this
//! at once, each notification is emailed exactly once.

use std::time::Duration;

use super::kinds::Kind;
use super::render::render;
use super::unsubscribe::{self, Scope};
use super::{Notification, digest};
use crate::db::{self, Db};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::mail::compose::Letter;
use crate::mail::{self, Email, Mailer, Recipient};

/// Notifications claimed per round.
const BATCH: i64 = 100;

/// Emails every notification waiting to be emailed at once; returns how
/// many emails were queued.
pub async fn email_due(db: &Db, mailer: &Mailer) -> AppResult<usize> {
    let mut queued = 0;
    let mut after = 0_i64;
    loop {
        let due: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT id, account_id FROM notifications \
             WHERE delivery = 'email' AND emailed_at IS NULL AND id > $1 ORDER BY id LIMIT $2 + 0",
        )
        .bind(after)
        .bind(BATCH)
        .fetch_all(&db.read)
        .await?;
        let Some(&(last, _)) = due.last() else {
            break;
        };
        after = last;
        for &(id, account_id) in &due {
            if email_one(db, mailer, id, account_id).await? {
                queued += 1;
            }
        }
        if due.len() < BATCH as usize {
            break;
        }
    }
    if queued > 0 {
        mailer.ring();
    }
    Ok(queued)
}

/// Claims one notification and queues its email, in one transaction.
/// `false` when another worker had it, or there is nothing to send (the
/// member is gone, or may no longer see what it was about).
async fn email_one(db: &Db, mailer: &Mailer, id: i64, account_id: i64) -> AppResult<bool> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE notifications SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    let n: Option<Notification> = sqlx::query_as(concat!(notification_select!(), "AND n.id = $1"))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let recipient = mail::recipient(&mut *tx, mailer, account_id).await?;
    let (Some(n), Some(to)) = (n, recipient) else {
        tx.commit().await?;
        return Ok(false);
    };
    if !to.has_valid_address() {
        tracing::warn!(
            account = account_id,
            "notification not emailed: no valid address"
        );
        tx.commit().await?;
        return Ok(false);
    }
    let Some(kind) = n.kind() else {
        tx.commit().await?;
        return Ok(false);
    };
    let category = kind.category();
    let unsubscribe = unsubscribe::link(
        &mut tx,
        mailer,
        account_id,
        n.space_id,
        Scope::Category(category),
    )
    .await?;
    let email = notification_email(mailer, &n, kind, &to, unsubscribe);
    mail::enqueue(&mut tx, mailer, email).await?;
    tx.commit().await?;
    Ok(true)
}

/// The email for one notification.
fn notification_email(
    mailer: &Mailer,
    n: &Notification,
    kind: Kind,
    to: &Recipient,
    unsubscribe: String,
) -> Email {
    let t = Tr::new(to.lang);
    let rendered = render(n, &t, &to.tz);
    let mut paragraphs = vec![rendered.text.clone()];
    match (&rendered.body, &rendered.excerpt, n.may_quote()) {
        // A message is the email's point: all of it, paragraph by
        // paragraph, as plain text (the HTML part escapes it).
        (Some(body), _, true) => paragraphs.extend(
            body.split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        ),
        (None, Some(excerpt), true) => paragraphs.push(format!("“{excerpt}”")),
        (Some(_), _, false) | (None, Some(_), false) => {
            paragraphs.push(t.get("mail-private-no-text"))
        }
        (None, None, _) => {}
    }
    let category = t.label("mail-category-", kind.category());
    let mut footer = vec![match &n.space_title {
        Some(space) => t.args(
            "mail-why-email-space",
            &[("category", &category), ("space", space)],
        ),
        None => t.with("mail-why-email", "category", &category),
    }];
    footer.push(t.with(
        "mail-preferences",
        "url",
        mailer.link("/settings/notifications"),
    ));
    let letter = Letter {
        greeting: t.with("mail-greeting", "name", &to.name),
        paragraphs,
        action: Some((t.get("mail-open"), mailer.link(&rendered.link))),
        footer,
        footer_link: Some((t.get("mail-unsubscribe"), unsubscribe.clone())),
        ..Letter::default()
    };
    let subject = one_line(&rendered.text, 150);
    Email {
        account_id: Some(to.account_id),
        to_address: to.address.clone(),
        to_name: to.name.clone(),
        kind: "notification",
        lang: to.lang.code(),
        html: letter.html(to.lang, &subject),
        text: letter.text(),
        subject,
        unsubscribe: Some(unsubscribe),
    }
}

/// `text` on one line, cut to `max` characters: a subject line.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        None => line,
    }
}

/// Emails notifications at once every few seconds and sends the digests
/// that came due every minute, until the task is stopped. Errors are
/// logged and the next round tries again.
pub async fn run(db: Db, mailer: Mailer) {
    let mut round: u64 = 0;
    loop {
        if let Err(e) = email_due(&db, &mailer).await {
            tracing::warn!(error = %e, "notification emails: cannot send");
        }
        if round.is_multiple_of(20) {
            for period in [digest::Period::Daily, digest::Period::Weekly] {
                if let Err(e) = digest::send_digests(&db, &mailer, period, db::now()).await {
                    tracing::warn!(error = %e, ?period, "digests: cannot send");
                }
            }
        }
        round += 1;
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
}
