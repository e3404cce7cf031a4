//! Writes to the search index: the only code that changes
//! `search_entries`.
//!
//! Domain modules call one function per thing they changed, with the
//! transaction that changed it, after their own writes:
//! `crate::search::index::post(&mut tx, id).await?`. Each function reads
//! the thing as it now is, inside that transaction, and makes its entry
//! say the same: written when it is live, gone when it is deleted,
//! tombstoned or missing. So a caller never says what changed, and the
//! index commits, or rolls back, with the content.

use super::Kind;
use super::normalise::index_text;
use super::rank::TITLE_END;
use super::text;
use crate::db::Tx;
use crate::error::AppResult;

/// What one entry holds (see migration 0013).
struct Entry {
    kind: Kind,
    ref_id: i64,
    parent_id: Option<i64>,
    space_id: Option<i64>,
    author_id: Option<i64>,
    language: String,
    created_at: i64,
    title: String,
    body: String,
    /// Indexed with the title and body but not shown: a slug, a username,
    /// tags, a file name.
    extra: String,
}

impl Entry {
    /// The title's tokens, [`TITLE_END`] (so that ranking can weigh
    /// them more), then the rest.
    fn tokens(&self) -> String {
        let title = index_text(&self.title, &self.language);
        let rest = [&self.extra, &self.body]
            .into_iter()
            .map(|text| index_text(text, &self.language))
            .filter(|tokens| !tokens.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match (title.is_empty(), rest.is_empty()) {
            (true, _) => rest,
            (false, true) => format!("{title} {TITLE_END}"),
            (false, false) => format!("{title} {TITLE_END} {rest}"),
        }
    }
}

/// A language tag as entries store it: lowercased, `und` when unknown.
fn language(tag: &str) -> String {
    let tag = tag.trim().to_ascii_lowercase();
    if tag.is_empty() { "und".into() } else { tag }
}

/// How many tokens `tokens` holds, the title marker not counted.
fn token_count(tokens: &str) -> i64 {
    tokens
        .split(' ')
        .filter(|token| !token.is_empty() && *token != TITLE_END)
        .count() as i64
}

/// Writes the entry, with its audience (who could open it at most; see
/// migration 0016) from its space's visibility.
async fn put(tx: &mut Tx, entry: Entry) -> AppResult<()> {
    let tokens = entry.tokens();
    sqlx::query(
        "INSERT INTO search_entries (kind, ref_id, parent_id, space_id, author_id, language, \
                                     created_at, title, body, tokens, token_count, audience) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, \
                 CASE WHEN $4 IS NULL THEN 'everyone' \
                      WHEN EXISTS (SELECT 1 FROM spaces s WHERE s.id = $4 \
                                   AND s.visibility = 'public') THEN 'public' \
                      ELSE 's' || CAST($4 AS TEXT) END) \
         ON CONFLICT (kind, ref_id) DO UPDATE SET parent_id = excluded.parent_id, \
             space_id = excluded.space_id, author_id = excluded.author_id, \
             language = excluded.language, created_at = excluded.created_at, \
             title = excluded.title, body = excluded.body, tokens = excluded.tokens, \
             token_count = excluded.token_count, audience = excluded.audience",
    )
    .bind(entry.kind)
    .bind(entry.ref_id)
    .bind(entry.parent_id)
    .bind(entry.space_id)
    .bind(entry.author_id)
    .bind(&entry.language)
    .bind(entry.created_at)
    .bind(&entry.title)
    .bind(&entry.body)
    .bind(&tokens)
    .bind(token_count(&tokens))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn remove(tx: &mut Tx, kind: Kind, ref_id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM search_entries WHERE kind = $1 AND ref_id = $2")
        .bind(kind)
        .bind(ref_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Brings the entry of `kind` number `id` in line with its content.
pub async fn refresh(tx: &mut Tx, kind: Kind, id: i64) -> AppResult<()> {
    match kind {
        Kind::Post => post(tx, id).await,
        Kind::Comment => comment(tx, id).await,
        Kind::Event => event(tx, id).await,
        Kind::LibraryItem => library_item(tx, id).await,
        Kind::Space => space(tx, id).await,
        Kind::Person => person(tx, id).await,
    }
}

#[derive(sqlx::FromRow)]
struct PostRow {
    space_id: i64,
    author_id: i64,
    language: String,
    created_at: i64,
    title: String,
    body_html: String,
    deleted_at: Option<i64>,
}

/// A post written, edited, deleted or restored. A deleted post takes its
/// comments out with it (they cannot be opened any more).
pub async fn post(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<PostRow> = sqlx::query_as(
        "SELECT space_id, author_id, language, created_at, title, body_html, deleted_at \
         FROM posts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(post) = row.filter(|p| p.deleted_at.is_none()) else {
        remove(tx, Kind::Post, id).await?;
        sqlx::query("DELETE FROM search_entries WHERE kind = 'comment' AND parent_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    };
    // Planned for each post, not once per connection: on PostgreSQL a
    // connection keeps the generic plan it made first, and a plan made
    // while the table looked empty (a new instance, where migration 0016
    // analysed it) is a sequential scan, which every later post would pay
    // in full until statistics are gathered again (autovacuum does; a
    // server without it never would). See docs/benchmarks.md.
    let before: Option<(String,)> =
        sqlx::query_as("SELECT language FROM search_entries WHERE kind = 'post' AND ref_id = $1")
            .bind(id)
            .persistent(false)
            .fetch_optional(&mut **tx)
            .await?;
    let language = language(&post.language);
    // Comments follow their post: back with a restored one, stemmed again
    // in a new language.
    let comments_too = before.is_none_or(|(old,)| old != language);
    put(
        tx,
        Entry {
            kind: Kind::Post,
            ref_id: id,
            parent_id: None,
            space_id: Some(post.space_id),
            author_id: Some(post.author_id),
            language,
            created_at: post.created_at,
            title: post.title,
            body: text::from_html(&post.body_html),
            extra: String::new(),
        },
    )
    .await?;
    if comments_too {
        let comments: Vec<(i64,)> = sqlx::query_as("SELECT id FROM comments WHERE post_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
        for (comment_id,) in comments {
            comment(tx, comment_id).await?;
        }
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CommentRow {
    post_id: i64,
    space_id: i64,
    author_id: i64,
    language: String,
    created_at: i64,
    body_html: String,
    deleted_at: Option<i64>,
    post_deleted_at: Option<i64>,
}

/// A comment written, edited, deleted or restored. It is searched in its
/// post's language.
pub async fn comment(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<CommentRow> = sqlx::query_as(
        "SELECT c.post_id, p.space_id, c.author_id, p.language, c.created_at, c.body_html, \
                c.deleted_at, p.deleted_at AS post_deleted_at \
         FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(c) = row.filter(|c| c.deleted_at.is_none() && c.post_deleted_at.is_none()) else {
        return remove(tx, Kind::Comment, id).await;
    };
    put(
        tx,
        Entry {
            kind: Kind::Comment,
            ref_id: id,
            parent_id: Some(c.post_id),
            space_id: Some(c.space_id),
            author_id: Some(c.author_id),
            language: language(&c.language),
            created_at: c.created_at,
            title: String::new(),
            body: text::from_html(&c.body_html),
            extra: String::new(),
        },
    )
    .await
}

#[derive(sqlx::FromRow)]
struct EventRow {
    space_id: i64,
    organiser_id: i64,
    language: String,
    created_at: i64,
    title: String,
    description_html: String,
    place_name: Option<String>,
    place_address: Option<String>,
}

/// An event created or changed (a cancelled event can still be opened,
/// so it stays findable).
pub async fn event(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<EventRow> = sqlx::query_as(
        "SELECT space_id, organiser_id, language, created_at, title, description_html, \
                place_name, place_address FROM events WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(e) = row else {
        return remove(tx, Kind::Event, id).await;
    };
    let place = [e.place_name, e.place_address]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    put(
        tx,
        Entry {
            kind: Kind::Event,
            ref_id: id,
            parent_id: None,
            space_id: Some(e.space_id),
            author_id: Some(e.organiser_id),
            language: language(&e.language),
            created_at: e.created_at,
            title: e.title,
            body: text::squeeze(&format!("{} {place}", text::from_html(&e.description_html))),
            extra: String::new(),
        },
    )
    .await
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    space_id: i64,
    created_by: i64,
    language: String,
    created_at: i64,
    title: String,
    description: String,
    remote_html: Option<String>,
    deleted_at: Option<i64>,
}

/// A library folder, file or note created, changed, given a revision or
/// deleted: its title, description, tags, a file's name and a note's
/// current text. (The text inside files is not extracted yet.)
pub async fn library_item(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<ItemRow> = sqlx::query_as(
        "SELECT space_id, created_by, language, created_at, title, description, remote_html, \
                deleted_at FROM library_items WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(item) = row.filter(|i| i.deleted_at.is_none()) else {
        return remove(tx, Kind::LibraryItem, id).await;
    };
    let current: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT body, filename FROM library_revisions WHERE item_id = $1 \
         ORDER BY number DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let (note, filename) = current.unwrap_or_default();
    let tags: Vec<(String,)> =
        sqlx::query_as("SELECT tag FROM library_tags WHERE item_id = $1 ORDER BY tag")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    let note = match (note, item.remote_html) {
        (Some(markdown), _) => text::from_markdown(&markdown),
        (None, Some(html)) => text::from_html(&html),
        // A file: the text read from it, once the queue has (see
        // `library::extraction`, which calls this again when it has).
        (None, None) => crate::library::extraction::text(tx, id)
            .await?
            .unwrap_or_default(),
    };
    let extra = tags
        .into_iter()
        .map(|(tag,)| tag)
        .chain(filename)
        .collect::<Vec<_>>()
        .join(" ");
    put(
        tx,
        Entry {
            kind: Kind::LibraryItem,
            ref_id: id,
            parent_id: None,
            space_id: Some(item.space_id),
            author_id: Some(item.created_by),
            language: language(&item.language),
            created_at: item.created_at,
            title: item.title,
            body: text::squeeze(&format!("{} {note}", item.description)),
            extra,
        },
    )
    .await
}

/// A space created or changed, ours or one of another instance. Private
/// ones are indexed too: the query shows them to their members only.
pub async fn space(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
        "SELECT slug, title, description, language, created_at FROM spaces WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((slug, title, description, tag, created_at)) = row else {
        return remove(tx, Kind::Space, id).await;
    };
    put(
        tx,
        Entry {
            kind: Kind::Space,
            ref_id: id,
            parent_id: None,
            space_id: Some(id),
            author_id: None,
            language: language(&tag),
            created_at,
            title,
            body: text::squeeze(&description),
            extra: slug,
        },
    )
    .await
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    username: String,
    domain: Option<String>,
    display_name: String,
    organisation: String,
    created_at: i64,
    deleted_at: Option<i64>,
}

/// A person registered, changed their profile or left: their display
/// name, handle and organisation. Who may find them is decided at query
/// time (their profile's visibility can change without a write here).
pub async fn person(tx: &mut Tx, id: i64) -> AppResult<()> {
    let row: Option<PersonRow> = sqlx::query_as(
        "SELECT username, domain, display_name, organisation, created_at, deleted_at \
         FROM accounts WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(person) = row.filter(|p| p.deleted_at.is_none()) else {
        return remove(tx, Kind::Person, id).await;
    };
    let handle = match person.domain {
        Some(domain) => format!("{}@{domain}", person.username),
        None => person.username,
    };
    put(
        tx,
        Entry {
            kind: Kind::Person,
            ref_id: id,
            parent_id: None,
            space_id: None,
            author_id: Some(id),
            language: language(""),
            created_at: person.created_at,
            title: if person.display_name.trim().is_empty() {
                handle.clone()
            } else {
                person.display_name
            },
            body: person.organisation,
            extra: handle,
        },
    )
    .await
}

/// Whatever we store under the id `ap_id` of another instance (a post, a
/// comment, an event, a library item, a space, a person), after the
/// federation stored, changed, deleted or restored it.
pub async fn remote(tx: &mut Tx, ap_id: &str) -> AppResult<()> {
    let found: Vec<(Kind, i64)> = sqlx::query_as(
        "SELECT 'post', id FROM posts WHERE ap_id = $1 \
         UNION ALL SELECT 'comment', id FROM comments WHERE ap_id = $1 \
         UNION ALL SELECT 'event', id FROM events WHERE ap_id = $1 \
         UNION ALL SELECT 'library_item', id FROM library_items WHERE ap_id = $1 \
         UNION ALL SELECT 'space', id FROM spaces WHERE ap_id = $1 \
         UNION ALL SELECT 'person', id FROM accounts WHERE ap_id = $1",
    )
    .bind(ap_id)
    .fetch_all(&mut **tx)
    .await?;
    for (kind, id) in found {
        refresh(tx, kind, id).await?;
    }
    Ok(())
}

/// Every post and comment of `author_id`, after they were removed or
/// restored together.
pub async fn written_by(tx: &mut Tx, author_id: i64) -> AppResult<()> {
    let found: Vec<(Kind, i64)> = sqlx::query_as(
        "SELECT 'post', id FROM posts WHERE author_id = $1 \
         UNION ALL SELECT 'comment', id FROM comments WHERE author_id = $1",
    )
    .bind(author_id)
    .fetch_all(&mut **tx)
    .await?;
    for (kind, id) in found {
        refresh(tx, kind, id).await?;
    }
    Ok(())
}
