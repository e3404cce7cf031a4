//! The shared library: items, revisions and permissions. Comments on
//! items are in `library_comments.rs`.
//! Storage, quotas, interrupted uploads and files that must never run in
//! a browser are in `library_storage.rs`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};

on_both_backends!(
    folders_notes_files_tags_and_listings,
    revisions_are_kept_downloaded_restored_and_compared,
    permissions_follow_space_roles,
);

impl TestApp {
    /// Uploads `bytes` as a file; returns the status and the answer.
    pub(crate) async fn upload(
        &self,
        user: &User,
        space: &str,
        query: &str,
        bytes: impl Into<reqwest::Body>,
    ) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!(
                "{}/api/v1/spaces/{space}/library/files?{query}",
                self.base
            ))
            .bearer_auth(&user.token)
            // The uploader's claim, which the server must not believe.
            .header("content-type", "application/pdf")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub(crate) async fn download(&self, path: &str, user: Option<&User>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(user) = user {
            request = request.bearer_auth(&user.token);
        }
        request.send().await.unwrap()
    }

    /// An upload whose body fails after `sent` bytes, as when a phone loses
    /// its signal; the server must answer with an error or drop the request.
    pub(crate) async fn upload_cut_off(
        &self,
        user: &User,
        space: &str,
        filename: &str,
        sent: usize,
    ) {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
            Ok(vec![1u8; sent]),
            Err(std::io::Error::other("the phone lost its signal")),
        ];
        let result = self
            .client
            .post(format!(
                "{}/api/v1/spaces/{space}/library/files?filename={filename}",
                self.base
            ))
            .bearer_auth(&user.token)
            .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
                chunks,
            )))
            .send()
            .await;
        assert!(result.is_err() || result.unwrap().status().is_client_error());
    }

    /// Whether no upload is in progress or left over: nothing under `tmp/`
    /// (local staging files included).
    pub(crate) async fn nothing_staged(&self) -> bool {
        let dir = self.state.config.data_dir.join("files").join("tmp");
        let staged = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
        staged == 0 && self.state.storage.pending_uploads().await.unwrap() == 0
    }

    pub(crate) async fn blob_files(&self) -> usize {
        let dir = self.state.config.data_dir.join("files").join("blobs");
        let mut count = 0;
        for shard in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            count += std::fs::read_dir(shard.path()).unwrap().count();
        }
        count
    }
}

pub(crate) fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn folders_notes_files_tags_and_listings(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "practice", "public").await;
    let (status, folder) = app
        .post(
            "/api/v1/spaces/practice/library/folders",
            Some(&ada),
            json!({"title": "Case files", "description": "Strategic litigation"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{folder}");
    assert_eq!(folder["kind"], "folder");
    let folder_id = folder["id"].as_i64().unwrap();
    let (status, note) = app
        .post(
            "/api/v1/spaces/practice/library/notes",
            Some(&ada),
            json!({"title": "Meeting notes", "body": "# March\n\n- agenda\n", "language": "fr",
                   "tags": ["#Meetings", "minutes"], "comment": "first draft"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["language"], "fr");
    assert_eq!(note["status"], "open");
    assert_eq!(note["tags"], json!(["meetings", "minutes"]));
    assert_eq!(note["current"]["number"], 1);
    assert_eq!(note["current"]["comment"], "first draft");
    assert_eq!(note["current"]["author"], "ada");
    assert!(
        note["body_html"]
            .as_str()
            .unwrap()
            .contains("<h1>March</h1>")
    );
    let (status, file) = app
        .upload(
            &ada,
            "practice",
            &format!("filename=brief.pdf&title=Amicus%20brief&tags=litigation,Meetings&folder={folder_id}&description=Filed%20in%20May&status=validated"),
            b"%PDF-1.7\nfake but typed".to_vec(),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    assert_eq!(file["kind"], "file");
    assert_eq!(file["folder"], folder_id);
    assert_eq!(file["status"], "validated");
    assert_eq!(file["current"]["filename"], "brief.pdf");
    assert_eq!(file["current"]["media_type"], "application/pdf");
    assert_eq!(file["current"]["size"], 23);
    let file_id = file["id"].as_i64().unwrap();

    // By folder: the top holds the folder (first) and the note.
    let (_, top) = app.get("/api/v1/spaces/practice/library", None).await;
    assert_eq!(titles(&top), ["Case files", "Meeting notes"]);
    let (_, inside) = app
        .get(
            &format!("/api/v1/spaces/practice/library?folder={folder_id}"),
            None,
        )
        .await;
    assert_eq!(titles(&inside), ["Amicus brief"]);
    // By tag, in any folder.
    let (_, tagged) = app
        .get("/api/v1/spaces/practice/library?tag=meetings", None)
        .await;
    assert_eq!(titles(&tagged), ["Amicus brief", "Meeting notes"]);
    // By recent change: the note, once edited, comes first.
    let (status, edited) = app
        .patch(
            &format!("/api/v1/library/items/{}", note["id"]),
            Some(&ada),
            json!({"status": "validated", "description": "Approved"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (_, recent) = app
        .get("/api/v1/spaces/practice/library?sort=recent", None)
        .await;
    assert_eq!(titles(&recent), ["Meeting notes", "Amicus brief"]);
    // Paging.
    let (_, first) = app
        .get("/api/v1/spaces/practice/library?sort=recent&limit=1", None)
        .await;
    assert_eq!(titles(&first), ["Meeting notes"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let (_, second) = app
        .get(
            &format!("/api/v1/spaces/practice/library?sort=recent&limit=1&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(titles(&second), ["Amicus brief"]);
    assert!(second["next_cursor"].is_null());

    // Move the file to the top; a folder cannot go into itself.
    let (status, moved) = app
        .patch(
            &format!("/api/v1/library/items/{file_id}"),
            Some(&ada),
            json!({"folder": 0}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert!(moved["folder"].is_null());
    let (status, _) = app
        .patch(
            &format!("/api/v1/library/items/{folder_id}"),
            Some(&ada),
            json!({"folder": folder_id}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Archived items leave the listing unless asked for.
    let (status, _) = app
        .patch(
            &format!("/api/v1/library/items/{file_id}"),
            Some(&ada),
            json!({"archived": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, top) = app.get("/api/v1/spaces/practice/library", None).await;
    assert_eq!(titles(&top), ["Case files", "Meeting notes"]);
    let (_, all) = app
        .get("/api/v1/spaces/practice/library?archived=true", None)
        .await;
    assert_eq!(
        titles(&all),
        ["Case files", "Amicus brief", "Meeting notes"]
    );
    // Bad input is explained.
    for (query, expected) in [
        ("sort=size", StatusCode::UNPROCESSABLE_ENTITY),
        ("limit=0", StatusCode::UNPROCESSABLE_ENTITY),
        ("folder=999999", StatusCode::UNPROCESSABLE_ENTITY),
        ("cursor=abc", StatusCode::BAD_REQUEST),
    ] {
        let (status, body) = app
            .get(&format!("/api/v1/spaces/practice/library?{query}"), None)
            .await;
        assert_eq!(status, expected, "{query}: {body}");
    }
    let (status, body) = app
        .upload(&ada, "practice", "title=no%20name", b"x".to_vec())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // Deleting the folder takes what is inside; the item answers 410.
    let (_, inner) = app
        .post(
            "/api/v1/spaces/practice/library/notes",
            Some(&ada),
            json!({"title": "Inside", "folder": folder_id}),
        )
        .await;
    let (status, _) = app
        .delete(&format!("/api/v1/library/items/{folder_id}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .get(&format!("/api/v1/library/items/{}", inner["id"]), None)
        .await;
    assert_eq!(status, StatusCode::GONE);
}

async fn revisions_are_kept_downloaded_restored_and_compared(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bruno = app.user("bruno").await;
    app.space(&ada, "practice", "public").await;
    app.add_member(&ada, "practice", &bruno, "contributor")
        .await;
    let (_, file) = app
        .upload(
            &ada,
            "practice",
            "filename=template.txt&comment=v1",
            b"Dear court,\n".to_vec(),
        )
        .await;
    let id = file["id"].as_i64().unwrap();
    let response = app
        .client
        .post(format!(
            "{}/api/v1/library/items/{id}/file?comment=typo%20fixed",
            app.base
        ))
        .bearer_auth(&bruno.token)
        .body(b"Dear Court,\nSecond line.\n".to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let (_, revisions) = app
        .get(&format!("/api/v1/library/items/{id}/revisions"), None)
        .await;
    let revisions = revisions.as_array().unwrap();
    assert_eq!(revisions.len(), 2);
    assert_eq!(revisions[0]["number"], 2);
    assert_eq!(revisions[0]["author"], "bruno");
    assert_eq!(revisions[0]["comment"], "typo fixed");
    assert_eq!(revisions[0]["size"], 25);
    assert_eq!(revisions[0]["filename"], "template.txt");
    assert_eq!(revisions[1]["author"], "ada");
    assert_eq!(revisions[1]["size"], 12);
    assert!(revisions[1]["created_at"].as_str().is_some());
    let old = app
        .download(
            &format!("/api/v1/library/items/{id}/revisions/1/content"),
            None,
        )
        .await;
    assert_eq!(old.bytes().await.unwrap().as_ref(), b"Dear court,\n");
    // Restoring makes a third revision with the first one's bytes.
    let (status, restored) = app
        .post(
            &format!("/api/v1/library/items/{id}/revisions/1/restore"),
            Some(&bruno),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{restored}");
    assert_eq!(restored["current"]["number"], 3);
    assert_eq!(restored["current"]["comment"], "restored revision 1");
    assert_eq!(restored["current"]["sha256"], revisions[1]["sha256"]);
    let current = app
        .download(&format!("/api/v1/library/items/{id}/content"), None)
        .await;
    assert_eq!(current.bytes().await.unwrap().as_ref(), b"Dear court,\n");
    let (status, _) = app
        .post(
            &format!("/api/v1/library/items/{id}/revisions/9/restore"),
            Some(&bruno),
            json!(null),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Notes: each changed body is a revision; revisions compare as a diff.
    let (_, note) = app
        .post(
            "/api/v1/spaces/practice/library/notes",
            Some(&ada),
            json!({"title": "Strategy", "body": "one\ntwo\nthree\n"}),
        )
        .await;
    let note_id = note["id"].as_i64().unwrap();
    let (status, _) = app
        .patch(
            &format!("/api/v1/library/items/{note_id}"),
            Some(&bruno),
            json!({"body": "one\n2\nthree\nfour\n", "comment": "numbers"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // The same body again makes no revision.
    app.patch(
        &format!("/api/v1/library/items/{note_id}"),
        Some(&bruno),
        json!({"body": "one\n2\nthree\nfour\n"}),
    )
    .await;
    let (_, revisions) = app
        .get(&format!("/api/v1/library/items/{note_id}/revisions"), None)
        .await;
    assert_eq!(revisions.as_array().unwrap().len(), 2);
    let (status, diff) = app
        .get(
            &format!("/api/v1/library/items/{note_id}/diff?from=1&to=2"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{diff}");
    let unified = diff["unified"].as_str().unwrap();
    assert!(unified.contains("--- revision 1"), "{unified}");
    assert!(unified.contains("-two\n"), "{unified}");
    assert!(unified.contains("+2\n"), "{unified}");
    assert!(unified.contains("+four\n"), "{unified}");
    assert_eq!(diff["insertions"], 2);
    assert_eq!(diff["deletions"], 1);
    assert_eq!(diff["lines"][0], json!({"op": "equal", "text": "one"}));
    // Restore the note's first revision, and its text is back.
    app.post(
        &format!("/api/v1/library/items/{note_id}/revisions/1/restore?comment=back"),
        Some(&ada),
        json!(null),
    )
    .await;
    let (_, note) = app
        .get(&format!("/api/v1/library/items/{note_id}"), None)
        .await;
    assert_eq!(note["body"], "one\ntwo\nthree\n");
    assert_eq!(note["current"]["number"], 3);
    assert_eq!(note["current"]["comment"], "back");
    // Files do not diff.
    let (status, _) = app
        .get(
            &format!("/api/v1/library/items/{id}/diff?from=1&to=2"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn permissions_follow_space_roles(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await; // space manager
    let rita = app.user("rita").await; // reader
    let carl = app.user("carl").await; // contributor
    let maya = app.user("maya").await; // content manager
    let olga = app.user("olga").await; // not a member
    app.space(&ada, "case-17", "private").await;
    app.add_member(&ada, "case-17", &rita, "reader").await;
    app.add_member(&ada, "case-17", &carl, "contributor").await;
    app.add_member(&ada, "case-17", &maya, "content_manager")
        .await;
    let (status, file) = app
        .upload(&carl, "case-17", "filename=evidence.txt", b"facts".to_vec())
        .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let id = file["id"].as_i64().unwrap();
    let item = format!("/api/v1/library/items/{id}");

    // Readers read and download, and nothing more.
    let (status, _) = app.get(&item, Some(&rita)).await;
    assert_eq!(status, StatusCode::OK);
    let response = app.download(&format!("{item}/content"), Some(&rita)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let (status, _) = app
        .upload(&rita, "case-17", "filename=x.txt", b"x".to_vec())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .patch(&item, Some(&rita), json!({"title": "mine"}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("{item}/comments"),
            Some(&rita),
            json!({"body": "hi"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Contributors upload, edit, restore and comment, but do not move,
    // archive, delete or make folders.
    let (status, _) = app
        .patch(
            &item,
            Some(&carl),
            json!({"title": "Evidence", "tags": ["facts"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            &format!("{item}/comments"),
            Some(&carl),
            json!({"body": "see p. 4"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    for (change, what) in [
        (json!({"archived": true}), "archive"),
        (json!({"folder": 0}), "move"),
    ] {
        let (status, _) = app.patch(&item, Some(&carl), change).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
    }
    let (status, _) = app.delete(&item, Some(&carl)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            "/api/v1/spaces/case-17/library/folders",
            Some(&carl),
            json!({"title": "Mine"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Content managers make folders, move, archive and delete.
    let (status, folder) = app
        .post(
            "/api/v1/spaces/case-17/library/folders",
            Some(&maya),
            json!({"title": "Evidence"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .patch(
            &item,
            Some(&maya),
            json!({"folder": folder["id"], "archived": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    // Outsiders find nothing at all, exactly like a missing item.
    let missing = "/api/v1/library/items/999999";
    let (missing_status, missing_body) = app.get(missing, Some(&olga)).await;
    assert_eq!(missing_status, StatusCode::NOT_FOUND);
    for path in [
        item.clone(),
        format!("{item}/revisions"),
        format!("{item}/comments"),
        format!("{item}/diff?from=1&to=1"),
        format!("/library/{id}"),
    ] {
        for user in [Some(&olga), None] {
            let (status, body) = app.get(&path, user).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            if path.starts_with("/api/v1/library/items") {
                assert_eq!(body, missing_body, "{path}");
            }
        }
    }
    for path in [
        format!("{item}/content"),
        format!("{item}/revisions/1/content"),
        format!("/library/{id}/download"),
    ] {
        let response = app.download(&path, Some(&olga)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, missing_body, "{path}");
    }
    let (status, _) = app.get("/api/v1/spaces/case-17/library", Some(&olga)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .upload(&olga, "case-17", "filename=x.txt", b"x".to_vec())
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Deleting: content managers yes.
    let (status, _) = app.delete(&item, Some(&maya)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // A public space's library is readable by anyone, signed in or not.
    app.space(&ada, "news", "public").await;
    let (_, public) = app
        .upload(
            &ada,
            "news",
            "filename=report.txt",
            b"annual report".to_vec(),
        )
        .await;
    let response = app
        .download(&format!("/library/{}/download", public["id"]), None)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.bytes().await.unwrap().as_ref(), b"annual report");
    let (status, _) = app
        .upload(&olga, "news", "filename=x.txt", b"x".to_vec())
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
