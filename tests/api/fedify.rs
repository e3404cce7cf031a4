//! Interoperability with Fedify itself: tests/fedify/sign.mjs signs
//! requests with Fedify's own `signRequest` (RFC 9421, and draft-cavage
//! as Fedify falls back to it), and Agora must take them. Without node
//! (20 or newer) or tests/fedify/node_modules, the test says SKIPPED.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use agora::federation::ACTIVITY_JSON;

use crate::signers::{FEDI_ACTOR, FEDI_KEY_ID, activity, count, rfc9421_instance, to_inbox};

fn script_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fedify")
}

/// Why the test cannot run here, if it cannot.
fn missing() -> Option<String> {
    let version = std::process::Command::new("node")
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    let major = version.as_deref().and_then(|v| {
        v.trim_start_matches('v')
            .split('.')
            .next()
            .and_then(|m| m.parse::<u32>().ok())
    });
    if major.is_none_or(|m| m < 20) {
        return Some(format!(
            "node 20 or newer is not installed (found {})",
            version.as_deref().unwrap_or("none")
        ));
    }
    if !script_dir().join("node_modules/@fedify/fedify").is_dir() {
        return Some(
            "tests/fedify/node_modules has no @fedify/fedify (cd tests/fedify && npm ci)".into(),
        );
    }
    None
}

/// The headers Fedify's `signRequest` gives `method url` with `body`.
async fn fedify_sign(
    spec: &str,
    method: &str,
    url: &str,
    body: Option<&[u8]>,
    private_pem: &str,
) -> HeaderMap {
    let input = json!({
        "spec": spec, "method": method, "url": url, "keyId": FEDI_KEY_ID,
        "privateKeyPem": private_pem,
        "body": body.map(|b| String::from_utf8(b.to_vec()).unwrap()),
        "headers": if body.is_some() {
            json!({"content-type": ACTIVITY_JSON})
        } else {
            json!({"accept": ACTIVITY_JSON})
        },
    });
    let mut child = tokio::process::Command::new("node")
        .arg("sign.mjs")
        .current_dir(script_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("node starts");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.to_string().as_bytes()).await.unwrap();
    drop(stdin);
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("sign.mjs answers within a minute")
        .unwrap();
    assert!(
        output.status.success(),
        "sign.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let signed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut headers = HeaderMap::new();
    for (name, value) in signed.as_object().unwrap() {
        headers.insert(
            HeaderName::try_from(name.as_str()).unwrap(),
            HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
        );
    }
    headers
}

#[tokio::test]
async fn requests_signed_by_fedify_are_taken() {
    if let Some(why) = missing() {
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED fedify::requests_signed_by_fedify_are_taken: {why}"
        );
        return;
    }
    // fedi.test publishes ana's key; Fedify signs with its private half.
    let (app, private, post) = rfc9421_instance(true).await;
    let urls = &app.state.federation.urls;
    let space = urls.space("commons");
    let inbox = urls.shared_inbox();

    // Fedify's RFC 9421 signature: @method, @target-uri, @authority,
    // host, date, content-digest.
    let follow = activity(&app, 1, "Follow", json!(space));
    let headers = fedify_sign("rfc9421", "POST", &inbox, Some(&follow), &private).await;
    assert!(headers.contains_key("signature-input"), "{headers:?}");
    let (status, body) = to_inbox(&app, headers, &follow).await;
    assert_eq!(status, 202, "{body}");

    let note = format!("{FEDI_ACTOR}/notes/1");
    let create = activity(
        &app,
        2,
        "Create",
        json!({"id": note, "type": "Page", "name": "Signed by Fedify",
               "content": "<p>RFC 9421</p>", "attributedTo": FEDI_ACTOR,
               "to": [space], "audience": space}),
    );
    let headers = fedify_sign("rfc9421", "POST", &inbox, Some(&create), &private).await;
    let (status, body) = to_inbox(&app, headers, &create).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "stored", "{body}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM posts WHERE ap_id = $1", &note).await,
        1
    );

    // What Fedify falls back to after a 401: draft-cavage.
    let like = activity(&app, 3, "Like", json!(urls.post(post)));
    let headers = fedify_sign(
        "draft-cavage-http-signatures-12",
        "POST",
        &inbox,
        Some(&like),
        &private,
    )
    .await;
    assert!(!headers.contains_key("signature-input"), "{headers:?}");
    let (status, body) = to_inbox(&app, headers, &like).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "stored", "{body}");

    // A signed GET (authorized fetch is on for this instance).
    let headers = fedify_sign("rfc9421", "GET", &space, None, &private).await;
    let response = app
        .client
        .get(format!("{}/spaces/commons", app.base))
        .headers(headers)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(document["id"], space.as_str());

    // Fedify's signature replayed with another body: 400 (digest).
    let headers = fedify_sign("rfc9421", "POST", &inbox, Some(&like), &private).await;
    let (status, body) = to_inbox(&app, headers, &follow).await;
    assert_eq!(status, 400, "{body}");
}
