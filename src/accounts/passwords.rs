//! Password hashing with argon2id (the crate's default parameters: 19 MiB,
//! two passes), slow on purpose, so it runs in a bounded pool.
//!
//! Each check needs 19 MiB of scratch memory for a few dozen milliseconds.
//! Run on tokio's blocking threads (up to 512 of them), a burst of a few
//! hundred wrong logins once held gigabytes, and glibc kept them: after the
//! first 19 MiB block is freed it raises its mmap threshold, so later blocks
//! come from the heap and stay there. Here a fixed number of workers
//! ([`Hasher`]) each keep one block while busy and give it back after a
//! second of idleness. The block reserves more than glibc's largest mmap
//! threshold (32 MiB) and touches only what argon2 uses, so the allocator
//! always maps it from the kernel and unmaps it when freed: resident memory
//! goes back down. Checks beyond the workers wait in a bounded queue; past
//! it, or after waiting too long, they get 503 with `Retry-After`.

mod pool;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::error::{AppError, AppResult};
pub use pool::Hasher;

/// Longest password accepted: bounded so nobody can make the server hash
/// megabytes, or fill the queue with them.
pub const MAX_BYTES: usize = 1024;

pub fn validate(password: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < 10 {
        return Err(AppError::invalid("password: at least 10 characters"));
    }
    if password.len() > MAX_BYTES {
        return Err(AppError::invalid("password: at most 1024 bytes"));
    }
    Ok(())
}

pub fn generate() -> String {
    // 18 random bytes → 24 URL-safe characters, easy to paste.
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(crate::random_bytes::<18>())
}

/// Blocks reserved for one worker's scratch memory: 33 MiB, above glibc's
/// largest mmap threshold (32 MiB on 64-bit), so the block is always its
/// own mapping. Only the 19 MiB argon2 uses are ever touched.
const RESERVED_BLOCKS: usize = 33 * 1024;

/// Stored hashes asking for more memory than this are refused (ours use
/// 19 MiB; this only guards against a hand-edited row).
const MAX_BLOCKS: usize = 256 * 1024;

/// A worker's argon2 memory, allocated on first use and kept while busy.
#[derive(Default)]
pub(crate) struct Scratch(Option<Vec<Block>>);

impl Scratch {
    /// `blocks` blocks of scratch memory, reusing the worker's own.
    fn blocks(&mut self, blocks: usize) -> anyhow::Result<&mut [Block]> {
        if blocks > MAX_BLOCKS {
            anyhow::bail!("a stored password hash asks for {blocks} KiB of memory");
        }
        let memory = self
            .0
            .get_or_insert_with(|| Vec::with_capacity(RESERVED_BLOCKS.max(blocks)));
        if memory.len() < blocks {
            memory.reserve_exact(blocks - memory.len());
            memory.resize(blocks, Block::default());
        }
        Ok(&mut memory[..blocks])
    }

    /// Gives the memory back to the operating system.
    pub(crate) fn release(&mut self) {
        self.0 = None;
    }

    pub(crate) fn is_held(&self) -> bool {
        self.0.is_some()
    }
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password`.
pub(crate) fn hash_with(scratch: &mut Scratch, password: &str) -> anyhow::Result<String> {
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::encode_b64(&crate::random_bytes::<16>())
        .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            &mut out,
            scratch.blocks(params.block_count())?,
        )
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| anyhow::anyhow!("params: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("output: {e}"))?),
    };
    Ok(hash.to_string())
}

/// Whether `password` matches the PHC string `stored` (any argon2 variant,
/// version and parameters), in constant time.
pub(crate) fn verify_with(
    scratch: &mut Scratch,
    password: &str,
    stored: &str,
) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let algorithm = Algorithm::try_from(parsed.algorithm)
        .map_err(|e| anyhow::anyhow!("stored hash algorithm: {e}"))?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()
        .map_err(|e| anyhow::anyhow!("stored hash version: {e}"))?
        .unwrap_or_default();
    let params = Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("stored params: {e}"))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        anyhow::bail!("stored hash has no salt or no hash");
    };
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("stored salt: {e}"))?;
    let mut out = vec![0u8; expected.len()];
    let argon2 = Argon2::new(algorithm, version, params.clone());
    argon2
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt_bytes,
            &mut out,
            scratch.blocks(params.block_count())?,
        )
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))?;
    // `Output`'s comparison takes the same time wherever the bytes differ.
    Ok(Output::new(&out).map_err(|e| anyhow::anyhow!("output: {e}"))? == expected)
}

/// A hash of a random password nobody knows, verified against when a login
/// is unknown so that unknown and known logins take the same time.
pub(crate) fn dummy_hash(scratch: &mut Scratch) -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_with(scratch, &generate()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    #[test]
    fn our_hashes_are_the_crates_and_back() {
        let mut scratch = Scratch::default();
        let ours = hash_with(&mut scratch, "correct horse battery").unwrap();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        let salt = SaltString::encode_b64(b"sixteen byte slt").unwrap();
        let theirs = Argon2::default()
            .hash_password(b"another password", &salt)
            .unwrap()
            .to_string();
        assert!(verify_with(&mut scratch, "another password", &theirs).unwrap());
        assert!(!verify_with(&mut scratch, "another passwore", &theirs).unwrap());
        assert!(!verify_with(&mut scratch, "correct horse batterz", &ours).unwrap());
        assert!(verify_with(&mut scratch, "x", "not a hash").is_err());
    }

    #[test]
    fn other_parameters_still_verify() {
        let params = Params::new(8 * 1024, 1, 1, Some(24)).unwrap();
        let argon2 = Argon2::new(Algorithm::Argon2i, Version::V0x10, params);
        let salt = SaltString::encode_b64(b"another salt!!!!").unwrap();
        let stored = argon2
            .hash_password(b"old password", &salt)
            .unwrap()
            .to_string();
        let mut scratch = Scratch::default();
        assert!(verify_with(&mut scratch, "old password", &stored).unwrap());
        assert!(!verify_with(&mut scratch, "old passwort", &stored).unwrap());
    }

    #[test]
    fn scratch_memory_is_reserved_past_the_mmap_threshold() {
        let mut scratch = Scratch::default();
        let blocks = scratch.blocks(Params::default().block_count()).unwrap();
        assert_eq!(blocks.len(), 19 * 1024);
        let memory = scratch.0.as_ref().unwrap();
        assert!(memory.capacity() * Block::SIZE > 32 * 1024 * 1024);
        scratch.release();
        assert!(!scratch.is_held());
        assert!(scratch.blocks(MAX_BLOCKS + 1).is_err());
    }
}
