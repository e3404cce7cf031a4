//! Guests (issue 17 point 5): people without an account register for a
//! public event of ours with a name and an email address.
//!
//! Double opt-in: the form makes an `unconfirmed` guest and emails a link;
//! the link's page has a button (a GET changes nothing, since mail
//! scanners open links), whose POST confirms, and the guest is admitted by
//! the same rule as members (`registration::admission`: capacity, waiting
//! list, approval). Every email to a guest carries a link that cancels.
//! Emails are queued in `event_guest_mail` in the transaction of the
//! change ([`emails`]).
//!
//! The form is anonymous, so what it costs is bounded: a few confirmation
//! emails per address per hour and per day, a bounded number of
//! unconfirmed guests per event, and the same answer whether or not an
//! address is already registered (the email says which). An event of a
//! private space answers as one that does not exist. This module owns
//! `event_guests`, `event_guest_keys` and `event_guest_mail`.

pub mod emails;
mod organisers;

pub use organisers::{GuestView, decide, guest_rows, list, remove};

use serde_json::json;

use super::news::{self, OrganiserNews};
use super::participants::single_line;
use super::registration::admission;
use super::{Event, EventStatus, ParticipantState, find_visible, lock};
use crate::accounts::tokens::hash_secret;
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::spaces::Visibility;
use crate::text_enum::text_enum;

text_enum! {
    pub enum GuestState {
        /// Registered by the form; the address is not confirmed yet.
        Unconfirmed = "unconfirmed",
        Going = "going",
        Waiting = "waiting",
        /// Waiting for the organiser's approval.
        Pending = "pending",
        Rejected = "rejected",
        /// Cancelled by the guest's link or by an organiser.
        Cancelled = "cancelled",
    }
}

impl From<ParticipantState> for GuestState {
    fn from(state: ParticipantState) -> Self {
        match state {
            ParticipantState::Going => GuestState::Going,
            ParticipantState::Waiting => GuestState::Waiting,
            ParticipantState::Pending => GuestState::Pending,
            ParticipantState::Rejected => GuestState::Rejected,
        }
    }
}

/// Longest name, in characters.
pub const NAME_MAX: usize = 100;
/// Longest address (RFC 5321's limit on a path).
pub const EMAIL_MAX: usize = 254;
/// Registrations an address may ask for (each sends an email) per hour …
pub const PER_ADDRESS_HOUR: i64 = 3;
/// … and per day, over all events.
pub const PER_ADDRESS_DAY: i64 = 10;
/// Unconfirmed guests an event holds at once (made in the last week):
/// beyond, the form waits for some to confirm or expire.
pub const UNCONFIRMED_PER_EVENT: i64 = 100;
/// How long a confirmation link works.
pub const CONFIRM_MICROS: i64 = 7 * 24 * 3600 * 1_000_000;
const HOUR: i64 = 3600 * 1_000_000;

/// A checked name: control characters dropped, whitespace run together,
/// 1 to [`NAME_MAX`] characters. Shown escaped everywhere.
pub fn check_name(raw: &str) -> AppResult<String> {
    let name = single_line(raw);
    if name.is_empty() {
        return Err(AppError::invalid("name: write your name"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(AppError::invalid(format!(
            "name: at most {NAME_MAX} characters"
        )));
    }
    Ok(name)
}

/// A checked address, lower-cased: one that lettre takes, with a dot in
/// its domain (a guest's mail goes over the Internet).
pub fn check_email(raw: &str) -> AppResult<String> {
    let email = raw.trim().to_lowercase();
    let bad = || AppError::invalid("email: not an email address like name@example.org");
    if email.is_empty() || email.len() > EMAIL_MAX {
        return Err(bad());
    }
    let address: lettre::Address = email.parse().map_err(|_| bad())?;
    let domain = address.domain();
    if !domain.contains('.') || domain.starts_with('.') || domain.ends_with('.') {
        return Err(bad());
    }
    Ok(email)
}

/// Whether event `event_id` takes guests (its own flag).
pub async fn enabled(
    conn: impl sqlx::Executor<'_, Database = sqlx::Any>,
    event_id: i64,
) -> AppResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT guests FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some_and(|(g,)| g != 0))
}

/// The event a guest form or link is about, as an anonymous visitor may
/// see it: of a public space, ours. Otherwise "no such event", exactly as
/// for an event that does not exist.
async fn public_event(db: &Db, event_id: i64) -> AppResult<Event> {
    let (event, access) = find_visible(db, event_id, None).await?;
    if access.space.visibility != Visibility::Public || event.ap_id.is_some() {
        return Err(AppError::NotFound("event"));
    }
    Ok(event)
}

/// Someone without an account asks to register for `event_id`. Whatever
/// the address's standing, the answer is the same `Ok(())` (the email
/// says what it is: a link to confirm, or that they are already
/// registered), so the form reveals nothing about who registered.
pub async fn request(db: &Db, event_id: i64, name: &str, email: &str, lang: Lang) -> AppResult<()> {
    let event = public_event(db, event_id).await?;
    if !enabled(&db.read, event.id).await? {
        return Err(AppError::forbidden(
            "this event does not take guests: sign in to register",
        ));
    }
    let name = check_name(name)?;
    let email = check_email(email)?;
    if event.status == EventStatus::Cancelled {
        return Err(AppError::conflict("this event is cancelled"));
    }
    if event.ends_at <= db::now() {
        return Err(AppError::conflict("this event is over"));
    }
    let now = db::now();
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, event.id).await?;
    limit_address(&mut tx, &email, now).await?;
    let existing: Option<(i64, GuestState)> =
        sqlx::query_as("SELECT id, state FROM event_guests WHERE event_id = $1 AND email = $2")
            .bind(event.id)
            .bind(&email)
            .fetch_optional(&mut *tx)
            .await?;
    match existing {
        // Turned down: nothing to send, and the same answer.
        Some((_, GuestState::Rejected)) => {}
        Some((id, GuestState::Going | GuestState::Waiting | GuestState::Pending)) => {
            emails::queue(&mut tx, id, "already", json!({}), true).await?;
        }
        Some((id, GuestState::Unconfirmed | GuestState::Cancelled)) => {
            limit_event(&mut tx, event.id, now).await?;
            sqlx::query(
                "UPDATE event_guests SET name = $1, lang = $2, state = 'unconfirmed', \
                 created_at = $3, confirmed_at = NULL WHERE id = $4",
            )
            .bind(&name)
            .bind(lang.code())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            emails::queue(&mut tx, id, "confirm", json!({}), true).await?;
        }
        None => {
            limit_event(&mut tx, event.id, now).await?;
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO event_guests (event_id, name, email, lang, state, created_at) \
                 VALUES ($1, $2, $3, $4, 'unconfirmed', $5) RETURNING id",
            )
            .bind(event.id)
            .bind(&name)
            .bind(&email)
            .bind(lang.code())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            emails::queue(&mut tx, id, "confirm", json!({}), true).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

fn slow_down(wait_micros: i64) -> AppError {
    AppError::TooManyRequests {
        retry_after: std::time::Duration::from_micros(wait_micros.max(1_000_000) as u64),
    }
}

/// At most [`PER_ADDRESS_HOUR`] and [`PER_ADDRESS_DAY`] emails asked for
/// by the form to one address.
async fn limit_address(tx: &mut Tx, email: &str, now: i64) -> AppResult<()> {
    let (hour, day): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN m.created_at > $2 THEN 1 ELSE 0 END), 0), COUNT(*) \
         FROM event_guest_mail m JOIN event_guests g ON g.id = m.guest_id \
         WHERE g.email = $1 AND m.requested = 1 AND m.created_at > $3",
    )
    .bind(email)
    .bind(now - HOUR)
    .bind(now - 24 * HOUR)
    .fetch_one(&mut **tx)
    .await?;
    if hour >= PER_ADDRESS_HOUR {
        return Err(slow_down(HOUR));
    }
    if day >= PER_ADDRESS_DAY {
        return Err(slow_down(24 * HOUR));
    }
    Ok(())
}

/// At most [`UNCONFIRMED_PER_EVENT`] unconfirmed guests of the last week.
async fn limit_event(tx: &mut Tx, event_id: i64, now: i64) -> AppResult<()> {
    let (waiting,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM event_guests WHERE event_id = $1 AND state = 'unconfirmed' \
         AND created_at > $2",
    )
    .bind(event_id)
    .bind(now - CONFIRM_MICROS)
    .fetch_one(&mut **tx)
    .await?;
    if waiting >= UNCONFIRMED_PER_EVENT {
        return Err(slow_down(HOUR));
    }
    Ok(())
}

/// What a link's key opens: a guest, and whether it confirms or cancels.
pub struct KeyTarget {
    pub guest_id: i64,
    pub name: String,
    pub state: GuestState,
    pub event: Event,
}

/// Which keys a page takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Cancel,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::Cancel => "cancel",
        }
    }
}

/// The guest and event a link's key is for; "no such link" for a key that
/// is unknown, expired (confirmation), or of an event no longer public.
pub async fn find_key(db: &Db, key: &str, purpose: Purpose) -> AppResult<KeyTarget> {
    let gone = AppError::NotFound("link");
    if key.len() > 100 {
        return Err(gone);
    }
    let row: Option<(i64, i64, String, GuestState, i64)> = sqlx::query_as(
        "SELECT g.id, g.event_id, g.name, g.state, k.created_at FROM event_guest_keys k \
         JOIN event_guests g ON g.id = k.guest_id WHERE k.key_hash = $1 AND k.purpose = $2",
    )
    .bind(hash_secret(key))
    .bind(purpose.as_str())
    .fetch_optional(&db.read)
    .await?;
    let Some((guest_id, event_id, name, state, made)) = row else {
        return Err(gone);
    };
    if purpose == Purpose::Confirm && made + CONFIRM_MICROS < db::now() {
        return Err(gone);
    }
    let event = public_event(db, event_id)
        .await
        .map_err(|_| AppError::NotFound("link"))?;
    Ok(KeyTarget {
        guest_id,
        name,
        state,
        event,
    })
}

/// The POST of a confirmation link: the guest is admitted by the event's
/// rules (going, waiting or pending approval) and told so by email; the
/// organiser hears of it as of a member's registration. Confirming again
/// changes nothing.
pub async fn confirm(db: &Db, key: &str) -> AppResult<KeyTarget> {
    let target = find_key(db, key, Purpose::Confirm).await?;
    if target.state != GuestState::Unconfirmed {
        return Ok(target);
    }
    let mut tx = db.begin().await?;
    let event = lock(&mut tx, target.event.id).await?;
    let state = admission(&mut tx, &event, false).await?;
    let updated = sqlx::query(
        "UPDATE event_guests SET state = $1, confirmed_at = $2 WHERE id = $3 \
         AND state = 'unconfirmed'",
    )
    .bind(GuestState::from(state))
    .bind(db::now())
    .bind(target.guest_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 1 {
        emails::queue(
            &mut tx,
            target.guest_id,
            "registered",
            json!({"state": state.as_str()}),
            false,
        )
        .await?;
        let what = OrganiserNews::Registered(state);
        news::tell_organiser_of_guest(&mut tx, &event, &target.name, what).await?;
    }
    tx.commit().await?;
    find_key(db, key, Purpose::Confirm).await
}

/// The POST of a cancel link: the registration ends (the first on the
/// waiting list moves up), the guest gets a last email saying so, and the
/// organiser is told.
pub async fn cancel(db: &Db, key: &str) -> AppResult<KeyTarget> {
    let target = find_key(db, key, Purpose::Cancel).await?;
    if matches!(target.state, GuestState::Cancelled | GuestState::Rejected) {
        return Ok(target);
    }
    let mut tx = db.begin().await?;
    end(&mut tx, &target.event, target.guest_id, "cancelled").await?;
    tx.commit().await?;
    find_key(db, key, Purpose::Cancel).await
}

/// Ends a guest's registration (their link, or an organiser), with the
/// email `kind`; `false` when it had ended already.
async fn end(tx: &mut Tx, event: &Event, guest_id: i64, kind: &str) -> AppResult<bool> {
    let event = lock(tx, event.id).await?;
    let ended: Option<(String,)> = sqlx::query_as(
        "UPDATE event_guests SET state = 'cancelled' WHERE id = $1 AND event_id = $2 \
         AND state NOT IN ('cancelled', 'rejected') RETURNING name",
    )
    .bind(guest_id)
    .bind(event.id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((name,)) = ended else {
        return Ok(false);
    };
    emails::queue(tx, guest_id, kind, json!({}), false).await?;
    news::tell_organiser_of_guest(tx, &event, &name, OrganiserNews::Left).await?;
    super::promote_waiting(tx, event.id).await?;
    Ok(true)
}

/// The guest first on the waiting list of `event_id`, and since when.
pub(super) async fn next_waiting(tx: &mut Tx, event_id: i64) -> AppResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT id, confirmed_at FROM event_guests WHERE event_id = $1 AND state = 'waiting' \
         ORDER BY confirmed_at, id LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A place freed: the waiting guest `guest_id` is going, and is told (with
/// the online link); so is the organiser.
pub(super) async fn move_up(tx: &mut Tx, event: &Event, guest_id: i64) -> AppResult<()> {
    let (name,): (String,) =
        sqlx::query_as("UPDATE event_guests SET state = 'going' WHERE id = $1 RETURNING name")
            .bind(guest_id)
            .fetch_one(&mut **tx)
            .await?;
    emails::queue(tx, guest_id, "accepted", json!({"freed": true}), false).await?;
    news::tell_organiser_of_guest(tx, event, &name, OrganiserNews::MovedUp).await
}

#[cfg(test)]
mod tests {
    use super::{NAME_MAX, check_email, check_name};

    #[test]
    fn names_and_addresses_are_checked() {
        assert_eq!(
            check_name("  Amina \n Diallo\u{7} ").unwrap(),
            "Amina Diallo"
        );
        assert!(check_name(" \t").is_err());
        assert!(check_name(&"é".repeat(NAME_MAX + 1)).is_err());
        assert!(check_name(&"é".repeat(NAME_MAX)).is_ok());
        assert_eq!(
            check_email(" Amina@Example.ORG ").unwrap(),
            "amina@example.org"
        );
        for bad in [
            "",
            "amina",
            "amina@",
            "@example.org",
            "a b@example.org",
            "a@localhost",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
        assert!(check_email(&format!("{}@example.org", "a".repeat(250))).is_err());
    }
}
