//! Other fediverse servers as child processes on loopback: the programs
//! under `federation-tests/peers/` (a Fedify server, a bovine_herd
//! server). Each serves under a test name (`fedify.test`), listens on a
//! port of 127.0.0.1, prints `READY <port> <actor id>`, and is told where
//! the Agora instances live with `--host NAME=ADDR`. The test drives it
//! through its control endpoints (`/control/...`) and reads what its inbox
//! received from `/control/inbox`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::Network;

/// A running peer; the process is killed when this is dropped.
pub struct Peer {
    /// The name it serves under, e.g. `fedify.test`.
    pub domain: String,
    pub addr: SocketAddr,
    /// The id of the one actor it acts as.
    pub actor: String,
    client: reqwest::Client,
    // Killed before its scratch folder is removed (fields drop in order).
    _child: tokio::process::Child,
    _data: tempfile::TempDir,
}

/// `federation-tests/peers/<name>`.
pub fn peer_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("peers")
        .join(name)
}

impl Peer {
    /// Runs `program args…` in `dir` with `--name domain`, a scratch
    /// folder (`--data`) and a `--host` for each instance of `network`, waits (up to 60 s) for its `READY`
    /// line, and makes every instance reach it under `domain`.
    pub async fn start(
        network: &Network,
        domain: &str,
        dir: &Path,
        program: &Path,
        args: &[&str],
    ) -> Result<Peer, String> {
        let data = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut command = tokio::process::Command::new(program);
        command
            .args(args)
            .args(["--name", domain])
            .arg("--data")
            .arg(data.path())
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        for instance in &network.instances {
            command.arg("--host");
            command.arg(format!("{}={}", instance.domain, instance.addr));
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("{}: {e}", program.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let (port, actor) = tokio::time::timeout(Duration::from_secs(60), async {
            while let Some(line) = lines.next_line().await.map_err(|e| e.to_string())? {
                if let Some(ready) = line.strip_prefix("READY ") {
                    let (port, actor) =
                        ready.trim().split_once(' ').ok_or("READY <port> <actor>")?;
                    let port = port.parse::<u16>().map_err(|e| e.to_string())?;
                    return Ok((port, actor.to_owned()));
                }
            }
            Err(format!("{domain} exited before it was ready"))
        })
        .await
        .map_err(|_| format!("{domain} was not ready within 60 s"))??;
        // The peer's later output goes to the test's stdout (shown when it fails).
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                println!("{line}");
            }
        });
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        for instance in &network.instances {
            instance
                .state
                .federation
                .host_overrides
                .insert(domain, addr);
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Peer {
            domain: domain.to_owned(),
            addr,
            actor,
            client,
            _child: child,
            _data: data,
        })
    }

    /// Asks the peer to act (`follow`, `reply`, `like`): the JSON it
    /// answers, or its error once the receiving server said no.
    pub async fn command(&self, name: &str, input: Value) -> Result<Value, String> {
        let response = self
            .client
            .post(format!("http://{}/control/{name}", self.addr))
            .json(&input)
            .send()
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        let status = response.status();
        let body: Value = response.json().await.map_err(|e| e.to_string())?;
        if status.is_success() {
            Ok(body)
        } else {
            Err(format!("{} {name}: {status} {body}", self.domain))
        }
    }

    /// Every activity the peer's inbox took so far: `{type, id, actor,
    /// activity, object}`, `object` as the peer resolved it.
    pub async fn inbox(&self) -> Vec<Value> {
        self.record("inbox").await
    }

    /// A list the peer keeps (`GET /control/<name>`), empty if unreachable.
    pub async fn record(&self, name: &str) -> Vec<Value> {
        let response = self
            .client
            .get(format!("http://{}/control/{name}", self.addr))
            .send()
            .await;
        match response {
            Ok(response) => response.json().await.unwrap_or_default(),
            Err(_) => Vec::new(),
        }
    }
}

/// Whether `value` holds, at any depth, an object whose `key` is `expected`
/// next to a `type` of `kind` (e.g. a `Page` named "Hearing on Monday").
pub fn find<'a>(value: &'a Value, kind: &str, key: &str, expected: &str) -> Option<&'a Value> {
    match value {
        Value::Object(map) => {
            let matches = map.get("type").and_then(Value::as_str) == Some(kind)
                && map.get(key).and_then(Value::as_str) == Some(expected);
            if matches {
                return Some(value);
            }
            map.values().find_map(|v| find(v, kind, key, expected))
        }
        Value::Array(items) => items.iter().find_map(|v| find(v, kind, key, expected)),
        _ => None,
    }
}
