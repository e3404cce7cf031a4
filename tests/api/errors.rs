//! Every error is JSON `{"error": code, "message": text}` with the right status.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(error_statuses_and_bodies, internal_errors_reveal_nothing);

fn assert_error(
    what: &str,
    (status, body): &(StatusCode, Value),
    expected: StatusCode,
    code: &str,
    needle: &str,
) {
    assert_eq!(*status, expected, "{what}: {body}");
    assert_eq!(body["error"], code, "{what}: {body}");
    let message = body["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}: no message in {body}"));
    assert!(
        message.contains(needle),
        "{what}: {message:?} should mention {needle:?}"
    );
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "{what}: only error and message: {body}"
    );
}

async fn error_statuses_and_bodies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "news", "public").await;
    let url = |path: &str| format!("{}{path}", app.base);
    let send = |request: reqwest::RequestBuilder| async move {
        let response = request.send().await.unwrap();
        let status = response.status();
        (status, response.json::<Value>().await.unwrap())
    };

    // 400: malformed JSON, naming the problem.
    let malformed = send(
        app.client
            .post(url("/api/v1/spaces"))
            .bearer_auth(&ada.token)
            .header("content-type", "application/json")
            .body("{\"slug\": "),
    )
    .await;
    assert_error(
        "malformed JSON",
        &malformed,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "EOF while parsing",
    );
    let missing = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"title": "No slug", "visibility": "public"}),
        )
        .await;
    assert_error(
        "missing field",
        &missing,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "missing field `slug`",
    );
    let unknown = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "ab", "title": "t", "visibility": "public", "colour": "red"}),
        )
        .await;
    assert_error(
        "unknown field",
        &unknown,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "unknown field `colour`",
    );
    let bad_path = app.get("/api/v1/posts/not-a-number", None).await;
    assert_error(
        "bad path",
        &bad_path,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "invalid path",
    );
    // 415: not JSON at all.
    let form = send(
        app.client
            .post(url("/api/v1/spaces"))
            .bearer_auth(&ada.token)
            .body("slug=x"),
    )
    .await;
    assert_error(
        "no content type",
        &form,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "application/json",
    );
    // 401: no credentials, bad credentials, malformed header.
    let anonymous = app.get("/api/v1/feeds/home", None).await;
    assert_error(
        "anonymous",
        &anonymous,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "sign in",
    );
    let bogus = send(
        app.client
            .get(url("/api/v1/accounts/me"))
            .bearer_auth("bogus"),
    )
    .await;
    assert_error(
        "bogus token",
        &bogus,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "invalid",
    );
    let basic = send(
        app.client
            .get(url("/api/v1/accounts/me"))
            .header("authorization", "Basic YTpi"),
    )
    .await;
    assert_error(
        "basic auth",
        &basic,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Bearer",
    );
    // 403.
    let forbidden = app
        .patch("/api/v1/spaces/news", Some(&bea), json!({"title": "Mine"}))
        .await;
    assert_error(
        "not a member",
        &forbidden,
        StatusCode::FORBIDDEN,
        "forbidden",
        "join this space",
    );
    // 404: unknown route and unknown thing.
    let route = app.get("/api/v1/nothing-here", None).await;
    assert_error(
        "unknown route",
        &route,
        StatusCode::NOT_FOUND,
        "not_found",
        "route",
    );
    let post = app.get("/api/v1/posts/424242", None).await;
    assert_error(
        "unknown post",
        &post,
        StatusCode::NOT_FOUND,
        "not_found",
        "no such post",
    );
    // 405.
    let method = app
        .request(Method::PUT, "/api/v1/feeds/public", None, None)
        .await;
    assert_error(
        "wrong method",
        &method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method",
    );
    // 409.
    let taken = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "news", "title": "t", "visibility": "public"}),
        )
        .await;
    assert_error(
        "slug taken",
        &taken,
        StatusCode::CONFLICT,
        "conflict",
        "already taken",
    );
    // 413: the test instance accepts 64 KiB.
    let huge = json!({"title": "Big", "body": "x".repeat(100 * 1024)});
    let too_large = app
        .post("/api/v1/spaces/news/posts", Some(&ada), huge)
        .await;
    assert_error(
        "body too large",
        &too_large,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "larger",
    );
    let (_, feed) = app.get("/api/v1/spaces/news/posts", None).await;
    assert_eq!(
        feed["items"],
        json!([]),
        "nothing stored from refused requests"
    );
    // 422.
    let invalid = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "-", "title": "t", "visibility": "public"}),
        )
        .await;
    assert_error(
        "invalid slug",
        &invalid,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
        "slug",
    );
}

async fn internal_errors_reveal_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Fine").await;
    // The federation worker reads the new post (and its mentions) in a
    // transaction of its own; on PostgreSQL a DROP racing it can deadlock.
    // Wait until that change is handled.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while agora::changes::backlog(&app.state.db).await.unwrap().0 > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the post's change was never handled"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Break the database under the running server.
    sqlx::query("DROP TABLE mentions")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let broken = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(
        broken,
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"error": "internal", "message": "internal error"})
        )
    );
    let text = broken.1.to_string();
    for detail in ["mentions", "table", "sql", "SQL"] {
        assert!(!text.contains(detail), "{detail} leaked: {text}");
    }
}
