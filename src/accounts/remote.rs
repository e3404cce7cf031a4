//! People of other instances: rows of `accounts` with `domain` set, so
//! posts, comments, reactions and feeds treat them like members. Stored
//! from typed values (the front door that fetched them has checked and
//! bounded them already); their profile is forgotten when they leave.

use crate::db::{self, Db, Tx};
use crate::error::AppResult;

/// A person of another instance, as their server describes them.
#[derive(Clone, Debug)]
pub struct RemotePerson {
    pub username: String,
    pub domain: String,
    pub display_name: String,
    pub bio: String,
    pub ap_id: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub public_key_pem: String,
    /// What the instance's policy says of `domain` (0 allowed, 1 limited,
    /// 2 hidden).
    pub federation_state: i64,
}

/// Stores a remote person, or refreshes what we had of them.
pub async fn store(db: &Db, person: &RemotePerson) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO accounts (username, domain, display_name, bio, created_at, ap_id, \
                               inbox_url, shared_inbox_url, public_key_pem, fetched_at, \
                               federation_state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $5, $10) \
         ON CONFLICT (ap_id) DO UPDATE SET username = $1, display_name = $3, bio = $4, \
             inbox_url = $7, shared_inbox_url = $8, public_key_pem = $9, fetched_at = $5, \
             federation_state = $10",
    )
    .bind(&person.username)
    .bind(&person.domain)
    .bind(&person.display_name)
    .bind(&person.bio)
    .bind(db::now())
    .bind(&person.ap_id)
    .bind(&person.inbox_url)
    .bind(&person.shared_inbox_url)
    .bind(&person.public_key_pem)
    .bind(person.federation_state)
    .execute(&mut *tx)
    .await?;
    crate::search::index::remote(&mut tx, &person.ap_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A remote actor as stored: a person here, a group in `spaces`.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RemoteRecord {
    pub id: i64,
    pub ap_id: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub public_key_pem: String,
    pub fetched_at: i64,
}

/// A stored remote person by their id elsewhere.
pub async fn stored(db: &Db, ap_id: &str) -> AppResult<Option<RemoteRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, ap_id, inbox_url, shared_inbox_url, public_key_pem, fetched_at \
         FROM accounts WHERE ap_id = $1 AND domain IS NOT NULL",
    )
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?)
}

/// Where a remote person receives activities.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RemoteInbox {
    pub ap_id: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
}

impl RemoteInbox {
    /// Their shared inbox if their server offers one, else their own.
    pub fn delivery_inbox(&self) -> String {
        self.shared_inbox_url
            .clone()
            .unwrap_or_else(|| self.inbox_url.clone())
    }
}

/// Where account `account_id` receives activities, if it is someone of
/// another instance.
pub async fn inbox<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    account_id: i64,
) -> AppResult<Option<RemoteInbox>> {
    Ok(sqlx::query_as(
        "SELECT ap_id, inbox_url, shared_inbox_url FROM accounts \
         WHERE id = $1 AND domain IS NOT NULL AND ap_id IS NOT NULL AND inbox_url IS NOT NULL",
    )
    .bind(account_id)
    .fetch_optional(executor)
    .await?)
}

/// A remote person deleted their account: their profile is forgotten and
/// they stop following our spaces. What they wrote stays unless its own
/// deletions come: their server decides.
pub async fn forget(db: &Db, account_id: i64) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "UPDATE accounts SET display_name = '', organisation = '', country = '', languages = '', \
                bio = '', deleted_at = $2 \
         WHERE id = $1 AND domain IS NOT NULL AND deleted_at IS NULL",
    )
    .bind(account_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    crate::spaces::federation::forget_follower(&mut tx, account_id).await?;
    crate::search::index::person(&mut tx, account_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Every instance we store people of.
pub async fn domains(db: &Db) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT domain FROM accounts WHERE domain IS NOT NULL")
            .fetch_all(&db.read)
            .await?;
    Ok(rows.into_iter().map(|(domain,)| domain).collect())
}

/// Applies the policy's word on `domain` to the people stored from it
/// (see [`RemotePerson::federation_state`]).
pub async fn set_federation_state(tx: &mut Tx, domain: &str, state: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE accounts SET federation_state = $1 WHERE domain = $2 AND federation_state <> $1",
    )
    .bind(state)
    .bind(domain)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
