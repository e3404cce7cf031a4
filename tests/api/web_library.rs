//! The library pages over HTTP: folders, notes, uploads through the
//! multipart form, revisions, comments, tokens and privacy.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    a_member_files_notes_and_uploads_in_the_library,
    library_forms_need_their_token,
    a_private_library_stays_hidden,
);

/// The raw bytes at `path`, as the signed-in browser downloads them.
async fn download(app: &TestApp, browser: &Browser, path: &str) -> (StatusCode, Vec<u8>) {
    let session = browser.cookie("agora_session").unwrap_or_default();
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}{path}", app.base))
        .header("cookie", format!("agora_session={session}"))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.bytes().await.unwrap().to_vec())
}

/// The id at the end of a redirect such as `/item/12`.
fn id_after(location: &str, prefix: &str) -> i64 {
    location
        .strip_prefix(prefix)
        .and_then(|rest| rest.split(['#', '&']).next())
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{location} does not start with {prefix}"))
}

async fn a_member_files_notes_and_uploads_in_the_library(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let library = browser.get("/s/news/library").await;
    assert_eq!(library.status, StatusCode::OK, "{}", library.body);
    library.assert_contains("This folder is empty.");
    library.assert_contains("enctype=\"multipart/form-data\"");
    library.assert_contains("action=\"/s/news/library/folders\"");

    // A folder, and a note inside it.
    let folder = browser
        .submit(
            "/s/news/library/folders",
            &[
                ("title", "Board minutes"),
                ("description", ""),
                ("folder", ""),
            ],
        )
        .await;
    assert_eq!(folder.status, StatusCode::SEE_OTHER, "{}", folder.body);
    let folder_id = id_after(folder.location(), "/s/news/library?folder=");
    let folder_id_text = folder_id.to_string();
    let note = browser
        .submit(
            "/s/news/library/notes",
            &[
                ("title", "Agenda"),
                ("body", "# Agenda\n\n- budget\n"),
                ("tags", "Board, 2026"),
                ("language", "en"),
                ("folder", &folder_id_text),
            ],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.body);
    let note_id = id_after(note.location(), "/item/");

    let inside = browser.get(folder.location()).await;
    inside.assert_contains("<bdi>Board minutes</bdi>");
    inside.assert_contains(&format!("href=\"/item/{note_id}\""));
    inside.assert_contains("<bdi>#board</bdi>");
    inside.assert_contains("Note");
    let top = browser.get("/s/news/library").await;
    top.assert_contains(&format!("href=\"/s/news/library?folder={folder_id}\""));
    let tagged = browser.get("/s/news/library?tag=board").await;
    tagged.assert_contains(&format!("href=\"/item/{note_id}\""));

    let note_page = browser.get(&format!("/item/{note_id}")).await;
    assert_eq!(note_page.status, StatusCode::OK);
    note_page.assert_contains("<h1 lang=\"en\"><bdi>Agenda</bdi></h1>");
    note_page.assert_contains("<li>budget</li>");
    note_page.assert_contains(&format!("href=\"/s/news/library?folder={folder_id}\""));

    // The note's text changes: a second revision, and the difference.
    let edited = browser
        .submit(
            &format!("/item/{note_id}/note"),
            &[
                ("body", "# Agenda\n\n- budget\n- hiring\n"),
                ("comment", "hiring added"),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let note_page = browser.get(&format!("/item/{note_id}")).await;
    note_page.assert_contains("<li>hiring</li>");
    note_page.assert_contains("hiring added");
    let diff = browser
        .get(&format!("/item/{note_id}/diff?from=1&to=2"))
        .await;
    assert_eq!(diff.status, StatusCode::OK, "{}", diff.body);
    diff.assert_contains("<ins>+ - hiring\n</ins>");
    diff.assert_contains("1 line added");

    // A file through the multipart form, downloaded back as it was.
    let first: Vec<u8> = (0..70_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let uploaded = browser
        .upload(
            "/s/news/library/upload",
            &[
                ("folder", &folder_id_text),
                ("title", ""),
                ("tags", "scan"),
                ("comment", "first scan"),
            ],
            "scan.bin",
            first.clone(),
        )
        .await;
    assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
    let file_id = id_after(uploaded.location(), "/item/");
    let file_page = browser.get(&format!("/item/{file_id}")).await;
    file_page.assert_contains("<bdi>scan.bin</bdi>");
    file_page.assert_contains("first scan");
    file_page.assert_contains("70 KB");
    file_page.assert_contains(&format!("href=\"/library/{file_id}/download\""));
    let (status, bytes) = download(&app, &browser, &format!("/library/{file_id}/download")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(bytes == first, "the download differs from the upload");

    // A second revision; both are listed and each downloads as it was.
    let second: Vec<u8> = b"second revision\n".repeat(100);
    let revised = browser
        .upload(
            &format!("/item/{file_id}/revisions"),
            &[("comment", "second scan")],
            "scan-2.bin",
            second.clone(),
        )
        .await;
    assert_eq!(revised.status, StatusCode::SEE_OTHER, "{}", revised.body);
    let file_page = browser.get(&format!("/item/{file_id}")).await;
    for number in [1, 2] {
        file_page.assert_contains(&format!(
            "/api/v1/library/items/{file_id}/revisions/{number}/content"
        ));
    }
    file_page.assert_contains("second scan");
    file_page.assert_contains("Restore revision 1");
    assert!(!file_page.body.contains("Restore revision 2"));
    let (_, bytes) = download(
        &app,
        &browser,
        &format!("/api/v1/library/items/{file_id}/revisions/1/content"),
    )
    .await;
    assert!(bytes == first);
    let (_, bytes) = download(&app, &browser, &format!("/library/{file_id}/download")).await;
    assert!(bytes == second);

    // Restoring the first makes it current again, as a third revision.
    let restored = browser
        .submit(&format!("/item/{file_id}/revisions/1/restore"), &[])
        .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let (_, bytes) = download(&app, &browser, &format!("/library/{file_id}/download")).await;
    assert!(bytes == first);

    // Comments.
    let commented = browser
        .submit(
            &format!("/item/{file_id}/comments"),
            &[("body", "Looks *right*.")],
        )
        .await;
    assert_eq!(
        commented.status,
        StatusCode::SEE_OTHER,
        "{}",
        commented.body
    );
    browser
        .get(&format!("/item/{file_id}"))
        .await
        .assert_contains("<em>right</em>");

    // Details, then deleting the note.
    let details = browser
        .submit(
            &format!("/item/{file_id}/edit"),
            &[
                ("title", "Scanned minutes"),
                ("description", "From the March meeting"),
                ("tags", "scan, minutes"),
                ("language", "en"),
                ("status", "validated"),
            ],
        )
        .await;
    assert_eq!(details.status, StatusCode::SEE_OTHER, "{}", details.body);
    let file_page = browser.get(&format!("/item/{file_id}")).await;
    file_page.assert_contains("Scanned minutes");
    file_page.assert_contains("Validated");
    file_page.assert_contains("<bdi>#minutes</bdi>");
    let deleted = browser
        .submit(&format!("/item/{note_id}/delete"), &[])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(
        deleted.location(),
        format!("/s/news/library?folder={folder_id}")
    );
    let inside = browser.get(folder.location()).await;
    assert!(!inside.body.contains(&format!("href=\"/item/{note_id}\"")));
}

async fn library_forms_need_their_token(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let forged = browser
        .submit_raw(
            "/s/news/library/folders",
            &[("title".into(), "Forged".into())],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // A multipart upload whose fields lack the token.
    let boundary = "agora-test-boundary-no-token";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nForged\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nforged bytes"
    )
    .into_bytes();
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let cookies = format!(
        "agora_session={}; agora_csrf={}",
        browser.cookie("agora_session").unwrap(),
        browser.csrf()
    );
    let response = reqwest::Client::new()
        .post(format!("{}/s/news/library/upload", app.base))
        .header("cookie", cookies)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    let (_, list) = app.get("/api/v1/spaces/news/library", Some(&ada)).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
}

async fn a_private_library_stays_hidden(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    let space = app.space(&ada, "circle", "private").await;
    let (status, note) = app
        .post(
            &format!("/api/v1/spaces/{space}/library/notes"),
            Some(&ada),
            json!({"title": "Confidential plan", "body": "Nothing to see."}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    let item = note["id"].as_i64().unwrap();

    let member = Browser::signed_in(&app, &ada).await;
    member
        .get(&format!("/s/{space}/library"))
        .await
        .assert_contains("Confidential plan");
    member
        .get(&format!("/item/{item}"))
        .await
        .assert_contains("Confidential plan");

    let outsider = Browser::signed_in(&app, &eve).await;
    let missing = outsider.get("/item/99999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    missing.assert_contains("Page not found");
    for path in [
        format!("/s/{space}/library"),
        format!("/item/{item}"),
        format!("/item/{item}/diff?from=1&to=1"),
    ] {
        let page = outsider.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        page.assert_contains("Page not found");
        assert!(!page.body.contains("Confidential"), "{path}");
    }
    let comment = outsider
        .submit(&format!("/item/{item}/comments"), &[("body", "hello")])
        .await;
    assert_eq!(comment.status, StatusCode::NOT_FOUND);
    let upload = outsider
        .upload(
            &format!("/s/{space}/library/upload"),
            &[],
            "x.txt",
            b"x".to_vec(),
        )
        .await;
    assert_eq!(upload.status, StatusCode::NOT_FOUND);
    let (status, _) = download(&app, &outsider, &format!("/library/{item}/download")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
