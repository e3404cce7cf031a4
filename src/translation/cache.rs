//! The `translations` table (migration 0014): what has been translated
//! already, per text version and language. Only this module reads or
//! writes it.

use super::Translatable;
use crate::db::{self, Db};
use crate::error::AppResult;

/// A translation as stored: already sanitised.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Cached {
    pub source_language: String,
    pub title: String,
    pub body_html: String,
}

/// The translation of this version of the text into `target`, if made.
pub async fn find(
    db: &Db,
    kind: Translatable,
    ref_id: i64,
    source_hash: &str,
    target: &str,
) -> AppResult<Option<Cached>> {
    Ok(sqlx::query_as(
        "SELECT source_language, title, body_html FROM translations \
         WHERE kind = $1 AND ref_id = $2 AND target = $3 AND source_hash = $4",
    )
    .bind(kind.as_str())
    .bind(ref_id)
    .bind(target)
    .bind(source_hash)
    .fetch_optional(&db.read)
    .await?)
}

/// Keeps a translation, and drops those of older versions of the same
/// text in the same language. Two readers asking at once both store the
/// same thing: the second changes nothing.
pub async fn store(
    db: &Db,
    kind: Translatable,
    ref_id: i64,
    source_hash: &str,
    target: &str,
    translation: &Cached,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "DELETE FROM translations \
         WHERE kind = $1 AND ref_id = $2 AND target = $3 AND source_hash <> $4",
    )
    .bind(kind.as_str())
    .bind(ref_id)
    .bind(target)
    .bind(source_hash)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO translations \
           (kind, ref_id, source_hash, target, source_language, title, body_html, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (kind, ref_id, target, source_hash) DO NOTHING",
    )
    .bind(kind.as_str())
    .bind(ref_id)
    .bind(source_hash)
    .bind(target)
    .bind(&translation.source_language)
    .bind(&translation.title)
    .bind(&translation.body_html)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
