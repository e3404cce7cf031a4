//! The web interface's administration: who may see it, accounts and roles,
//! invitation links, the federation policy, the reports queue.

use agora::accounts::InstanceRole;
use agora::config::RegistrationMode;
use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(
    only_moderators_and_admins_see_the_administration,
    an_admin_invites_someone_who_then_registers,
    an_admin_changes_a_members_role,
    a_moderator_suspends_and_restores_a_member,
    an_admin_changes_the_federation_policy,
    moderators_resolve_reports,
    admin_forms_without_the_csrf_token_are_refused,
);

const SECTIONS: [&str; 5] = [
    "/admin",
    "/admin/users",
    "/admin/invitations",
    "/admin/federation",
    "/admin/reports",
];

async fn only_moderators_and_admins_see_the_administration(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let member = app.user("bob").await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;

    let browser = Browser::signed_in(&app, &member).await;
    assert!(!browser.get("/").await.body.contains("href=\"/admin\""));
    for path in SECTIONS {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        page.assert_contains("only");
    }
    let made = browser
        .submit(
            "/admin/invitations",
            &[("note", "x"), ("expires_in_days", "3")],
        )
        .await;
    assert_eq!(made.status, StatusCode::FORBIDDEN);
    let (_, invitations) = app.get("/api/v1/invitations", Some(&admin)).await;
    assert_eq!(invitations, json!([]));

    let signed_out = Browser::new(&app).get("/admin/users").await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
    assert_eq!(signed_out.location(), "/login?next=%2Fadmin%2Fusers");

    // Moderators run the queue and invitations; the policy is the admins'.
    let browser = Browser::signed_in(&app, &moderator).await;
    for path in [
        "/admin",
        "/admin/users",
        "/admin/invitations",
        "/admin/reports",
    ] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("href=\"/admin/federation\""), "{path}");
        assert_eq!(page.body.matches("<h1>").count(), 1, "{path}");
    }
    assert_eq!(
        browser.get("/admin/federation").await.status,
        StatusCode::FORBIDDEN
    );
    assert!(
        !browser
            .get("/admin/users")
            .await
            .body
            .contains("name=\"role\"")
    );

    let browser = Browser::signed_in(&app, &admin).await;
    for path in SECTIONS {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        page.assert_contains("href=\"/admin/federation\"");
        assert!(!page.body.contains(" style="), "{path}");
        assert!(!page.body.contains("<script>"), "{path}");
    }

    // In Arabic: right to left, Arabic digits and plural forms.
    let arabic = Browser::new(&app).with_language("ar");
    arabic.sign_in("root").await;
    let page = arabic.get("/admin/users").await;
    page.assert_contains("dir=\"rtl\"");
    page.assert_contains("٣ حسابات");
}

async fn an_admin_invites_someone_who_then_registers(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.registration = RegistrationMode::Invite).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::signed_in(&app, &admin).await;

    let made = browser
        .submit(
            "/admin/invitations",
            &[("note", "For Zawadi"), ("expires_in_days", "7")],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    made.assert_contains("<label for=\"new-link\">");
    let token: String = made
        .body
        .split("/register?invitation=")
        .nth(1)
        .expect("the new link is shown")
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    assert!(token.len() > 20, "{token}");
    // The list keeps the note, never the link.
    let list = browser.get("/admin/invitations").await;
    list.assert_contains("For Zawadi");
    assert!(!list.body.contains(&token));

    let newcomer = Browser::new(&app);
    let refused = newcomer.get("/register").await;
    assert!(!refused.body.contains("name=\"password\""));
    let form = newcomer.get(&format!("/register?invitation={token}")).await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains(&format!("name=\"invitation\" value=\"{token}\""));
    let registered = newcomer
        .submit(
            "/register",
            &[
                ("username", "zawadi"),
                ("email", "zawadi@example.org"),
                ("password", "a long enough password"),
                ("invitation", &token),
            ],
        )
        .await;
    assert_eq!(
        registered.status,
        StatusCode::SEE_OTHER,
        "{}",
        registered.body
    );
    assert!(newcomer.cookie("agora_session").is_some());

    // Used once, and the list says by whom.
    browser
        .get("/admin/invitations")
        .await
        .assert_contains("href=\"/people/zawadi\"");
    let again = Browser::new(&app)
        .submit(
            "/register",
            &[
                ("username", "second"),
                ("email", "second@example.org"),
                ("password", "a long enough password"),
                ("invitation", &token),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);

    let bad = browser
        .submit("/admin/invitations", &[("expires_in_days", "0")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
}

async fn an_admin_changes_a_members_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let bob = app.user("bob").await;

    let browser = Browser::signed_in(&app, &admin).await;
    let page = browser.get("/admin/users").await;
    page.assert_contains("<label class=\"visually-hidden\" for=\"role-bob\">");
    page.assert_contains("bob@example.org");
    let changed = browser
        .submit("/admin/users/bob/role", &[("role", "moderator")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    assert_eq!(changed.location(), "/admin/users");
    let (_, accounts) = app.get("/api/v1/admin/accounts", Some(&admin)).await;
    let role_of = |name: &str| {
        accounts
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["username"] == name)
            .map(|a| a["role"].clone())
            .unwrap()
    };
    assert_eq!(role_of("bob"), "moderator");
    let promoted = Browser::signed_in(&app, &bob).await;
    assert_eq!(promoted.get("/admin").await.status, StatusCode::OK);

    // Moderators may not hand out roles; the last admin stays one.
    let refused = Browser::signed_in(&app, &moderator)
        .await
        .submit("/admin/users/bob/role", &[("role", "admin")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let last = browser
        .submit("/admin/users/root/role", &[("role", "member")])
        .await;
    assert_eq!(last.status, StatusCode::CONFLICT);
}

async fn a_moderator_suspends_and_restores_a_member(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let bob = app.user("bob").await;
    let browser = Browser::signed_in(&app, &moderator).await;
    let page = browser.get("/admin/users").await;
    page.assert_contains("action=\"/admin/users/bob/suspend\" data-confirm=");
    assert!(
        !page.body.contains("/admin/users/mod/suspend"),
        "not oneself"
    );

    let suspended = browser
        .submit("/admin/users/bob/suspend", &[("reason", "Spam")])
        .await;
    assert_eq!(
        suspended.status,
        StatusCode::SEE_OTHER,
        "{}",
        suspended.body
    );
    let (status, _) = app.get("/api/v1/accounts/me", Some(&bob)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let attempt = Browser::new(&app)
        .submit(
            "/login",
            &[("login", "bob"), ("password", "a long enough password")],
        )
        .await;
    assert_eq!(attempt.status, StatusCode::FORBIDDEN, "suspended");
    // The sign-in form again, saying why.
    attempt.assert_contains("This account is suspended.");
    attempt.assert_contains("id=\"password\"");
    assert!(
        attempt
            .cookies()
            .iter()
            .all(|c| !c.starts_with("agora_session="))
    );

    let lifted = browser.submit("/admin/users/bob/unsuspend", &[]).await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER, "{}", lifted.body);
    let (status, _) = app.get("/api/v1/accounts/me", Some(&bob)).await;
    assert_eq!(status, StatusCode::OK);
    Browser::signed_in(&app, &bob).await;

    let member = Browser::signed_in(&app, &bob).await;
    let refused = member
        .submit("/admin/users/mod/suspend", &[("reason", "revenge")])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

async fn an_admin_changes_the_federation_policy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::signed_in(&app, &admin).await;

    let saved = browser
        .submit(
            "/admin/federation/settings",
            &[("mode", "allowlist"), ("publish_domain_list", "true")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let (_, public) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(public["mode"], "allowlist");
    assert_eq!(public["published"], true);

    let rule = browser
        .submit(
            "/admin/federation/rules",
            &[
                ("domain", "Spam.Example"),
                ("action", "suspend"),
                ("reject_media", "true"),
                ("public_reason", "Spam waves"),
                ("private_comment", "Seen in March"),
                ("expires_in_days", ""),
            ],
        )
        .await;
    assert_eq!(rule.status, StatusCode::SEE_OTHER, "{}", rule.body);
    let page = browser.get("/admin/federation").await;
    page.assert_contains("spam.example");
    page.assert_contains("Seen in March");
    page.assert_contains("value=\"allowlist\" checked");
    page.assert_contains("action=\"/admin/federation/rules/spam.example/lift\" data-confirm=");
    let (_, policy) = app.get("/api/v1/admin/federation", Some(&admin)).await;
    assert_eq!(policy["rules"][0]["domain"], "spam.example");
    assert_eq!(policy["rules"][0]["action"], "suspend");
    assert_eq!(policy["rules"][0]["reject_media"], true);
    assert_eq!(policy["rules"][0]["reject_reports"], false);
    let (_, public) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(public["domains"][0]["reason"], "Spam waves");

    let bad = browser
        .submit(
            "/admin/federation/rules",
            &[("domain", "not a domain"), ("action", "limit")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let lifted = browser
        .submit("/admin/federation/rules/spam.example/lift", &[])
        .await;
    assert_eq!(lifted.status, StatusCode::SEE_OTHER, "{}", lifted.body);
    let (_, policy) = app.get("/api/v1/admin/federation", Some(&admin)).await;
    assert_eq!(policy["rules"], json!([]));

    // Unticking the box unpublishes the list.
    browser
        .submit("/admin/federation/settings", &[("mode", "blocklist")])
        .await;
    let (_, public) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(public["mode"], "blocklist");
    assert_eq!(public["published"], false);
}

async fn moderators_resolve_reports(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "news", "public").await;
    let offensive = app.post_in(&bob, "news", "Offensive").await;
    let harmless = app.post_in(&bob, "news", "Harmless").await;
    for (post, reason) in [(offensive, "Insults people"), (harmless, "I disagree")] {
        let (status, body) = app
            .post(
                "/api/v1/reports",
                Some(&ada),
                json!({"post_id": post, "reason": reason}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    let (_, queue) = app.get("/api/v1/admin/reports", Some(&moderator)).await;
    let id_of = |reason: &str| {
        queue
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["reason"] == reason)
            .and_then(|r| r["id"].as_i64())
            .unwrap()
    };

    let browser = Browser::signed_in(&app, &moderator).await;
    let overview = browser.get("/admin").await;
    overview.assert_contains("2 open reports");
    let arabic = Browser::new(&app).with_language("ar");
    arabic.sign_in("mod").await;
    arabic.get("/admin").await.assert_contains("بلاغان مفتوحان");
    let page = browser.get("/admin/reports").await;
    page.assert_contains("Insults people");
    page.assert_contains(&format!("href=\"/post/{offensive}\""));
    page.assert_contains("value=\"remove_content\"");
    page.assert_contains("value=\"suspend_account\"");

    let removed = browser
        .submit(
            &format!("/admin/reports/{}/resolve", id_of("Insults people")),
            &[("decision", "remove_content"), ("note", "Clear insult")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert_eq!(removed.location(), "/admin/reports");
    let (status, _) = app
        .get(&format!("/api/v1/posts/{offensive}"), Some(&ada))
        .await;
    assert!(
        matches!(status, StatusCode::NOT_FOUND | StatusCode::GONE),
        "{status}"
    );

    let dismissed = browser
        .submit(
            &format!("/admin/reports/{}/resolve", id_of("I disagree")),
            &[("decision", "dismiss")],
        )
        .await;
    assert_eq!(
        dismissed.status,
        StatusCode::SEE_OTHER,
        "{}",
        dismissed.body
    );
    let open = browser.get("/admin/reports").await;
    assert!(!open.body.contains("Insults people"));
    let resolved = browser.get("/admin/reports?state=resolved").await;
    resolved.assert_contains("Insults people");
    resolved.assert_contains("Clear insult");
    browser
        .get("/admin/reports?state=dismissed")
        .await
        .assert_contains("I disagree");

    // A closed report stays closed.
    let twice = browser
        .submit(
            &format!("/admin/reports/{}/resolve", id_of("I disagree")),
            &[("decision", "dismiss")],
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
    let (_, ada_account) = app.get("/api/v1/accounts/ada", Some(&bob)).await;
    assert_eq!(ada_account["username"], "ada");
}

async fn admin_forms_without_the_csrf_token_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    app.user("bob").await;
    let browser = Browser::signed_in(&app, &admin).await;

    for (path, fields) in [
        ("/admin/invitations", vec![("note", "x")]),
        ("/admin/users/bob/role", vec![("role", "admin")]),
        ("/admin/federation/settings", vec![("mode", "open")]),
    ] {
        let fields: Vec<(String, String)> = fields
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let page = browser.submit_raw(path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
    let (_, invitations) = app.get("/api/v1/invitations", Some(&admin)).await;
    assert_eq!(invitations, json!([]));
    let (_, public) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(public["mode"], "blocklist");
}
