//! Health, the OpenAPI document, and that the document matches the routes.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    healthz_reports_the_database,
    openapi_document_describes_every_route
);

async fn healthz_reports_the_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app.get("/healthz", None).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"status": "ok"})));
    app.state.db.close().await;
    let (status, body) = app.get("/healthz", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["error"], "unavailable");
}

async fn openapi_document_describes_every_route(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, doc) = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for required in [
        "/api/v1/accounts",
        "/api/v1/accounts/me",
        "/api/v1/sessions",
        "/api/v1/tokens",
        "/api/v1/tokens/{id}",
        "/api/v1/invitations",
        "/api/v1/spaces",
        "/api/v1/spaces/{space}",
        "/api/v1/spaces/{space}/join",
        "/api/v1/spaces/{space}/members/{username}",
        "/api/v1/spaces/{space}/posts",
        "/api/v1/posts/{id}",
        "/api/v1/posts/{id}/comments",
        "/api/v1/comments/{id}",
        "/api/v1/posts/{id}/reactions",
        "/api/v1/feeds/home",
        "/api/v1/feeds/public",
        "/api/v1/instance",
        "/api/v1/translations",
    ] {
        assert!(
            paths.contains_key(required),
            "{required} missing from the OpenAPI document"
        );
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());

    // Every documented operation is really routed: no "no such route" and no 405.
    let mut operations = 0;
    for (path, item) in paths {
        let concrete = path
            .replace("{space}", "no-such-space")
            .replace("{username}", "nobody")
            .replace("{id}", "1")
            .replace("{emoji}", "%F0%9F%91%8D");
        for (method, _) in item.as_object().unwrap() {
            let method: Method = method.to_uppercase().parse().unwrap();
            let (status, body): (StatusCode, Value) =
                app.request(method.clone(), &concrete, None, None).await;
            operations += 1;
            assert_ne!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but not routed"
            );
            assert_ne!(
                body["message"], "no such route",
                "{method} {path} is documented but not routed"
            );
        }
    }
    assert!(operations >= 40, "only {operations} operations documented");
}
