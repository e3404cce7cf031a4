//! Pictures and files across servers (issue 19 point 4): ours go out as
//! the `Image` and `Document` attachments Mastodon and GoToSocial read;
//! other servers' are kept from their own JSON (Lemmy's fixture), and
//! dropped for a domain whose media the admin refuses.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{all_hosts, isolated_app, manifest, run_activity};
use crate::interop::{ANA, ANA_INBOX, from_ana, lemmy_post, sent_until, with_ana};
use crate::on_both_backends;
use crate::pictures::{SECRET, contains, jpeg, photo};
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    pictures_go_out_as_attachments_mastodon_reads,
    a_lemmy_page_keeps_its_picture_unless_the_domain_is_refused_media,
    other_servers_pictures_are_fetched_once_and_shown_as_thumbnails,
);

/// An admin's rule refusing `domain`'s media, and nothing else.
async fn reject_media_of(app: &TestApp, domain: &str) {
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let (status, body) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&admin),
            json!({"domain": domain, "action": "none", "reject_media": true}),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
}
async fn upload(app: &TestApp, user: &crate::support::User, query: &str, bytes: Vec<u8>) -> i64 {
    let response = app
        .client
        .post(format!("{}/api/v1/media?{query}", app.base))
        .bearer_auth(&user.token)
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_i64().unwrap()
}

async fn pictures_go_out_as_attachments_mastodon_reads(backend: Backend) {
    let app = with_ana(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;
    let group = app.state.federation.urls.space("commons");
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/1", "type": "Follow", "actor": ANA, "object": group,
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));

    let picture = upload(
        &app,
        &owner,
        "filename=door.jpg&description=The%20court%27s%20door",
        jpeg(640, 480),
    )
    .await;
    let pdf = upload(
        &app,
        &owner,
        "filename=ruling.pdf",
        b"%PDF-1.4\n%%EOF\n".to_vec(),
    )
    .await;
    let (status, _) = app
        .post(
            "/api/v1/spaces/commons/posts",
            Some(&owner),
            json!({"title": "The ruling", "body": "Attached.", "media": [picture, pdf]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let sent = sent_until(&app, ANA_INBOX, |s| {
        s.iter().any(|a| a["object"]["object"]["type"] == "Page")
    })
    .await;
    let page = sent
        .iter()
        .find(|a| a["object"]["object"]["type"] == "Page")
        .map(|a| &a["object"]["object"])
        .unwrap();
    let base = app
        .state
        .federation
        .urls
        .base()
        .trim_end_matches('/')
        .to_owned();
    assert_eq!(
        page["attachment"],
        json!([
            {"type": "Image", "mediaType": "image/jpeg", "url": format!("{base}/media/{picture}"),
             "name": "The court's door", "width": 640, "height": 480},
            {"type": "Document", "mediaType": "application/pdf", "url": format!("{base}/media/{pdf}"),
             "name": null},
        ]),
        "{page}"
    );
    // The address answers anyone, as a server fetching it would.
    let response = app
        .client
        .get(format!("{}/media/{picture}", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/jpeg");
}

async fn a_lemmy_page_keeps_its_picture_unless_the_domain_is_refused_media(backend: Backend) {
    let all = manifest();
    let hosts = all_hosts(&all);
    let fixture = all
        .iter()
        .find(|f| f.file == "lemmy/page_image_and_link.json")
        .unwrap();
    let picture = "https://enterprise.lemmy.ml/pictrs/image/eOtYb9iEiB.png";

    let app = isolated_app(backend, &hosts).await;
    let run = run_activity(&app, fixture, &all).await;
    assert!(run.outcome.starts_with("stored"), "{}", run.outcome);
    let media: Vec<(String, String, Option<i64>)> =
        sqlx::query_as("SELECT remote_url, media_type, post_id FROM media")
            .fetch_all(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(media.len(), 1, "{media:?}");
    assert_eq!(
        (media[0].0.as_str(), media[0].1.as_str()),
        (picture, "image/png")
    );
    let post_id = media[0].2.unwrap();
    let (body,): (String,) = sqlx::query_as("SELECT body_html FROM posts WHERE id = $1")
        .bind(post_id)
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    // The Link stays a link in the text; the picture is an attachment,
    // not a second link.
    assert!(body.contains("https://example.com/some-article"), "{body}");
    assert!(!body.contains("eOtYb9iEiB"), "{body}");
    // A member who follows the group sees it as a link to its server (our
    // pages load pictures from this server only).
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    assert_eq!(post["attachments"][0]["url"], picture);
    assert_eq!(post["attachments"][0]["remote"], true);
    let reader = app.user("reader").await;
    let page = Browser::signed_in(&app, &reader)
        .await
        .get(&format!("/post/{post_id}"))
        .await;
    page.assert_contains(&format!("<a href=\"{picture}\">"));

    // An admin refuses enterprise.lemmy.ml's media: the same page arrives
    // without its picture, link and all.
    let app = isolated_app(backend, &hosts).await;
    reject_media_of(&app, "enterprise.lemmy.ml").await;
    let run = run_activity(&app, fixture, &all).await;
    assert!(run.outcome.starts_with("stored"), "{}", run.outcome);
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM media")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(count, 0);
    let (body,): (String,) = sqlx::query_as("SELECT body_html FROM posts")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert!(!body.contains("eOtYb9iEiB"), "{body}");
    assert!(body.contains("https://example.com/some-article"), "{body}");
}

/// Another server's pictures on loopback (`pictures.test`), counting the
/// requests for each path.
struct PictureServer {
    addr: SocketAddr,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl PictureServer {
    async fn start() -> PictureServer {
        let hits = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
        let counted = hits.clone();
        let (door, hearing) = (photo(1600, 1200), jpeg(800, 600));
        let app = axum::Router::new().fallback(move |uri: Uri| {
            *counted
                .lock()
                .unwrap()
                .entry(uri.path().into())
                .or_default() += 1;
            let (door, hearing) = (door.clone(), hearing.clone());
            async move { PictureServer::answer(uri.path(), door, hearing) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        PictureServer { addr, hits }
    }

    fn answer(path: &str, door: Vec<u8>, hearing: Vec<u8>) -> Response {
        let jpeg = [("content-type", "image/jpeg")];
        match path {
            "/pictures/door.jpg" => (jpeg, door).into_response(),
            "/pictures/moved.jpg" => {
                (StatusCode::FOUND, [("location", "/cdn/hearing.jpg")]).into_response()
            }
            "/cdn/hearing.jpg" => (jpeg, hearing).into_response(),
            // Says it is larger than an attachment may be.
            "/pictures/huge.jpg" => (jpeg, vec![0u8; 17 << 20]).into_response(),
            // Says nothing of its length, and never ends within the bound.
            "/pictures/endless.jpg" => {
                let chunks = (0..40).map(|_| Ok::<_, std::io::Error>(vec![0xffu8; 1 << 20]));
                (jpeg, Body::from_stream(futures_util::stream::iter(chunks))).into_response()
            }
            "/pictures/page.jpg" => (
                [("content-type", "text/html")],
                "<html>not a picture</html>",
            )
                .into_response(),
            "/pictures/busy.jpg" => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }
}

/// (remote address, thumbnail hash, fetch_after, attempts) of each remote attachment.
type Fetching = Vec<(String, Option<String>, Option<i64>, i64)>;

async fn fetching(app: &TestApp) -> Fetching {
    sqlx::query_as(
        "SELECT remote_url, thumb_hash, fetch_after, fetch_attempts FROM media \
         WHERE remote_url IS NOT NULL ORDER BY position",
    )
    .fetch_all(&app.state.db.read)
    .await
    .unwrap()
}

async fn other_servers_pictures_are_fetched_once_and_shown_as_thumbnails(backend: Backend) {
    let app = with_ana(backend).await;
    let server = PictureServer::start().await;
    let overrides = &app.state.federation.host_overrides;
    overrides.insert("pictures.test", server.addr);
    let owner = app.user("owner").await;
    app.space(&owner, "commons", "public").await;

    let at = |path: &str| format!("http://pictures.test{path}");
    let mut create = lemmy_post(&app, "commons", 1);
    create["object"]["attachment"] = json!([
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/door.jpg"), "name": "The court's door"},
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/moved.jpg")},
        {"type": "Document", "mediaType": "image/jpeg", "url": at("/pictures/huge.jpg")},
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/endless.jpg")},
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/page.jpg")},
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/busy.jpg")},
    ]);
    let (status, outcome) = from_ana(&app, create).await;
    assert_eq!(status, 202, "{outcome}");

    // Every picture is tried once: two are kept, three given up, and the
    // busy one waits for another attempt (10 minutes later: longer than
    // the 5 minutes a fetch in progress holds it).
    let deadline = Instant::now() + Duration::from_secs(30);
    let expected = ["kept", "kept", "link", "link", "link", "again later"];
    loop {
        let rows = fetching(&app).await;
        let retry_from = agora::db::now() + 400_000_000;
        let state: Vec<&str> = rows
            .iter()
            .map(|(_, thumb, after, _)| match (thumb, after) {
                (Some(_), None) => "kept",
                (None, None) => "link",
                (None, Some(after)) if *after > retry_from => "again later",
                _ => "in progress",
            })
            .collect();
        if state == expected && rows.iter().all(|(_, _, _, attempts)| *attempts == 1) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "pictures not fetched in time: {rows:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The endless one was cut off at the bound, not read to its end.
    assert_eq!(server.hits("/pictures/huge.jpg"), 1);
    assert_eq!(server.hits("/pictures/endless.jpg"), 1);

    let (post_id,): (i64,) = sqlx::query_as("SELECT post_id FROM media WHERE remote_url = $1")
        .bind(at("/pictures/door.jpg"))
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    let door = &post["attachments"][0];
    let door_id = door["id"].as_i64().unwrap();
    assert_eq!(door["url"], format!("/media/{door_id}"), "{post}");
    assert_eq!(door["source_url"], at("/pictures/door.jpg"));
    assert_eq!(door["thumb_url"], format!("/media/{door_id}/thumb"));
    assert_eq!(
        (door["width"].as_i64(), door["height"].as_i64()),
        (Some(1600), Some(1200))
    );

    // Served from here, as our own pictures are, without the photo's EXIF.
    for variant in ["", "/phone", "/thumb"] {
        let response = app
            .client
            .get(format!("{}/media/{door_id}{variant}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "image/jpeg");
        let bytes = response.bytes().await.unwrap();
        assert!(!contains(&bytes, SECRET) && !contains(&bytes, b"Exif"));
    }
    let page = Browser::signed_in(&app, &owner)
        .await
        .get(&format!("/post/{post_id}"))
        .await;
    page.assert_contains(&format!(
        "<img src=\"/media/{door_id}/thumb\" alt=\"The court&#39;s door\""
    ));
    // What could not be fetched stays a link to the other server.
    page.assert_contains(&format!("<a href=\"{}\">", at("/pictures/huge.jpg")));
    page.assert_contains(&format!("<a href=\"{}\">", at("/pictures/busy.jpg")));

    // Fetched once: nothing asks for it again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(server.hits("/pictures/door.jpg"), 1);
    assert_eq!(server.hits("/pictures/moved.jpg"), 1);
    assert_eq!(server.hits("/cdn/hearing.jpg"), 1);

    // The admin refuses pictures.test's media: the busy picture, due again,
    // is given up without a request, and a new post's pictures hosted there
    // are dropped on arrival, whoever sends them.
    reject_media_of(&app, "pictures.test").await;
    sqlx::query("UPDATE media SET fetch_after = 0 WHERE fetch_after IS NOT NULL")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    // Due now rather than in ten minutes; the worker hears of it at once
    // rather than at its next look.
    app.state.federation.pictures.notify_one();
    let deadline = Instant::now() + Duration::from_secs(30);
    while fetching(&app)
        .await
        .iter()
        .any(|(_, _, after, _)| after.is_some())
    {
        assert!(
            Instant::now() < deadline,
            "the busy picture was not given up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(server.hits("/pictures/busy.jpg"), 1);
    let mut create = lemmy_post(&app, "commons", 2);
    create["object"]["attachment"] = json!([
        {"type": "Image", "mediaType": "image/jpeg", "url": at("/pictures/door.jpg")},
    ]);
    let (status, outcome) = from_ana(&app, create).await;
    assert_eq!(status, 202, "{outcome}");
    assert_eq!(fetching(&app).await.len(), 6);
}
