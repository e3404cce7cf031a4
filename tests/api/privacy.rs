//! A private space answers exactly like a space that does not exist, to
//! anyone who is not a member: anonymous callers, members of the instance,
//! and members of other (private) spaces.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};

on_both_backends!(
    private_space_is_indistinguishable_from_nothing,
    private_content_stays_out_of_lists_feeds_and_counts,
    private_slugs_block_no_names,
);

struct Fixture {
    app: TestApp,
    space_id: i64,
    post_id: i64,
    comment_id: i64,
    deleted_post_id: i64,
    outsiders: Vec<Option<User>>,
}

async fn fixture(backend: Backend) -> Fixture {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let outsider = app.user("outsider").await;
    let neighbour = app.user("neighbour").await;
    app.space(&neighbour, "neighbour-space", "private").await;
    let space_id = app.space(&owner, "secret-case", "private").await;
    app.patch(
        "/api/v1/spaces/secret-case",
        Some(&owner),
        json!({"title": "Secret Case Title"}),
    )
    .await;
    let (_, post) = app
        .post(
            "/api/v1/spaces/secret-case/posts",
            Some(&owner),
            json!({"title": "Witness statement", "body": "Hidden words, cc @outsider"}),
        )
        .await;
    let post_id = post["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/posts/{post_id}/reactions"),
        Some(&owner),
        json!({"emoji": "👍"}),
    )
    .await;
    let (_, thread) = app
        .post(
            &format!("/api/v1/posts/{post_id}/comments"),
            Some(&owner),
            json!({"body": "Hidden comment"}),
        )
        .await;
    let comment_id = thread[0]["id"].as_i64().unwrap();
    let deleted_post_id = app.post_in(&owner, "secret-case", "Deleted secret").await;
    app.delete(&format!("/api/v1/posts/{deleted_post_id}"), Some(&owner))
        .await;
    Fixture {
        app,
        space_id,
        post_id,
        comment_id,
        deleted_post_id,
        outsiders: vec![None, Some(outsider), Some(neighbour)],
    }
}

async fn private_space_is_indistinguishable_from_nothing(backend: Backend) {
    let f = fixture(backend).await;
    let app = &f.app;
    let missing_space = 9_999_999;
    let missing_post = 9_999_998;
    let missing_comment = 9_999_997;
    // (method, path to the private thing, the same path to nothing, body)
    let probes: Vec<(Method, String, String, Option<Value>)> = vec![
        (
            Method::GET,
            "/api/v1/spaces/secret-case".into(),
            "/api/v1/spaces/no-such-space".into(),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/spaces/{}", f.space_id),
            format!("/api/v1/spaces/{missing_space}"),
            None,
        ),
        (
            Method::GET,
            "/api/v1/spaces/secret-case/posts".into(),
            "/api/v1/spaces/no-such-space/posts".into(),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/spaces/{}/posts", f.space_id),
            format!("/api/v1/spaces/{missing_space}/posts"),
            None,
        ),
        (
            Method::GET,
            "/api/v1/spaces/secret-case/members".into(),
            "/api/v1/spaces/no-such-space/members".into(),
            None,
        ),
        (
            Method::GET,
            "/api/v1/spaces/secret-case/join-requests".into(),
            "/api/v1/spaces/no-such-space/join-requests".into(),
            None,
        ),
        (
            Method::PATCH,
            "/api/v1/spaces/secret-case".into(),
            "/api/v1/spaces/no-such-space".into(),
            Some(json!({"title": "x"})),
        ),
        (
            Method::POST,
            "/api/v1/spaces/secret-case/posts".into(),
            "/api/v1/spaces/no-such-space/posts".into(),
            Some(json!({"title": "x", "body": "y"})),
        ),
        (
            Method::POST,
            "/api/v1/spaces/secret-case/invitations".into(),
            "/api/v1/spaces/no-such-space/invitations".into(),
            Some(json!({"username": "outsider"})),
        ),
        (
            Method::POST,
            "/api/v1/spaces/secret-case/leave".into(),
            "/api/v1/spaces/no-such-space/leave".into(),
            None,
        ),
        (
            Method::POST,
            "/api/v1/spaces/secret-case/join".into(),
            "/api/v1/spaces/no-such-space/join".into(),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/posts/{}", f.post_id),
            format!("/api/v1/posts/{missing_post}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/posts/{}", f.deleted_post_id),
            format!("/api/v1/posts/{missing_post}"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/posts/{}/comments", f.post_id),
            format!("/api/v1/posts/{missing_post}/comments"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/posts/{}", f.post_id),
            format!("/api/v1/posts/{missing_post}"),
            Some(json!({"title": "x"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/posts/{}", f.post_id),
            format!("/api/v1/posts/{missing_post}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/posts/{}/comments", f.post_id),
            format!("/api/v1/posts/{missing_post}/comments"),
            Some(json!({"body": "x"})),
        ),
        (
            Method::POST,
            format!("/api/v1/posts/{}/reactions", f.post_id),
            format!("/api/v1/posts/{missing_post}/reactions"),
            Some(json!({"emoji": "👍"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/comments/{}", f.comment_id),
            format!("/api/v1/comments/{missing_comment}"),
            Some(json!({"body": "x"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/comments/{}", f.comment_id),
            format!("/api/v1/comments/{missing_comment}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/comments/{}/reactions", f.comment_id),
            format!("/api/v1/comments/{missing_comment}/reactions"),
            Some(json!({"emoji": "👍"})),
        ),
    ];
    for viewer in &f.outsiders {
        let who = viewer.as_ref().map_or("anonymous", |u| u.name.as_str());
        for (method, private_path, missing_path, body) in &probes {
            let private = app
                .request(method.clone(), private_path, viewer.as_ref(), body.clone())
                .await;
            let missing = app
                .request(method.clone(), missing_path, viewer.as_ref(), body.clone())
                .await;
            assert_eq!(
                private, missing,
                "{who}: {method} {private_path} must answer like {missing_path}"
            );
            if viewer.is_some() && !private_path.ends_with("/join") {
                assert_eq!(
                    private.0,
                    StatusCode::NOT_FOUND,
                    "{who}: {method} {private_path}"
                );
            }
        }
    }
    // Nothing the probes tried was written.
    let owner_view = app.get(&format!("/api/v1/posts/{}", f.post_id), None).await;
    assert_eq!(owner_view.0, StatusCode::NOT_FOUND);
    let (_, comments) = app
        .get(
            &format!("/api/v1/posts/{}/comments", f.post_id),
            Some(&owner(app).await),
        )
        .await;
    assert_eq!(comments.as_array().unwrap().len(), 1);
    assert_eq!(comments[0]["body"], "Hidden comment");
}

/// Signs in as the fixture's owner through a fresh token.
async fn owner(app: &TestApp) -> User {
    let (_, created) = app
        .post(
            "/api/v1/tokens",
            None,
            json!({"name": "t", "login": "owner", "password": "a long enough password"}),
        )
        .await;
    User {
        name: "owner".into(),
        token: created["token"].as_str().unwrap().into(),
    }
}

async fn private_content_stays_out_of_lists_feeds_and_counts(backend: Backend) {
    let f = fixture(backend).await;
    let app = &f.app;
    let secrets = [
        "secret-case",
        "Secret Case Title",
        "Witness statement",
        "Hidden words",
        "Hidden comment",
    ];
    let leaks = |what: &str, body: &Value| {
        let text = body.to_string();
        for secret in secrets {
            assert!(!text.contains(secret), "{what} leaks {secret:?}: {text}");
        }
    };
    for viewer in &f.outsiders {
        let who = viewer.as_ref().map_or("anonymous", |u| u.name.as_str());
        for path in [
            "/api/v1/spaces",
            "/api/v1/spaces?mine=true",
            "/api/v1/feeds/public",
            "/api/v1/feeds/home",
            "/api/v1/instance",
        ] {
            let (_, body) = app.get(path, viewer.as_ref()).await;
            leaks(&format!("{who} {path}"), &body);
        }
    }
    let (_, instance) = app.get("/api/v1/instance", None).await;
    assert_eq!(instance["stats"]["public_spaces"], 0);
    assert_eq!(instance["stats"]["public_posts"], 0);

    // The members see it all.
    let owner = owner(app).await;
    let (_, home) = app.get("/api/v1/feeds/home", Some(&owner)).await;
    assert_eq!(home["items"][0]["title"], "Witness statement");
    let (_, spaces) = app.get("/api/v1/spaces", Some(&owner)).await;
    assert_eq!(spaces["items"][0]["slug"], "secret-case");
    assert_eq!(spaces["items"][0]["post_count"], 1);
}

/// Trying names reveals nothing: a private space's slug never makes a space
/// or an account name "taken" for anyone else.
async fn private_slugs_block_no_names(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let outsider = app.user("outsider").await;
    let private_id = app.space(&owner, "hidden", "private").await;
    app.space(&owner, "quietroom", "private").await;
    let create = |slug: &str, visibility: &str| json!({"slug": slug, "title": "Mine", "visibility": visibility});

    // The same answers as for a name nobody uses.
    for (slug, visibility) in [
        ("hidden", "private"),
        ("unused", "private"),
        ("hidden", "public"),
        ("unused", "public"),
    ] {
        let (status, body) = app
            .post("/api/v1/spaces", Some(&outsider), create(slug, visibility))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{visibility} {slug}: {body}");
    }
    for name in ["quietroom", "unused2"] {
        let (status, body) = app
            .post(
                "/api/v1/accounts",
                None,
                json!({"username": name, "email": format!("{name}@example.org"), "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
    }

    // The owner still reaches their space by id; its slug now names the
    // public space of that name.
    let (status, mine) = app
        .get(&format!("/api/v1/spaces/{private_id}"), Some(&owner))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(mine["visibility"], "private");
    let (_, by_slug) = app.get("/api/v1/spaces/hidden", Some(&owner)).await;
    assert_eq!(by_slug["visibility"], "public");
    // A public name is public knowledge: a new private space may not shadow it.
    let (status, _) = app
        .post(
            "/api/v1/spaces",
            Some(&owner),
            create("outsider", "private"),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}
