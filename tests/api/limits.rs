//! Bounded cost of anonymous requests (issue 15, points 1 and 2): login,
//! registration and invitation throttling, the password pool's 503, and
//! the connection limits and timeouts, with tiny configured limits so that
//! every outcome is certain.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;
use agora::accounts::InstanceRole;
use agora::config::{Config, RegistrationMode};

on_both_backends!(
    wrong_passwords_make_the_account_wait,
    wrong_passwords_make_the_address_wait,
    registrations_from_one_address_wait,
    bad_invitation_links_make_the_address_wait,
    the_sign_in_page_says_how_long_to_wait,
);

const PASSWORD: &str = "a long enough password";

/// Logins throttled per account only, with a proxy on 127.0.0.1 whose
/// `X-Forwarded-For` the tests use to speak from several addresses.
fn per_account(config: &mut Config) {
    config.logins.failures_per_account = 2;
    config.logins.failures_per_address = 1000;
    config.connections.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
}

fn per_address(config: &mut Config) {
    config.logins.failures_per_account = 1000;
    config.logins.failures_per_address = 3;
    config.connections.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
}

/// `POST path` with a JSON body, as if from `client` (through the proxy).
async fn post_from(
    app: &TestApp,
    client: &str,
    path: &str,
    body: Value,
) -> (StatusCode, Option<u64>, Value) {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .header("x-forwarded-for", client)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok()?.parse().ok());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, retry_after, body)
}

async fn sign_in_from(
    app: &TestApp,
    client: &str,
    login: &str,
    password: &str,
) -> (StatusCode, Option<u64>, Value) {
    post_from(
        app,
        client,
        "/api/v1/sessions",
        json!({"login": login, "password": password}),
    )
    .await
}

/// Waits out a `Retry-After` (whole seconds, rounded up by the server).
async fn wait_out(retry_after: Option<u64>) {
    let secs = retry_after.expect("a Retry-After header");
    assert!((1..=2).contains(&secs), "Retry-After: {secs}");
    tokio::time::sleep(Duration::from_secs(secs)).await;
}

async fn wrong_passwords_make_the_account_wait(backend: Backend) {
    let app = TestApp::spawn_with(backend, per_account).await;
    app.user("ada").await;
    for client in ["198.51.100.1", "198.51.100.2"] {
        let (status, _, _) = sign_in_from(&app, client, "ada", "not the password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Two failures: the account now waits, from every address, even with
    // the right password, by username, by email, and for API tokens.
    let (status, retry_after, body) = sign_in_from(&app, "203.0.113.5", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"], "too_many_requests");
    assert!(retry_after.is_some());
    let (status, _, _) = sign_in_from(&app, "203.0.113.6", "ADA@example.org", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _, _) = post_from(
        &app,
        "203.0.113.7",
        "/api/v1/tokens",
        json!({"name": "phone", "login": "ada", "password": PASSWORD}),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another account is not held up.
    app.user("grace").await;
    let (status, _, body) = sign_in_from(&app, "198.51.100.1", "grace", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    wait_out(retry_after).await;
    let (status, _, body) = sign_in_from(&app, "203.0.113.5", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The right password cleared the count: two more tries before a wait.
    let (status, _, _) = sign_in_from(&app, "203.0.113.5", "ada", "wrong again").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, body) = sign_in_from(&app, "203.0.113.5", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn wrong_passwords_make_the_address_wait(backend: Backend) {
    let app = TestApp::spawn_with(backend, per_address).await;
    app.user("ada").await;
    // Unknown logins count too, like wrong passwords.
    for login in ["nobody", "somebody", "ada"] {
        let (status, _, _) = sign_in_from(&app, "198.51.100.7", login, "guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let (status, retry_after, body) = sign_in_from(&app, "198.51.100.7", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // The account itself is not held up from elsewhere.
    let (status, _, body) = sign_in_from(&app, "198.51.100.8", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A client's own X-Forwarded-For entry, passed on by the proxy, does
    // not get it out: the proxy's own entry (the last) is the address.
    let (status, _, _) = sign_in_from(&app, "192.0.2.99, 198.51.100.7", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    wait_out(retry_after).await;
    let (status, _, body) = sign_in_from(&app, "198.51.100.7", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A success does not clear the address: its next failure waits 2 s.
    let (status, _, _) = sign_in_from(&app, "198.51.100.7", "nobody", "guess").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, retry_after, _) = sign_in_from(&app, "198.51.100.7", "ada", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry_after, Some(2));
}

async fn registrations_from_one_address_wait(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.logins.registrations_per_address = 2;
    })
    .await;
    let register = |name: &str| {
        app.post(
            "/api/v1/accounts",
            None,
            json!({"username": name, "email": format!("{name}@example.org"), "password": PASSWORD}),
        )
    };
    assert_eq!(register("amina").await.0, StatusCode::CREATED);
    // Refused ones count as well.
    assert_eq!(register("9bad").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = register("bruno").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"], "too_many_requests");

    // The web form too, from the same address, in the visitor's language.
    let browser = Browser::new(&app).with_language("de");
    let page = browser
        .submit(
            "/register",
            &[
                ("username", "chen"),
                ("email", "chen@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers.contains_key("retry-after"));
    page.assert_contains("Zu viele Versuche");

    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(register("bruno").await.0, StatusCode::CREATED);
}

async fn bad_invitation_links_make_the_address_wait(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.registration = RegistrationMode::Invite;
        config.logins.invitation_failures_per_address = 2;
    })
    .await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let (status, created) = app
        .post("/api/v1/invitations", Some(&moderator), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let token = created["token"].as_str().unwrap().to_owned();
    let register = |invitation: String| {
        app.post(
            "/api/v1/accounts",
            None,
            json!({"username": "amina", "email": "amina@example.org",
                   "password": PASSWORD, "invitation": invitation}),
        )
    };
    for guess in ["made-up", "another-guess"] {
        let (status, body) = register(guess.into()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    }
    // Even the real link waits now.
    let (status, body) = register(token.clone()).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (status, body) = register(token).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

async fn the_sign_in_page_says_how_long_to_wait(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.logins.failures_per_account = 1;
    })
    .await;
    app.user("ada").await;
    let browser = Browser::new(&app).with_language("fr");
    let page = browser
        .submit("/login", &[("login", "ada"), ("password", "pas le bon")])
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    let page = browser
        .submit("/login", &[("login", "ada"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        page.headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    page.assert_contains("Trop de tentatives. Veuillez attendre 1 seconde");
    assert!(browser.cookie("agora_session").is_none());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let page = browser
        .submit("/login", &[("login", "ada"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(browser.cookie("agora_session").is_some());
}

#[tokio::test]
async fn password_checks_past_the_queue_get_503() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.logins.password_workers = 1;
        config.logins.password_queue = 0;
        config.logins.failures_per_account = 1000;
        config.logins.failures_per_address = 1000;
    })
    .await;
    // One check runs; every one that comes while it does is refused at
    // once. Twenty at the same moment cannot all find the worker free.
    let attempts = (0..20).map(|n| {
        let (client, base) = (app.client.clone(), app.base.clone());
        async move {
            let response = client
                .post(format!("{base}/api/v1/sessions"))
                .json(&json!({"login": format!("nobody{n}"), "password": "guess"}))
                .send()
                .await
                .unwrap();
            let retry_after = response.headers().get("retry-after").cloned();
            let status = response.status();
            let body: Value = response.json().await.unwrap();
            (status, retry_after, body)
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    assert!(!busy.is_empty(), "no check was refused");
    for (_, retry_after, body) in &busy {
        assert!(retry_after.is_some(), "503 without Retry-After");
        assert_eq!(body["error"], "busy");
    }
    assert!(answers.iter().all(|(status, ..)| {
        [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE].contains(status)
    }));
    assert!(
        answers
            .iter()
            .any(|(status, ..)| *status == StatusCode::UNAUTHORIZED)
    );
}

/// The app's address, and a raw connection to it from `local` (any
/// 127.0.0.0/8 address is this machine).
async fn connect_from(app: &TestApp, local: &str) -> TcpStream {
    let server: std::net::SocketAddr = app.base.trim_start_matches("http://").parse().unwrap();
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{local}:0").parse().unwrap()).unwrap();
    socket.connect(server).await.unwrap()
}

/// Everything the server sends until it closes, or `None` if it is still
/// open after `within`.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

/// What `GET /healthz` on this connection answers first (empty if the
/// connection was closed).
async fn healthz(stream: &mut TcpStream) -> String {
    let request = b"GET /healthz HTTP/1.1\r\nhost: agora.test\r\n\r\n";
    if stream.write_all(request).await.is_err() {
        return String::new();
    }
    let mut buffer = [0u8; 1024];
    match tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer)).await {
        Ok(Ok(n)) => String::from_utf8_lossy(&buffer[..n]).into_owned(),
        Ok(Err(_)) => String::new(),
        Err(_) => panic!("no answer to GET /healthz within 10 s"),
    }
}

#[tokio::test]
async fn connections_per_address_are_limited() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.connections.per_address = 2;
    })
    .await;
    let mut first = connect_from(&app, "127.0.0.1").await;
    let _second = connect_from(&app, "127.0.0.1").await;
    let mut third = connect_from(&app, "127.0.0.1").await;
    let refused = read_until_closed(&mut third, Duration::from_secs(10))
        .await
        .expect("the third connection is closed at once");
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused:?}");
    assert!(refused.to_ascii_lowercase().contains("retry-after:"));

    // Another address is served, and so are the two admitted connections.
    let mut elsewhere = connect_from(&app, "127.0.0.2").await;
    assert!(healthz(&mut elsewhere).await.starts_with("HTTP/1.1 200"));
    assert!(healthz(&mut first).await.starts_with("HTTP/1.1 200"));

    // When one closes, its place is free again.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut again = connect_from(&app, "127.0.0.1").await;
        let answer = healthz(&mut again).await;
        if answer.starts_with("HTTP/1.1 200") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the place never came back: {answer:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn slow_headers_are_cut_off_but_a_quiet_connection_may_wait() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.connections.header_timeout = Duration::from_secs(1);
        config.connections.idle_timeout = Duration::from_secs(3);
    })
    .await;
    // One header byte every 200 ms: never done, cut after about a second.
    let mut slow = connect_from(&app, "127.0.0.1").await;
    let started = Instant::now();
    let (mut reader, mut writer) = slow.split();
    let trickle = async {
        for byte in b"GET /healthz HTTP/1.1\r\nx-slow: ".iter().cycle() {
            if writer.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    let closed = async {
        let mut buffer = [0u8; 256];
        loop {
            match reader.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    };
    tokio::select! {
        () = closed => {}
        () = trickle => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => panic!("a slow client kept its connection"),
    }
    let held = started.elapsed();
    assert!(
        held >= Duration::from_millis(900),
        "cut too early: {held:?}"
    );

    // Saying nothing for longer than the header timeout is only idleness:
    // a request after 1.5 s is answered.
    let mut quiet = connect_from(&app, "127.0.0.1").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(healthz(&mut quiet).await.starts_with("HTTP/1.1 200"));
    // Idle past the idle timeout (3 s): closed.
    let rest = read_until_closed(&mut quiet, Duration::from_secs(10)).await;
    assert_eq!(rest.as_deref(), Some(""), "an idle connection stays open");
}

#[tokio::test]
async fn oversized_headers_get_431() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let mut stream = connect_from(&app, "127.0.0.1").await;
    let cookie = "x".repeat(70 * 1024);
    let request = format!("GET /healthz HTTP/1.1\r\nhost: agora.test\r\ncookie: {cookie}\r\n\r\n");
    // The server may stop reading before all of it has gone.
    let _ = stream.write_all(request.as_bytes()).await;
    let answer = read_until_closed(&mut stream, Duration::from_secs(10))
        .await
        .expect("the connection is closed");
    // A 431, unless the reset for the bytes it never read overtook it;
    // never the 200 that 70 KiB of headers get without the limit.
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 431"),
        "{answer:?}"
    );
}
