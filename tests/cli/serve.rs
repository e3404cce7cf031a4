//! `agora serve` itself: on built-in defaults, from `config/agora.toml`,
//! and stopping gracefully.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::AGORA;

/// A running `agora serve` and the lines of its log.
struct Server {
    child: Child,
    log: mpsc::Receiver<String>,
    port: u16,
}

impl Server {
    fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(AGORA);
        command
            .current_dir(dir)
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("AGORA_")) {
            command.env_remove(key);
        }
        command
            .envs(env.iter().copied())
            .env("AGORA_HTTP_BIND", "127.0.0.1:0");
        let mut child = command.spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let mut server = Server {
            child,
            log,
            port: 0,
        };
        let line = server.wait_for("agora is serving");
        let address = line
            .split("address=")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap();
        server.port = address.rsplit(':').next().unwrap().parse().unwrap();
        server
    }

    /// The first log line containing `needle`, within 30 seconds.
    fn wait_for(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => break,
            }
        }
        panic!("the server never logged {needle:?}");
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> String {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_on_built_in_defaults_from_a_fresh_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(dir.path(), &[]);
    let health = server.get("/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(
        dir.path().join("data/agora.db").exists(),
        "the default SQLite database is created with its folder"
    );
    server.signal("INT");
    assert!(server.wait_exit().success());
}

#[test]
fn reads_config_agora_toml_when_present() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("config")).unwrap();
    std::fs::write(
        dir.path().join("config/agora.toml"),
        "[instance]\ndomain = \"agora.example.org\"\nregistration = \"closed\"\n[database]\nurl = \"sqlite://store/x.db\"\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    let instance = server.get("/api/v1/instance");
    assert!(
        instance.contains("\"domain\":\"agora.example.org\""),
        "{instance}"
    );
    assert!(
        instance.contains("\"registration\":\"closed\""),
        "{instance}"
    );
    assert!(dir.path().join("store/x.db").exists());
}

#[test]
fn sigterm_lets_in_flight_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = Server::start(
        dir.path(),
        &[
            ("AGORA_INSTANCE_REGISTRATION", "open"),
            ("AGORA_LOG_LEVEL", "info,tower_http=debug"),
        ],
    );
    let body =
        r#"{"username": "late", "email": "late@example.org", "password": "correct horse battery"}"#;
    let (first, rest) = body.split_at(20);
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST /api/v1/accounts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    // The server has begun the request (its body is half-sent) when the
    // signal arrives.
    server.wait_for("started processing request");
    server.signal("TERM");
    server.wait_for("shutting down");
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 201"),
        "the in-flight request completes: {response}"
    );
    assert!(response.contains("\"username\":\"late\""), "{response}");
    let status = server.wait_exit();
    assert!(status.success(), "clean exit: {status}");
    server.wait_for("stopped cleanly");
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", server.port)).is_err(),
        "no longer listening"
    );
}
