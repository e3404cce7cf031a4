use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    create_and_read_a_space,
    slugs_and_usernames_share_one_namespace,
    public_spaces_are_open_to_join,
    private_space_request_and_approve,
    private_space_invitation_only,
    roles_change_and_members_leave,
    last_space_manager_cannot_leave,
    space_settings_are_for_managers,
);

async fn create_and_read_a_space(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (status, space) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "Strategic-Litigation", "title": " Strategic litigation ", "description": "Cases", "language": "fr", "visibility": "public"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{space}");
    assert_eq!(space["slug"], "strategic-litigation");
    assert_eq!(space["title"], "Strategic litigation");
    assert_eq!(space["language"], "fr");
    assert_eq!(space["join_policy"], "open");
    assert_eq!(space["my_role"], "space_manager");
    assert_eq!(space["member_count"], 1);

    let id = space["id"].as_i64().unwrap();
    let (_, by_slug) = app.get("/api/v1/spaces/strategic-litigation", None).await;
    let (_, by_id) = app.get(&format!("/api/v1/spaces/{id}"), None).await;
    assert_eq!(by_slug, by_id);
    assert_eq!(by_slug["my_role"], serde_json::Value::Null);

    let (status, body) = app
        .post(
            "/api/v1/spaces",
            None,
            json!({"slug": "x", "title": "x", "visibility": "public"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    for (body, field) in [
        (
            json!({"slug": "9lives", "title": "t", "visibility": "public"}),
            "slug",
        ),
        (
            json!({"slug": "a", "title": "t", "visibility": "public"}),
            "slug",
        ),
        (
            json!({"slug": "ok-slug", "title": "  ", "visibility": "public"}),
            "title",
        ),
        (
            json!({"slug": "ok-slug", "title": "t", "visibility": "public", "language": "english"}),
            "language",
        ),
        (
            json!({"slug": "ok-slug", "title": "t", "visibility": "public", "join_policy": "request"}),
            "join_policy",
        ),
        (
            json!({"slug": "ok-slug", "title": "t", "visibility": "private", "join_policy": "open"}),
            "join_policy",
        ),
    ] {
        let (status, answer) = app.post("/api/v1/spaces", Some(&ada), body.clone()).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {answer}"
        );
        assert!(
            answer["message"].as_str().unwrap().starts_with(field),
            "{answer}"
        );
    }
    let (status, _) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "ok-slug", "title": "t", "visibility": "secret"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

async fn slugs_and_usernames_share_one_namespace(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "news", "title": "Again", "visibility": "private"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"], "conflict");
    let (status, _) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "ada", "title": "Mine", "visibility": "public"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a slug may not take a member's name"
    );
    let (status, _) = app
        .post("/api/v1/accounts", None, json!({"username": "news", "email": "n@example.org", "password": "correct horse battery"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a member may not take a space's slug"
    );
}

async fn public_spaces_are_open_to_join(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "news", "public").await;
    let (status, body) = app
        .post("/api/v1/spaces/news/join", Some(&bea), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"status": "member", "role": "contributor"}));
    // Joining twice changes nothing.
    let (status, body) = app
        .post("/api/v1/spaces/news/join", Some(&bea), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["role"], "contributor");
    let (_, members) = app.get("/api/v1/spaces/news/members", Some(&bea)).await;
    let names: Vec<_> = members
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ada", "bea"]);
    let (status, _) = app.get("/api/v1/spaces/news/members", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, mine) = app.get("/api/v1/spaces?mine=true", Some(&bea)).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
}

async fn private_space_request_and_approve(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    let case = app.space(&ada, "case-17", "private").await;

    let (status, body) = app
        .post(
            &format!("/api/v1/spaces/{case}/join"),
            Some(&bea),
            json!({"message": "I work on this case"}),
        )
        .await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body, json!({"status": "requested"}));
    let (status, _) = app.get("/api/v1/spaces/case-17", Some(&bea)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a request is not membership");

    let (status, _) = app
        .get("/api/v1/spaces/case-17/join-requests", Some(&bea))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, requests) = app
        .get("/api/v1/spaces/case-17/join-requests", Some(&ada))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(requests[0]["username"], "bea");
    assert_eq!(requests[0]["message"], "I work on this case");
    let id = requests[0]["id"].as_i64().unwrap();

    let (status, member) = app
        .post(
            &format!("/api/v1/spaces/case-17/join-requests/{id}/approve"),
            Some(&ada),
            json!({"role": "reader"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{member}");
    assert_eq!(member["role"], "reader");
    let (status, space) = app.get("/api/v1/spaces/case-17", Some(&bea)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(space["my_role"], "reader");
    let (_, requests) = app
        .get("/api/v1/spaces/case-17/join-requests", Some(&ada))
        .await;
    assert_eq!(requests, json!([]));

    // A rejected request leaves no membership.
    let cyd = app.user("cyd").await;
    app.post(
        &format!("/api/v1/spaces/{case}/join"),
        Some(&cyd),
        json!({}),
    )
    .await;
    let (_, requests) = app
        .get("/api/v1/spaces/case-17/join-requests", Some(&ada))
        .await;
    let id = requests[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .delete(
            &format!("/api/v1/spaces/case-17/join-requests/{id}"),
            Some(&ada),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/spaces/case-17", Some(&cyd)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Private slugs may repeat, so asking by slug records nothing (the
    // answer is the same 202).
    let dan = app.user("dan").await;
    let (status, _) = app
        .post("/api/v1/spaces/case-17/join", Some(&dan), json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, requests) = app
        .get("/api/v1/spaces/case-17/join-requests", Some(&ada))
        .await;
    assert_eq!(requests, json!([]));
}

async fn private_space_invitation_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    let (status, _) = app
        .post("/api/v1/spaces", Some(&ada), json!({"slug": "coalition", "title": "Coalition", "visibility": "private", "join_policy": "invitation"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Asking to join records nothing in an invitation-only space.
    let (status, _) = app
        .post("/api/v1/spaces/coalition/join", Some(&bea), json!({}))
        .await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let (_, requests) = app
        .get("/api/v1/spaces/coalition/join-requests", Some(&ada))
        .await;
    assert_eq!(requests, json!([]));

    let (status, invitation) = app
        .post(
            "/api/v1/spaces/coalition/invitations",
            Some(&ada),
            json!({"username": "bea", "role": "contributor"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");
    let (_, mine) = app.get("/api/v1/me/space-invitations", Some(&bea)).await;
    assert_eq!(mine[0]["space_slug"], "coalition");
    assert_eq!(mine[0]["invited_by"], "ada");
    // Nobody else can answer it.
    let cyd = app.user("cyd").await;
    let (status, _) = app
        .post(
            &format!("/api/v1/me/space-invitations/{}/accept", invitation["id"]),
            Some(&cyd),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, space) = app
        .post(
            &format!("/api/v1/me/space-invitations/{}/accept", invitation["id"]),
            Some(&bea),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{space}");
    assert_eq!(space["my_role"], "contributor");
    let (status, _) = app
        .post(
            "/api/v1/spaces/coalition/invitations",
            Some(&ada),
            json!({"username": "bea"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "already a member");

    // Declining leaves the space invisible.
    let (_, invitation) = app
        .post(
            "/api/v1/spaces/coalition/invitations",
            Some(&ada),
            json!({"username": "cyd"}),
        )
        .await;
    let (status, _) = app
        .delete(
            &format!("/api/v1/me/space-invitations/{}", invitation["id"]),
            Some(&cyd),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/spaces/coalition", Some(&cyd)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn roles_change_and_members_leave(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    let cyd = app.user("cyd").await;
    app.space(&ada, "team", "private").await;
    app.add_member(&ada, "team", &bea, "reader").await;
    app.add_member(&ada, "team", &cyd, "contributor").await;

    let (status, member) = app
        .patch(
            "/api/v1/spaces/team/members/bea",
            Some(&ada),
            json!({"role": "content_manager"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{member}");
    assert_eq!(member["role"], "content_manager");
    let (status, _) = app
        .patch(
            "/api/v1/spaces/team/members/nobody",
            Some(&ada),
            json!({"role": "reader"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Removing a member takes the space out of their sight.
    let (status, _) = app
        .delete("/api/v1/spaces/team/members/cyd", Some(&ada))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/spaces/team", Some(&cyd)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Leaving, by either route.
    let (status, _) = app
        .post("/api/v1/spaces/team/leave", Some(&bea), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, members) = app.get("/api/v1/spaces/team/members", Some(&ada)).await;
    assert_eq!(members.as_array().unwrap().len(), 1);
}

async fn last_space_manager_cannot_leave(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "team", "public").await;
    app.add_member(&ada, "team", &bea, "contributor").await;

    let (status, body) = app
        .post("/api/v1/spaces/team/leave", Some(&ada), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("last space manager")
    );
    let (status, _) = app
        .delete("/api/v1/spaces/team/members/ada", Some(&ada))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .patch(
            "/api/v1/spaces/team/members/ada",
            Some(&ada),
            json!({"role": "reader"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the last manager cannot demote themself"
    );

    // With a second manager, the first may go.
    app.patch(
        "/api/v1/spaces/team/members/bea",
        Some(&ada),
        json!({"role": "space_manager"}),
    )
    .await;
    let (status, _) = app
        .post("/api/v1/spaces/team/leave", Some(&ada), json!({}))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, members) = app.get("/api/v1/spaces/team/members", Some(&bea)).await;
    assert_eq!(
        members,
        json!([{"username": "bea", "display_name": "", "organisation": "", "role": "space_manager", "joined_at": members[0]["joined_at"]}])
    );
}

async fn space_settings_are_for_managers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    app.space(&ada, "team", "private").await;
    app.add_member(&ada, "team", &bea, "content_manager").await;
    let (status, _) = app
        .patch(
            "/api/v1/spaces/team",
            Some(&bea),
            json!({"title": "Mine now"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, space) = app
        .patch(
            "/api/v1/spaces/team",
            Some(&ada),
            json!({"title": "Team A", "join_policy": "invitation", "default_role": "reader"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{space}");
    assert_eq!(space["title"], "Team A");
    assert_eq!(space["join_policy"], "invitation");
    assert_eq!(space["default_role"], "reader");
    let (status, _) = app
        .patch(
            "/api/v1/spaces/team",
            Some(&ada),
            json!({"join_policy": "open"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a private space cannot become open"
    );
    let (status, body) = app
        .patch(
            "/api/v1/spaces/team",
            Some(&ada),
            json!({"visibility": "public"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "visibility is fixed: {body}"
    );
    assert!(body["message"].as_str().unwrap().contains("visibility"));
}
