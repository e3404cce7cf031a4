//! "Everything of mine" as one zip archive: a JSON file per kind of thing
//! (profile, memberships, posts, comments, reactions, events organised,
//! registrations, library files and notes with their bytes, library
//! comments, notifications) and an `index.html` that lists it all for a
//! person to read, linking to the files beside it.
//!
//! Only the member's own content goes in, private spaces' included (they
//! wrote it). Other people's words appear only as the title of what the
//! member answered or reacted to, and only when the member can still see
//! that space (public, or they are still a member).
//!
//! Memory stays bounded: the archive is written to a temporary file under
//! the data folder (`exports/`) by a blocking task, which receives file bytes in the
//! blocks the library storage reads them in, through a short channel. The
//! file is unlinked as soon as it is open, so it disappears once served
//! (or if the server stops).

mod index;

use std::io::{Seek, Write};
use std::path::Path;

use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use index::{Section, index_html};

use super::Account;
use crate::db::{Db, format_time};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::library::storage::Storage;

/// A finished archive, ready to stream.
pub struct Archive {
    pub file: tokio::fs::File,
    pub len: u64,
    /// e.g. `agora-amina-20261129.zip`.
    pub file_name: String,
}

/// The SQL condition "the member (`$1`) can see space `s`".
macro_rules! visible {
    () => {
        "(s.visibility = 'public' OR EXISTS (SELECT 1 FROM memberships vm \
          WHERE vm.space_id = s.id AND vm.account_id = $1))"
    };
}

enum Piece {
    Start(String),
    Bytes(Bytes),
}

/// Archives built at once by this process: each holds a temporary file and
/// reads the library, so a burst of requests waits its turn.
static BUILDING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

pub async fn build(
    db: &Db,
    storage: &Storage,
    data_dir: &Path,
    me: &Account,
    lang: Lang,
) -> AppResult<Archive> {
    let _turn = BUILDING
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let dir = data_dir.join("exports");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    remove_leftovers(&dir).await;
    let random: String = crate::random_bytes::<12>()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = dir.join(format!("export-{random}.zip"));
    let (sender, receiver) = mpsc::channel::<Piece>(4);
    let writer = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || write_zip(&path, receiver))
    };
    let written = fill(db, storage, me, lang, &sender).await;
    drop(sender);
    let finished = writer.await.map_err(|e| AppError::Internal(e.into()))?;
    // Unlinked at once: the open file lives until it is served.
    let _ = std::fs::remove_file(&path);
    written?;
    let file = finished.map_err(AppError::Internal)?;
    let len = file
        .metadata()
        .map_err(|e| AppError::Internal(e.into()))?
        .len();
    let day = format_time(crate::db::now());
    Ok(Archive {
        file: tokio::fs::File::from_std(file),
        len,
        file_name: format!(
            "agora-{}-{}.zip",
            me.username,
            day.get(..10).unwrap_or("").replace('-', "")
        ),
    })
}

/// Archives a crash left behind (a finished one is unlinked at once).
async fn remove_leftovers(dir: &Path) {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return;
    };
    let hour = std::time::Duration::from_secs(3600);
    while let Ok(Some(entry)) = entries.next_entry().await {
        let old = entry
            .metadata()
            .await
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > hour);
        if old {
            let _ = tokio::fs::remove_file(entry.path()).await;
        }
    }
}

fn write_zip(path: &Path, mut receiver: mpsc::Receiver<Piece>) -> anyhow::Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create_new(true)
        .read(true)
        .write(true)
        .open(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    while let Some(piece) = receiver.blocking_recv() {
        match piece {
            Piece::Start(name) => zip.start_file(name, options)?,
            Piece::Bytes(bytes) => zip.write_all(&bytes)?,
        }
    }
    let mut file = zip.finish()?;
    file.rewind()?;
    Ok(file)
}

async fn put(sender: &mpsc::Sender<Piece>, name: &str, bytes: Vec<u8>) -> AppResult<()> {
    send(sender, Piece::Start(name.to_owned())).await?;
    send(sender, Piece::Bytes(Bytes::from(bytes))).await
}

async fn send(sender: &mpsc::Sender<Piece>, piece: Piece) -> AppResult<()> {
    sender
        .send(piece)
        .await
        .map_err(|_| AppError::Internal(anyhow::anyhow!("the export writer stopped")))
}

async fn put_json(sender: &mpsc::Sender<Piece>, name: &str, value: &Value) -> AppResult<()> {
    let bytes = serde_json::to_vec_pretty(value).map_err(|e| AppError::Internal(e.into()))?;
    put(sender, name, bytes).await
}

/// Writes one part's JSON file and lists it in the index.
async fn add(
    sender: &mpsc::Sender<Piece>,
    sections: &mut Vec<Section>,
    title: &'static str,
    json: &'static str,
    list: Vec<Value>,
    lines: Vec<(String, Option<String>)>,
) -> AppResult<()> {
    put_json(sender, json, &Value::Array(list)).await?;
    sections.push(Section { title, json, lines });
    Ok(())
}

fn time(t: Option<i64>) -> Value {
    t.map_or(Value::Null, |t| json!(format_time(t)))
}

async fn fill(
    db: &Db,
    storage: &Storage,
    me: &Account,
    lang: Lang,
    out: &mpsc::Sender<Piece>,
) -> AppResult<()> {
    let read = &db.read;
    let mut sections = Vec::new();

    let profile = json!({
        "username": me.username,
        "email": me.email,
        "display_name": me.display_name,
        "organisation": me.organisation,
        "country": me.country,
        "languages": super::split_languages(&me.languages),
        "bio": me.bio,
        "role": me.role,
        "ui_language": me.ui_language,
        "profile_visibility": me.profile_visibility,
        "created_at": format_time(me.created_at),
    });
    put_json(out, "profile.json", &profile).await?;

    let rows: Vec<(String, String, String, Option<String>, String, i64)> = sqlx::query_as(
        "SELECT s.slug, s.title, s.visibility, s.domain, m.role, m.joined_at \
         FROM memberships m JOIN spaces s ON s.id = m.space_id WHERE m.account_id = $1 ORDER BY s.slug",
    )
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(slug, title, visibility, domain, role, joined)| {
            lines.push((format!("{title} ({slug}) — {role}"), None));
            json!({"space": slug, "domain": domain, "title": title, "visibility": visibility,
                   "role": role, "joined_at": format_time(joined)})
        })
        .collect();
    add(
        out,
        &mut sections,
        "data-export-memberships",
        "memberships.json",
        list,
        lines,
    )
    .await?;

    type PostRow = (
        i64,
        String,
        String,
        String,
        i64,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<PostRow> = sqlx::query_as(concat!(
        "SELECT p.id, p.title, p.body_source, p.language, p.created_at, p.edited_at, \
                CASE WHEN ",
        visible!(),
        " THEN s.slug END FROM posts p JOIN spaces s ON s.id = p.space_id \
         WHERE p.author_id = $1 AND p.deleted_at IS NULL ORDER BY p.created_at, p.id"
    ))
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(id, title, body, language, created, edited, space)| {
            lines.push((format!("{title} — {}", format_time(created)), None));
            json!({"id": id, "space": space, "title": title, "body": body, "language": language,
                   "created_at": format_time(created), "edited_at": time(edited)})
        })
        .collect();
    add(
        out,
        &mut sections,
        "data-export-posts",
        "posts.json",
        list,
        lines,
    )
    .await?;

    type CommentRow = (
        i64,
        i64,
        Option<i64>,
        String,
        i64,
        Option<i64>,
        Option<String>,
    );
    let rows: Vec<CommentRow> = sqlx::query_as(concat!(
        "SELECT c.id, c.post_id, c.parent_id, c.body_source, c.created_at, c.edited_at, \
                CASE WHEN ",
        visible!(),
        " THEN p.title END FROM comments c JOIN posts p ON p.id = c.post_id \
         JOIN spaces s ON s.id = p.space_id \
         WHERE c.author_id = $1 AND c.deleted_at IS NULL ORDER BY c.created_at, c.id"
    ))
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(id, post_id, parent_id, body, created, edited, post_title)| {
            let on = post_title.clone().unwrap_or_else(|| format!("#{post_id}"));
            lines.push((format!("{on} — {}", format_time(created)), None));
            json!({"id": id, "post_id": post_id, "post_title": post_title, "parent_id": parent_id,
                   "body": body, "created_at": format_time(created), "edited_at": time(edited)})
        })
        .collect();
    add(
        out,
        &mut sections,
        "data-export-comments",
        "comments.json",
        list,
        lines,
    )
    .await?;

    type ReactionRow = (String, Option<i64>, Option<i64>, i64, Option<String>);
    let rows: Vec<ReactionRow> = sqlx::query_as(concat!(
        "SELECT r.emoji, r.post_id, r.comment_id, r.created_at, CASE WHEN ",
        visible!(),
        " THEN p.title END FROM reactions r \
         LEFT JOIN comments c ON c.id = r.comment_id \
         JOIN posts p ON p.id = COALESCE(r.post_id, c.post_id) \
         JOIN spaces s ON s.id = p.space_id WHERE r.account_id = $1 ORDER BY r.id"
    ))
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(emoji, post_id, comment_id, created, post_title)| {
            lines.push((
                format!("{emoji} {}", post_title.clone().unwrap_or_default()),
                None,
            ));
            json!({"emoji": emoji, "post_id": post_id, "comment_id": comment_id,
                   "post_title": post_title, "created_at": format_time(created)})
        })
        .collect();
    add(
        out,
        &mut sections,
        "data-export-reactions",
        "reactions.json",
        list,
        lines,
    )
    .await?;

    type EventRow = (
        i64,
        String,
        String,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let rows: Vec<EventRow> = sqlx::query_as(concat!(
        "SELECT e.id, e.title, e.description_source, e.starts_at, e.ends_at, e.timezone, \
                e.online_url, e.place_name, e.place_address, e.status, CASE WHEN ",
        visible!(),
        " THEN s.slug END FROM events e JOIN spaces s ON s.id = e.space_id \
         WHERE e.organiser_id = $1 AND e.ap_id IS NULL ORDER BY e.starts_at"
    ))
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(
            |(
                id,
                title,
                description,
                starts,
                ends,
                zone,
                online,
                place,
                address,
                status,
                space,
            )| {
                lines.push((format!("{title} — {}", format_time(starts)), None));
                json!({"id": id, "space": space, "title": title, "description": description,
                       "starts_at": format_time(starts), "ends_at": format_time(ends),
                       "timezone": zone, "online_url": online, "place_name": place,
                       "place_address": address, "status": status})
            },
        )
        .collect();
    add(
        out,
        &mut sections,
        "data-export-events",
        "events.json",
        list,
        lines,
    )
    .await?;

    type RegistrationRow = (i64, String, i64, Option<String>, Option<i64>);
    let rows: Vec<RegistrationRow> = sqlx::query_as(concat!(
        "SELECT ep.event_id, ep.state, ep.created_at, CASE WHEN ",
        visible!(),
        " THEN e.title END, CASE WHEN ",
        visible!(),
        " THEN e.starts_at END FROM event_participants ep JOIN events e ON e.id = ep.event_id \
         JOIN spaces s ON s.id = e.space_id WHERE ep.account_id = $1 ORDER BY ep.created_at"
    ))
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let mut lines = Vec::new();
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(event_id, state, created, title, starts)| {
            let name = title.clone().unwrap_or_else(|| format!("#{event_id}"));
            lines.push((format!("{name} — {state}"), None));
            json!({"event_id": event_id, "event_title": title, "starts_at": time(starts),
                   "state": state, "registered_at": format_time(created)})
        })
        .collect();
    add(
        out,
        &mut sections,
        "data-export-registrations",
        "registrations.json",
        list,
        lines,
    )
    .await?;

    let library = library_files(db, storage, me, out).await?;
    sections.push(library);

    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT item_id, body_source, created_at, edited_at FROM library_comments \
         WHERE author_id = $1 AND deleted_at IS NULL ORDER BY created_at, id",
    )
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(item_id, body, created, edited)| {
            json!({"item_id": item_id, "body": body, "created_at": format_time(created),
                   "edited_at": time(edited)})
        })
        .collect();
    let lines = vec![(list.len().to_string(), None)];
    add(
        out,
        &mut sections,
        "data-export-library-comments",
        "library_comments.json",
        list,
        lines,
    )
    .await?;

    type NotificationRow = (i64, String, String, String, i64, Option<i64>);
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, params, message, created_at, read_at FROM notifications \
         WHERE account_id = $1 ORDER BY id",
    )
    .bind(me.id)
    .fetch_all(read)
    .await?;
    let list: Vec<Value> = rows
        .into_iter()
        .map(|(id, kind, params, message, created, read)| {
            let params: Value = serde_json::from_str(&params).unwrap_or(Value::Null);
            json!({"id": id, "kind": kind, "params": params, "message": message,
                   "created_at": format_time(created), "read_at": time(read)})
        })
        .collect();
    let lines = vec![(list.len().to_string(), None)];
    add(
        out,
        &mut sections,
        "data-export-notifications",
        "notifications.json",
        list,
        lines,
    )
    .await?;

    put(
        out,
        "index.html",
        index_html(me, lang, &sections).into_bytes(),
    )
    .await
}

/// The files and notes the member created (still there), each with its
/// current revision: a note's text as `library/{id}.md`, a file's bytes
/// under `library/{id}/{its name}`.
async fn library_files(
    db: &Db,
    storage: &Storage,
    me: &Account,
    out: &mpsc::Sender<Piece>,
) -> AppResult<Section> {
    type ItemRow = (
        i64,
        String,
        String,
        String,
        String,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT i.id, i.kind, i.title, i.description, i.status, i.created_at, \
                r.blob_hash, r.filename, r.body, r.size \
         FROM library_items i LEFT JOIN library_revisions r ON r.item_id = i.id \
              AND r.number = (SELECT MAX(number) FROM library_revisions WHERE item_id = i.id) \
         WHERE i.created_by = $1 AND i.kind <> 'folder' AND i.deleted_at IS NULL \
           AND i.ap_id IS NULL ORDER BY i.created_at, i.id",
    )
    .bind(me.id)
    .fetch_all(&db.read)
    .await?;
    let mut lines = Vec::new();
    let mut list = Vec::new();
    for (id, kind, title, description, status, created, hash, filename, body, size) in rows {
        let path = match (&hash, &body) {
            (Some(hash), _) => {
                let name = safe_file_name(filename.as_deref().unwrap_or("file"));
                let path = format!("library/{id}/{name}");
                send(out, Piece::Start(path.clone())).await?;
                let mut stream = storage.read(hash, None).await?;
                while let Some(block) = stream.next().await {
                    let block = block.map_err(|e| AppError::Internal(e.into()))?;
                    send(out, Piece::Bytes(block)).await?;
                }
                Some(path)
            }
            (None, Some(body)) => {
                let path = format!("library/{id}.md");
                put(out, &path, body.clone().into_bytes()).await?;
                Some(path)
            }
            (None, None) => None,
        };
        lines.push((title.clone(), path.clone()));
        list.push(
            json!({"id": id, "kind": kind, "title": title, "description": description,
                         "status": status, "created_at": format_time(created),
                         "file_name": filename, "size": size, "path": path}),
        );
    }
    put_json(out, "library.json", &json!(list)).await?;
    Ok(Section {
        title: "data-export-library",
        json: "library.json",
        lines,
    })
}

/// A file name that stays one plain path segment inside the archive.
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "file".to_owned()
    } else {
        trimmed.chars().take(200).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn archive_paths_stay_inside() {
        assert_eq!(safe_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(safe_file_name("..."), "file");
    }
}
