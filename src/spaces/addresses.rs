//! What other servers may know of a space: where it lives (ours, or the
//! instance of a followed one) and, for public spaces of ours, what their
//! `Group` shows (profile, key, moderators). Read by federation, which
//! builds the URLs; nothing here writes.

use super::Visibility;
use crate::db::Db;
use crate::error::AppResult;

/// Where a space lives: ours (`domain` none) or a followed one, with the
/// addresses its instance gave us.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SpaceAddress {
    pub space_id: i64,
    pub slug: String,
    pub visibility: Visibility,
    pub space_domain: Option<String>,
    pub space_ap_id: Option<String>,
    pub space_inbox: Option<String>,
    pub space_shared_inbox: Option<String>,
    pub space_followers: Option<String>,
}

/// The columns of [`SpaceAddress`] from spaces `s` (for `concat!`).
macro_rules! space_address_columns {
    () => {
        "s.id AS space_id, s.slug, s.visibility, s.domain AS space_domain, s.ap_id AS space_ap_id, \
         s.inbox_url AS space_inbox, s.shared_inbox_url AS space_shared_inbox, \
         s.followers_url AS space_followers"
    };
}
pub(crate) use space_address_columns;

/// A space by id.
pub async fn address<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    space_id: i64,
) -> AppResult<SpaceAddress> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        space_address_columns!(),
        " FROM spaces s WHERE s.id = $1"
    ))
    .bind(space_id)
    .fetch_one(executor)
    .await?)
}

/// A public space of ours by slug.
pub async fn public_address(db: &Db, slug: &str) -> AppResult<Option<SpaceAddress>> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        space_address_columns!(),
        " FROM spaces s WHERE s.slug = $1 AND s.visibility = 'public' AND s.domain IS NULL"
    ))
    .bind(slug)
    .fetch_optional(&db.read)
    .await?)
}

/// A public space of ours as its `Group` shows it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicSpace {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub public_key_pem: Option<String>,
    pub created_at: i64,
}

/// A public space of ours by slug; private and remote ones are `None`.
pub async fn public_space(db: &Db, slug: &str) -> AppResult<Option<PublicSpace>> {
    Ok(sqlx::query_as(
        "SELECT id, slug, title, description, language, public_key_pem, created_at FROM spaces \
         WHERE slug = $1 AND visibility = 'public' AND domain IS NULL",
    )
    .bind(slug)
    .fetch_optional(&db.read)
    .await?)
}

/// Whether `slug` names a public space of ours.
pub async fn is_public_slug<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
) -> AppResult<bool> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM spaces WHERE slug = $1 AND domain IS NULL AND visibility = 'public'",
    )
    .bind(slug)
    .fetch_one(executor)
    .await?;
    Ok(n > 0)
}

/// How many public spaces of ours there are.
pub async fn count_public(db: &Db) -> AppResult<i64> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM spaces WHERE visibility = 'public' AND domain IS NULL",
    )
    .fetch_one(&db.read)
    .await?;
    Ok(n)
}

/// The slug and private key (PEM) a public space of ours signs with.
pub async fn signing_key(db: &Db, space_id: i64) -> AppResult<Option<(String, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT slug, private_key_pem FROM spaces WHERE id = $1 AND domain IS NULL \
         AND visibility = 'public'",
    )
    .bind(space_id)
    .fetch_optional(&db.read)
    .await?)
}

/// The usernames of the space's managers of this instance, oldest account
/// first.
pub async fn manager_names(db: &Db, space_id: i64) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT a.username FROM memberships m JOIN accounts a ON a.id = m.account_id \
         WHERE m.space_id = $1 AND m.role = 'space_manager' AND a.domain IS NULL ORDER BY a.id",
    )
    .bind(space_id)
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(|(name,)| name).collect())
}

/// How far something in a space is seen: the space's visibility, and
/// whether the space and the thing itself are ours (not copies of another
/// instance's). Posts, comments, events and library items answer it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Exposure {
    pub visibility: Visibility,
    /// The instance of the space, `None` for ours.
    pub space_domain: Option<String>,
    /// The thing's id elsewhere, `None` when it was written here.
    pub ap_id: Option<String>,
}

impl Exposure {
    pub fn is_public(&self) -> bool {
        self.visibility == Visibility::Public
    }

    /// Public, and written here.
    pub fn is_public_and_ours(&self) -> bool {
        self.is_public() && self.ap_id.is_none()
    }
}

/// The columns of [`Exposure`] for a thing `$alias` in spaces `s`.
macro_rules! exposure_columns {
    ($alias:literal) => {
        concat!("s.visibility, s.domain AS space_domain, ", $alias, ".ap_id")
    };
}
pub(crate) use exposure_columns;
