//! Drafts (issue 19 point 6): a post saved to finish later is its author's
//! alone (not in feeds, search or other servers' inboxes), keeps its
//! pictures, and becomes an ordinary post when published.

use reqwest::StatusCode;
use serde_json::json;

use crate::interop::{ANA, ANA_INBOX, from_ana, queued_to, with_ana};
use crate::on_both_backends;
use crate::pictures::jpeg;
use crate::support::Backend;
use crate::web_support::Browser;

on_both_backends!(a_draft_is_kept_private_and_published_later);

async fn a_draft_is_kept_private_and_published_later(backend: Backend) {
    let app = with_ana(backend).await;
    let amina = app.user("amina").await;
    let bruno = app.user("bruno").await;
    app.space(&amina, "hearings", "public").await;
    app.add_member(&amina, "hearings", &bruno, "contributor")
        .await;
    let group = app.state.federation.urls.space("hearings");
    let follow = json!({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "http://lemmy.test/activities/follow/7", "type": "Follow", "actor": ANA, "object": group,
    });
    assert_eq!(from_ana(&app, follow).await, (202, "following".into()));
    let browser = Browser::signed_in(&app, &amina).await;
    browser
        .get("/s/hearings")
        .await
        .assert_contains("name=\"save\" value=\"draft\"");

    // Half-written, with a picture: saved, not published.
    let saved = browser
        .upload_files(
            "/s/hearings/posts",
            &[
                ("title", "Appeal hearing — notes"),
                ("body", "Zanzibar-unique-word: the judge asked"),
                ("language", "en"),
                ("save", "draft"),
                ("descriptions", "The courtroom"),
            ],
            "files",
            &[("IMG_1.jpg", jpeg(640, 480))],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let location = saved.location().to_owned();
    assert!(
        location.starts_with("/drafts/") && location.ends_with("?saved=1"),
        "{location}"
    );
    let draft = location
        .trim_start_matches("/drafts/")
        .trim_end_matches("?saved=1")
        .to_owned();
    let page = browser.get(&location).await;
    page.assert_contains("value=\"Appeal hearing — notes\"");
    page.assert_contains("Zanzibar-unique-word: the judge asked</textarea>");
    page.assert_contains("alt=\"The courtroom\"");
    page.assert_contains(&format!("name=\"draft_id\" value=\"{draft}\""));

    // Nobody else sees it: not bruno, not the feed, not search, not ana.
    let other = Browser::signed_in(&app, &bruno).await;
    assert_eq!(other.get(&location).await.status, StatusCode::NOT_FOUND);
    assert!(
        !other
            .get("/s/hearings")
            .await
            .body
            .contains("Appeal hearing")
    );
    browser
        .get("/s/hearings")
        .await
        .assert_contains(&format!("href=\"/drafts/{draft}\""));
    let (_, feed) = app.get("/api/v1/spaces/hearings/posts", Some(&amina)).await;
    assert_eq!(feed["items"].as_array().map(Vec::len), Some(0), "{feed}");
    let (status, found) = app
        .get("/api/v1/search?q=Zanzibar-unique-word", Some(&amina))
        .await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert!(!found.to_string().contains("Appeal"), "{found}");
    // The picture waits with the draft: its author sees it, nobody else.
    let (picture,): (i64,) = sqlx::query_as("SELECT id FROM media")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    let thumb = format!("{}/media/{picture}/thumb", app.base);
    let status =
        |user: &crate::support::User| app.client.get(&thumb).bearer_auth(&user.token).send();
    assert_eq!(status(&amina).await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        status(&bruno).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    // Not collected as an upload nobody used, even a day later.
    sqlx::query("UPDATE media SET created_at = created_at - 2 * 86400000000")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(
        agora::media::remove_unattached(&app.state.db)
            .await
            .unwrap(),
        0
    );
    // Described from the draft's page, it leads back there.
    let described = browser
        .submit(
            &format!("/media/{picture}/describe"),
            &[("description", "The courtroom")],
        )
        .await;
    assert_eq!(
        described.status,
        StatusCode::SEE_OTHER,
        "{}",
        described.body
    );
    assert_eq!(described.location(), format!("/drafts/{draft}"));

    // Saved again: the same draft, changed.
    let again = browser
        .submit(
            "/s/hearings/posts",
            &[
                ("draft_id", &draft),
                ("title", "Appeal hearing"),
                ("body", "The judge asked for the file."),
                ("language", "en"),
                ("save", "draft"),
            ],
        )
        .await;
    assert_eq!(again.location(), location);
    // Someone else's draft cannot be written to.
    let refused = other
        .submit(
            "/s/hearings/posts",
            &[("draft_id", &draft), ("title", "x"), ("save", "draft")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // Published with one more picture: an ordinary post with both, in
    // order, and the draft is gone.
    let published = browser
        .upload_files(
            "/s/hearings/posts",
            &[
                ("draft_id", &draft),
                ("title", "Appeal hearing"),
                ("body", "The judge asked for the file."),
                ("language", "en"),
                ("descriptions", "The file"),
            ],
            "files",
            &[("IMG_2.jpg", jpeg(300, 400))],
        )
        .await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "{}",
        published.body
    );
    let post_id: i64 = published
        .location()
        .trim_start_matches("/post/")
        .parse()
        .unwrap();
    let (_, post) = app.get(&format!("/api/v1/posts/{post_id}"), None).await;
    let attachments = post["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2, "{post}");
    assert_eq!(attachments[0]["description"], "The courtroom");
    assert_eq!(attachments[1]["description"], "The file");
    assert_eq!(browser.get(&location).await.status, StatusCode::NOT_FOUND);
    browser.get("/drafts").await.assert_contains("No drafts");
    // Only now does anything reach ana: the published post, once.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    let pages = loop {
        let sent = queued_to(&app, ANA_INBOX).await;
        let pages: Vec<_> = sent
            .iter()
            .filter(|a| a["object"]["type"] == "Page" || a["object"]["object"]["type"] == "Page")
            .cloned()
            .collect();
        if !pages.is_empty() || tokio::time::Instant::now() > deadline {
            break pages;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    assert!(!pages.is_empty());
    assert!(
        pages.iter().all(|p| !p.to_string().contains("notes")),
        "{pages:?}"
    );

    // A draft deleted takes its pictures with it.
    let saved = browser
        .upload_files(
            "/s/hearings/posts",
            &[("title", ""), ("body", "later"), ("save", "draft")],
            "files",
            &[("IMG_3.jpg", jpeg(200, 200))],
        )
        .await;
    let second = saved
        .location()
        .trim_start_matches("/drafts/")
        .trim_end_matches("?saved=1")
        .to_owned();
    let count = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM media")
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
        n
    };
    assert_eq!(count().await, 3);
    let deleted = browser
        .submit(&format!("/drafts/{second}/delete"), &[("confirmed", "1")])
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert_eq!(count().await, 2);
}
