//! Join requests and their answers, invitations to spaces, and reports
//! for the moderators.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    join_requests_answers_and_invitations,
    reports_reach_the_moderators,
);

async fn join_requests_answers_and_invitations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    let fay = app.user("fay").await;
    let gus = app.user("gus").await;
    let (status, body) = app
        .post(
            "/api/v1/spaces",
            Some(&ada),
            json!({"slug": "cell", "title": "Legal cell", "visibility": "private", "join_policy": "request"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let space = body["id"].as_i64().unwrap();
    for who in [&eve, &fay] {
        let (status, _) = app
            .post(
                &format!("/api/v1/spaces/{space}/join"),
                Some(who),
                json!({"message": "Please"}),
            )
            .await;
        assert_eq!(status, StatusCode::ACCEPTED);
    }
    let asks = of_kind(&app, &ada, "join.requested").await;
    assert_eq!(asks.len(), 2);
    assert!(
        asks.iter()
            .any(|n| n["text"] == "eve asks to join Legal cell")
    );
    assert_eq!(asks[0]["link"], format!("/s/{space}/members"));
    opens(&app, &ada, asks[0]["link"].as_str().unwrap()).await;

    let (_, requests) = app
        .get(&format!("/api/v1/spaces/{space}/join-requests"), Some(&ada))
        .await;
    let id_of = |name: &str| {
        requests
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["username"] == name)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let (status, _) = app
        .post(
            &format!(
                "/api/v1/spaces/{space}/join-requests/{}/approve",
                id_of("eve")
            ),
            Some(&ada),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let approved = only(of_kind(&app, &eve, "join.approved").await);
    assert_eq!(
        approved["text"],
        "Your request to join Legal cell was approved"
    );
    assert_eq!(approved["link"], format!("/s/{space}"));
    opens(&app, &eve, approved["link"].as_str().unwrap()).await;

    set_language(&app, &fay, "de").await;
    let (status, _) = app
        .delete(
            &format!("/api/v1/spaces/{space}/join-requests/{}", id_of("fay")),
            Some(&ada),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Refused, she still hears of it though she is not a member.
    let refused = only(of_kind(&app, &fay, "join.refused").await);
    assert_eq!(
        refused["text"],
        "Ihre Anfrage, Legal cell beizutreten, wurde abgelehnt"
    );

    let (status, _) = app
        .post(
            &format!("/api/v1/spaces/{space}/invitations"),
            Some(&ada),
            json!({"username": "gus"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let invited = only(of_kind(&app, &gus, "space.invitation").await);
    assert_eq!(invited["text"], "ada invited you to join Legal cell");
    assert_eq!(invited["link"], "/invitations");
    opens(&app, &gus, "/invitations").await;
}

async fn reports_reach_the_moderators(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let moderator = app.user_with_role("mo", InstanceRole::Moderator).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    app.space(&ada, "news", "public").await;
    let post = app.post_in(&ada, "news", "Rumours").await;
    let (status, report) = app
        .post(
            "/api/v1/reports",
            Some(&bob),
            json!({"post_id": post, "reason": "Names a witness"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    for who in [&moderator, &admin] {
        let new = only(of_kind(&app, who, "report.new").await);
        assert_eq!(new["text"], "bob sent a report for the moderators");
        assert_eq!(new["link"], "/admin/reports");
        assert_eq!(new["report_id"], report["id"]);
        opens(&app, who, "/admin/reports").await;
    }
    assert!(of_kind(&app, &bob, "report.new").await.is_empty());
    assert!(of_kind(&app, &ada, "report.new").await.is_empty());
}
