//! `agora serve` itself: on built-in defaults, from `config/agora.toml`,
//! and stopping gracefully.

use std::io::{Read, Write};

use super::server::Server;

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
