//! Pictures and files attached to posts and comments, and profile
//! pictures: the `media` table's one writer.
//!
//! A picture is decoded, turned upright and re-encoded into three variants
//! without its metadata ([`images`]); a file is kept as sent. The bytes go
//! through the library's [`Storage`], as blobs. Whoever may open the post,
//! the comment or the profile may open its attachments, and nobody else
//! ([`find_visible`]): an attachment has no visibility of its own.

mod avatars;
pub mod images;
mod remote;
mod waiting;

pub use avatars::{avatar, remove_avatar, set_avatar};
pub use remote::{
    MAX_FETCH_ATTEMPTS, RemoteAttachment, ToFetch, fetch_failed, give_up, keep_fetched,
    store_remote, take_fetch,
};
pub use waiting::{discard, keep_for_draft, of_draft, remove_unattached};

use std::collections::HashMap;
use std::sync::LazyLock;

use bytes::Bytes;
use serde::Serialize;
use tokio::sync::Semaphore;

use crate::accounts::{Account, ProfileVisibility, bounded};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};
use crate::library::storage::{self, Storage};
use crate::posts::{self, comments};
use crate::spaces::Visibility;

/// At most this many attachments on a post or a comment.
pub const MAX_ATTACHMENTS: usize = 6;
/// Largest attachment, in bytes. Pictures are decoded whole, so the bound
/// is on what one request may hold in memory, not on the library's files.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
pub const MAX_DESCRIPTION_CHARS: usize = 1500;
/// Pictures decoded at once across the server: decoding takes a core and
/// up to a few hundred megabytes, so two at a time on a small server.
static PROCESSING: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(2));

/// An attachment as pages, the API and federation show it.
#[derive(Serialize, utoipa::ToSchema, Clone, Debug)]
pub struct Attachment {
    pub id: i64,
    /// `image` or `file`.
    pub kind: String,
    pub file_name: String,
    pub media_type: String,
    /// In bytes (0 for another server's attachment).
    pub size: i64,
    /// The picture's description for people who cannot see it (alt text).
    pub description: String,
    /// The picture at its largest, or the file. A path on this server, or
    /// the address on another server for a remote attachment.
    pub url: String,
    /// A picture's phone-sized and thumbnail variants (paths on this server).
    pub phone_url: Option<String>,
    pub thumb_url: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub thumb_width: Option<i64>,
    pub thumb_height: Option<i64>,
    /// Another server's (its pictures, once fetched, are kept here too).
    pub remote: bool,
    /// Where another server's attachment is, on that server.
    pub source_url: Option<String>,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        self.kind == "image"
    }

    /// A picture shown here as a thumbnail: ours, or another server's once fetched.
    pub fn has_thumbnail(&self) -> bool {
        self.thumb_url.is_some()
    }
}

/// Something uploaded: its name as sent, its bytes, its description.
pub struct Incoming {
    pub file_name: String,
    pub bytes: Bytes,
    pub description: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    owner_id: i64,
    post_id: Option<i64>,
    comment_id: Option<i64>,
    avatar_of: Option<i64>,
    file_name: String,
    media_type: String,
    size: i64,
    description: String,
    blob_hash: Option<String>,
    width: Option<i64>,
    height: Option<i64>,
    phone_hash: Option<String>,
    thumb_hash: Option<String>,
    thumb_width: Option<i64>,
    thumb_height: Option<i64>,
    remote_url: Option<String>,
}

const COLUMNS: &str = "id, owner_id, post_id, comment_id, avatar_of, file_name, media_type, size, \
                       description, blob_hash, width, height, phone_hash, thumb_hash, \
                       thumb_width, thumb_height, remote_url";

impl Row {
    fn view(self) -> Attachment {
        let path = format!("/media/{}", self.id);
        let is_image = images::is_picture(&self.media_type);
        Attachment {
            id: self.id,
            kind: if is_image { "image" } else { "file" }.into(),
            phone_url: self.phone_hash.as_ref().map(|_| format!("{path}/phone")),
            thumb_url: self.thumb_hash.as_ref().map(|_| format!("{path}/thumb")),
            url: match (&self.remote_url, &self.blob_hash) {
                (Some(remote), None) => remote.clone(),
                _ => path,
            },
            remote: self.remote_url.is_some(),
            source_url: self.remote_url,
            file_name: self.file_name,
            media_type: self.media_type,
            size: self.size,
            description: self.description,
            width: self.width,
            height: self.height,
            thumb_width: self.thumb_width,
            thumb_height: self.thumb_height,
        }
    }
}

fn too_large(file_name: &str) -> AppError {
    AppError::TooLarge(format!(
        "{file_name}: attachments may be at most {}",
        crate::library::human_bytes(MAX_BYTES as u64)
    ))
}

/// Keeps `bytes` as a blob and returns its hash.
async fn keep(db: &Db, storage: &Storage, bytes: Vec<u8>) -> AppResult<String> {
    let received = storage.put_bytes(Bytes::from(bytes)).await?;
    storage::record(db, &received).await?;
    let hash = received.hash.clone();
    storage.keep(received).await?;
    Ok(hash)
}

/// A processed picture's three variants, kept: what its `media` row
/// records of them.
struct KeptPicture {
    media_type: &'static str,
    size: i64,
    full: (String, u32, u32),
    phone: (String, u32, u32),
    thumb: (String, u32, u32),
}

/// The columns [`KeptPicture::bind`] fills, in its order.
const PICTURE_COLUMNS: &str = "media_type, size, blob_hash, width, height, \
     phone_hash, phone_width, phone_height, thumb_hash, thumb_width, thumb_height";

impl KeptPicture {
    /// Keeps the three variants in storage.
    async fn of(db: &Db, storage: &Storage, processed: images::Processed) -> AppResult<Self> {
        let images::Processed { full, phone, thumb } = processed;
        let kept = |variant: images::Variant| async move {
            let (width, height) = (variant.width, variant.height);
            AppResult::Ok((keep(db, storage, variant.bytes).await?, width, height))
        };
        Ok(KeptPicture {
            media_type: full.media_type,
            size: full.bytes.len() as i64,
            full: kept(full).await?,
            phone: kept(phone).await?,
            thumb: kept(thumb).await?,
        })
    }

    /// Binds [`PICTURE_COLUMNS`]' eleven values, in order.
    fn bind<'q>(&self, mut query: db::Query<'q>) -> db::Query<'q> {
        query = query.bind(self.media_type).bind(self.size);
        for (hash, width, height) in [&self.full, &self.phone, &self.thumb] {
            query = query
                .bind(hash.clone())
                .bind(i64::from(*width))
                .bind(i64::from(*height));
        }
        query
    }
}

/// Processes and stores an upload of `owner`, attached to nothing yet.
pub async fn store(
    db: &Db,
    storage: &Storage,
    owner: &Account,
    incoming: Incoming,
) -> AppResult<Attachment> {
    store_sized(db, storage, owner, incoming, images::ATTACHMENT).await
}

async fn store_sized(
    db: &Db,
    storage: &Storage,
    owner: &Account,
    incoming: Incoming,
    sides: images::Sides,
) -> AppResult<Attachment> {
    let file_name = crate::library::safe_filename(&incoming.file_name);
    if incoming.bytes.len() > MAX_BYTES {
        return Err(too_large(&file_name));
    }
    if incoming.bytes.is_empty() {
        return Err(AppError::invalid(format!("{file_name}: the file is empty")));
    }
    let description = incoming.description.trim().to_owned();
    bounded("description", &description, MAX_DESCRIPTION_CHARS)?;
    let sniffed = storage::sniff(&incoming.bytes[..incoming.bytes.len().min(8192)]);
    let id = db::new_id();
    let row = if images::is_picture(sniffed) {
        let processed = process(incoming.bytes, &file_name, sides).await?;
        let picture = KeptPicture::of(db, storage, processed).await?;
        let insert = format!(
            "INSERT INTO media (id, owner_id, file_name, description, created_at, {PICTURE_COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(insert))
            .bind(id)
            .bind(owner.id)
            .bind(&file_name)
            .bind(&description)
            .bind(db::now());
        picture.bind(query).execute(db.writer()).await?;
        find(db, id).await?
    } else {
        let size = incoming.bytes.len() as i64;
        let hash = keep(db, storage, incoming.bytes.to_vec()).await?;
        sqlx::query(
            "INSERT INTO media (id, owner_id, file_name, media_type, size, description, \
                                blob_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(owner.id)
        .bind(&file_name)
        .bind(sniffed)
        .bind(size)
        .bind(&description)
        .bind(hash)
        .bind(db::now())
        .execute(db.writer())
        .await?;
        find(db, id).await?
    };
    Ok(row.view())
}

/// Runs [`images::process`] on a blocking thread, at most
/// [`PROCESSING`]'s permits at once.
async fn process(
    bytes: Bytes,
    file_name: &str,
    sides: images::Sides,
) -> AppResult<images::Processed> {
    let _permit = PROCESSING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    tokio::task::spawn_blocking(move || images::process(&bytes, sides))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::invalid(format!("{file_name}: {e}")))
}

async fn find(db: &Db, id: i64) -> AppResult<Row> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(db.writer())
    .await?
    .ok_or(AppError::NotFound("media"))
}

/// What attachments belong to.
#[derive(Clone, Copy)]
pub enum Owner {
    Post(i64),
    Comment(i64),
}

impl Owner {
    fn column(self) -> (&'static str, i64) {
        match self {
            Owner::Post(id) => ("post_id", id),
            Owner::Comment(id) => ("comment_id", id),
        }
    }
}

/// Attaches `ids`, uploads of `owner_id` not used yet, in this order, in
/// the transaction that writes the post or comment.
pub async fn attach(tx: &mut Tx, to: Owner, owner_id: i64, ids: &[i64]) -> AppResult<()> {
    if ids.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid(format!(
            "media: at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    let (column, target) = to.column();
    // An upload waiting in one of the author's drafts may be attached too.
    let sql = format!(
        "UPDATE media SET {column} = $1, position = $2, draft_id = NULL \
         WHERE id = $3 AND owner_id = $4 \
         AND post_id IS NULL AND comment_id IS NULL AND avatar_of IS NULL AND remote_url IS NULL"
    );
    for (position, id) in ids.iter().enumerate() {
        let done = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(target)
            .bind(position as i64)
            .bind(id)
            .bind(owner_id)
            .execute(&mut **tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(AppError::invalid(format!(
                "media: {id} is not an upload of yours waiting to be attached"
            )));
        }
    }
    Ok(())
}

/// Removes the attachments of a post (and of its comments) or of a
/// comment, when it is deleted; the collector then frees their bytes.
pub async fn detach_all(tx: &mut Tx, of: Owner) -> AppResult<()> {
    match of {
        Owner::Post(id) => {
            sqlx::query(
                "DELETE FROM media WHERE post_id = $1 \
                 OR comment_id IN (SELECT id FROM comments WHERE post_id = $1)",
            )
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        Owner::Comment(id) => {
            sqlx::query("DELETE FROM media WHERE comment_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(())
}

/// The attachments of each of `ids` (posts or comments), in order. The
/// callers have checked that the viewer may see them.
pub async fn of_each(
    db: &Db,
    kind: Owner,
    ids: &[i64],
) -> AppResult<HashMap<i64, Vec<Attachment>>> {
    let mut found: HashMap<i64, Vec<Attachment>> = HashMap::new();
    let (column, _) = kind.column();
    for chunk in ids.chunks(100) {
        let slots = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {COLUMNS} FROM media WHERE {column} IN ({slots}) ORDER BY {column}, position"
        );
        let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            query = query.bind(id);
        }
        for row in query.fetch_all(&db.read).await? {
            let key = match kind {
                Owner::Post(_) => row.post_id,
                Owner::Comment(_) => row.comment_id,
            };
            if let Some(key) = key {
                found.entry(key).or_default().push(row.view());
            }
        }
    }
    Ok(found)
}

/// An attachment the viewer may open, with its bytes' hash for `variant`
/// (`None`: the full picture or the file), and whether anyone may (so
/// caches may keep it). Anything else is "no such media", the same words
/// for a private post's picture as for a number nobody uses.
pub async fn find_visible(
    db: &Db,
    id: i64,
    variant: Option<Variant>,
    viewer: Option<&Account>,
) -> AppResult<Served> {
    let not_found = || AppError::NotFound("media");
    let row: Row = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&db.read)
    .await?
    .ok_or_else(not_found)?;
    let public = if let Some(post_id) = row.post_id {
        let (_, access) = posts::find_visible(db, post_id, viewer)
            .await
            .map_err(|_| not_found())?;
        access.space.visibility == Visibility::Public
    } else if let Some(comment_id) = row.comment_id {
        let (_, access) = comments::find_visible_comment(db, comment_id, viewer)
            .await
            .map_err(|_| not_found())?;
        access.space.visibility == Visibility::Public
    } else if let Some(account_id) = row.avatar_of {
        let (visibility,): (ProfileVisibility,) =
            sqlx::query_as("SELECT profile_visibility FROM accounts WHERE id = $1")
                .bind(account_id)
                .fetch_optional(&db.read)
                .await?
                .ok_or_else(not_found)?;
        if !crate::accounts::profile_visible(account_id, visibility, viewer) {
            return Err(not_found());
        }
        visibility == ProfileVisibility::Everyone
    } else if viewer.is_some_and(|v| v.id == row.owner_id) {
        false
    } else {
        return Err(not_found());
    };
    let hash = match variant {
        None => row.blob_hash.clone(),
        Some(Variant::Phone) => row.phone_hash.clone(),
        Some(Variant::Thumb) => row.thumb_hash.clone(),
    }
    .ok_or_else(not_found)?;
    // A picture's variants share the full picture's encoding.
    Ok(Served {
        hash,
        media_type: row.media_type,
        file_name: row.file_name,
        public,
    })
}

/// A picture's smaller variants.
#[derive(Clone, Copy, Debug)]
pub enum Variant {
    Phone,
    Thumb,
}

/// What serving an attachment needs.
pub struct Served {
    pub hash: String,
    pub media_type: String,
    pub file_name: String,
    /// In a public space or on a public profile: caches may keep it.
    pub public: bool,
}

/// Where one of a member's own pictures is shown with the form that
/// describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShownOn {
    Post {
        post: i64,
        comment: Option<i64>,
    },
    Draft(i64),
    /// A profile picture, or an upload attached to nothing yet.
    Settings,
}

impl ShownOn {
    /// The page's address.
    pub fn url(self) -> String {
        match self {
            ShownOn::Post {
                post,
                comment: Some(comment),
            } => format!("/post/{post}#comment-{comment}"),
            ShownOn::Post {
                post,
                comment: None,
            } => format!("/post/{post}"),
            ShownOn::Draft(draft) => format!("/drafts/{draft}"),
            ShownOn::Settings => "/settings".into(),
        }
    }
}

/// Where `who`'s own picture `id` is shown; not found for anyone else's
/// picture, and for pictures from other servers.
pub async fn shown_on(db: &Db, id: i64, who: &Account) -> AppResult<ShownOn> {
    let row: Option<(Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT COALESCE(m.post_id, c.post_id), m.comment_id, m.draft_id FROM media m \
             LEFT JOIN comments c ON c.id = m.comment_id \
             WHERE m.id = $1 AND m.owner_id = $2 AND m.remote_url IS NULL",
    )
    .bind(id)
    .bind(who.id)
    .fetch_optional(db.writer())
    .await?;
    Ok(match row.ok_or(AppError::NotFound("media"))? {
        (Some(post), comment, _) => ShownOn::Post { post, comment },
        (None, _, Some(draft)) => ShownOn::Draft(draft),
        _ => ShownOn::Settings,
    })
}

/// Sets the description of a picture (its author only).
pub async fn describe(db: &Db, id: i64, who: &Account, description: &str) -> AppResult<()> {
    let description = description.trim();
    bounded("description", description, MAX_DESCRIPTION_CHARS)?;
    let done = sqlx::query(
        "UPDATE media SET description = $1 WHERE id = $2 AND owner_id = $3 AND remote_url IS NULL",
    )
    .bind(description)
    .bind(id)
    .bind(who.id)
    .execute(db.writer())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound("media"));
    }
    Ok(())
}

/// The attachments of one post or comment, in order (federation, in the
/// transaction that reads the rest of it).
pub async fn of_one<'e, E>(executor: E, of: Owner) -> AppResult<Vec<Attachment>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let (column, id) = of.column();
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM media WHERE {column} = $1 ORDER BY position"
    )))
    .bind(id)
    .fetch_all(executor)
    .await?;
    Ok(rows.into_iter().map(Row::view).collect())
}

/// What an attachment belongs to, as far as leaving this server goes.
pub enum Belongs {
    Post(i64),
    Comment(i64),
    /// A profile picture; `public` when the profile is shown to everyone.
    Profile {
        public: bool,
    },
}

/// What attachment `id` belongs to; `None` for an upload attached to
/// nothing, or no attachment at all (the outbox's check of what may leave).
pub async fn belongs_to<'e, E>(executor: E, id: i64) -> AppResult<Option<Belongs>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    type Owners = (Option<i64>, Option<i64>, Option<i64>, Option<String>);
    let row: Option<Owners> = sqlx::query_as(
        "SELECT m.post_id, m.comment_id, m.avatar_of, a.profile_visibility FROM media m \
         LEFT JOIN accounts a ON a.id = m.avatar_of WHERE m.id = $1",
    )
    .bind(id)
    .fetch_optional(executor)
    .await?;
    Ok(row.and_then(
        |(post, comment, avatar, visibility)| match (post, comment, avatar) {
            (Some(post), _, _) => Some(Belongs::Post(post)),
            (_, Some(comment), _) => Some(Belongs::Comment(comment)),
            (_, _, Some(_)) => Some(Belongs::Profile {
                public: visibility.as_deref() == Some("everyone"),
            }),
            _ => None,
        },
    ))
}
