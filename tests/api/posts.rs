use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    posts_keep_markdown_beside_sanitised_html,
    mentions_of_local_members_are_stored,
    edits_are_recorded_and_deletes_leave_tombstones,
    comments_form_threads,
    reactions_count_once_per_member,
    feeds_page_newest_first,
);

async fn posts_keep_markdown_beside_sanitised_html(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let source = "# Ruling\n\n**Important** <script>alert('x')</script><style>body{}</style>\n\n\
        <a href=\"javascript:alert(1)\" onclick=\"steal()\">click</a> <img src=\"https://e.org/a.png\" onerror=\"x()\">\n\n\
        [judgment](https://court.example.org/j/1)";
    let (status, post) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&ada),
            json!({"title": "Ruling", "body": source, "language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{post}");
    assert_eq!(post["body"], source, "the markdown is kept as written");
    assert_eq!(post["language"], "fr");
    let html = post["body_html"].as_str().unwrap();
    assert!(
        html.contains("<h1>Ruling</h1>") && html.contains("<strong>Important</strong>"),
        "{html}"
    );
    for bad in ["<script", "<style", "javascript:", "onclick", "onerror"] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
    assert!(
        html.contains(
            "<a href=\"https://court.example.org/j/1\" rel=\"nofollow noopener\">judgment</a>"
        ),
        "{html}"
    );
    // The space's language is the default.
    let (_, other) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&ada),
            json!({"title": "t", "body": "b"}),
        )
        .await;
    assert_eq!(other["language"], "en");
    for (body, field) in [
        (json!({"title": "", "body": "b"}), "title"),
        (json!({"title": "t".repeat(301), "body": "b"}), "title"),
        (
            json!({"title": "t", "body": "b", "language": "xx_YY"}),
            "language",
        ),
    ] {
        let (status, answer) = app
            .post("/api/v1/spaces/news/posts", Some(&ada), body)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            answer["message"].as_str().unwrap().starts_with(field),
            "{answer}"
        );
    }
}

async fn mentions_of_local_members_are_stored(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.user("bea").await;
    app.user("cyd").await;
    app.space(&ada, "news", "public").await;
    let (_, post) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&ada),
            json!({"title": "t", "body": "Thanks @Bea and @ghost, see `@cyd` and mail bea@example.org or @bea@other.example"}),
        )
        .await;
    assert_eq!(post["mentions"], json!(["bea"]));
    assert!(
        post["body_html"]
            .as_str()
            .unwrap()
            .contains("href=\"http://agora.test/@bea\""),
        "{post}"
    );
    let id = post["id"].as_i64().unwrap();
    let (_, edited) = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&ada),
            json!({"body": "Now @cyd"}),
        )
        .await;
    assert_eq!(edited["mentions"], json!(["cyd"]));
    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{id}/comments"),
            Some(&ada),
            json!({"body": "cc @bea @cyd"}),
        )
        .await;
    assert_eq!(thread[0]["mentions"], json!(["bea", "cyd"]));
}

async fn edits_are_recorded_and_deletes_leave_tombstones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let id = app.post_in(&ada, "news", "First").await;
    let (_, before) = app.get(&format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(before["edited_at"], serde_json::Value::Null);

    let (status, after) = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&ada),
            json!({"body": "*new*"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["title"], "First");
    assert_eq!(after["body"], "*new*");
    assert_eq!(after["body_html"], "<p><em>new</em></p>\n");
    assert!(after["edited_at"].as_str().unwrap() >= after["created_at"].as_str().unwrap());

    let (status, _) = app.delete(&format!("/api/v1/posts/{id}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get(&format!("/api/v1/posts/{id}"), None).await;
    assert_eq!(status, StatusCode::GONE, "{body}");
    assert_eq!(body["error"], "gone");
    let (status, _) = app
        .patch(
            &format!("/api/v1/posts/{id}"),
            Some(&ada),
            json!({"body": "zombie"}),
        )
        .await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{id}/comments"),
            Some(&ada),
            json!({"body": "zombie"}),
        )
        .await;
    assert_eq!(status, StatusCode::GONE);
    let (_, feed) = app.get("/api/v1/spaces/news/posts", None).await;
    assert_eq!(feed["items"], json!([]));
    let (_, space) = app.get("/api/v1/spaces/news", None).await;
    assert_eq!(space["post_count"], 0);
    // The row stays as a tombstone with its content cleared.
    let (title, body, deleted): (String, String, Option<i64>) =
        sqlx::query_as("SELECT title, body_source, deleted_at FROM posts WHERE id = $1")
            .bind(id)
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!((title.as_str(), body.as_str()), ("", ""));
    assert!(deleted.is_some());
}

async fn comments_form_threads(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "news", "public").await;
    app.post("/api/v1/spaces/news/join", Some(&bea), json!({}))
        .await;
    let post = app.post_in(&ada, "news", "Thread").await;
    let comment = |body: &str, parent: Option<i64>| json!({"body": body, "parent_id": parent});
    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&ada),
            comment("one", None),
        )
        .await;
    let one = thread[0]["id"].as_i64().unwrap();
    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&bea),
            comment("two", None),
        )
        .await;
    let two = thread[1]["id"].as_i64().unwrap();
    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&bea),
            comment("one.a", Some(one)),
        )
        .await;
    let one_a = thread[0]["replies"][0]["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/posts/{post}/comments"),
        Some(&ada),
        comment("one.a.i", Some(one_a)),
    )
    .await;
    app.post(
        &format!("/api/v1/posts/{post}/comments"),
        Some(&ada),
        comment("one.b", Some(one)),
    )
    .await;

    let (status, _) = app
        .delete(&format!("/api/v1/comments/{one}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, edited) = app
        .patch(
            &format!("/api/v1/comments/{two}"),
            Some(&bea),
            json!({"body": "two, edited"}),
        )
        .await;
    assert!(edited[1]["edited_at"].is_string());

    let (status, thread) = app
        .get(&format!("/api/v1/posts/{post}/comments"), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let shape: Vec<_> = thread
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(shape, ["", "two, edited"]);
    assert_eq!(thread[0]["deleted"], true);
    assert_eq!(
        thread[0]["author"],
        serde_json::Value::Null,
        "a tombstone names nobody"
    );
    let replies: Vec<_> = thread[0]["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(replies, ["one.a", "one.b"]);
    assert_eq!(thread[0]["replies"][0]["replies"][0]["body"], "one.a.i");
    let (_, post_view) = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(
        post_view["comment_count"], 4,
        "deleted comments are not counted"
    );

    // Replies must stay within their post, and not answer a tombstone.
    let other_post = app.post_in(&ada, "news", "Other").await;
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{other_post}/comments"),
            Some(&ada),
            comment("x", Some(two)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&ada),
            comment("x", Some(one)),
        )
        .await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&ada),
            comment("  ", None),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn reactions_count_once_per_member(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "news", "public").await;
    app.post("/api/v1/spaces/news/join", Some(&bea), json!({}))
        .await;
    let post = app.post_in(&ada, "news", "React").await;
    let path = format!("/api/v1/posts/{post}/reactions");
    app.post(&path, Some(&ada), json!({"emoji": "👍"})).await;
    app.post(&path, Some(&ada), json!({"emoji": "👍"})).await;
    app.post(&path, Some(&bea), json!({"emoji": "👍"})).await;
    let (status, view) = app.post(&path, Some(&bea), json!({"emoji": "❤️"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        view["reactions"],
        json!([{"emoji": "👍", "count": 2, "mine": true}, {"emoji": "❤️", "count": 1, "mine": true}])
    );
    let (_, as_ada) = app.get(&format!("/api/v1/posts/{post}"), Some(&ada)).await;
    assert_eq!(
        as_ada["reactions"][1],
        json!({"emoji": "❤️", "count": 1, "mine": false})
    );
    let (status, _) = app.delete(&format!("{path}/👍"), Some(&bea)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, view) = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(
        view["reactions"][0],
        json!({"emoji": "👍", "count": 1, "mine": false})
    );
    let (status, _) = app.post(&path, Some(&ada), json!({"emoji": "like"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&bea),
            json!({"body": "c"}),
        )
        .await;
    let comment = thread[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/comments/{comment}/reactions"),
            Some(&ada),
            json!({"emoji": "🎉"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, thread) = app
        .get(&format!("/api/v1/posts/{post}/comments"), Some(&ada))
        .await;
    assert_eq!(
        thread[0]["reactions"],
        json!([{"emoji": "🎉", "count": 1, "mine": true}])
    );
}

async fn feeds_page_newest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "news", "public").await;
    app.space(&ada, "case", "private").await;
    app.space(&bea, "elsewhere", "public").await;
    let mut expected = Vec::new();
    for i in 0..7 {
        let slug = if i % 2 == 0 { "news" } else { "case" };
        expected.push(app.post_in(&ada, slug, &format!("p{i}")).await);
    }
    let elsewhere = app.post_in(&bea, "elsewhere", "not in ada's home").await;
    expected.reverse();

    // Home: ada's two spaces, three pages of 3, 3 and 1.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/feeds/home?limit=3&cursor={c}"),
            None => "/api/v1/feeds/home?limit=3".into(),
        };
        let (status, page) = app.get(&path, Some(&ada)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_i64().unwrap()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen, expected);

    // Space feed: only that space.
    let (_, page) = app.get("/api/v1/spaces/news/posts?limit=100", None).await;
    let ids: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        ids,
        expected
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, id)| id)
            .collect::<Vec<_>>()
    );
    assert_eq!(page["next_cursor"], serde_json::Value::Null);

    // Public: public spaces of everyone, never the private one.
    let (_, page) = app.get("/api/v1/feeds/public", None).await;
    let titles: Vec<_> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["not in ada's home", "p6", "p4", "p2", "p0"]);
    let (_, page) = app.get("/api/v1/feeds/home", Some(&ada)).await;
    assert!(!page.to_string().contains(&format!("\"id\":{elsewhere},")));

    for bad in [
        "?limit=0",
        "?limit=101",
        "?limit=x",
        "?cursor=abc",
        "?cursor=-5",
    ] {
        let (status, body) = app.get(&format!("/api/v1/feeds/public{bad}"), None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (status, _) = app.get("/api/v1/feeds/home", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
