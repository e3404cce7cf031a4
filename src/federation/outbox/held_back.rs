//! What did not leave this instance because it refers to something that
//! is not public (a link to a private space's page, say), and why: kept
//! against the object so that its author is told in the API and on its
//! page, rather than meeting silence. Written by [`super::enqueue`]:
//! recorded when it refuses, cleared when an activity about the same
//! object leaves (the author fixed it).

use crate::db::{self, Db, Tx};
use crate::error::AppResult;

/// Records why the activity about `object` was not sent.
pub(super) async fn record(tx: &mut Tx, object: &str, refused_url: &str) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO held_back (object_id, url, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (object_id) DO UPDATE SET url = $2, created_at = $3",
    )
    .bind(object)
    .bind(refused_url)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// An activity about `object` left: nothing is held back any more.
pub(super) async fn clear(tx: &mut Tx, object: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM held_back WHERE object_id = $1")
        .bind(object)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The URL of ours that kept `object` (its ActivityPub id) from other
/// instances; `None` when nothing was held back.
pub async fn url(db: &Db, object: &str) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT url FROM held_back WHERE object_id = $1")
        .bind(object)
        .fetch_optional(&db.read)
        .await?;
    Ok(row.map(|(url,)| url))
}

/// [`url`]'s answer in words, for the API.
pub fn reason(url: &str) -> String {
    format!(
        "not sent to other instances: it links to {url}, a page of this instance that is \
         not public or does not exist; remove or change the link and save again"
    )
}
