//! Reports that cross instances: a `Flag` another instance sends about
//! members or content here, and what a member asked to forward to the
//! reported person's instance.

use super::reports::tell;
use crate::changes::Changes;
use crate::db::{self, Db, Tx};
use crate::error::AppResult;
use crate::notifications::{Kind, New};
use crate::urls::LocalRef;

/// What a forwarded report names, for the `Flag` federation sends.
#[derive(Debug, sqlx::FromRow)]
pub struct ForwardedReport {
    pub account_id: i64,
    pub post_id: Option<i64>,
    pub comment_id: Option<i64>,
    pub reason: String,
}

/// Report `id`, if it is one a member asked to forward.
pub async fn forwarded_report(tx: &mut Tx, id: i64) -> AppResult<Option<ForwardedReport>> {
    Ok(sqlx::query_as(
        "SELECT account_id, post_id, comment_id, reason FROM reports \
         WHERE id = $1 AND forwarded = 1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// The post or comment stored under the id `ap_id` in a space of ours.
async fn remote_content_here(db: &Db, ap_id: &str) -> AppResult<(Option<i64>, Option<i64>)> {
    let post: Option<(i64,)> = sqlx::query_as(
        "SELECT p.id FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.ap_id = $1 AND s.domain IS NULL",
    )
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?;
    if let Some((id,)) = post {
        return Ok((Some(id), None));
    }
    let comment: Option<(i64,)> = sqlx::query_as(
        "SELECT c.id FROM comments c JOIN posts p ON p.id = c.post_id \
         JOIN spaces s ON s.id = p.space_id WHERE c.ap_id = $1 AND s.domain IS NULL",
    )
    .bind(ap_id)
    .fetch_optional(&db.read)
    .await?;
    Ok((None, comment.map(|(id,)| id)))
}

/// A `Flag` from another instance: stored as a report on the members,
/// posts and comments of ours it names (ours by their URL, those of people
/// elsewhere in our spaces by their id). Returns whether it was stored.
/// The instance's moderators hear of it, and so do the managers of the
/// space the content is in.
pub async fn receive_flag(
    db: &Db,
    changes: &Changes,
    origin_domain: &str,
    flag_id: &str,
    objects: &[String],
    reason: &str,
) -> AppResult<bool> {
    let mut account_id = None;
    let mut post_id = None;
    let mut comment_id = None;
    for object in objects {
        match changes.urls.parse(object) {
            Some(LocalRef::Person(name)) => {
                account_id = crate::accounts::find_id_by_handle(db, &name)
                    .await
                    .ok()
                    .or(account_id);
            }
            Some(LocalRef::Post(id)) => post_id = Some(id),
            Some(LocalRef::Comment(id)) => comment_id = Some(id),
            Some(_) => {}
            // Someone elsewhere's post or comment in a space of ours, named
            // by its own id: its space's moderators are the ones to see it.
            None => {
                let (post, comment) = remote_content_here(db, object).await?;
                post_id = post.or(post_id);
                comment_id = comment.or(comment_id);
            }
        }
    }
    // Only content of public spaces can be reported from outside: a Flag
    // naming anything else is ignored like one naming nothing.
    // The space of ours the content is in.
    let mut space = None;
    if let Some(id) = post_id {
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT p.author_id, CASE WHEN s.domain IS NULL THEN s.id END \
             FROM posts p JOIN spaces s ON s.id = p.space_id \
             WHERE p.id = $1 AND s.visibility = 'public'",
        )
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
        match row {
            Some((author, in_space)) => {
                account_id = account_id.or(Some(author));
                space = in_space;
            }
            None => post_id = None,
        }
    }
    if let Some(id) = comment_id {
        let row: Option<(i64, Option<i64>)> = sqlx::query_as(
            "SELECT c.author_id, CASE WHEN s.domain IS NULL THEN s.id END \
             FROM comments c JOIN posts p ON p.id = c.post_id \
             JOIN spaces s ON s.id = p.space_id WHERE c.id = $1 AND s.visibility = 'public'",
        )
        .bind(id)
        .fetch_optional(&db.read)
        .await?;
        match row {
            Some((author, in_space)) => {
                account_id = account_id.or(Some(author));
                space = space.or(in_space);
            }
            None => comment_id = None,
        }
    }
    let Some(account_id) = account_id else {
        return Ok(false);
    };
    let reason: String = reason.chars().take(2000).collect();
    let mut tx = db.begin().await?;
    let stored: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO reports (origin_domain, flag_id, account_id, post_id, comment_id, \
                              reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (flag_id) DO NOTHING RETURNING id",
    )
    .bind(origin_domain)
    .bind(flag_id)
    .bind(account_id)
    .bind(post_id)
    .bind(comment_id)
    .bind(crate::markdown::plain_text(&reason))
    .bind(db::now())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = stored else {
        return Ok(false);
    };
    let news = New::of(Kind::ReportNew)
        .report(id)
        .param("origin", origin_domain);
    // The managers of a space of ours hear of reports about what is in it.
    tell(&mut tx, &news, space).await?;
    tx.commit().await?;
    Ok(true)
}
