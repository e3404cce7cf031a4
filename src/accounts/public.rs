//! What other servers may know of our members: the profile their `Person`
//! shows, the name and key they sign with, the handles WebFinger answers
//! for, and the counts NodeInfo publishes. Read only; federation builds
//! the URLs.

use super::ProfileVisibility;
use crate::db::Db;
use crate::error::AppResult;
use crate::text_enum::text_enum;

text_enum! {
    /// What a handle (a WebFinger name) belongs to.
    pub enum HandleKind {
        Account = "account",
        Space = "space",
    }
}

/// A member of ours as their `Person` shows them (closed ones too, with
/// `deleted_at` set).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicMember {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub bio: String,
    pub public_key_pem: Option<String>,
    pub created_at: i64,
    pub profile_visibility: ProfileVisibility,
    pub deleted_at: Option<i64>,
}

/// A member of ours by username.
pub async fn member(db: &Db, username: &str) -> AppResult<Option<PublicMember>> {
    Ok(sqlx::query_as(
        "SELECT id, username, display_name, bio, public_key_pem, created_at, profile_visibility, \
                deleted_at FROM accounts \
         WHERE username = $1 AND domain IS NULL",
    )
    .bind(username)
    .fetch_optional(&db.read)
    .await?)
}

/// The name a member of ours federates under (kept after they close their
/// account), or `None` for someone of another instance.
pub async fn federated_name<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    account_id: i64,
) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT COALESCE(closed_username, username) FROM accounts WHERE id = $1 AND domain IS NULL",
    )
    .bind(account_id)
    .fetch_optional(executor)
    .await?;
    Ok(row.map(|(name,)| name))
}

/// Who wrote something: the name they federate under and, for someone of
/// another instance, their id there.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Author {
    pub username: String,
    pub ap_id: Option<String>,
}

/// The author behind account `account_id`.
pub async fn author<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    account_id: i64,
) -> AppResult<Author> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(closed_username, username) AS username, ap_id FROM accounts WHERE id = $1",
    )
    .bind(account_id)
    .fetch_one(executor)
    .await?)
}

/// The name and private key (PEM) a member of ours signs with; a closed
/// account signs its farewell under the name it had.
pub async fn signing_key(db: &Db, account_id: i64) -> AppResult<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT COALESCE(closed_username, username), private_key_pem FROM accounts \
         WHERE id = $1 AND domain IS NULL",
    )
    .bind(account_id)
    .fetch_optional(&db.read)
    .await?)
}

/// What handle `name` belongs to: a member (closed ones keep theirs) or a
/// public space of ours.
pub async fn handle_kind<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    name: &str,
) -> AppResult<Option<HandleKind>> {
    let row: Option<(HandleKind,)> = sqlx::query_as("SELECT kind FROM handles WHERE name = $1")
        .bind(name)
        .fetch_optional(executor)
        .await?;
    Ok(row.map(|(kind,)| kind))
}

/// How many members this instance has (closed accounts not counted).
pub async fn count_members(db: &Db) -> AppResult<i64> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts WHERE domain IS NULL AND deleted_at IS NULL")
            .fetch_one(&db.read)
            .await?;
    Ok(n)
}
