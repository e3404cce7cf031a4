//! Pictures and files across servers (issue 19 point 4): ours go out as
//! the `Image` and `Document` attachments Mastodon and GoToSocial read;
//! other servers' are kept from their own JSON (Lemmy's fixture), and
//! dropped for a domain whose media the admin refuses.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::fixtures::{all_hosts, isolated_app, manifest, run_activity};
use crate::interop::{ANA, ANA_INBOX, from_ana, sent_until, with_ana};
use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    pictures_go_out_as_attachments_mastodon_reads,
    a_lemmy_page_keeps_its_picture_unless_the_domain_is_refused_media,
);

/// A small JPEG.
fn jpeg() -> Vec<u8> {
    use image::ImageEncoder;
    let picture = image::RgbImage::from_pixel(640, 480, image::Rgb([30, 120, 200]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut bytes)
        .write_image(&picture, 640, 480, image::ExtendedColorType::Rgb8)
        .unwrap();
    bytes
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
        jpeg(),
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
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let (status, body) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&admin),
            json!({"domain": "enterprise.lemmy.ml", "action": "none", "reject_media": true}),
        )
        .await;
    assert!(status.is_success(), "{status} {body}");
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
