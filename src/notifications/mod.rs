//! Notifications: one stream per member, fed by the domain.
//!
//! A domain change that someone would want to know about calls [`notify`]
//! (or [`notify_space`] for everyone who watches a space) in its own
//! transaction, naming what happened by reference: who (`actor_id`), where
//! (`space_id`) and what (post, comment, event, library item, report), plus
//! kind-specific `params`. Nothing is written out here: each notification
//! is rendered when it is read, in the reader's language and time zone, on
//! the notifications page, in the API, in an email at once or in a digest
//! (see `render`). How it reaches the member is decided now, from their
//! preferences (`prefs`), and stored in `delivery`.
//!
//! The private-space rule for notifications lives here, in one place:
//! something that happened in a private space is only ever told to its
//! members (except the few kinds that concern someone outside it, such as
//! an invitation), when it is made and again when it is read.

pub mod kinds;
pub mod prefs;
pub mod render;

use serde_json::Value;

pub use kinds::{Category, Delivery, Kind};
use prefs::effective_sql;

use crate::accounts::Account;
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};

/// What happened, by reference. Build with [`New::of`] and the setters.
#[derive(Clone, Debug)]
pub struct New {
    pub kind: Kind,
    pub actor_id: Option<i64>,
    pub space_id: Option<i64>,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub event_id: Option<i64>,
    pub item_id: Option<i64>,
    pub report_id: Option<i64>,
    /// Kind-specific details (e.g. `{"changed": ["time", "place"]}`).
    pub params: Value,
}

impl New {
    pub fn of(kind: Kind) -> Self {
        New {
            kind,
            actor_id: None,
            space_id: None,
            post_id: None,
            comment_id: None,
            event_id: None,
            item_id: None,
            report_id: None,
            params: Value::Object(Default::default()),
        }
    }
    pub fn actor(mut self, id: i64) -> Self {
        self.actor_id = Some(id);
        self
    }
    pub fn space(mut self, id: i64) -> Self {
        self.space_id = Some(id);
        self
    }
    pub fn post(mut self, id: i64) -> Self {
        self.post_id = Some(id);
        self
    }
    pub fn comment(mut self, id: i64) -> Self {
        self.comment_id = Some(id);
        self
    }
    pub fn event(mut self, id: i64) -> Self {
        self.event_id = Some(id);
        self
    }
    pub fn item(mut self, id: i64) -> Self {
        self.item_id = Some(id);
        self
    }
    pub fn report(mut self, id: i64) -> Self {
        self.report_id = Some(id);
        self
    }
    pub fn param(mut self, name: &str, value: impl Into<Value>) -> Self {
        if let Value::Object(map) = &mut self.params {
            map.insert(name.to_owned(), value.into());
        }
        self
    }

    /// Unread notifications with the same key are one, counting people:
    /// "Amina and 3 others reacted to your post".
    fn group_key(&self) -> Option<String> {
        match self.kind {
            Kind::Reaction => Some(match (self.comment_id, self.post_id) {
                (Some(comment), _) => format!("reaction:comment:{comment}"),
                (None, Some(post)) => format!("reaction:post:{post}"),
                (None, None) => return None,
            }),
            _ => None,
        }
    }
}

/// SQL: the recipient `$acc` (a column) is a member of this instance who
/// may hear of something in space `$space` (a column or parameter, may be
/// NULL) of kind `$kind` (a parameter holding the code): the space is
/// public, or they are its member, or the kind concerns outsiders.
macro_rules! may_hear_sql {
    ($acc:literal, $space:literal, $outsider:literal) => {
        concat!(
            "(",
            $space,
            " IS NULL OR ",
            $outsider,
            " = 1",
            " OR EXISTS (SELECT 1 FROM spaces vs WHERE vs.id = ",
            $space,
            " AND vs.visibility = 'public')",
            " OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.space_id = ",
            $space,
            " AND vm.account_id = ",
            $acc,
            "))"
        )
    };
}

/// Tells one person. Skipped, without error, when they are not a member of
/// this instance (their own instance tells them), are who did it, may not
/// see the space it happened in, or turned the category off.
pub async fn notify(tx: &mut Tx, recipient: i64, new: &New) -> AppResult<()> {
    told(tx, recipient, new).await.map(|_| ())
}

/// Tells one person as [`notify`] does, and says whether they were told
/// (`false`: skipped).
pub async fn told(tx: &mut Tx, recipient: i64, new: &New) -> AppResult<bool> {
    if new.actor_id == Some(recipient) {
        return Ok(false);
    }
    let category = new.kind.category();
    let allowed: Option<(String,)> = sqlx::query_as(concat!(
        "SELECT ",
        effective_sql!("a.id", "$2", "$3", "$4"),
        " FROM accounts a WHERE a.id = $1 AND a.domain IS NULL AND a.deleted_at IS NULL AND ",
        may_hear_sql!("a.id", "$5", "$6")
    ))
    .bind(recipient)
    .bind(new.space_id.unwrap_or(0))
    .bind(category.as_str())
    .bind(category.default_delivery().as_str())
    .bind(new.space_id)
    .bind(i64::from(new.kind.concerns_outsiders()))
    .fetch_optional(&mut **tx)
    .await?;
    let Some((chosen,)) = allowed else {
        return Ok(false);
    };
    let delivery = match chosen.parse::<Delivery>() {
        Ok(chosen) => new.kind.delivery_for(chosen),
        Err(e) => return Err(AppError::Internal(anyhow::anyhow!("stored delivery: {e}"))),
    };
    if delivery == Delivery::Off {
        return Ok(false);
    }
    let delivery = delivery.as_str();
    let now = db::now();
    if let Some(key) = new.group_key() {
        // One row, the oldest unread of the group: updating every match
        // made concurrent transactions lock the same rows in different
        // orders, and PostgreSQL broke the deadlock with a 500.
        let grouped = sqlx::query(
            "UPDATE notifications SET actor_id = $1, actor_count = actor_count + 1, updated_at = $2 \
             WHERE id = (SELECT id FROM notifications \
                         WHERE account_id = $3 AND group_key = $4 AND read_at IS NULL \
                         ORDER BY id LIMIT 1)",
        )
        .bind(new.actor_id)
        .bind(now)
        .bind(recipient)
        .bind(&key)
        .execute(&mut **tx)
        .await?;
        if grouped.rows_affected() > 0 {
            return Ok(true);
        }
    }
    sqlx::query(
        "INSERT INTO notifications (account_id, kind, actor_id, space_id, post_id, comment_id, \
         event_id, item_id, report_id, params, group_key, delivery, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)",
    )
    .bind(recipient)
    .bind(new.kind.as_str())
    .bind(new.actor_id)
    .bind(new.space_id)
    .bind(new.post_id)
    .bind(new.comment_id)
    .bind(new.event_id)
    .bind(new.item_id)
    .bind(new.report_id)
    .bind(new.params.to_string())
    .bind(new.group_key())
    .bind(delivery)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Tells several people (each as [`notify`] would).
pub async fn notify_all(tx: &mut Tx, recipients: &[i64], new: &New) -> AppResult<()> {
    for &recipient in recipients {
        notify(tx, recipient, new).await?;
    }
    Ok(())
}

/// Tells everyone who watches `new.space_id` — its members of this
/// instance, and for a public space anyone who chose to watch it — in one
/// statement, each with their own preference for the kind's category (a
/// member who set it to `off` for this space does not watch it).
pub async fn notify_space(tx: &mut Tx, new: &New) -> AppResult<u64> {
    let Some(space_id) = new.space_id else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "notify_space without a space"
        )));
    };
    let category = new.kind.category();
    let inserted = sqlx::query(concat!(
        "INSERT INTO notifications (account_id, kind, actor_id, space_id, post_id, comment_id, \
         event_id, item_id, report_id, params, delivery, created_at, updated_at) \
         SELECT w.account_id, $2, $3, $1, $4, $5, $6, $7, $8, $9, w.delivery, $10, $10 FROM (\
           SELECT a.id AS account_id, ",
        effective_sql!("a.id", "$1", "$11", "$12"),
        " AS delivery FROM accounts a WHERE a.domain IS NULL AND a.deleted_at IS NULL \
           AND a.id <> COALESCE($3, 0) AND (\
             a.id IN (SELECT account_id FROM memberships WHERE space_id = $1) \
             OR a.id IN (SELECT p.account_id FROM notification_preferences p \
                         JOIN spaces s ON s.id = p.space_id AND s.visibility = 'public' \
                         WHERE p.space_id = $1 AND p.category = $11))\
         ) w WHERE w.delivery <> 'off'"
    ))
    .bind(space_id)
    .bind(new.kind.as_str())
    .bind(new.actor_id)
    .bind(new.post_id)
    .bind(new.comment_id)
    .bind(new.event_id)
    .bind(new.item_id)
    .bind(new.report_id)
    .bind(new.params.to_string())
    .bind(db::now())
    .bind(category.as_str())
    .bind(category.default_delivery().as_str())
    .execute(&mut **tx)
    .await?;
    Ok(inserted.rows_affected())
}

/// Takes back an unread notification of `kind` about `post_id` (when a more
/// personal one about the same post replaces it), in the caller's
/// transaction.
pub async fn withdraw(tx: &mut Tx, recipient: i64, kind: Kind, post_id: i64) -> AppResult<()> {
    sqlx::query(
        "DELETE FROM notifications WHERE account_id = $1 AND kind = $2 AND post_id = $3 \
         AND read_at IS NULL AND emailed_at IS NULL",
    )
    .bind(recipient)
    .bind(kind.as_str())
    .bind(post_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A notification with what it refers to, as the reader may see it now.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub actor_count: i64,
    pub params: String,
    /// Text of rows from before notifications were rendered at read time.
    pub message: String,
    pub delivery: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub read_at: Option<i64>,
    pub emailed_at: Option<i64>,
    pub actor_id: Option<i64>,
    /// `name` or `name@domain`.
    pub actor_handle: Option<String>,
    pub actor_name: Option<String>,
    pub space_id: Option<i64>,
    pub space_slug: Option<String>,
    pub space_title: Option<String>,
    /// The instance a followed space lives on; none for ours.
    pub space_domain: Option<String>,
    /// 1 for a public space, 0 for a private one.
    pub space_public: Option<i64>,
    /// 1 when emails about this space may carry its text.
    pub space_full_text: Option<i64>,
    pub post_id: Option<i64>,
    pub post_title: Option<String>,
    pub comment_id: Option<i64>,
    /// The comment's text (markdown source), for an excerpt.
    pub comment_source: Option<String>,
    /// The comment as HTML (what a remote comment always has).
    pub comment_html: Option<String>,
    pub event_id: Option<i64>,
    pub event_title: Option<String>,
    pub event_starts_at: Option<i64>,
    pub event_timezone: Option<String>,
    pub item_id: Option<i64>,
    pub item_title: Option<String>,
    pub report_id: Option<i64>,
}

impl Notification {
    pub fn kind(&self) -> Option<Kind> {
        self.kind.parse().ok()
    }
    pub fn is_unread(&self) -> bool {
        self.read_at.is_none()
    }
    /// How the space is named in URLs and the API (as
    /// `spaces::SpaceView::reference`): its slug for our public spaces,
    /// `slug@domain` for a followed one, else its id.
    pub fn space_reference(&self) -> Option<String> {
        let id = self.space_id?;
        Some(
            match (&self.space_domain, &self.space_slug, self.space_public) {
                (Some(domain), Some(slug), _) => format!("{slug}@{domain}"),
                (None, Some(slug), Some(1)) => slug.clone(),
                _ => id.to_string(),
            },
        )
    }
    /// Whether an email may quote this notification's text (not only titles).
    pub fn may_quote(&self) -> bool {
        self.space_id.is_none() || self.space_public == Some(1) || self.space_full_text == Some(1)
    }
}

/// The notifications a member may read now (for `concat!`, as
/// `readable_notifications!(extra joins)`): joins `n` (notifications), `s`
/// (its space), `p`, `c`, `li` (what it is about) and the caller's extra
/// joins, and keeps the rule, in this one place: content of a private space
/// shows only to its members — an invitation only while it is pending, a
/// refusal to the one who asked — and deleted content not at all. The list
/// and the unread count both use it, so the two always agree.
macro_rules! readable_notifications {
    ($joins:literal) => {
        concat!(
            "FROM notifications n \
             LEFT JOIN spaces s ON s.id = n.space_id \
             LEFT JOIN posts p ON p.id = n.post_id \
             LEFT JOIN comments c ON c.id = n.comment_id \
             LEFT JOIN library_items li ON li.id = n.item_id ",
            $joins,
            " WHERE (p.id IS NULL OR p.deleted_at IS NULL) \
             AND (c.id IS NULL OR c.deleted_at IS NULL) \
             AND (li.id IS NULL OR li.deleted_at IS NULL) \
             AND (n.space_id IS NULL OR s.visibility = 'public' \
                  OR n.kind = 'join.refused' \
                  OR (n.kind = 'space.invitation' AND EXISTS (SELECT 1 FROM space_invitations vi \
                      WHERE vi.space_id = n.space_id AND vi.account_id = n.account_id)) \
                  OR EXISTS (SELECT 1 FROM memberships vm WHERE vm.space_id = n.space_id \
                             AND vm.account_id = n.account_id)) "
        )
    };
}

/// The SELECT of [`Notification`] rows (for `concat!`), with the read-time
/// rule of [`readable_notifications!`].
macro_rules! notification_select {
    () => {
        concat!(
            "SELECT n.id, n.kind, n.actor_count, n.params, n.message, n.delivery, n.created_at, \
             n.updated_at, n.read_at, n.emailed_at, n.actor_id, ",
            crate::accounts::handle_sql!("a"),
            " AS actor_handle, a.display_name AS actor_name, \
             n.space_id, s.slug AS space_slug, s.title AS space_title, s.domain AS space_domain, \
             CAST(CASE WHEN s.id IS NULL THEN NULL WHEN s.visibility = 'public' THEN 1 ELSE 0 END AS BIGINT) \
             AS space_public, CAST(s.email_full_text AS BIGINT) AS space_full_text, \
             n.post_id, p.title AS post_title, n.comment_id, c.body_source AS comment_source, \
             c.body_html AS comment_html, \
             n.event_id, e.title AS event_title, e.starts_at AS event_starts_at, \
             e.timezone AS event_timezone, n.item_id, li.title AS item_title, n.report_id ",
            readable_notifications!(
                "LEFT JOIN accounts a ON a.id = n.actor_id LEFT JOIN events e ON e.id = n.event_id"
            )
        )
    };
}

// After the macro: these use `notification_select!`.
pub mod digest;
pub mod email;
pub mod settings;
pub mod unsubscribe;

/// Most notifications one page or API call lists.
pub const PAGE_SIZE: i64 = 50;

/// The member's notifications: unread first, then newest first; `page`
/// counts from 0.
pub async fn list(
    db: &Db,
    member: &Account,
    unread_only: bool,
    page: i64,
) -> AppResult<Vec<Notification>> {
    let page = page.clamp(0, 1000);
    let rows = sqlx::query_as(concat!(
        notification_select!(),
        "AND n.account_id = $1 AND ($2 = 0 OR n.read_at IS NULL) \
         ORDER BY (CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END), n.updated_at DESC, n.id DESC \
         LIMIT $3 OFFSET $4"
    ))
    .bind(member.id)
    .bind(i64::from(unread_only))
    .bind(PAGE_SIZE)
    .bind(page * PAGE_SIZE)
    .fetch_all(&db.read)
    .await?;
    Ok(rows)
}

/// How many unread notifications the member has (the header's badge).
pub async fn unread_count(db: &Db, member: &Account) -> AppResult<i64> {
    let (count,): (i64,) = sqlx::query_as(concat!(
        "SELECT COUNT(*) ",
        readable_notifications!(""),
        "AND n.account_id = $1 AND n.read_at IS NULL"
    ))
    .bind(member.id)
    .fetch_one(&db.read)
    .await?;
    Ok(count)
}

/// Marks one notification (`Some(id)`) or all of them read. Marking
/// another member's notification is "not found".
pub async fn mark_read(db: &Db, member: &Account, id: Option<i64>) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE notifications SET read_at = $1 \
         WHERE account_id = $2 AND read_at IS NULL AND ($3 = 0 OR id = $3)",
    )
    .bind(db::now())
    .bind(member.id)
    .bind(id.unwrap_or(0))
    .execute(db.writer())
    .await?;
    if let Some(id) = id
        && done.rows_affected() == 0
    {
        let (mine,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE id = $1 AND account_id = $2")
                .bind(id)
                .bind(member.id)
                .fetch_one(&db.read)
                .await?;
        if mine == 0 {
            return Err(AppError::NotFound("notification"));
        }
    }
    Ok(())
}
