//! Interoperability with bovine (from PyPI): tests/bovine/verify.py checks
//! requests Agora signs — a member's delivery (POST) and the instance
//! actor's signed fetch (GET) — with bovine's own `SignatureChecker`,
//! fetching the signer's key from Agora as a bovine server does. bovine
//! requires `(request-target)` and `date` signed, a digest on bodies and a
//! fresh `Date`. Without python3 and bovine (pip install -r
//! tests/bovine/requirements.txt), the test says SKIPPED.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use agora::federation::signatures;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use url::Url;

use crate::support::{Backend, TestApp};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bovine/verify.py")
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let found = std::process::Command::new("python3")
        .args(["-c", "import bovine.crypto.signature_checker"])
        .stderr(Stdio::null())
        .status()
        .ok()
        .is_some_and(|s| s.success());
    (!found).then(|| {
        "python3 with bovine is not installed (pip install -r tests/bovine/requirements.txt)".into()
    })
}

/// What bovine says of a signed request: the key owner it verified, or
/// `None`.
async fn bovine_verifies(
    app: &TestApp,
    method: &Method,
    url: &Url,
    headers: &reqwest::header::HeaderMap,
    body: Option<&str>,
) -> Option<String> {
    let headers: serde_json::Map<String, Value> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), json!(value.to_str().unwrap())))
        .collect();
    let input = json!({
        "method": method.as_str(), "url": url.as_str(), "headers": headers, "body": body,
        "agora": app.base.trim_start_matches("http://"),
    });
    // bovine keeps a JSON-LD cache file in its working directory.
    let mut child = tokio::process::Command::new("python3")
        .arg(script())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.to_string().as_bytes()).await.unwrap();
    drop(stdin);
    let output = child.wait_with_output().await.unwrap();
    assert!(
        output.status.success(),
        "verify.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    answer["owner"].as_str().map(str::to_owned)
}

async fn private_key(app: &TestApp, sql: &str) -> signatures::PrivateKey {
    let (pem,): (String,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    signatures::private_key(&pem).unwrap()
}

#[tokio::test]
async fn bovine_verifies_what_agora_signs_with_the_key_agora_serves() {
    if let Some(why) = missing() {
        eprintln!("SKIPPED bovine_verifies_what_agora_signs_with_the_key_agora_serves: {why}");
        return;
    }
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.user("amina").await;
    let urls = &app.state.federation.urls;

    // A member's delivery to an inbox elsewhere, signed as the outbox
    // worker signs it.
    let amina = urls.person("amina");
    let key = private_key(
        &app,
        "SELECT private_key_pem FROM accounts WHERE username = 'amina'",
    )
    .await;
    let inbox = Url::parse("https://bovine.test/inbox").unwrap();
    let body = json!({"@context": "https://www.w3.org/ns/activitystreams",
                      "id": format!("{amina}/likes/1"), "type": "Like", "actor": amina,
                      "object": "https://bovine.test/objects/1"})
    .to_string();
    let key_id = format!("{amina}#main-key");
    let headers =
        signatures::sign(&Method::POST, &inbox, Some(body.as_bytes()), &key_id, &key).unwrap();
    assert_eq!(
        bovine_verifies(&app, &Method::POST, &inbox, &headers, Some(&body)).await,
        Some(amina.clone()),
        "bovine takes Agora's signed POST"
    );
    // The same headers with another body: bovine refuses (the test can fail).
    let forged = body.replace("objects/1", "objects/2");
    assert_eq!(
        bovine_verifies(&app, &Method::POST, &inbox, &headers, Some(&forged)).await,
        None,
        "bovine refuses a body that does not match its digest"
    );

    // The instance actor's signed fetch (authorized fetch).
    let actor = urls.instance_actor();
    let key = private_key(
        &app,
        "SELECT private_key_pem FROM instance_actor WHERE id = 1",
    )
    .await;
    let object = Url::parse("https://bovine.test/objects/1").unwrap();
    let headers = signatures::sign(
        &Method::GET,
        &object,
        None,
        &format!("{actor}#main-key"),
        &key,
    )
    .unwrap();
    assert_eq!(
        bovine_verifies(&app, &Method::GET, &object, &headers, None).await,
        Some(actor),
        "bovine takes Agora's signed GET, with the instance actor's key as Agora serves it"
    );
}
