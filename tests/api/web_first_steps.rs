//! First steps on the home page (issue 19 point 7): a new member's
//! checklist and the first admin's, each step ticked once done, the list
//! gone when all are, or hidden on request.

use agora::accounts::InstanceRole;
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(new_members_and_the_first_admin_see_their_first_steps);

fn ticked(body: &str) -> usize {
    body.matches("<span aria-hidden=\"true\">✓</span>").count()
}

async fn new_members_and_the_first_admin_see_their_first_steps(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user_with_role("ada", InstanceRole::Admin).await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;

    let member = Browser::signed_in(&app, &bob).await;
    let home = member.get("/").await;
    home.assert_contains("Your first steps");
    home.assert_contains("href=\"/settings/notifications\"");
    assert!(
        !home.body.contains("Setting up this instance"),
        "members only"
    );
    assert_eq!(ticked(&home.body), 0, "nothing done yet");

    // A profile and a space: two steps ticked.
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&bob),
            json!({"display_name": "Bob Mutombo", "organisation": "Justice Plus"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    app.add_member(&ada, "news", &bob, "contributor").await;
    let home = member.get("/").await;
    assert_eq!(ticked(&home.body), 2, "profile and space");

    // Hidden on request (a cookie: this browser).
    let hidden = member.submit("/first-steps/hide", &[]).await;
    assert_eq!(hidden.status, StatusCode::SEE_OTHER);
    let home = member.get("/").await;
    assert!(!home.body.contains("Your first steps"), "hidden");

    // The first admin has the instance's steps too; a federation rule
    // ticks one.
    let admin = Browser::signed_in(&app, &ada).await;
    let home = admin.get("/").await;
    home.assert_contains("Setting up this instance");
    home.assert_contains("href=\"/admin/federation\"");
    let before = ticked(&home.body);
    let (status, rule) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&ada),
            json!({"domain": "spam.example", "action": "suspend"}),
        )
        .await;
    assert!(status.is_success(), "{status} {rule}");
    let home = admin.get("/").await;
    assert_eq!(ticked(&home.body), before + 1);
}
