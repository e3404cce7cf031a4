//! What guests are told, by email only: queued in `event_guest_mail` in
//! the transaction of the change ([`queue`], [`tell_event`]), then written
//! and handed to the mail queue by [`run`], as notifications are for
//! members (`notifications::email`). The mail queue sends with retries;
//! a row is claimed (`emailed_at`) in the transaction that queues its
//! email, so each is written once, also with several nodes and across
//! restarts.
//!
//! Each email is written when it is sent, from the guest's and the
//! event's state then: the online link only while the guest is going
//! (issue 17 point 1), a link that cancels in every email while there is
//! something to cancel. Link keys are made here, one per email, and only
//! their hashes are kept.

use std::time::Duration;

use jiff::tz::TimeZone;
use serde_json::Value;

use super::GuestState;
use crate::accounts::tokens::{hash_secret, new_secret};
use crate::db::{self, Db, Tx};
use crate::error::AppResult;
use crate::i18n::{Lang, Tr};
use crate::mail::compose::Letter;
use crate::mail::{self, Email, Mailer};
use crate::notifications::render::change_phrases;

/// Rows written per round.
const BATCH: i64 = 100;
/// How long sent rows are kept (the per-address limits count a day).
const KEEP_MICROS: i64 = 2 * 24 * 3600 * 1_000_000;

/// Queues email `kind` (`confirm`, `already`, `registered`, `accepted`,
/// `rejected`, `changed`, `event_cancelled`, `reminder`, `message`,
/// `cancelled`, `removed`) for guest `guest_id`. `requested`: asked for by
/// the anonymous form (what the per-address limits count).
pub(crate) async fn queue(
    tx: &mut Tx,
    guest_id: i64,
    kind: &str,
    params: Value,
    requested: bool,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO event_guest_mail (guest_id, kind, params, requested, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(guest_id)
    .bind(kind)
    .bind(params.to_string())
    .bind(i64::from(requested))
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Queues email `kind` for every guest of `event_id` in one of `states`;
/// returns how many.
pub(crate) async fn tell_event(
    tx: &mut Tx,
    event_id: i64,
    states: &[&str],
    kind: &str,
    params: &Value,
) -> AppResult<u64> {
    let guests: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, state FROM event_guests WHERE event_id = $1 ORDER BY id")
            .bind(event_id)
            .fetch_all(&mut **tx)
            .await?;
    let mut told = 0;
    for (id, state) in guests {
        if states.contains(&state.as_str()) {
            queue(tx, id, kind, params.clone(), false).await?;
            told += 1;
        }
    }
    Ok(told)
}

/// Writes every email waiting in `event_guest_mail`; returns how many were
/// queued for sending.
pub async fn email_due(db: &Db, mailer: &Mailer) -> AppResult<usize> {
    let mut queued = 0;
    let mut after = 0_i64;
    loop {
        let due: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM event_guest_mail WHERE emailed_at IS NULL AND id > $1 \
             ORDER BY id LIMIT $2 + 0",
        )
        .bind(after)
        .bind(BATCH)
        .fetch_all(&db.read)
        .await?;
        let Some(&(last,)) = due.last() else {
            break;
        };
        after = last;
        for &(id,) in &due {
            if email_one(db, mailer, id).await? {
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

/// One row as the email needs it.
#[derive(sqlx::FromRow)]
struct Due {
    guest_id: i64,
    kind: String,
    params: String,
    name: String,
    email: String,
    lang: String,
    state: GuestState,
    title: String,
    starts_at: i64,
    ends_at: i64,
    timezone: String,
    online_url: Option<String>,
    place_name: Option<String>,
    place_address: Option<String>,
    status: String,
    space_title: String,
    visibility: String,
}

async fn email_one(db: &Db, mailer: &Mailer, id: i64) -> AppResult<bool> {
    let now = db::now();
    let mut tx = db.begin().await?;
    let claimed = sqlx::query(
        "UPDATE event_guest_mail SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        return Ok(false);
    }
    let due: Option<Due> = sqlx::query_as(
        "SELECT m.guest_id, m.kind, m.params, g.name, g.email, g.lang, g.state, e.title, \
                e.starts_at, e.ends_at, e.timezone, e.online_url, e.place_name, e.place_address, \
                e.status, s.title AS space_title, s.visibility \
         FROM event_guest_mail m JOIN event_guests g ON g.id = m.guest_id \
         JOIN events e ON e.id = g.event_id JOIN spaces s ON s.id = e.space_id \
         WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    // Guests never exist in a private space: a space made private since
    // sends them nothing more.
    let Some(due) = due.filter(|d| d.visibility == "public") else {
        tx.commit().await?;
        return Ok(false);
    };
    let confirm = if due.kind == "confirm" && due.state == GuestState::Unconfirmed {
        Some(new_key(&mut tx, due.guest_id, "confirm", now).await?)
    } else {
        None
    };
    let cancellable = due.status != "cancelled"
        && !matches!(due.state, GuestState::Cancelled | GuestState::Rejected);
    let cancel = if cancellable {
        Some(new_key(&mut tx, due.guest_id, "cancel", now).await?)
    } else {
        None
    };
    let links = Links {
        confirm: confirm.map(|k| mailer.link(&format!("/guest/confirm/{k}"))),
        cancel: cancel.map(|k| mailer.link(&format!("/guest/cancel/{k}"))),
    };
    let lang = Lang::from_code(&due.lang).unwrap_or(mailer.default_lang);
    let email = write(mailer, &due, lang, &links);
    mail::enqueue(&mut tx, mailer, email).await?;
    tx.commit().await?;
    Ok(true)
}

async fn new_key(tx: &mut Tx, guest_id: i64, purpose: &str, now: i64) -> AppResult<String> {
    let key = new_secret();
    sqlx::query(
        "INSERT INTO event_guest_keys (key_hash, guest_id, purpose, created_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(hash_secret(&key))
    .bind(guest_id)
    .bind(purpose)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(key)
}

struct Links {
    confirm: Option<String>,
    cancel: Option<String>,
}

/// The email for one row, in the guest's language and the event's zone.
fn write(mailer: &Mailer, due: &Due, lang: Lang, links: &Links) -> Email {
    let t = Tr::new(lang);
    let params: Value = serde_json::from_str(&due.params).unwrap_or(Value::Null);
    let param = |name: &str| params.get(name).and_then(Value::as_str).unwrap_or("");
    let event = due.title.as_str();
    let space = due.space_title.as_str();
    let when = when(&t, due);
    let on_event = |id: &str| t.args(id, &[("event", event), ("space", space)]);
    let mut paragraphs = Vec::new();
    let mut action = None;
    let subject = match due.kind.as_str() {
        "confirm" => {
            paragraphs.push(t.args(
                "guest-mail-confirm-body",
                &[("event", event), ("instance", &mailer.instance)],
            ));
            if let Some(url) = &links.confirm {
                action = Some((t.get("guest-mail-confirm-button"), url.clone()));
            }
            paragraphs.push(t.get("guest-mail-confirm-ignore"));
            on_event("guest-mail-confirm-subject")
        }
        "already" => {
            paragraphs.push(t.label("guest-mail-state-", due.state));
            on_event("guest-mail-already-subject")
        }
        "registered" | "accepted" => {
            paragraphs.push(t.label("guest-mail-state-", due.state));
            if due.state == GuestState::Going {
                on_event("guest-mail-going-subject")
            } else {
                on_event("guest-mail-registered-subject")
            }
        }
        "rejected" => on_event("guest-mail-rejected-subject"),
        "cancelled" => on_event("guest-mail-cancelled-subject"),
        "removed" => on_event("guest-mail-removed-subject"),
        "event_cancelled" => on_event("notification-event-cancelled"),
        "changed" => t.args(
            "notification-event-updated",
            &[
                ("event", event),
                ("space", space),
                ("changed", &change_phrases(&params, &when, &t)),
            ],
        ),
        "reminder" => {
            let id = if param("when") == "day" {
                "notification-event-reminder-day"
            } else {
                "notification-event-reminder-hour"
            };
            t.args(id, &[("event", event), ("when", &when)])
        }
        "message" => {
            paragraphs.push(on_event("guest-mail-message-intro"));
            let body = param("body");
            if !body.is_empty() {
                paragraphs.push(body.to_owned());
            }
            param("subject").to_owned()
        }
        _ => on_event("guest-mail-registered-subject"),
    };
    if !matches!(due.kind.as_str(), "message" | "confirm") {
        paragraphs.insert(0, subject.clone());
    }
    // The facts, and the online link for those going.
    if due.status != "cancelled" && !matches!(due.kind.as_str(), "cancelled" | "removed") {
        paragraphs.push(t.with("guest-mail-when", "when", &when));
        let place = [due.place_name.as_deref(), due.place_address.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        if !place.is_empty() {
            paragraphs.push(t.with("guest-mail-where", "place", place));
        }
        if let Some(url) = &due.online_url {
            if due.state == GuestState::Going {
                paragraphs.push(t.with("guest-mail-link", "url", url));
            } else {
                paragraphs.push(t.get("guest-mail-link-later"));
            }
        }
    }
    let letter = Letter {
        greeting: t.with("guest-mail-greeting", "name", &due.name),
        paragraphs,
        action,
        footer: vec![t.args(
            "guest-mail-why",
            &[("event", event), ("instance", &mailer.instance)],
        )],
        footer_link: links
            .cancel
            .as_ref()
            .map(|url| (t.get("guest-mail-cancel-link"), url.clone())),
        ..Letter::default()
    };
    Email {
        account_id: None,
        to_address: due.email.clone(),
        to_name: due.name.clone(),
        kind: "guest",
        lang: lang.code(),
        html: letter.html(lang, &subject),
        text: letter.text(),
        subject,
        unsubscribe: None,
    }
}

/// The event's start and end in its own zone, naming the zone.
fn when(t: &Tr, due: &Due) -> String {
    let tz = TimeZone::get(&due.timezone).unwrap_or(TimeZone::UTC);
    let at = |m: i64| {
        jiff::Timestamp::from_microsecond(m)
            .map(|s| t.zoned(&s.to_zoned(tz.clone())))
            .unwrap_or_default()
    };
    let zone = tz.iana_name().unwrap_or("UTC");
    t.args(
        "guest-mail-time",
        &[
            ("start", &at(due.starts_at)),
            ("end", &at(due.ends_at)),
            ("zone", zone),
        ],
    )
}

/// Forgets what is no longer needed: unconfirmed guests whose link
/// expired (a name and an address nobody confirmed), and emailed rows past
/// the limits' window.
pub async fn forget_old(db: &Db, now: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM event_guests WHERE state = 'unconfirmed' AND created_at < $1")
        .bind(now - super::CONFIRM_MICROS)
        .execute(db.writer())
        .await?;
    sqlx::query("DELETE FROM event_guest_mail WHERE emailed_at IS NOT NULL AND emailed_at < $1")
        .bind(now - KEEP_MICROS)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Writes guests' emails every second, and forgets old rows hourly.
pub async fn run(db: Db, mailer: Mailer) {
    let mut last_cleanup: Option<std::time::Instant> = None;
    loop {
        if last_cleanup.is_none_or(|t| t.elapsed() > Duration::from_secs(3600)) {
            last_cleanup = Some(std::time::Instant::now());
            if let Err(e) = forget_old(&db, db::now()).await {
                tracing::warn!(error = %e, "guest emails: cannot forget old rows");
            }
        }
        if let Err(e) = email_due(&db, &mailer).await {
            tracing::warn!(error = %e, "guest emails failed; will retry");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
