//! The shared library's storage: identical bytes kept once, quotas,
//! interrupted uploads, files that must never run in a browser, and an
//! S3-compatible bucket.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use crate::library::titles;
use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    identical_bytes_are_stored_once_and_unused_ones_collected,
    quotas_refuse_with_413_and_keep_nothing,
    an_interrupted_upload_leaves_nothing_behind,
    dangerous_files_are_served_inert,
);

async fn identical_bytes_are_stored_once_and_unused_ones_collected(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "public").await;
    let report = vec![7u8; 100_000];
    let (_, first) = app
        .upload(&ada, "practice", "filename=a.bin", report.clone())
        .await;
    let (_, second) = app
        .upload(
            &ada,
            "practice",
            "filename=b.bin&title=Copy",
            report.clone(),
        )
        .await;
    assert_eq!(first["current"]["sha256"], second["current"]["sha256"]);
    assert_eq!(app.blob_files().await, 1);
    let (_, usage) = app.get("/api/v1/spaces/practice/library/usage", None).await;
    assert_eq!(usage["used_bytes"], 100_000, "{usage}");
    let (_, other) = app
        .upload(&ada, "practice", "filename=c.bin", vec![8u8; 10])
        .await;
    assert_eq!(app.blob_files().await, 2);

    // Deleting items frees nothing still in use; the collector removes the
    // rest once an hour has passed since their last use.
    app.delete(
        &format!("/api/v1/library/items/{}", first["id"]),
        Some(&ada),
    )
    .await;
    app.delete(
        &format!("/api/v1/library/items/{}", other["id"]),
        Some(&ada),
    )
    .await;
    let storage = &app.state.storage;
    assert_eq!(storage.collect_garbage(&app.state.db).await.unwrap(), 0);
    sqlx::query("UPDATE blobs SET last_used_at = 0")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(storage.collect_garbage(&app.state.db).await.unwrap(), 1);
    let shared = second["current"]["sha256"].as_str().unwrap();
    assert!(storage.has_blob(shared).await.unwrap());
    assert_eq!(app.blob_files().await, 1);
    let response = app
        .download(
            &format!("/api/v1/library/items/{}/content", second["id"]),
            None,
        )
        .await;
    assert_eq!(response.bytes().await.unwrap().len(), 100_000);
}

async fn quotas_refuse_with_413_and_keep_nothing(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.max_file_bytes = 300_000;
        config.space_quota_bytes = 500_000;
    })
    .await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "public").await;
    // Over the file limit, announced by Content-Length: refused at once.
    let (status, body) = app
        .upload(&ada, "practice", "filename=big.bin", vec![1u8; 300_001])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("at most 293 KiB"),
        "{body}"
    );
    // The same without a Content-Length (streamed): refused on the way.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        (0..40).map(|_| Ok(vec![2u8; 10_000])).collect();
    let (status, body) = app
        .upload(
            &ada,
            "practice",
            "filename=streamed.bin",
            reqwest::Body::wrap_stream(futures_util::stream::iter(chunks)),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    // Within it, twice; the third goes over the space's quota.
    for name in ["one", "two"] {
        let bytes: Vec<u8> = name.bytes().cycle().take(200_000).collect();
        let (status, body) = app
            .upload(&ada, "practice", &format!("filename={name}.bin"), bytes)
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (status, body) = app
        .upload(&ada, "practice", "filename=three.bin", vec![3u8; 200_000])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("library is full"), "{message}");
    // A note cannot slip past the quota either.
    let long = "x".repeat(150_000);
    let (status, _) = app
        .post(
            "/api/v1/spaces/practice/library/notes",
            Some(&ada),
            json!({"title": "Long", "body": long}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    // Nothing of the refused uploads is left anywhere.
    let (_, all) = app
        .get("/api/v1/spaces/practice/library?sort=recent", None)
        .await;
    assert_eq!(titles(&all), ["two.bin", "one.bin"]);
    assert_eq!(app.blob_files().await, 2);
    eventually(|| async { app.state.storage.pending_uploads().await.unwrap() == 0 }).await;
    let (_, usage) = app.get("/api/v1/spaces/practice/library/usage", None).await;
    assert_eq!(usage["used_bytes"], 400_000);
    assert_eq!(usage["quota_bytes"], 500_000);
}

async fn eventually<F, Fut>(check: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "condition not met within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn an_interrupted_upload_leaves_nothing_behind(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "public").await;
    // A client announces 5 MB, sends 3 MB and goes away.
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "POST /api/v1/spaces/practice/library/files?filename=cut.bin HTTP/1.1\r\n\
         Host: {address}\r\nAuthorization: Bearer {}\r\nContent-Length: 5000000\r\n\r\n",
        ada.token
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    let part = vec![9u8; 1_000_000];
    for _ in 0..3 {
        socket.write_all(&part).await.unwrap();
    }
    socket.flush().await.unwrap();
    // The server has the bytes in flight before the connection drops.
    eventually(|| async {
        let dir = app.state.config.data_dir.join("files").join("tmp");
        std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
    })
    .await;
    drop(socket);
    eventually(|| app.nothing_staged()).await;
    // And a stream that fails half-way, from a client that stays.
    app.upload_cut_off(&ada, "practice", "cut2.bin", 500_000)
        .await;
    eventually(|| app.nothing_staged()).await;
    // No item, no revision, no blob.
    let (_, all) = app
        .get("/api/v1/spaces/practice/library?sort=recent", None)
        .await;
    assert_eq!(all["items"], json!([]));
    let (blobs,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blobs")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(blobs, 0);
    assert_eq!(app.blob_files().await, 0);
    // The server is fine afterwards.
    let (status, _) = app
        .upload(&ada, "practice", "filename=ok.txt", b"fine".to_vec())
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn dangerous_files_are_served_inert(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "public").await;
    let png: Vec<u8> = [
        &b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"[..],
        &[0u8; 20],
    ]
    .concat();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "page.html",
            b"<!DOCTYPE html><html><body><script>fetch('/api/v1/me')</script></body></html>".to_vec(),
            "text/plain; charset=utf-8",
            "attachment",
        ),
        (
            "logo.svg",
            br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>"#.to_vec(),
            "text/plain; charset=utf-8",
            "attachment",
        ),
        (
            "actor.json",
            br#"{"@context": "https://www.w3.org/ns/activitystreams", "id": "http://agora.test/users/ada", "type": "Person", "inbox": "http://evil.test/inbox"}"#.to_vec(),
            "text/plain; charset=utf-8",
            "attachment",
        ),
        ("tool.exe", vec![0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 0xff, 0], "application/vnd.microsoft.portable-executable", "attachment"),
        ("photo.png", png, "image/png", "inline"),
    ];
    for (name, bytes, media_type, disposition) in cases {
        let (status, file) = app
            .upload(&ada, "practice", &format!("filename={name}"), bytes.clone())
            .await;
        assert_eq!(status, StatusCode::CREATED, "{file}");
        assert_eq!(file["current"]["media_type"], media_type, "{name}");
        let id = file["id"].as_i64().unwrap();
        for path in [
            format!("/api/v1/library/items/{id}/content"),
            format!("/library/{id}/download"),
        ] {
            // Even asked for as ActivityPub or HTML, it is what it is.
            let response = app
                .client
                .get(format!("{}{path}", app.base))
                .header("accept", "application/activity+json, text/html")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            let headers = response.headers().clone();
            let header = |h: &str| headers.get(h).unwrap().to_str().unwrap().to_owned();
            assert_eq!(header("content-type"), media_type, "{name}");
            assert_eq!(header("x-content-type-options"), "nosniff");
            assert!(header("content-security-policy").contains("sandbox"));
            assert_eq!(
                header("content-disposition"),
                format!("{disposition}; filename=\"{name}\"; filename*=UTF-8''{name}")
            );
            assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
        }
        // Asked for as ActivityPub at the item's id: its Document, not its bytes.
        let response = app
            .client
            .get(format!("{}/library/{id}", app.base))
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap();
        let document: Value = response.json().await.unwrap();
        assert_eq!(document["type"], "Document");
        // The bytes' type is the link's; a `mediaType` of the Document
        // itself would describe its `content`, which a file has none of.
        assert_eq!(document["url"]["mediaType"], media_type);
        assert!(document.get("content").is_none() && document.get("mediaType").is_none());
        assert_eq!(
            document["url"]["href"],
            format!("http://agora.test/library/{id}/download")
        );
    }
    // Byte ranges, so a broken download resumes.
    let (_, file) = app
        .upload(
            &ada,
            "practice",
            "filename=digits.txt",
            b"0123456789".to_vec(),
        )
        .await;
    let path = format!("{}/api/v1/library/items/{}/content", app.base, file["id"]);
    let response = app
        .client
        .get(&path)
        .header("range", "bytes=3-5")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(response.headers()["content-range"], "bytes 3-5/10");
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"345");
    let response = app
        .client
        .get(&path)
        .header("range", "bytes=10-")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::RANGE_NOT_SATISFIABLE);
    let etag = app
        .download(&path.replace(&app.base, ""), None)
        .await
        .headers()["etag"]
        .clone();
    let response = app
        .client
        .get(&path)
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}

/// The S3-compatible server the S3 test uses (`.ci/run` starts one on
/// loopback), if any.
fn s3_endpoint() -> Option<String> {
    std::env::var("AGORA_TEST_S3_ENDPOINT")
        .ok()
        .filter(|u| !u.is_empty())
}

#[tokio::test]
async fn files_live_in_an_s3_compatible_bucket() {
    let Some(endpoint) = s3_endpoint() else {
        eprintln!(
            "SKIPPED library::files_live_in_an_s3_compatible_bucket: AGORA_TEST_S3_ENDPOINT is not \
             set (no S3-compatible server); the library ran on local storage only"
        );
        return;
    };
    let bucket = format!(
        "agora-test-{}",
        agora::random_bytes::<4>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    // A local test server takes an unsigned bucket creation.
    let created = reqwest::Client::new()
        .put(format!("{endpoint}/{bucket}"))
        .send()
        .await
        .unwrap();
    assert!(
        created.status().is_success(),
        "create bucket: {}",
        created.status()
    );
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.storage = agora::config::StorageBackend::S3(agora::config::S3Settings {
            bucket: bucket.clone(),
            endpoint: endpoint.clone(),
            region: "us-east-1".into(),
            access_key_id: "test".into(),
            secret_access_key: "test".into(),
            allow_http: true,
        });
    })
    .await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "private").await;
    // 12 MiB: three multipart parts.
    let bytes: Vec<u8> = (0..12 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let (status, file) = app
        .upload(&ada, "practice", "filename=big.bin", bytes.clone())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let (_, copy) = app
        .upload(&ada, "practice", "filename=copy.bin", bytes.clone())
        .await;
    assert_eq!(file["current"]["sha256"], copy["current"]["sha256"]);
    let path = format!("/api/v1/library/items/{}/content", file["id"]);
    let response = app.download(&path, Some(&ada)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let response = app
        .client
        .get(format!("{}{path}", app.base))
        .bearer_auth(&ada.token)
        .header("range", "bytes=5242880-5242889")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        &bytes[5_242_880..5_242_890]
    );
    // An upload that fails half-way leaves nothing in the bucket's tmp/.
    app.upload_cut_off(&ada, "practice", "cut.bin", 6 * 1024 * 1024)
        .await;
    eventually(|| async { app.state.storage.pending_uploads().await.unwrap() == 0 }).await;
    // Unused bytes are collected from the bucket too.
    let hash = file["current"]["sha256"].as_str().unwrap().to_owned();
    for item in [&file, &copy] {
        app.delete(&format!("/api/v1/library/items/{}", item["id"]), Some(&ada))
            .await;
    }
    sqlx::query("UPDATE blobs SET last_used_at = 0")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert!(app.state.storage.has_blob(&hash).await.unwrap());
    assert_eq!(
        app.state
            .storage
            .collect_garbage(&app.state.db)
            .await
            .unwrap(),
        1
    );
    assert!(!app.state.storage.has_blob(&hash).await.unwrap());
}
