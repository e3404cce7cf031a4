//! Reports, the moderators' queue and its actions, suspensions, bans.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use agora::accounts::InstanceRole;

on_both_backends!(
    reports_reach_the_queue_and_moderators_act,
    suspended_members_cannot_sign_in_or_use_tokens,
    a_ban_keeps_someone_out_of_a_space,
);

async fn reports_reach_the_queue_and_moderators_act(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "news", "public").await;
    app.space(&bob, "case", "private").await;
    let post = app.post_in(&bob, "news", "Offensive").await;
    let secret = app.post_in(&bob, "case", "Hidden").await;

    let (status, _) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"post_id": secret, "reason": "x"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "what ada cannot see, she cannot report"
    );
    let (status, _) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"post_id": post, "account": "bob", "reason": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"post_id": post, "reason": "  "}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, report) = app
        .post(
            "/api/v1/reports",
            None,
            json!({"post_id": post, "reason": "insults"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{report}");
    let (status, report) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"post_id": post, "reason": "insults"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["account"], "bob");
    assert_eq!(report["state"], "open");
    assert_eq!(
        report["forwarded"], false,
        "bob is local: nothing to forward"
    );

    let (status, _) = app.get("/api/v1/admin/reports", Some(&ada)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // People can be reported too.
    let (status, about_bob) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"account": "bob", "reason": "harasses me"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{about_bob}");
    assert_eq!(about_bob["post_id"], serde_json::Value::Null);
    let (_, queue) = app.get("/api/v1/admin/reports", Some(&moderator)).await;
    assert_eq!(queue.as_array().unwrap().len(), 2);
    assert_eq!(queue[0]["reporter"], "ada");
    assert!(
        queue[0]["excerpt"]
            .as_str()
            .unwrap()
            .starts_with("Offensive")
    );

    let id = report["id"].as_i64().unwrap();
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&ada),
            json!({"decision": "dismiss"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, resolved) = app
        .post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&moderator),
            json!({"decision": "remove_content", "note": "insults, rule 2"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["state"], "resolved");
    let (status, _) = app.get(&format!("/api/v1/posts/{post}"), None).await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&moderator),
            json!({"decision": "dismiss"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (_, open) = app.get("/api/v1/admin/reports", Some(&moderator)).await;
    assert_eq!(
        open.as_array().unwrap().len(),
        1,
        "the report about bob is still open"
    );
    assert_eq!(open[0]["reason"], "harasses me");

    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let (_, log) = app.get("/api/v1/admin/audit-log", Some(&admin)).await;
    assert_eq!(log[0]["action"], "report.remove_content");
    assert_eq!(log[0]["actor"], "mod");
    assert_eq!(log[0]["reason"], "insults, rule 2");
}

async fn suspended_members_cannot_sign_in_or_use_tokens(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;
    let (status, _) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = app
        .post(
            "/api/v1/admin/accounts/mod/suspension",
            Some(&ada),
            json!({"reason": "no"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            "/api/v1/admin/accounts/ada/suspension",
            Some(&moderator),
            json!({"reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the token stops working at once"
    );
    let (status, answer) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": "a long enough password"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(answer["message"].as_str().unwrap().contains("suspended"));
    let (status, _) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": "wrong password"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a wrong password learns nothing"
    );

    let (status, _) = app
        .delete("/api/v1/admin/accounts/ada/suspension", Some(&moderator))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn a_ban_keeps_someone_out_of_a_space(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let owner = app.user("owner").await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    app.space(&owner, "news", "public").await;
    let (status, _) = app
        .post("/api/v1/spaces/news/join", Some(&eve), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);

    let (status, _) = app
        .post(
            "/api/v1/spaces/news/bans",
            Some(&ada),
            json!({"account": "eve"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "only managers and moderators ban"
    );
    let (status, _) = app
        .post(
            "/api/v1/spaces/news/bans",
            Some(&owner),
            json!({"account": "eve", "reason": "harassment"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&eve),
            json!({"title": "t", "body": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "she is no longer a member");
    let (status, answer) = app
        .post("/api/v1/spaces/news/join", Some(&eve), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
}
