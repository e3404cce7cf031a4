//! Posts (news and publications, a future AS2 `Page`) and their comments
//! and reactions. Every lookup goes through [`find_visible`], which asks
//! [`spaces::find_visible`] whether the viewer may see the post's space.

pub mod comments;
pub mod drafts;
pub mod federated;
mod news;
pub mod place;
pub mod reactions;
mod remote;

pub use remote::{
    RemotePost, Restored, delete_all_remote_by, delete_remote, is_deleted_remote, restore_remote,
    store_remote,
};

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::accounts::{Account, ProfileVisibility, bounded, validate_language};
use crate::changes::{self, Change, Changes, Verb};
use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::markdown;
use crate::media::{self, Attachment};
use crate::spaces::{self, Action, SpaceAccess};

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 100_000;
/// Mentions beyond this many in one text are not linked or stored.
const MAX_MENTIONS: usize = 50;

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Post {
    pub id: i64,
    pub space_id: i64,
    pub author_id: i64,
    pub title: String,
    pub body_source: String,
    pub body_html: String,
    pub language: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema, Clone)]
pub struct AuthorView {
    pub username: String,
    pub display_name: String,
    /// Their profile picture's thumbnail, when the viewer may see their
    /// profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

/// The thumbnail of profile picture `avatar` of member `author`, whose
/// profile is `visibility`, if `viewer` may see that profile.
pub(crate) fn avatar_for(
    avatar: Option<i64>,
    author: i64,
    visibility: ProfileVisibility,
    viewer: Option<&Account>,
) -> Option<String> {
    avatar
        .filter(|_| crate::accounts::profile_visible(author, visibility, viewer))
        .map(|id| format!("/media/{id}/thumb"))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReactionCount {
    pub emoji: String,
    pub count: i64,
    /// Whether the viewer is among them.
    pub mine: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: i64,
    pub space_id: i64,
    pub space_slug: String,
    pub author: AuthorView,
    pub title: String,
    /// The markdown as written.
    pub body: String,
    /// Rendered and sanitised.
    pub body_html: String,
    pub language: String,
    /// Usernames of local members mentioned with `@name`.
    pub mentions: Vec<String>,
    pub comment_count: i64,
    pub reactions: Vec<ReactionCount>,
    /// Pictures and files, in order.
    pub attachments: Vec<Attachment>,
    pub created_at: String,
    pub edited_at: Option<String>,
    /// Shown to its author only: why this post of a public space did not
    /// reach other instances (it links to a page of ours that is not
    /// public). Absent when it did, or for anyone else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_federated: Option<String>,
}

/// A post row joined with what its view needs; shared by feeds.
#[derive(sqlx::FromRow)]
pub(crate) struct PostRow {
    pub(crate) id: i64,
    space_id: i64,
    space_slug: String,
    author_username: String,
    author_display_name: String,
    author_id: i64,
    author_avatar: Option<i64>,
    author_visibility: ProfileVisibility,
    title: String,
    body_source: String,
    body_html: String,
    language: String,
    comment_count: i64,
    /// Reactions plus mentions: whether the page must fetch them at all.
    extras_count: i64,
    media_count: i64,
    pub(crate) created_at: i64,
    edited_at: Option<i64>,
}

/// The SELECT list and joins producing a [`PostRow`] for posts `p` in spaces `s`.
macro_rules! post_row_select {
    () => {
        "SELECT p.id, p.space_id, \
                CASE WHEN s.domain IS NULL THEN s.slug ELSE s.slug || '@' || s.domain END AS space_slug, \
                CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END \
                    AS author_username, \
                a.display_name AS author_display_name, \
                p.author_id, (SELECT v.id FROM media v WHERE v.avatar_of = a.id) AS author_avatar, \
                a.profile_visibility AS author_visibility, p.title, p.body_source, p.body_html, \
                p.language, p.created_at, p.edited_at, \
                (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.deleted_at IS NULL) \
                    AS comment_count, \
                (SELECT COUNT(*) FROM reactions x WHERE x.post_id = p.id) \
                    + (SELECT COUNT(*) FROM mentions y WHERE y.post_id = p.id) AS extras_count, \
                (SELECT COUNT(*) FROM media z WHERE z.post_id = p.id) AS media_count \
         FROM posts p JOIN spaces s ON s.id = p.space_id JOIN accounts a ON a.id = p.author_id "
    };
}
pub(crate) use post_row_select;

/// How many posts one [`EXTRAS_SQL`] covers: a feed page at most.
const EXTRAS_BATCH: usize = crate::feeds::MAX_LIMIT as usize;

/// Reactions (counted per emoji, with whether the viewer `$1` is among
/// them) and mentions of up to [`EXTRAS_BATCH`] posts `$2…`, in the order
/// they were made; a count of -1 marks a mention. A fixed number of
/// placeholders keeps it one prepared statement.
static EXTRAS_SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let slots = (2..EXTRAS_BATCH + 2)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT post_id, emoji, COUNT(*), SUM(CASE WHEN account_id = $1 THEN 1 ELSE 0 END), MIN(id) \
         FROM reactions WHERE post_id IN ({slots}) GROUP BY post_id, emoji \
         UNION ALL \
         SELECT m.post_id, CASE WHEN a.domain IS NULL THEN a.username ELSE a.username || '@' || a.domain END, \
                -1, 0, m.id FROM mentions m JOIN accounts a ON a.id = m.account_id \
         WHERE m.post_id IN ({slots}) \
         ORDER BY 5"
    )
});

/// Turns rows into views, fetching the reactions and mentions of those that
/// have any.
pub(crate) async fn views(
    db: &Db,
    rows: Vec<PostRow>,
    viewer: Option<&Account>,
) -> AppResult<Vec<PostView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    // Reactions and mentions of the page's posts that have any, in one
    // round trip through one cached statement (see [`EXTRAS_SQL`]).
    let with_extras: Vec<i64> = rows
        .iter()
        .filter(|r| r.extras_count > 0)
        .map(|r| r.id)
        .collect();
    let mut extras: Vec<(i64, String, i64, i64, i64)> = Vec::new();
    for chunk in with_extras.chunks(EXTRAS_BATCH) {
        let mut query = sqlx::query_as(sqlx::AssertSqlSafe(EXTRAS_SQL.as_str()))
            .bind(viewer.map_or(0, |v| v.id));
        for i in 0..EXTRAS_BATCH {
            // Unused slots hold 0, which is never an id.
            query = query.bind(chunk.get(i).copied().unwrap_or(0));
        }
        extras.extend(query.fetch_all(&db.read).await?);
    }
    let with_media: Vec<i64> = rows
        .iter()
        .filter(|r| r.media_count > 0)
        .map(|r| r.id)
        .collect();
    let mut attachments = if with_media.is_empty() {
        HashMap::new()
    } else {
        media::of_each(db, media::Owner::Post(0), &with_media).await?
    };
    let mut reactions: HashMap<i64, Vec<ReactionCount>> = HashMap::new();
    let mut mentions: HashMap<i64, Vec<String>> = HashMap::new();
    for (post_id, text, count, mine, _) in extras {
        // A count of -1 marks a mention row.
        if count < 0 {
            mentions.entry(post_id).or_default().push(text);
        } else {
            reactions.entry(post_id).or_default().push(ReactionCount {
                emoji: text,
                count,
                mine: mine > 0,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| PostView {
            id: r.id,
            space_id: r.space_id,
            space_slug: r.space_slug,
            author: AuthorView {
                avatar: avatar_for(r.author_avatar, r.author_id, r.author_visibility, viewer),
                username: r.author_username,
                display_name: r.author_display_name,
            },
            title: r.title,
            body: r.body_source,
            body_html: r.body_html,
            language: r.language,
            mentions: mentions.remove(&r.id).unwrap_or_default(),
            comment_count: r.comment_count,
            reactions: reactions.remove(&r.id).unwrap_or_default(),
            attachments: attachments.remove(&r.id).unwrap_or_default(),
            created_at: format_time(r.created_at),
            edited_at: r.edited_at.map(format_time),
            not_federated: None,
        })
        .collect())
}

pub async fn view(db: &Db, post_id: i64, viewer: Option<&Account>) -> AppResult<PostView> {
    let row: PostRow = sqlx::query_as(concat!(post_row_select!(), "WHERE p.id = $1"))
        .bind(post_id)
        .fetch_optional(&db.read)
        .await?
        .ok_or(AppError::NotFound("post"))?;
    let mut views = views(db, vec![row], viewer).await?;
    views.pop().ok_or(AppError::NotFound("post"))
}

/// The post and its space as the viewer may see them. A post in a space the
/// viewer cannot see is "no such post"; a deleted one is "gone", but only
/// once the viewer has shown they could have seen it.
pub async fn find_visible(
    db: &Db,
    post_id: i64,
    viewer: Option<&Account>,
) -> AppResult<(Post, SpaceAccess)> {
    // Every condition is a lookup by key, so a private post costs the same
    // as a missing one (a `NOT IN (SELECT …)` here was built only when a
    // row matched: 10 µs that told private from missing).
    let post: Option<Post> = sqlx::query_as(concat!(
        "SELECT id, space_id, author_id, title, body_source, body_html, language, created_at, \
                edited_at, deleted_at FROM posts WHERE id = $1 \
         AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = posts.author_id \
                         AND a.federation_state = 2) AND ",
        spaces::in_space_visible_to!("posts.space_id", "$2")
    ))
    .bind(post_id)
    .bind(viewer.map(|v| v.id))
    .fetch_optional(&db.read)
    .await?;
    let space_id = post.as_ref().map(|p: &Post| p.space_id);
    let access = spaces::find_visible_holding(db, space_id, viewer, "post").await?;
    let post = post.ok_or(AppError::NotFound("post"))?;
    if post.deleted_at.is_some() {
        return Err(AppError::Gone("post"));
    }
    Ok((post, access))
}

/// Who may change or delete a piece of content: its author while still a
/// contributor, or a content manager.
pub fn require_author_or_moderator(
    access: &SpaceAccess,
    author_id: i64,
    who: &Account,
) -> AppResult<()> {
    if author_id == who.id && access.require(Action::Contribute).is_ok() {
        return Ok(());
    }
    access.require(Action::ModerateContent)
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPost {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// BCP 47 tag; defaults to the space's language.
    pub language: Option<String>,
    /// Uploads to attach, in order (`POST /api/v1/media`), at most six.
    #[serde(default, deserialize_with = "crate::integer::list")]
    pub media: Vec<i64>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostChange {
    pub title: Option<String>,
    pub body: Option<String>,
    pub language: Option<String>,
}

fn validate_title(title: &str) -> AppResult<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(AppError::invalid("title: must not be empty"));
    }
    bounded("title", title, MAX_TITLE_CHARS)?;
    Ok(title.to_owned())
}

/// Markdown rendered for storage, with the local members it mentions.
pub(crate) struct RenderedBody {
    pub html: String,
    pub mentioned: Vec<i64>,
}

/// Renders `source`, finding the members it mentions: local `@name`, and
/// `@name@host` of people on other instances that this instance already
/// knows (no lookup over the network while writing).
pub(crate) async fn render_body(db: &Db, base_url: &str, source: &str) -> AppResult<RenderedBody> {
    let mut names = HashSet::new();
    let mut remote = std::collections::HashMap::new();
    let mut mentioned = Vec::new();
    for (name, host) in markdown::remote_mention_candidates(source)
        .into_iter()
        .take(MAX_MENTIONS)
    {
        let found: Option<(i64, String)> = sqlx::query_as(
            "SELECT id, ap_id FROM accounts WHERE LOWER(username) = $1 AND domain = $2 AND ap_id IS NOT NULL",
        )
        .bind(&name)
        .bind(&host)
        .fetch_optional(&db.read)
        .await?;
        if let Some((id, url)) = found {
            remote.insert(format!("{name}@{host}"), url);
            mentioned.push(id);
        }
    }
    for candidate in markdown::mention_candidates(source)
        .into_iter()
        .take(MAX_MENTIONS)
    {
        let found: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM accounts WHERE username = $1 AND domain IS NULL")
                .bind(&candidate)
                .fetch_optional(&db.read)
                .await?;
        if let Some((id,)) = found {
            names.insert(candidate);
            mentioned.push(id);
        }
    }
    Ok(RenderedBody {
        html: markdown::render(source, &names, &remote, base_url),
        mentioned,
    })
}

pub async fn create(
    db: &Db,
    changes: &Changes,
    access: &SpaceAccess,
    author: &Account,
    new: NewPost,
) -> AppResult<i64> {
    access.require(Action::Contribute)?;
    let title = validate_title(&new.title)?;
    bounded("body", &new.body, MAX_BODY_CHARS)?;
    let language = match &new.language {
        Some(l) => validate_language("language", l)?,
        None => access.space.language.clone(),
    };
    let body = render_body(db, changes.urls.base(), &new.body).await?;
    let mut tx = db.begin().await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO posts (space_id, author_id, title, body_source, body_html, language, \
                            created_at, id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(access.space.id)
    .bind(author.id)
    .bind(title)
    .bind(&new.body)
    .bind(body.html)
    .bind(language)
    .bind(db::now())
    .bind(db::new_id())
    .fetch_one(&mut *tx)
    .await?;
    media::attach(&mut tx, media::Owner::Post(id), author.id, &new.media).await?;
    let mentioned =
        news::store_mentions(&mut tx, news::Mentioned::Post, id, &body.mentioned).await?;
    news::post_created(&mut tx, id, &mentioned, true).await?;
    changes::record(
        &mut tx,
        Change::Post {
            id,
            verb: Verb::Create,
        },
    )
    .await?;
    crate::search::index::post(&mut tx, id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(id)
}

pub async fn edit(
    db: &Db,
    changes: &Changes,
    post_id: i64,
    who: &Account,
    change: PostChange,
) -> AppResult<()> {
    let (post, access) = find_visible(db, post_id, Some(who)).await?;
    require_author_or_moderator(&access, post.author_id, who)?;
    let title = match &change.title {
        Some(t) => validate_title(t)?,
        None => post.title.clone(),
    };
    let language = match &change.language {
        Some(l) => validate_language("language", l)?,
        None => post.language.clone(),
    };
    let source = change.body.unwrap_or(post.body_source);
    bounded("body", &source, MAX_BODY_CHARS)?;
    let body = render_body(db, changes.urls.base(), &source).await?;
    let mut tx = db.begin().await?;
    let updated = sqlx::query(
        "UPDATE posts SET title = $1, body_source = $2, body_html = $3, language = $4, edited_at = $5 \
         WHERE id = $6 AND deleted_at IS NULL",
    )
    .bind(title)
    .bind(&source)
    .bind(body.html)
    .bind(language)
    .bind(db::now())
    .bind(post.id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(AppError::Gone("post"));
    }
    let mentioned =
        news::store_mentions(&mut tx, news::Mentioned::Post, post.id, &body.mentioned).await?;
    news::post_edited(&mut tx, post.id, &mentioned).await?;
    changes::record(
        &mut tx,
        Change::Post {
            id: post.id,
            verb: Verb::Update,
        },
    )
    .await?;
    crate::search::index::post(&mut tx, post.id).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Deletes a post, leaving a tombstone: the row stays (so its id is never
/// reused and later federation can answer `Tombstone`) but its content,
/// mentions and reactions go.
pub async fn delete(db: &Db, changes: &Changes, post_id: i64, who: &Account) -> AppResult<()> {
    let (post, access) = find_visible(db, post_id, Some(who)).await?;
    require_author_or_moderator(&access, post.author_id, who)?;
    let mut tx = db.begin().await?;
    let by = if post.author_id == who.id {
        RemovedBy::Author
    } else {
        RemovedBy::Moderator(who.id)
    };
    tombstone(&mut tx, post.id, by).await?;
    tx.commit().await?;
    changes.committed();
    Ok(())
}

/// Who deletes a post or comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovedBy {
    Author,
    /// A content manager of its space or an instance moderator.
    Moderator(i64),
}

/// Empties a post, keeps its row as a tombstone, and federates the
/// deletion: as its author's, or as a removal by a moderator.
pub(crate) async fn tombstone(tx: &mut Tx, post_id: i64, by: RemovedBy) -> AppResult<()> {
    let emptied = sqlx::query(
        "UPDATE posts SET title = '', body_source = '', body_html = '', deleted_at = $1 \
         WHERE id = $2 AND deleted_at IS NULL",
    )
    .bind(db::now())
    .bind(post_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM mentions WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM reactions WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    media::detach_all(tx, media::Owner::Post(post_id)).await?;
    if emptied.rows_affected() > 0 {
        let change = match by {
            RemovedBy::Author => Change::Post {
                id: post_id,
                verb: Verb::Delete,
            },
            RemovedBy::Moderator(moderator) => Change::PostRemoved {
                id: post_id,
                by: Some(moderator),
            },
        };
        changes::record(tx, change).await?;
    }
    crate::search::index::post(tx, post_id).await?;
    Ok(())
}

/// A page of results and the cursor for the next one.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last one.
    pub next_cursor: Option<String>,
}
