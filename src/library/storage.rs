//! Where library files live: an [`ObjectStore`], a folder under the data
//! dir by default or an S3-compatible bucket.
//!
//! Files are content-addressed: an upload is streamed to `tmp/<random>`
//! while its SHA-256 is computed, then renamed to `blobs/<aa>/<hash>`, so
//! identical bytes are stored once. Nothing is ever held whole in memory: a
//! 200 MB upload passes through in parts of a few megabytes. An upload that
//! stops half-way (the client goes away, a limit is crossed, the server
//! stops) leaves no object behind: the partial object is removed at once,
//! and [`Storage::collect_garbage`] sweeps anything a crash left in `tmp/`.

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt, TryStreamExt, stream::BoxStream};
use object_store::path::Path;
use object_store::{
    GetOptions, GetRange, GetResultPayload, ObjectStore, ObjectStoreExt, WriteMultipart,
};
use sha2::{Digest, Sha256};

use crate::config::{Config, StorageBackend};
use crate::db::{self, Db};
use crate::error::{AppError, AppResult};

/// Size of the parts an upload is written in (at most two in flight): small
/// on a local disk, S3's minimum part size for a bucket.
const LOCAL_PART_BYTES: usize = 2 * 1024 * 1024;
const S3_PART_BYTES: usize = 5 * 1024 * 1024;
/// An upload that sends nothing for this long is abandoned.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// The first bytes of a file, enough to recognise its type.
const SNIFF_BYTES: usize = 8192;
/// Block size when reading a local file for a download.
const READ_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    part_bytes: usize,
    pub max_file_bytes: u64,
    pub space_quota_bytes: u64,
}

/// An upload that arrived whole: its bytes wait under `tmp/` until
/// [`Storage::keep`] moves them to their blob. Dropped without being kept,
/// the bytes are removed.
pub struct Received {
    pub hash: String,
    pub size: u64,
    pub media_type: String,
    temp: TempObject,
}

struct TempObject {
    store: Arc<dyn ObjectStore>,
    path: Option<Path>,
}

impl Drop for TempObject {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let store = self.store.clone();
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    if let Err(e) = store.delete(&path).await {
                        tracing::warn!(%path, error = %e, "cannot remove an abandoned upload");
                    }
                });
            }
        }
    }
}

fn blob_path(hash: &str) -> Path {
    Path::from(format!("blobs/{}/{hash}", &hash[..2.min(hash.len())]))
}

fn storage_error(e: object_store::Error) -> AppError {
    AppError::Internal(anyhow::Error::new(e).context("file storage"))
}

impl Storage {
    pub fn new(config: &Config) -> anyhow::Result<Self> {
        let part_bytes = match &config.storage {
            StorageBackend::Local => LOCAL_PART_BYTES,
            StorageBackend::S3(_) => S3_PART_BYTES,
        };
        let store: Arc<dyn ObjectStore> = match &config.storage {
            StorageBackend::Local => {
                let dir = config.data_dir.join("files");
                std::fs::create_dir_all(&dir).map_err(|e| {
                    anyhow::anyhow!("cannot create the files folder {}: {e}", dir.display())
                })?;
                Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&dir)?)
            }
            StorageBackend::S3(s3) => {
                let mut builder = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_allow_http(s3.allow_http);
                if !s3.endpoint.is_empty() {
                    builder = builder
                        .with_endpoint(&s3.endpoint)
                        .with_virtual_hosted_style_request(false);
                }
                if !s3.access_key_id.is_empty() {
                    builder = builder
                        .with_access_key_id(&s3.access_key_id)
                        .with_secret_access_key(&s3.secret_access_key);
                }
                Arc::new(builder.build()?)
            }
        };
        Ok(Storage {
            store,
            part_bytes,
            max_file_bytes: config.max_file_bytes,
            space_quota_bytes: config.space_quota_bytes,
        })
    }

    /// Streams `body` into a temporary object, hashing and sniffing it on
    /// the way. More than `limit` bytes is `too_large`; nothing is kept.
    pub async fn receive<S, E>(
        &self,
        body: S,
        limit: u64,
        too_large: impl Fn() -> AppError,
    ) -> AppResult<Received>
    where
        S: Stream<Item = Result<Bytes, E>> + Send,
        E: std::fmt::Display,
    {
        let name = crate::random_bytes::<16>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        let temp_path = Path::from(format!("tmp/{name}"));
        let upload = self
            .store
            .put_multipart(&temp_path)
            .await
            .map_err(storage_error)?;
        // Dropped on any early return: the partial object goes with it.
        let mut writer = WriteMultipart::new_with_chunk_size(upload, self.part_bytes);
        let mut hasher = Sha256::new();
        let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
        let mut size: u64 = 0;
        let mut body = std::pin::pin!(body);
        let streamed: AppResult<()> = async {
            loop {
                let next = tokio::time::timeout(IDLE_TIMEOUT, body.next())
                    .await
                    .map_err(|_| {
                        AppError::BadRequest(
                            "the upload stalled: nothing arrived for 60 seconds".into(),
                        )
                    })?;
                let chunk = match next {
                    None => break,
                    Some(Ok(chunk)) => chunk,
                    Some(Err(e)) => {
                        tracing::info!(error = %e, "upload interrupted");
                        return Err(AppError::BadRequest(format!(
                            "the upload was interrupted: {e}"
                        )));
                    }
                };
                size += chunk.len() as u64;
                if size > limit {
                    return Err(too_large());
                }
                if head.len() < SNIFF_BYTES {
                    let take = (SNIFF_BYTES - head.len()).min(chunk.len());
                    head.extend_from_slice(&chunk[..take]);
                }
                hasher.update(&chunk);
                writer.wait_for_capacity(2).await.map_err(storage_error)?;
                writer.put(chunk);
            }
            Ok(())
        }
        .await;
        if let Err(e) = streamed {
            // A bucket would otherwise keep the parts of an unfinished upload.
            if let Err(abort) = writer.abort().await {
                tracing::warn!(error = %abort, "cannot abort a partial upload");
            }
            return Err(e);
        }
        writer.finish().await.map_err(storage_error)?;
        let hash: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Ok(Received {
            hash,
            size,
            media_type: sniff(&head).to_owned(),
            temp: TempObject {
                store: self.store.clone(),
                path: Some(temp_path),
            },
        })
    }

    /// Moves a received upload to its blob. Identical bytes may already be
    /// there; the rename then replaces them with themselves.
    pub async fn keep(&self, mut received: Received) -> AppResult<()> {
        let Some(temp) = received.temp.path.take() else {
            return Ok(());
        };
        let target = blob_path(&received.hash);
        if let Err(e) = self.store.rename(&temp, &target).await {
            received.temp.path = Some(temp); // removed on drop
            return Err(storage_error(e));
        }
        Ok(())
    }

    /// Stores small contents (a note's export, a test fixture) the same way.
    pub async fn put_bytes(&self, bytes: Bytes) -> AppResult<Received> {
        let size = bytes.len() as u64;
        self.receive(
            futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) }),
            size,
            || AppError::PayloadTooLarge,
        )
        .await
    }

    /// The bytes of a blob, or of `range` of them, as a stream.
    pub async fn read(
        &self,
        hash: &str,
        range: Option<Range<u64>>,
    ) -> AppResult<BoxStream<'static, std::io::Result<Bytes>>> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..Default::default()
        };
        let result = self
            .store
            .get_opts(&blob_path(hash), options)
            .await
            .map_err(storage_error)?;
        let range = result.range.clone();
        match result.payload {
            // A local file: read in large blocks. object_store's own stream
            // reads 8 KiB at a time, a third of the speed.
            GetResultPayload::File(file, _) => Ok(read_file(file, range).boxed()),
            GetResultPayload::Stream(stream) => Ok(stream.map_err(std::io::Error::other).boxed()),
        }
    }

    /// Whether a blob's bytes are stored (tests and the collector).
    pub async fn has_blob(&self, hash: &str) -> AppResult<bool> {
        match self.store.head(&blob_path(hash)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(storage_error(e)),
        }
    }

    /// How many objects wait under `tmp/` (tests: an interrupted upload
    /// must leave none).
    pub async fn pending_uploads(&self) -> AppResult<usize> {
        let prefix = Path::from("tmp");
        let listed: Vec<_> = self
            .store
            .list(Some(&prefix))
            .try_collect()
            .await
            .map_err(storage_error)?;
        Ok(listed.len())
    }

    /// Removes blobs no revision and no attachment uses (an hour after their last use, so an
    /// upload about to reuse one is never robbed) and uploads a crash left
    /// behind in `tmp/` (older than a day). Returns how many objects went.
    pub async fn collect_garbage(&self, db: &Db) -> AppResult<usize> {
        let hour = 3600 * 1_000_000;
        let unused: Vec<(String,)> = sqlx::query_as(
            "SELECT hash FROM blobs b WHERE last_used_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM library_revisions r WHERE r.blob_hash = b.hash) \
             AND NOT EXISTS (SELECT 1 FROM media m WHERE m.blob_hash = b.hash \
                             OR m.phone_hash = b.hash OR m.thumb_hash = b.hash)",
        )
        .bind(db::now() - hour)
        .fetch_all(&db.read)
        .await?;
        let mut removed = 0;
        for (hash,) in unused {
            // Deleted first in the database: a revision made meanwhile
            // would fail on its foreign key instead of pointing nowhere.
            let gone = sqlx::query(
                "DELETE FROM blobs WHERE hash = $1 AND last_used_at < $2 \
                 AND NOT EXISTS (SELECT 1 FROM library_revisions r WHERE r.blob_hash = $1) \
                 AND NOT EXISTS (SELECT 1 FROM media m WHERE m.blob_hash = $1 \
                                 OR m.phone_hash = $1 OR m.thumb_hash = $1)",
            )
            .bind(&hash)
            .bind(db::now() - hour)
            .execute(db.writer())
            .await?;
            if gone.rows_affected() == 1 {
                match self.store.delete(&blob_path(&hash)).await {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => removed += 1,
                    Err(e) => return Err(storage_error(e)),
                }
            }
        }
        let day_ago = chrono::Utc::now() - chrono::Duration::days(1);
        let prefix = Path::from("tmp");
        let stale: Vec<_> = self
            .store
            .list(Some(&prefix))
            .try_filter(|meta| std::future::ready(meta.last_modified < day_ago))
            .try_collect()
            .await
            .map_err(storage_error)?;
        for meta in stale {
            self.store
                .delete(&meta.location)
                .await
                .map_err(storage_error)?;
            removed += 1;
        }
        Ok(removed)
    }
}

/// `range` of a local file, in blocks of [`READ_BYTES`].
fn read_file(
    file: std::fs::File,
    range: Range<u64>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let state = (tokio::fs::File::from_std(file), range.start, range.end);
    futures_util::stream::try_unfold(state, |(mut file, position, end)| async move {
        if position >= end {
            return Ok(None);
        }
        if position == 0 || file.stream_position().await? != position {
            file.seek(std::io::SeekFrom::Start(position)).await?;
        }
        let want = (end - position).min(READ_BYTES as u64) as usize;
        let mut buffer = bytes::BytesMut::zeroed(want);
        let mut filled = 0;
        while filled < want {
            let n = file.read(&mut buffer[filled..]).await?;
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "a stored file is shorter than recorded",
                ));
            }
            filled += n;
        }
        Ok(Some((buffer.freeze(), (file, position + want as u64, end))))
    })
}

/// Writes the `blobs` row of an upload (or refreshes its last use) before
/// its bytes move into place, so the collector never sees bytes without a
/// row, nor removes bytes an upload is about to use. The one writer of
/// `blobs` besides the collector.
pub async fn record(db: &Db, received: &Received) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO blobs (hash, size, media_type, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (hash) DO UPDATE SET last_used_at = $4",
    )
    .bind(&received.hash)
    .bind(received.size as i64)
    .bind(&received.media_type)
    .bind(db::now())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Runs [`Storage::collect_garbage`] every hour, the first time ten
/// minutes after the start (nothing is urgent, and an idle server stays
/// small).
pub async fn run_collector(db: Db, storage: Storage) {
    tokio::time::sleep(Duration::from_secs(600)).await;
    loop {
        match crate::media::remove_unattached(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "media: uploads never attached removed"),
            Err(e) => tracing::warn!(error = %e, "media: cannot remove unattached uploads"),
        }
        match storage.collect_garbage(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(removed = n, "library: unused files removed"),
            Err(e) => tracing::warn!(error = %e, "library: cannot collect unused files"),
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// The type of a file, from its first bytes; never from the uploader's
/// word. Types a browser would run (HTML, SVG, XML, scripts) and anything
/// unrecognised become `text/plain` (when the bytes are text) or
/// `application/octet-stream`: a file of ours is never served as a page or
/// as ActivityPub JSON.
pub fn sniff(head: &[u8]) -> &'static str {
    if let Some(kind) = infer::get(head) {
        let mime = kind.mime_type();
        let active = mime.starts_with("text/")
            || mime.contains("xml")
            || mime.contains("html")
            || mime.contains("javascript")
            || mime.contains("json")
            || mime == "application/x-shockwave-flash";
        if !active {
            return mime;
        }
    }
    if looks_like_text(head) {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

/// UTF-8 without control characters other than whitespace (the last
/// character may be cut by the sniffing window).
fn looks_like_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(e) if e.error_len().is_none() => {
            // Cut in the middle of a character at the end.
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
}

/// Types a browser may show inline from our origin: raster images only.
pub fn is_safe_inline(media_type: &str) -> bool {
    matches!(
        media_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_from_bytes_and_defuses_active_types() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), "application/pdf");
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "image/png");
        assert_eq!(
            sniff(b"<!DOCTYPE html><html><script>alert(1)</script>"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>"),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            sniff(br#"{"@context": "https://www.w3.org/ns/activitystreams", "type": "Person"}"#),
            "text/plain; charset=utf-8"
        );
        assert_eq!(
            sniff("مرحبا بالعالم".as_bytes()),
            "text/plain; charset=utf-8"
        );
        assert_eq!(sniff(&[0, 159, 146, 150, 1, 2]), "application/octet-stream");
        // A multi-byte character cut by the window is still text.
        let cut = "é".repeat(5000);
        assert_eq!(
            sniff(&cut.as_bytes()[..SNIFF_BYTES - 1]),
            "text/plain; charset=utf-8"
        );
        assert!(is_safe_inline("image/png"));
        assert!(!is_safe_inline("image/svg+xml"));
        assert!(!is_safe_inline("text/plain; charset=utf-8"));
    }
}
