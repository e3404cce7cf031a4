//! Pictures and files on posts and comments (issue 19 point 4), and
//! profile pictures (point 5): metadata removed, three sizes, shown only to
//! whoever may open what they belong to, limits with clear refusals.

use image::ImageEncoder;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::pictures::{SECRET, contains, photo};
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

crate::on_both_backends!(
    a_picture_loses_its_metadata_and_comes_in_three_sizes,
    a_private_space_keeps_its_pictures,
    the_web_composer_takes_pictures_and_files_from_a_phone,
    bad_uploads_are_refused_and_nothing_is_kept,
    a_feed_of_thirty_posts_with_pictures_stays_light,
    profile_pictures_follow_profile_visibility,
);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

impl TestApp {
    /// `POST /api/v1/media` with `bytes` as the body.
    async fn upload_media(&self, user: &User, query: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/api/v1/media?{query}", self.base))
            .bearer_auth(&user.token)
            .header("content-type", "image/png") // a claim the server ignores
            .body(bytes)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn fetch(&self, path: &str, user: Option<&User>) -> reqwest::Response {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(user) = user {
            request = request.bearer_auth(&user.token);
        }
        request.send().await.unwrap()
    }

    pub(crate) async fn media_rows(&self) -> i64 {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM media")
            .fetch_one(self.state.db.writer())
            .await
            .unwrap();
        n
    }
}

async fn a_picture_loses_its_metadata_and_comes_in_three_sizes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    app.space(&amina, "hearings", "public").await;

    let (status, uploaded) = app
        .upload_media(
            &amina,
            "filename=court.jpg&description=Lawyers%20outside%20the%20court",
            photo(3000, 2000),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{uploaded}");
    assert_eq!(uploaded["kind"], "image");
    assert_eq!(uploaded["media_type"], "image/jpeg");
    assert_eq!(
        (uploaded["width"].as_i64(), uploaded["height"].as_i64()),
        (Some(2048), Some(1365))
    );
    assert_eq!(
        (
            uploaded["thumb_width"].as_i64(),
            uploaded["thumb_height"].as_i64()
        ),
        (Some(400), Some(267))
    );
    let id = uploaded["id"].as_i64().unwrap();

    // Not attached yet: its owner sees it, nobody else.
    let own = app.fetch(&format!("/media/{id}/thumb"), Some(&amina)).await;
    assert_eq!(own.status(), StatusCode::OK);
    let bruno = app.user("bruno").await;
    assert_eq!(
        app.fetch(&format!("/media/{id}"), Some(&bruno))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    let (status, post) = app
        .post(
            "/api/v1/spaces/hearings/posts",
            Some(&amina),
            json!({"title": "Hearing today", "body": "Outside the court.", "media": [id]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{post}");
    let post_id = post["id"].as_i64().unwrap();
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    let attachment = &post["attachments"][0];
    assert_eq!(attachment["id"].as_i64(), Some(id));
    assert_eq!(attachment["description"], "Lawyers outside the court");
    assert_eq!(attachment["url"], format!("/media/{id}"));

    // Each size, to anyone (a public space), kept by caches, and none
    // carrying the EXIF: not the GPS text, not even an Exif block.
    for (path, side) in [("", 2048), ("/phone", 1080), ("/thumb", 400)] {
        let response = app.fetch(&format!("/media/{id}{path}"), None).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        assert!(
            response.headers()["cache-control"]
                .to_str()
                .unwrap()
                .starts_with("public"),
        );
        let bytes = response.bytes().await.unwrap();
        assert!(!contains(&bytes, SECRET), "{path} keeps the EXIF text");
        assert!(!contains(&bytes, b"Exif"), "{path} keeps an Exif block");
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!(decoded.width(), side, "{path}");
        // Still the same picture: red on the left, blue on the right.
        let rgb = decoded.to_rgb8();
        assert!(rgb.get_pixel(side / 8, 10).0[0] > 150);
        assert!(rgb.get_pixel(side - side / 8, 10).0[2] > 150);
    }
    // Another member cannot take it for their own post.
    let (status, _) = app
        .post(
            "/api/v1/spaces/hearings/posts",
            Some(&amina),
            json!({"title": "Again", "body": "x", "media": [id]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The author describes it again; nobody else may.
    let (status, _) = app
        .patch(
            &format!("/api/v1/media/{id}"),
            Some(&bruno),
            json!({"description": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .patch(
            &format!("/api/v1/media/{id}"),
            Some(&amina),
            json!({"description": "The court's door"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    assert_eq!(post["attachments"][0]["description"], "The court's door");

    // Deleted with its post: the picture is gone at once.
    let (status, _) = app
        .delete(&format!("/api/v1/posts/{post_id}"), Some(&amina))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.fetch(&format!("/media/{id}/thumb"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.media_rows().await, 0);
}

async fn a_private_space_keeps_its_pictures(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    let bruno = app.user("bruno").await;
    let chloe = app.user("chloe").await;
    app.space(&amina, "case-17", "private").await;
    app.add_member(&amina, "case-17", &bruno, "contributor")
        .await;
    app.space(&chloe, "other", "private").await;

    let (_, uploaded) = app
        .upload_media(&amina, "filename=scan.jpg", photo(800, 600))
        .await;
    let id = uploaded["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            "/api/v1/spaces/case-17/posts",
            Some(&amina),
            json!({"title": "Scanned statement", "body": "x", "media": [id]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // A member sees it, kept by no cache.
    let seen = app.fetch(&format!("/media/{id}/thumb"), Some(&bruno)).await;
    assert_eq!(seen.status(), StatusCode::OK);
    assert_eq!(seen.headers()["cache-control"], "private, no-store");

    // Anyone else gets exactly what a number nobody uses gets.
    let unused = app.fetch("/media/4242424242/thumb", None).await;
    let unused_status = unused.status();
    let unused_body = unused.text().await.unwrap();
    assert_eq!(unused_status, StatusCode::NOT_FOUND);
    for viewer in [None, Some(&chloe)] {
        for path in ["", "/phone", "/thumb"] {
            let response = app.fetch(&format!("/media/{id}{path}"), viewer).await;
            assert_eq!(response.status(), unused_status);
            assert!(response.headers().get("etag").is_none());
            assert_eq!(response.text().await.unwrap(), unused_body);
        }
    }
}

async fn the_web_composer_takes_pictures_and_files_from_a_phone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    app.space(&amina, "hearings", "public").await;
    let browser = Browser::signed_in(&app, &amina).await;

    let page = browser.get("/s/hearings").await;
    page.assert_contains("enctype=\"multipart/form-data\"");
    page.assert_contains("name=\"files\" multiple accept=\"image/*");

    let sent = browser
        .upload_files(
            "/s/hearings/posts",
            &[
                ("title", "Hearing in Goma"),
                ("body", "Two photos and the ruling."),
                ("language", "fr"),
                ("descriptions", "The courthouse\nLawyers on the steps"),
            ],
            "files",
            &[
                ("IMG_0001.jpg", photo(1200, 900)),
                ("ruling.pdf", PDF.to_vec()),
                ("IMG_0002.jpg", photo(900, 1200)),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let post_path = sent.location().to_owned();
    let post_id: i64 = post_path.trim_start_matches("/post/").parse().unwrap();
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    let attachments = post["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 3);
    assert_eq!(attachments[0]["description"], "The courthouse");
    assert_eq!(attachments[1]["kind"], "file");
    assert_eq!(attachments[1]["media_type"], "application/pdf");
    assert_eq!(attachments[1]["file_name"], "ruling.pdf");
    assert_eq!(attachments[2]["description"], "Lawyers on the steps");
    assert_eq!(
        (
            attachments[2]["thumb_width"].as_i64(),
            attachments[2]["thumb_height"].as_i64()
        ),
        (Some(300), Some(400))
    );
    let first = attachments[0]["id"].as_i64().unwrap();
    let pdf = attachments[1]["id"].as_i64().unwrap();

    // The post's page: thumbnails that load lazily, sized, described; the
    // file as a download; the author may describe each picture.
    let page = browser.get(&post_path).await;
    page.assert_contains(&format!(
        "<img src=\"/media/{first}/thumb\" alt=\"The courthouse\" loading=\"lazy\" decoding=\"async\" width=\"400\" height=\"300\">"
    ));
    page.assert_contains(&format!(
        "<a href=\"/media/{pdf}\" download><bdi>ruling.pdf</bdi></a>"
    ));
    page.assert_contains(&format!("action=\"/media/{first}/describe\""));
    // The feed shows the thumbnails too.
    browser.get("/s/hearings").await.assert_contains(&format!(
        "<img src=\"/media/{first}/thumb\" alt=\"The courthouse\" loading=\"lazy\""
    ));
    // The file downloads, never shown inline.
    let download = app.fetch(&format!("/media/{pdf}"), None).await;
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);

    // Describing from the page, in the reader's words.
    let described = browser
        .submit(
            &format!("/media/{first}/describe"),
            &[("description", "Le palais de justice")],
        )
        .await;
    assert_eq!(described.status, StatusCode::SEE_OTHER);
    assert_eq!(described.location(), post_path);
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    assert_eq!(
        post["attachments"][0]["description"],
        "Le palais de justice"
    );
    // Someone else's describe form does nothing.
    let bruno = app.user("bruno").await;
    let other = Browser::signed_in(&app, &bruno).await;
    let refused = other
        .submit(&format!("/media/{first}/describe"), &[("description", "x")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // A comment with a picture, from the same kind of form.
    let sent = browser
        .upload_files(
            &format!("/post/{post_id}/comments"),
            &[("body", "Another angle."), ("descriptions", "The crowd")],
            "files",
            &[("IMG_0003.jpg", photo(640, 480))],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let (_, thread) = app
        .get(&format!("/api/v1/posts/{post_id}/comments"), None)
        .await;
    let comment = &thread.as_array().unwrap()[0];
    assert_eq!(comment["attachments"][0]["description"], "The crowd");
    // Forms without files still work as before.
    let plain = browser
        .submit(
            "/s/hearings/posts",
            &[("title", "Text only"), ("body", "x")],
        )
        .await;
    assert_eq!(plain.status, StatusCode::SEE_OTHER);
}

async fn bad_uploads_are_refused_and_nothing_is_kept(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    app.space(&amina, "hearings", "public").await;
    let browser = Browser::signed_in(&app, &amina).await;

    // Seven files: more than a post takes.
    let files: Vec<(&str, Vec<u8>)> = (0..7).map(|_| ("a.pdf", PDF.to_vec())).collect();
    let refused = browser
        .upload_files(
            "/s/hearings/posts",
            &[("title", "Too many"), ("body", "x")],
            "files",
            &files,
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    // A picture that is damaged: the reason, and nothing kept of the post
    // or of the pictures before it.
    let mut damaged = photo(800, 600);
    damaged.truncate(600);
    let refused = browser
        .upload_files(
            "/s/hearings/posts",
            &[("title", "Damaged"), ("body", "x")],
            "files",
            &[("good.jpg", photo(300, 200)), ("bad.jpg", damaged.clone())],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains("A file could not be read");
    assert_eq!(app.media_rows().await, 0);
    let (_, feed) = app.get("/api/v1/spaces/hearings/posts", None).await;
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(0), "{feed}");
    // A post refused after its pictures were made leaves none behind.
    let refused = browser
        .upload_files(
            "/s/hearings/posts",
            &[("title", ""), ("body", "x")],
            "files",
            &[("good.jpg", photo(300, 200))],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.media_rows().await, 0);

    // Through the API: too large, before a byte is read; damaged; empty.
    let (status, body) = app
        .upload_media(&amina, "filename=big.bin", vec![0u8; 16 * 1024 * 1024 + 1])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body["message"].as_str().unwrap().contains("16"));
    let (status, body) = app.upload_media(&amina, "filename=bad.jpg", damaged).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["message"].as_str().unwrap().contains("damaged"),
        "{body}"
    );
    let (status, _) = app.upload_media(&amina, "filename=empty", Vec::new()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // A picture claiming 30000 pixels a side is refused before decoding.
    let mut huge = Vec::new();
    image::codecs::png::PngEncoder::new(&mut huge)
        .write_image(&[0; 3], 1, 1, image::ExtendedColorType::Rgb8)
        .unwrap();
    huge[16..20].copy_from_slice(&30_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&30_000u32.to_be_bytes());
    let (status, _) = app.upload_media(&amina, "filename=huge.png", huge).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.media_rows().await, 0);
    assert_eq!(app.state.storage.pending_uploads().await.unwrap(), 0);
    // Nobody signed in may upload.
    let response = app
        .client
        .post(format!("{}/api/v1/media", app.base))
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

async fn a_feed_of_thirty_posts_with_pictures_stays_light(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    app.space(&amina, "hearings", "public").await;
    // Small enough to upload sixty times quickly, large enough for a
    // full-sized thumbnail (400 × 300).
    let picture = photo(480, 360);
    for n in 0..30 {
        let mut ids = Vec::new();
        for _ in 0..2 {
            let (status, uploaded) = app
                .upload_media(
                    &amina,
                    "filename=photo.jpg&description=A%20hearing%20in%20the%20provincial%20court",
                    picture.clone(),
                )
                .await;
            assert_eq!(status, StatusCode::CREATED);
            ids.push(uploaded["id"].as_i64().unwrap());
        }
        let (status, _) = app
            .post(
                "/api/v1/spaces/hearings/posts",
                Some(&amina),
                json!({"title": format!("Hearing {n}: the court heard the defence"),
                       "body": "The hearing was adjourned to next month. ".repeat(12),
                       "media": ids}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    // The web feed shows 20 posts a page: the 30 posts are its first page
    // and the next, weighed together.
    let browser = Browser::signed_in(&app, &amina).await;
    let first = browser.get("/s/hearings").await;
    assert_eq!(first.status, StatusCode::OK);
    let next = first
        .body
        .split("href=\"?before=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to older posts")
        .to_owned();
    let second = browser.get(&format!("/s/hearings?before={next}")).await;
    assert_eq!(second.status, StatusCode::OK);
    let thumbnails = first.body.matches("loading=\"lazy\"").count()
        + second.body.matches("loading=\"lazy\"").count();
    assert_eq!(thumbnails, 60, "every picture as a thumbnail");
    let bytes = first.body.len() + second.body.len();
    println!(
        "30 posts with 2 pictures each: {bytes} bytes of HTML ({} + {}), {thumbnails} thumbnails",
        first.body.len(),
        second.body.len()
    );
    assert!(bytes < 100 * 1024, "the feed weighs {bytes} bytes");
}

async fn profile_pictures_follow_profile_visibility(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    let bruno = app.user("bruno").await;
    let response = app
        .client
        .put(format!("{}/api/v1/accounts/me/avatar", app.base))
        .bearer_auth(&amina.token)
        .body(photo(1000, 1000))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let avatar: Value = response.json().await.unwrap();
    let id = avatar["id"].as_i64().unwrap();
    assert_eq!(avatar["thumb_width"].as_i64(), Some(96));
    // The default visibility is "members of this instance".
    assert_eq!(
        app.fetch(&format!("/media/{id}/thumb"), Some(&bruno))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.fetch(&format!("/media/{id}/thumb"), None)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let bytes = app
        .fetch(&format!("/media/{id}"), Some(&amina))
        .await
        .bytes()
        .await
        .unwrap();
    assert!(!contains(&bytes, SECRET));
    // A file is not a picture.
    let response = app
        .client
        .put(format!("{}/api/v1/accounts/me/avatar", app.base))
        .bearer_auth(&amina.token)
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Still the first picture; a new one replaces it.
    assert_eq!(app.media_rows().await, 1);
    let response = app
        .client
        .put(format!("{}/api/v1/accounts/me/avatar", app.base))
        .bearer_auth(&amina.token)
        .body(photo(500, 500))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let avatar: Value = response.json().await.unwrap();
    let id_now = avatar["id"].as_i64().unwrap();
    assert_eq!(app.media_rows().await, 1);
    assert_eq!(
        app.fetch(&format!("/media/{id}/thumb"), Some(&bruno))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Other servers see the picture as the actor's icon only once the
    // profile is shown to everyone, and may then fetch it.
    let actor = crate::interop::activity_json(&app, "/users/amina").await;
    assert!(actor.get("icon").is_none(), "{actor}");
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&amina),
            json!({"profile_visibility": "everyone"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let actor = crate::interop::activity_json(&app, "/users/amina").await;
    let base = app
        .state
        .federation
        .urls
        .base()
        .trim_end_matches('/')
        .to_owned();
    assert_eq!(
        actor["icon"],
        json!({"type": "Image", "mediaType": "image/jpeg", "url": format!("{base}/media/{id_now}")})
    );
    assert_eq!(
        app.fetch(&format!("/media/{id_now}"), None).await.status(),
        StatusCode::OK
    );
    let (status, _) = app.delete("/api/v1/accounts/me/avatar", Some(&amina)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(app.media_rows().await, 0);
}
