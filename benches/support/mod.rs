//! What the benchmarks share: a configuration in a temporary folder, the
//! release server in its own process, and its memory as `/proc` reports it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// SQLite and files in `dir`.
pub fn config(dir: &Path) -> agora::Config {
    let mut config = agora::Config::defaults();
    config.database_url = format!("sqlite://{}", dir.join("bench.db").display());
    config.data_dir = dir.join("data");
    config
}

/// Starts `agora serve` and returns it with its port once it serves.
pub fn start_server(config: &agora::Config, dir: &Path) -> (Child, u16) {
    start_server_with(config, dir, &[])
}

/// [`start_server`], with more settings as `AGORA_*` variables.
pub fn start_server_with(
    config: &agora::Config,
    dir: &Path,
    settings: &[(&str, &str)],
) -> (Child, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agora"))
        .arg("serve")
        .current_dir(dir)
        .env("AGORA_DATABASE_URL", &config.database_url)
        .env("AGORA_STORAGE_DATA_DIR", &config.data_dir)
        .env("AGORA_HTTP_BIND", "127.0.0.1:0")
        .env("AGORA_LOG_LEVEL", "warn,agora=info")
        .envs(settings.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the release agora binary");
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let port = loop {
        let line = lines.next().expect("server log").unwrap();
        if let Some(rest) = line.split("address=").nth(1) {
            let address = rest.split_whitespace().next().unwrap();
            break address.rsplit(':').next().unwrap().parse().unwrap();
        }
    };
    // Keep draining the log so the server never blocks on a full pipe;
    // its errors are shown, so that a 500 in the figures can be explained.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if line.contains("ERROR") {
                eprintln!("server: {line}");
            }
        }
    });
    (child, port)
}

pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The most memory the process has had resident since it started.
pub fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// CPU time (user + system) a process (`"self"` or a pid) has used so far.
pub fn cpu_time(pid: &str) -> std::time::Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks: u64 = fields.get(11).and_then(|u| u.parse().ok()).unwrap_or(0)
        + fields.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
    // Linux reports clock ticks of 1/100 s.
    std::time::Duration::from_millis(ticks * 10)
}
