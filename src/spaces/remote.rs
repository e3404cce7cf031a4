//! Spaces of other instances (their `Group`s): rows of `spaces` with
//! `domain` set, stored from typed values when they are fetched, so that
//! members can follow them and feeds show them like ours.

use crate::accounts::remote::RemoteRecord;
use crate::db::{self, Db, Tx};
use crate::error::AppResult;

/// A space of another instance, as its server describes it.
#[derive(Clone, Debug)]
pub struct RemoteSpace {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub domain: String,
    pub ap_id: String,
    pub inbox_url: String,
    pub shared_inbox_url: Option<String>,
    pub outbox_url: Option<String>,
    pub followers_url: Option<String>,
    pub public_key_pem: String,
    /// What the instance's policy says of `domain` (0 allowed, 1 limited,
    /// 2 hidden).
    pub federation_state: i64,
}

/// Stores a remote space, or refreshes what we had of it. It is public
/// and open as far as we are concerned: its own server decides who joins.
pub async fn store(db: &Db, space: &RemoteSpace) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO spaces (slug, title, description, language, visibility, join_policy, \
                             default_role, created_at, domain, ap_id, inbox_url, \
                             shared_inbox_url, outbox_url, followers_url, public_key_pem, \
                             fetched_at, federation_state, id) \
         VALUES ($1, $2, $3, 'en', 'public', 'open', 'contributor', $4, $5, $6, $7, $8, $9, \
                 $10, $11, $4, $12, $13) \
         ON CONFLICT (ap_id) DO UPDATE SET slug = $1, title = $2, description = $3, \
             inbox_url = $7, shared_inbox_url = $8, outbox_url = $9, followers_url = $10, \
             public_key_pem = $11, fetched_at = $4, federation_state = $12",
    )
    .bind(&space.slug)
    .bind(&space.title)
    .bind(&space.description)
    .bind(db::now())
    .bind(&space.domain)
    .bind(&space.ap_id)
    .bind(&space.inbox_url)
    .bind(&space.shared_inbox_url)
    .bind(&space.outbox_url)
    .bind(&space.followers_url)
    .bind(&space.public_key_pem)
    .bind(space.federation_state)
    .bind(db::new_id())
    .execute(&mut *tx)
    .await?;
    crate::search::index::remote(&mut tx, &space.ap_id).await?;
    tx.commit().await?;
    Ok(())
}

/// A stored remote space by its id elsewhere.
pub async fn stored(db: &Db, ap_id: &str) -> AppResult<Option<RemoteRecord>> {
    Ok(sqlx::query_as(
        "SELECT id, ap_id, inbox_url, shared_inbox_url, public_key_pem, fetched_at \
         FROM spaces WHERE ap_id = $1 AND domain IS NOT NULL",
    )
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?)
}

/// Every instance we store spaces of.
pub async fn domains(db: &Db) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT domain FROM spaces WHERE domain IS NOT NULL")
            .fetch_all(&db.read)
            .await?;
    Ok(rows.into_iter().map(|(domain,)| domain).collect())
}

/// Applies the policy's word on `domain` to the spaces stored from it.
pub async fn set_federation_state(tx: &mut Tx, domain: &str, state: i64) -> AppResult<()> {
    sqlx::query(
        "UPDATE spaces SET federation_state = $1 WHERE domain = $2 AND federation_state <> $1",
    )
    .bind(state)
    .bind(domain)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
