//! The key pair every actor of ours signs with: each member (`Person`),
//! each public space (`Group`) and the instance itself. Made here, where
//! accounts and spaces are created; only federation reads the keys.

use crate::error::AppResult;

/// Generates an RSA-2048 key pair (PEM: public, private) off the async
/// threads: generation takes tens of milliseconds.
pub async fn generate() -> AppResult<(String, String)> {
    let pair = tokio::task::spawn_blocking(
        activitypub_federation::http_signatures::generate_actor_keypair,
    )
    .await
    .map_err(anyhow::Error::from)?
    .map_err(anyhow::Error::from)?;
    Ok((pair.public_key, pair.private_key))
}
