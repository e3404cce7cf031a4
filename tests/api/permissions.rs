//! The permission matrix of the four space roles (and of a signed-in
//! member who does not belong to the space), action by action.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};

on_both_backends!(
    role_permission_matrix,
    demoted_author_loses_edit_rights,
    private_space_readers_read_only
);

const ROLES: [&str; 5] = [
    "outsider",
    "reader",
    "contributor",
    "content_manager",
    "space_manager",
];

/// Which of [`ROLES`] may do each action in a public space.
const MATRIX: &[(&str, [bool; 5])] = &[
    ("read posts", [true, true, true, true, true]),
    ("write a post", [false, false, true, true, true]),
    ("comment", [false, false, true, true, true]),
    ("react", [false, false, true, true, true]),
    ("edit own post", [false, false, true, true, true]),
    ("edit another's post", [false, false, false, true, true]),
    ("delete another's post", [false, false, false, true, true]),
    ("edit another's comment", [false, false, false, true, true]),
    (
        "delete another's comment",
        [false, false, false, true, true],
    ),
    ("invite a member", [false, false, false, false, true]),
    ("change a member's role", [false, false, false, false, true]),
    ("remove a member", [false, false, false, false, true]),
    ("change space settings", [false, false, false, false, true]),
    ("see join requests", [false, false, false, false, true]),
];

async fn role_permission_matrix(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    app.space(&owner, "hub", "public").await;
    let mut actors = Vec::new();
    for role in ROLES {
        let user = app.user(role).await;
        if role != "outsider" {
            app.add_member(&owner, "hub", &user, role).await;
        }
        actors.push(user);
    }
    let mut fresh = 0;
    for (action, allowed) in MATRIX {
        for (actor, allowed) in actors.iter().zip(allowed) {
            fresh += 1;
            let status = attempt(&app, &owner, actor, action, fresh).await;
            let expected = if *allowed { "allowed" } else { "forbidden" };
            let ok = if *allowed {
                status.is_success()
            } else {
                status == StatusCode::FORBIDDEN
            };
            assert!(
                ok,
                "{} → {action}: expected {expected}, got {status}",
                actor.name
            );
        }
    }
}

/// Tries one action as `actor` and returns the status; `n` makes names unique.
async fn attempt(app: &TestApp, owner: &User, actor: &User, action: &str, n: usize) -> StatusCode {
    let owners_post = || async { app.post_in(owner, "hub", &format!("owner post {n}")).await };
    let owners_comment = || async {
        let post = app.post_in(owner, "hub", &format!("commented {n}")).await;
        let (_, thread) = app
            .post(
                &format!("/api/v1/posts/{post}/comments"),
                Some(owner),
                json!({"body": "owner's comment"}),
            )
            .await;
        thread[0]["id"].as_i64().unwrap()
    };
    let fresh_member = || async {
        let user = app.user(&format!("member{n}")).await;
        app.add_member(owner, "hub", &user, "reader").await;
        user
    };
    let actor = Some(actor);
    match action {
        "read posts" => app.get("/api/v1/spaces/hub/posts", actor).await.0,
        "write a post" => {
            app.post(
                "/api/v1/spaces/hub/posts",
                actor,
                json!({"title": "t", "body": "b"}),
            )
            .await
            .0
        }
        "comment" => {
            let post = owners_post().await;
            app.post(
                &format!("/api/v1/posts/{post}/comments"),
                actor,
                json!({"body": "b"}),
            )
            .await
            .0
        }
        "react" => {
            let post = owners_post().await;
            app.post(
                &format!("/api/v1/posts/{post}/reactions"),
                actor,
                json!({"emoji": "🎉"}),
            )
            .await
            .0
        }
        "edit own post" => {
            // Only those who may write have their own post to edit.
            let (status, post) = app
                .post(
                    "/api/v1/spaces/hub/posts",
                    actor,
                    json!({"title": "mine", "body": "b"}),
                )
                .await;
            if status != StatusCode::CREATED {
                return status;
            }
            app.patch(
                &format!("/api/v1/posts/{}", post["id"]),
                actor,
                json!({"body": "edited"}),
            )
            .await
            .0
        }
        "edit another's post" => {
            let post = owners_post().await;
            app.patch(
                &format!("/api/v1/posts/{post}"),
                actor,
                json!({"title": "changed"}),
            )
            .await
            .0
        }
        "delete another's post" => {
            let post = owners_post().await;
            app.delete(&format!("/api/v1/posts/{post}"), actor).await.0
        }
        "edit another's comment" => {
            let comment = owners_comment().await;
            app.patch(
                &format!("/api/v1/comments/{comment}"),
                actor,
                json!({"body": "changed"}),
            )
            .await
            .0
        }
        "delete another's comment" => {
            let comment = owners_comment().await;
            app.delete(&format!("/api/v1/comments/{comment}"), actor)
                .await
                .0
        }
        "invite a member" => {
            let user = app.user(&format!("invitee{n}")).await;
            app.post(
                "/api/v1/spaces/hub/invitations",
                actor,
                json!({"username": user.name}),
            )
            .await
            .0
        }
        "change a member's role" => {
            let member = fresh_member().await;
            app.patch(
                &format!("/api/v1/spaces/hub/members/{}", member.name),
                actor,
                json!({"role": "contributor"}),
            )
            .await
            .0
        }
        "remove a member" => {
            let member = fresh_member().await;
            app.delete(
                &format!("/api/v1/spaces/hub/members/{}", member.name),
                actor,
            )
            .await
            .0
        }
        "change space settings" => {
            app.patch(
                "/api/v1/spaces/hub",
                actor,
                json!({"description": format!("d{n}")}),
            )
            .await
            .0
        }
        "see join requests" => app.get("/api/v1/spaces/hub/join-requests", actor).await.0,
        other => panic!("no such action in the matrix: {other}"),
    }
}

async fn demoted_author_loses_edit_rights(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let writer = app.user("writer").await;
    app.space(&owner, "hub", "public").await;
    app.add_member(&owner, "hub", &writer, "contributor").await;
    let post = app.post_in(&writer, "hub", "draft").await;
    app.patch(
        "/api/v1/spaces/hub/members/writer",
        Some(&owner),
        json!({"role": "reader"}),
    )
    .await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/posts/{post}"),
            Some(&writer),
            json!({"body": "again"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("reader"),
        "{body}"
    );
    let (status, _) = app
        .delete(&format!("/api/v1/posts/{post}"), Some(&writer))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn private_space_readers_read_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let reader = app.user("reader").await;
    app.space(&owner, "case", "private").await;
    app.add_member(&owner, "case", &reader, "reader").await;
    let post = app.post_in(&owner, "case", "Brief").await;
    let (status, feed) = app.get("/api/v1/spaces/case/posts", Some(&reader)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(feed["items"][0]["id"], post);
    let (status, _) = app
        .get(&format!("/api/v1/posts/{post}/comments"), Some(&reader))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            "/api/v1/spaces/case/posts",
            Some(&reader),
            json!({"title": "t", "body": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{post}/comments"),
            Some(&reader),
            json!({"body": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
