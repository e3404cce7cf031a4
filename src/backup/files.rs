//! Copying folders of files into a backup and back, durably, and swapping
//! restored folders into place only once they are complete.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// How much was copied.
#[derive(Clone, Copy, Debug, Default)]
pub struct Copied {
    pub files: u64,
    pub bytes: u64,
}

impl Copied {
    pub fn add(&mut self, other: Copied) {
        self.files += other.files;
        self.bytes += other.bytes;
    }
}

/// `1.5 MiB`, for progress lines.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A folder only its owner can read: a backup holds every secret of the
/// instance (keys, password hashes, the configuration).
pub fn create_private_dir(path: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(path).with_context(|| format!("cannot create {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    Ok(())
}

/// Flushes a folder's entries to disk, so a rename into it survives a crash.
pub fn sync_dir(path: &Path) -> anyhow::Result<()> {
    std::fs::File::open(path)
        .and_then(|dir| dir.sync_all())
        .with_context(|| format!("cannot flush {}", path.display()))
}

/// Copies the tree under `from` to `to` (created, even when `from` does
/// not exist), file by file, each flushed to disk. Symbolic links are not
/// followed: Agora writes none.
pub async fn copy_tree(from: &Path, to: &Path) -> anyhow::Result<Copied> {
    let (from, to) = (from.to_path_buf(), to.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let mut copied = Copied::default();
        std::fs::create_dir_all(&to).with_context(|| format!("cannot create {}", to.display()))?;
        if from.is_dir() {
            copy_dir(&from, &to, &mut copied)?;
        }
        Ok(copied)
    })
    .await?
}

fn copy_dir(from: &Path, to: &Path, copied: &mut Copied) -> anyhow::Result<()> {
    let entries =
        std::fs::read_dir(from).with_context(|| format!("cannot read {}", from.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", from.display()))?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            std::fs::create_dir_all(&target)
                .with_context(|| format!("cannot create {}", target.display()))?;
            copy_dir(&entry.path(), &target, copied)?;
        } else if kind.is_file() {
            let bytes = std::fs::copy(entry.path(), &target).with_context(|| {
                format!(
                    "cannot copy {} to {}",
                    entry.path().display(),
                    target.display()
                )
            })?;
            std::fs::File::open(&target)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot flush {}", target.display()))?;
            copied.files += 1;
            copied.bytes += bytes;
        }
    }
    sync_dir(to)
}

/// Folders copied out of a backup into a hidden folder of the data dir,
/// waiting to replace the live ones.
pub struct Staged {
    root: PathBuf,
    data_dir: PathBuf,
    folders: Vec<&'static str>,
    pub copied: Copied,
}

impl Staged {
    /// Copies each of `folders` from `backup` to a staging folder in
    /// `data_dir`. A folder missing from the backup stages as empty.
    pub async fn copy_in(
        backup: &Path,
        data_dir: &Path,
        folders: &[&'static str],
    ) -> anyhow::Result<Staged> {
        let root = super::staging_path(&data_dir.join("restore"), "incoming");
        create_private_dir(&root)?;
        let mut staged = Staged {
            root,
            data_dir: data_dir.to_path_buf(),
            folders: folders.to_vec(),
            copied: Copied::default(),
        };
        for folder in folders {
            match copy_tree(&backup.join(folder), &staged.root.join("new").join(folder)).await {
                Ok(copied) => staged.copied.add(copied),
                Err(e) => {
                    staged.abandon();
                    return Err(e);
                }
            }
        }
        Ok(staged)
    }

    /// Forgets the staged copies; the live folders were never touched.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }

    /// Replaces each live folder by its staged copy, by renames. If one
    /// fails, those already swapped go back as they were.
    pub fn swap_in(self) -> anyhow::Result<()> {
        let mut done: Vec<(&str, bool)> = Vec::new();
        let mut failure = None;
        for folder in &self.folders {
            let live = self.data_dir.join(folder);
            let old = self.root.join("old").join(folder);
            let new = self.root.join("new").join(folder);
            let step = (|| -> std::io::Result<bool> {
                if let Some(parent) = live.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let had_live = live.exists();
                if had_live {
                    if let Some(parent) = old.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::rename(&live, &old)?;
                }
                if let Err(e) = std::fs::rename(&new, &live) {
                    if had_live {
                        let _ = std::fs::rename(&old, &live);
                    }
                    return Err(e);
                }
                Ok(had_live)
            })();
            match step {
                Ok(had_live) => done.push((folder, had_live)),
                Err(e) => {
                    failure = Some(anyhow::Error::new(e).context(format!(
                        "cannot move the restored {folder} into {}",
                        self.data_dir.display()
                    )));
                    break;
                }
            }
        }
        if let Some(failure) = failure {
            for (folder, had_live) in done.into_iter().rev() {
                let live = self.data_dir.join(folder);
                let _ = std::fs::rename(&live, self.root.join("new").join(folder));
                if had_live {
                    let _ = std::fs::rename(self.root.join("old").join(folder), &live);
                }
            }
            self.abandon();
            return Err(failure);
        }
        let _ = sync_dir(&self.data_dir);
        self.abandon();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_well() {
        assert_eq!(human(12), "12 bytes");
        assert_eq!(human(1536), "1.5 KiB");
        assert_eq!(human(3 * 1024 * 1024 * 1024), "3.0 GiB");
    }

    #[tokio::test]
    async fn staged_folders_replace_live_ones_whole() {
        let dir = tempfile::tempdir().unwrap();
        let backup = dir.path().join("backup");
        let data = dir.path().join("data");
        std::fs::create_dir_all(backup.join("files/blobs/ab")).unwrap();
        std::fs::write(backup.join("files/blobs/ab/abc"), b"kept").unwrap();
        std::fs::create_dir_all(data.join("files/blobs/cd")).unwrap();
        std::fs::write(data.join("files/blobs/cd/cde"), b"replaced").unwrap();
        std::fs::create_dir_all(data.join("files/tmp")).unwrap();

        let staged = Staged::copy_in(&backup, &data, &["files/blobs", "mail"])
            .await
            .unwrap();
        assert_eq!(staged.copied.files, 1);
        assert!(data.join("files/blobs/cd/cde").exists(), "untouched so far");
        staged.swap_in().unwrap();
        assert_eq!(
            std::fs::read(data.join("files/blobs/ab/abc")).unwrap(),
            b"kept"
        );
        assert!(!data.join("files/blobs/cd").exists());
        assert!(data.join("mail").is_dir());
        assert!(data.join("files/tmp").is_dir(), "other folders stay");
        let leftovers: Vec<_> = std::fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
