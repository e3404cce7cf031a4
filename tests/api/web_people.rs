//! The web interface's people pages: profiles and settings, a space's
//! members and their managers' actions, invitations to spaces.

use reqwest::StatusCode;
use serde_json::Value;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

on_both_backends!(
    a_member_edits_their_profile_and_interface_language,
    a_manager_changes_a_role_and_removes_a_member,
    a_manager_approves_and_turns_down_requests_to_a_private_space,
    a_member_accepts_and_declines_invitations,
    people_forms_without_the_csrf_token_are_refused,
);

/// The role `username` has in `space`, as the API reports it.
async fn role_in(app: &TestApp, viewer: &User, space: &str, username: &str) -> Option<String> {
    let (status, members) = app
        .get(&format!("/api/v1/spaces/{space}/members"), Some(viewer))
        .await;
    assert_eq!(status, StatusCode::OK, "{members}");
    members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == username)
        .map(|m| m["role"].as_str().unwrap().to_owned())
}

async fn a_member_edits_their_profile_and_interface_language(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let form = browser.get("/settings").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("<label for=\"ui_language\">");
    form.assert_contains("dir=\"ltr\"");

    let saved = browser
        .submit(
            "/settings",
            &[
                ("display_name", "Ada Mbuyi"),
                ("organisation", "Bureau juridique"),
                ("country", "cd"),
                ("languages", "fr, ln sw"),
                ("bio", "Lawyer in <Kinshasa>."),
                ("ui_language", "ar"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.location(), "/settings?saved=true");
    assert!(
        saved
            .cookies()
            .iter()
            .any(|c| c.starts_with("agora_lang=ar;")),
        "{:?}",
        saved.cookies()
    );

    // The member's choice wins over the browser's language.
    let english_browser = Browser::new(&app).with_language("en");
    english_browser.sign_in("ada").await;
    let page = english_browser.get("/settings").await;
    page.assert_contains("lang=\"ar\" dir=\"rtl\"");
    page.assert_contains("value=\"ar\" lang=\"ar\" selected");
    page.assert_contains("value=\"fr, ln, sw\"");

    let (_, account) = app.get("/api/v1/accounts/ada", Some(&ada)).await;
    assert_eq!(account["display_name"], "Ada Mbuyi");
    assert_eq!(account["country"], "CD");
    assert_eq!(account["languages"], serde_json::json!(["fr", "ln", "sw"]));

    let own = browser.get("/people/ada").await;
    assert_eq!(own.status, StatusCode::OK);
    own.assert_contains("<bdi>Ada Mbuyi</bdi>");
    own.assert_contains("Lawyer in &#60;Kinshasa&#62;.");
    own.assert_contains("href=\"/settings\"");
    // Another member (profiles are for the instance's members by default).
    let bob = app.user("bob").await;
    let visitor = Browser::signed_in(&app, &bob)
        .await
        .get("/people/ada")
        .await;
    assert_eq!(visitor.status, StatusCode::OK);
    visitor.assert_contains("Bureau juridique");
    assert!(!visitor.body.contains("href=\"/settings\""));
    assert!(
        !visitor.body.contains("ada@example.org"),
        "emails stay private"
    );
    assert_eq!(
        Browser::new(&app).get("/people/nobody").await.status,
        StatusCode::NOT_FOUND
    );

    // "Follow my browser" forgets the choice, here and in the account.
    let back = browser
        .submit(
            "/settings",
            &[
                ("display_name", "Ada Mbuyi"),
                ("country", "CD"),
                ("ui_language", ""),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert!(
        back.cookies()
            .iter()
            .any(|c| c.starts_with("agora_lang=;") && c.contains("Max-Age=0"))
    );
    browser
        .get("/settings")
        .await
        .assert_contains("lang=\"en\" dir=\"ltr\"");

    let refused = browser
        .submit("/settings", &[("country", "Congo"), ("ui_language", "")])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("country");
}

async fn a_manager_changes_a_role_and_removes_a_member(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "reader").await;
    app.add_member(&ada, "news", &carol, "reader").await;

    let manager = Browser::signed_in(&app, &ada).await;
    let page = manager.get("/s/news/members").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<a href=\"/people/bob\"><bdi>bob</bdi></a>");
    page.assert_contains("<label class=\"visually-hidden\" for=\"role-bob\">");
    page.assert_contains("action=\"/s/news/members/carol/remove\" data-confirm=");

    let changed = manager
        .submit("/s/news/members/bob/role", &[("role", "content_manager")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(changed.location(), "/s/news/members");
    assert_eq!(
        role_in(&app, &ada, "news", "bob").await.as_deref(),
        Some("content_manager")
    );

    let removed = manager.submit("/s/news/members/carol/remove", &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(role_in(&app, &ada, "news", "carol").await, None);

    // The last space manager stays.
    let last = manager
        .submit("/s/news/members/ada/role", &[("role", "reader")])
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);

    // Other members see the list, not the managers' forms.
    let member = Browser::signed_in(&app, &bob).await;
    let page = member.get("/s/news/members").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<bdi>ada</bdi>");
    assert!(!page.body.contains("/members/ada/remove"));
    let refused = member
        .submit("/s/news/members/ada/role", &[("role", "reader")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        role_in(&app, &ada, "news", "ada").await.as_deref(),
        Some("space_manager")
    );

    // Signed out: to the sign-in page.
    let visitor = Browser::new(&app).get("/s/news/members").await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    assert!(visitor.location().starts_with("/login?next="));
}

async fn a_manager_approves_and_turns_down_requests_to_a_private_space(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    let dave = app.user("dave").await;
    let id = app.space(&ada, "circle", "private").await;

    // An outsider learns nothing: the same 404 as a space that is not there.
    let outsider = Browser::signed_in(&app, &dave).await;
    let hidden = outsider.get(&format!("/s/{id}/members")).await;
    let missing = outsider.get("/s/987654/members").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(
        hidden.body.replace(&format!("/s/{id}/"), "/s/ID/"),
        missing.body.replace("/s/987654/", "/s/ID/")
    );
    let forged = outsider
        .submit(&format!("/s/{id}/members/invite"), &[("username", "dave")])
        .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);

    let asking = Browser::signed_in(&app, &bob).await;
    let asked = asking
        .submit(
            &format!("/s/{id}/join"),
            &[("message", "I work on the case")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let other = Browser::signed_in(&app, &carol).await;
    other
        .submit(&format!("/s/{id}/join"), &[("message", "Let me in")])
        .await;

    let manager = Browser::signed_in(&app, &ada).await;
    let page = manager.get(&format!("/s/{id}/members")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("I work on the case");
    page.assert_contains("Let me in");
    let (_, requests) = app
        .get(&format!("/api/v1/spaces/{id}/join-requests"), Some(&ada))
        .await;
    let request_of = |name: &str| -> i64 {
        requests
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["username"] == name)
            .and_then(|r| r["id"].as_i64())
            .unwrap()
    };
    page.assert_contains(&format!("/s/{id}/requests/{}/approve", request_of("bob")));

    let approved = manager
        .submit(
            &format!("/s/{id}/requests/{}/approve", request_of("bob")),
            &[("role", "reader")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    assert_eq!(approved.location(), format!("/s/{id}/members"));
    assert_eq!(
        role_in(&app, &ada, &id.to_string(), "bob").await.as_deref(),
        Some("reader")
    );
    assert_eq!(asking.get(&format!("/s/{id}")).await.status, StatusCode::OK);

    let rejected = manager
        .submit(
            &format!("/s/{id}/requests/{}/reject", request_of("carol")),
            &[],
        )
        .await;
    assert_eq!(rejected.status, StatusCode::SEE_OTHER, "{}", rejected.body);
    assert_eq!(
        other.get(&format!("/s/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let page = manager.get(&format!("/s/{id}/members")).await;
    assert!(!page.body.contains("Let me in"));
}

async fn a_member_accepts_and_declines_invitations(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let carol = app.user("carol").await;
    app.space(&ada, "news", "public").await;
    let id = app.space(&ada, "circle", "private").await;

    let manager = Browser::signed_in(&app, &ada).await;
    let invited = manager
        .submit(
            "/s/news/members/invite",
            &[("username", "@Bob"), ("role", "content_manager")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.body);
    manager
        .get(invited.location())
        .await
        .assert_contains("bob has been invited");
    let spoofed = manager
        .get("/s/news/members?invited=Pay%20the%20fee%20to%20evil.example")
        .await;
    assert!(!spoofed.body.contains("has been invited"));
    let unknown = manager
        .submit(
            "/s/news/members/invite",
            &[("username", "nobody"), ("role", "reader")],
        )
        .await;
    // No such person: said by the field, the form kept (web_forms_people).
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    unknown.assert_contains("id=\"invite-username-error\"");
    manager
        .submit(
            &format!("/s/{id}/members/invite"),
            &[("username", "carol"), ("role", "reader")],
        )
        .await;

    let invitee = Browser::signed_in(&app, &bob).await;
    let page = invitee.get("/invitations").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<bdi>news</bdi>");
    let (_, mine) = app.get("/api/v1/me/space-invitations", Some(&bob)).await;
    let invitation = mine[0]["id"].as_i64().unwrap();
    // Someone else's invitation is not theirs to answer.
    let other = Browser::signed_in(&app, &carol).await;
    let stolen = other
        .submit(&format!("/invitations/{invitation}/accept"), &[])
        .await;
    assert_eq!(stolen.status, StatusCode::NOT_FOUND);

    let accepted = invitee
        .submit(&format!("/invitations/{invitation}/accept"), &[])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    assert_eq!(accepted.location(), "/s/news");
    assert_eq!(
        role_in(&app, &ada, "news", "bob").await.as_deref(),
        Some("content_manager")
    );

    // A private space is named by its id.
    let (_, theirs) = app.get("/api/v1/me/space-invitations", Some(&carol)).await;
    let private_invitation = theirs[0]["id"].as_i64().unwrap();
    let page = other.get("/invitations").await;
    page.assert_contains("<bdi>circle</bdi>");
    page.assert_contains(&format!(
        "action=\"/invitations/{private_invitation}/decline\" data-confirm="
    ));
    let declined = other
        .submit(&format!("/invitations/{private_invitation}/decline"), &[])
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert_eq!(declined.location(), "/invitations");
    let (_, left) = app.get("/api/v1/me/space-invitations", Some(&carol)).await;
    assert_eq!(left, Value::Array(Vec::new()));
    assert_eq!(
        other.get(&format!("/s/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    // Accepting the private one goes to the space by its id.
    manager
        .submit(
            &format!("/s/{id}/members/invite"),
            &[("username", "carol"), ("role", "reader")],
        )
        .await;
    let (_, theirs) = app.get("/api/v1/me/space-invitations", Some(&carol)).await;
    let again = theirs[0]["id"].as_i64().unwrap();
    let accepted = other
        .submit(&format!("/invitations/{again}/accept"), &[])
        .await;
    assert_eq!(accepted.location(), format!("/s/{id}"));
}

async fn people_forms_without_the_csrf_token_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "reader").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let no_token = browser
        .submit_raw(
            "/settings",
            &[
                ("display_name".into(), "Mallory".into()),
                ("ui_language".into(), "".into()),
            ],
        )
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong_token = browser
        .submit_raw(
            "/s/news/members/bob/remove",
            &[("csrf".into(), "x".repeat(43))],
        )
        .await;
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    assert_eq!(
        role_in(&app, &ada, "news", "bob").await.as_deref(),
        Some("reader")
    );
    let (_, account) = app.get("/api/v1/accounts/ada", Some(&bob)).await;
    assert_eq!(account["display_name"], "");
}
