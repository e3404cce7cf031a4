//! Atom feeds (issue 17 point 8): the instance's public posts, a public
//! space's posts and the upcoming public events, read back by an
//! independent parser (`feed-rs`); never a private space's content,
//! whoever asks; linked from the pages for feed readers to discover.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    public_posts_and_events_are_feeds_and_private_ones_never,
    pages_link_to_their_feeds,
);

/// Fetches a feed, checks its type and parses it.
async fn feed(app: &TestApp, path: &str) -> (feed_rs::model::Feed, String) {
    let response = reqwest::get(format!("{}{path}", app.base)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let body = response.text().await.unwrap();
    let parsed = feed_rs::parser::parse(body.as_bytes())
        .unwrap_or_else(|e| panic!("{path} is not a feed: {e}\n{body}"));
    assert_eq!(parsed.feed_type, feed_rs::model::FeedType::Atom);
    (parsed, body)
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect()
}

async fn public_posts_and_events_are_feeds_and_private_ones_never(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    let (status, _) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&ada),
            json!({"title": "Hearing <today> & tomorrow", "body": "The **court** sits.",
                   "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    app.post_in(&ada, "news", "Second news").await;
    app.post_in(&ada, "case", "Secret strategy").await;
    for (space, title) in [("news", "Open webinar"), ("case", "Secret meeting")] {
        let (status, event) = app
            .post(
                &format!("/api/v1/spaces/{space}/events"),
                Some(&ada),
                json!({"title": title, "starts_at": "2099-03-10T10:00", "ends_at": "2099-03-10T11:00",
                       "timezone": "Africa/Kinshasa", "place_name": "Salle 3"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{event}");
    }

    let (public, body) = feed(&app, "/feed.atom").await;
    assert_eq!(
        titles(&public),
        ["Second news", "Hearing <today> & tomorrow"]
    );
    assert!(!body.contains("Secret"), "{body}");
    let hearing = &public.entries[1];
    assert!(
        hearing.id.starts_with("http") && hearing.id.contains("/post/"),
        "{}",
        hearing.id
    );
    assert_eq!(hearing.links[0].href, hearing.id);
    assert_eq!(hearing.authors[0].name, "ada");
    assert_eq!(hearing.language.as_deref(), Some("fr"));
    let content = hearing.content.as_ref().unwrap().body.as_ref().unwrap();
    assert!(content.contains("<strong>court</strong>"), "{content}");
    assert!(hearing.published.is_some() && hearing.updated.is_some());
    assert!(public.updated.is_some());

    let (space, _) = feed(&app, "/s/news/feed.atom").await;
    assert_eq!(
        titles(&space),
        ["Second news", "Hearing <today> & tomorrow"]
    );
    assert!(
        space
            .links
            .iter()
            .any(|l| l.href.ends_with("/s/news/feed.atom"))
    );

    // A private space has no feed: "not found", exactly like a space that
    // does not exist, even for its own member with their credentials.
    let missing = reqwest::get(format!("{}/s/nowhere/feed.atom", app.base))
        .await
        .unwrap();
    let (missing_status, missing_body) = (missing.status(), missing.text().await.unwrap());
    assert_eq!(missing_status, StatusCode::NOT_FOUND);
    for signed_in in [false, true] {
        let mut request = reqwest::Client::new().get(format!("{}/s/case/feed.atom", app.base));
        if signed_in {
            request = request.bearer_auth(&ada.token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let body = response.text().await.unwrap();
        assert_eq!(body.replace("case", "nowhere"), missing_body);
        assert!(!body.contains("Secret"));
    }

    let (events, body) = feed(&app, "/events/feed.atom").await;
    assert_eq!(titles(&events), ["Open webinar"]);
    assert!(!body.contains("Secret"), "{body}");
    let summary = &events.entries[0].summary.as_ref().unwrap().content;
    assert!(summary.contains("2099-03-10T10:00:00+01:00"), "{summary}");
    assert!(summary.contains("Salle 3"), "{summary}");
}

async fn pages_link_to_their_feeds(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    let visitor = Browser::new(&app);
    let home = visitor.get("/").await;
    home.assert_contains(r#"<link rel="alternate" type="application/atom+xml" href="/feed.atom""#);
    home.assert_contains(r#"href="/events/feed.atom""#);
    visitor
        .get("/s/news")
        .await
        .assert_contains(r#"type="application/atom+xml" href="/s/news/feed.atom""#);
    let member = Browser::signed_in(&app, &ada).await;
    let private = member.get("/s/case").await;
    assert_eq!(private.status, StatusCode::OK);
    assert!(
        !private.body.contains("application/atom+xml\" href=\"/s/"),
        "{}",
        private.body
    );
}
