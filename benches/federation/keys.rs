//! RSA key pairs for the remote actors, generated once and kept in a file
//! under the target folder (generating 1,000 RSA-2048 keys takes minutes
//! on two cores; reading them back takes a second).

use std::path::PathBuf;
use std::time::Instant;

/// A remote actor's keys: the public PEM it publishes, the private key
/// that signs its requests.
pub struct ActorKey {
    pub public_pem: String,
    pub private: agora::federation::signatures::PrivateKey,
}

fn cache_file() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("federation-bench-keys.json")
}

/// `n` distinct key pairs: those already in the cache, and new ones
/// (generated on every core, then added to the cache).
pub fn load(n: usize) -> Vec<ActorKey> {
    let file = cache_file();
    let mut pairs: Vec<(String, String)> = std::fs::read(&file)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    if pairs.len() < n {
        let missing = n - pairs.len();
        let started = Instant::now();
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
        let made: Vec<(String, String)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        (t..missing)
                            .step_by(threads)
                            .map(|_| {
                                let pair = activitypub_federation::http_signatures::generate_actor_keypair()
                                    .unwrap();
                                (pair.public_key, pair.private_key)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap())
                .collect()
        });
        println!(
            "generated {missing} RSA-2048 key pairs in {:.1} s (cached in {})",
            started.elapsed().as_secs_f64(),
            file.display()
        );
        pairs.extend(made);
        std::fs::write(&file, serde_json::to_vec(&pairs).unwrap()).unwrap();
    }
    pairs
        .into_iter()
        .take(n)
        .map(|(public_pem, private_pem)| ActorKey {
            private: agora::federation::signatures::private_key(&private_pem).unwrap(),
            public_pem,
        })
        .collect()
}
