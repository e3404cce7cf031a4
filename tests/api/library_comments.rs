//! Comments on the shared library's items: who may write, edit and
//! delete them.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(comments_on_items);

async fn comments_on_items(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let carl = app.user("carl").await;
    let dina = app.user("dina").await;
    app.space(&ada, "practice", "public").await;
    app.add_member(&ada, "practice", &carl, "contributor").await;
    app.add_member(&ada, "practice", &dina, "contributor").await;
    let (_, note) = app
        .post(
            "/api/v1/spaces/practice/library/notes",
            Some(&ada),
            json!({"title": "Guide", "body": "text"}),
        )
        .await;
    let path = format!("/api/v1/library/items/{}/comments", note["id"]);
    let (status, comment) = app
        .post(&path, Some(&carl), json!({"body": "Add **section 3**"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{comment}");
    assert_eq!(comment["author"], "carl");
    assert!(
        comment["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>section 3</strong>")
    );
    let id = comment["id"].as_i64().unwrap();
    let (status, _) = app
        .patch(
            &format!("/api/v1/library/comments/{id}"),
            Some(&dina),
            json!({"body": "mine now"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, edited) = app
        .patch(
            &format!("/api/v1/library/comments/{id}"),
            Some(&carl),
            json!({"body": "Add section 4"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(edited["edited_at"].is_string());
    let (status, _) = app.post(&path, Some(&carl), json!({"body": "  "})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, item) = app
        .get(&format!("/api/v1/library/items/{}", note["id"]), None)
        .await;
    assert_eq!(item["comment_count"], 1);
    // The space manager may remove anyone's comment.
    let (status, _) = app
        .delete(&format!("/api/v1/library/comments/{id}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, list) = app.get(&path, None).await;
    assert_eq!(list, json!([]));
}
