//! Reports, the moderators' queue and its actions, suspensions, bans.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;
use agora::accounts::InstanceRole;

on_both_backends!(
    reports_reach_the_queue_and_moderators_act,
    suspended_members_cannot_sign_in_or_use_tokens,
    a_ban_keeps_someone_out_of_a_space,
    a_ban_cannot_leave_a_space_without_a_manager,
    reports_about_a_private_space_stay_inside_it,
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

async fn a_ban_cannot_leave_a_space_without_a_manager(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let owner = app.user("owner").await;
    let ada = app.user("ada").await;
    app.space(&owner, "news", "public").await;

    let (status, answer) = app
        .post(
            "/api/v1/spaces/news/bans",
            Some(&moderator),
            json!({"account": "owner", "reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or_default()
            .contains("last space manager"),
        "{answer}"
    );
    let (status, members) = app.get("/api/v1/spaces/news/members", Some(&owner)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        members.to_string().contains("\"owner\""),
        "the ban was undone as a whole: {members}"
    );
    let (status, _) = app
        .post(
            "/api/v1/spaces/news/posts",
            Some(&owner),
            json!({"title": "t", "body": "b"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "still a member and manager");

    // Once someone else manages the space, the ban goes through.
    let (status, _) = app
        .post("/api/v1/spaces/news/join", Some(&ada), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, answer) = app
        .patch(
            "/api/v1/spaces/news/members/ada",
            Some(&owner),
            json!({"role": "space_manager"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _) = app
        .post(
            "/api/v1/spaces/news/bans",
            Some(&moderator),
            json!({"account": "owner", "reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

async fn reports_about_a_private_space_stay_inside_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let owner = app.user("owner").await;
    let ada = app.user("ada").await;
    let eve = app.user("eve").await;
    let case = app.space(&owner, "case", "private").await;
    app.add_member(&owner, "case", &ada, "contributor").await;
    app.add_member(&owner, "case", &eve, "contributor").await;
    let secret = app.post_in(&eve, "case", "Witness statement").await;

    let (status, report) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"post_id": secret, "reason": "names a witness"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    assert_eq!(report["private"], true);
    assert_eq!(
        report["post_id"], secret,
        "the reporter may see what she reported"
    );
    let id = report["id"].as_i64().unwrap();

    // The instance's moderators see that a report exists, not what it is about.
    let (status, queue) = app.get("/api/v1/admin/reports", Some(&moderator)).await;
    assert_eq!(status, StatusCode::OK);
    let seen = queue
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .expect("the report is in the queue")
        .clone();
    assert_eq!(seen["private"], true);
    assert_eq!(seen["account"], "eve", "the reported account is named");
    for hidden in ["post_id", "comment_id", "space", "excerpt"] {
        assert!(seen[hidden].is_null(), "{hidden} shown: {seen}");
    }
    let text = queue.to_string();
    assert!(
        !text.contains("Witness") && !text.contains(&secret.to_string()) && !text.contains("case")
    );
    let page = Browser::signed_in(&app, &moderator)
        .await
        .get("/admin/reports")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Witness") && !page.body.contains(&secret.to_string()));
    page.assert_contains("private space you are not a member of");
    let (_, notes) = app.get("/api/v1/notifications", Some(&moderator)).await;
    let told = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "report.new")
        .expect("the moderator is told")
        .clone();
    assert_eq!(told["link"], "/admin/reports");
    assert!(told["space"].is_null(), "{told}");
    assert!(!told.to_string().contains("Witness") && !told.to_string().contains("case"));

    // The space's managers are told, and see it whole in the space's queue.
    let (_, notes) = app.get("/api/v1/notifications", Some(&owner)).await;
    let told = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "report.new")
        .expect("the space manager is told")
        .clone();
    // A private space has no handle: links name it by id.
    assert_eq!(told["link"], format!("/s/{case}/reports"));
    let (status, space_queue) = app.get("/api/v1/spaces/case/reports", Some(&owner)).await;
    assert_eq!(status, StatusCode::OK, "{space_queue}");
    assert_eq!(space_queue[0]["id"], id);
    assert_eq!(space_queue[0]["post_id"], secret);
    assert!(
        space_queue[0]["excerpt"]
            .as_str()
            .unwrap()
            .contains("Witness")
    );
    let (status, _) = app.get("/api/v1/spaces/case/reports", Some(&ada)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "members who do not manage see no reports"
    );
    let (status, _) = app
        .get("/api/v1/spaces/case/reports", Some(&moderator))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the space stays hidden from the moderator"
    );
    let page = Browser::signed_in(&app, &owner)
        .await
        .get("/s/case/reports")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("Witness statement");

    // Moderators cannot act on the content; the members who do not manage
    // the space cannot act at all, whether or not the report exists.
    for decision in ["remove_content", "ban_from_space"] {
        let (status, answer) = app
            .post(
                &format!("/api/v1/admin/reports/{id}/resolve"),
                Some(&moderator),
                json!({"decision": decision}),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{decision}: {answer}");
    }
    let (refused, missing) = (
        app.post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&ada),
            json!({"decision": "dismiss"}),
        )
        .await,
        app.post(
            "/api/v1/admin/reports/987654321/resolve",
            Some(&ada),
            json!({"decision": "dismiss"}),
        )
        .await,
    );
    assert_eq!(refused.0, StatusCode::FORBIDDEN);
    assert_eq!(
        refused, missing,
        "a report ada cannot act on looks like no report"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&owner),
            json!({"decision": "suspend_account"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "space managers do not suspend accounts"
    );

    // The space manager removes the content.
    let (status, done) = app
        .post(
            &format!("/api/v1/admin/reports/{id}/resolve"),
            Some(&owner),
            json!({"decision": "remove_content", "note": "removed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "resolved");
    let (status, _) = app
        .get(&format!("/api/v1/posts/{secret}"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::GONE);

    // Another report: the moderator acts on the reported account.
    let comment = app
        .post(
            &format!(
                "/api/v1/posts/{}/comments",
                app.post_in(&eve, "case", "Again").await
            ),
            Some(&eve),
            json!({"body": "the same names"}),
        )
        .await
        .1[0]["id"]
        .as_i64()
        .unwrap();
    let (_, second) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            json!({"comment_id": comment, "reason": "again"}),
        )
        .await;
    let (status, done) = app
        .post(
            &format!("/api/v1/admin/reports/{}/resolve", second["id"]),
            Some(&moderator),
            json!({"decision": "suspend_account"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(
        done["comment_id"].is_null(),
        "still hidden from the moderator"
    );
    let (status, _) = app.get("/api/v1/accounts/me", Some(&eve)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "eve is suspended");
}
