//! Who sees a profile (a hidden one answers like a missing one), the
//! privacy notice, and the settings pages that export and close.

use super::*;
use crate::on_both_backends;

on_both_backends!(
    profile_visibility_for_anonymous_members_admins_and_oneself,
    a_hidden_profile_answers_like_a_missing_one,
    the_privacy_notice_is_edited_by_admins_and_shown_at_sign_up,
    the_web_settings_export_and_delete_an_account,
);

async fn profile_visibility_for_anonymous_members_admins_and_oneself(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let open = app.user("open").await;
    let local = app.user("local").await;
    let hidden = app.user("hidden").await;
    let member = app.user("member").await;
    let admin = app
        .user_with_role("admin", agora::accounts::InstanceRole::Admin)
        .await;
    for (user, visibility) in [(&open, "everyone"), (&hidden, "nobody")] {
        let (status, me) = app
            .patch(
                "/api/v1/accounts/me",
                Some(user),
                json!({"profile_visibility": visibility, "bio": format!("Bio of {}", user.name)}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{me}");
        assert_eq!(me["profile_visibility"], visibility);
    }
    app.patch(
        "/api/v1/accounts/me",
        Some(&local),
        json!({"bio": "Bio of local"}),
    )
    .await;
    let (_, me) = app.get("/api/v1/accounts/me", Some(&local)).await;
    assert_eq!(me["profile_visibility"], "instance", "the default");
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&local),
            json!({"profile_visibility": "friends"}),
        )
        .await;
    assert!(status.is_client_error());

    let ok = StatusCode::OK;
    let missing = StatusCode::NOT_FOUND;
    // Viewer × profile: open, local, hidden.
    let matrix: [(Option<&User>, [StatusCode; 3]); 4] = [
        (None, [ok, missing, missing]),
        (Some(&member), [ok, ok, missing]),
        (Some(&admin), [ok, ok, ok]),
        (Some(&hidden), [ok, ok, ok]),
    ];
    for (viewer, expected) in matrix {
        for (profile, want) in ["open", "local", "hidden"].into_iter().zip(expected) {
            let (status, body) = app
                .get(&format!("/api/v1/accounts/{profile}"), viewer)
                .await;
            assert_eq!(status, want, "{viewer:?} viewing {profile}: {body}");
            if status == ok {
                assert_eq!(body["bio"], format!("Bio of {profile}"));
            }
            let browser = match viewer {
                Some(user) => Browser::signed_in(&app, user).await,
                None => Browser::new(&app),
            };
            let page = browser.get(&format!("/people/{profile}")).await;
            assert_eq!(page.status, want, "web: {viewer:?} viewing {profile}");
            if page.status == ok {
                page.assert_contains(&format!("Bio of {profile}"));
            }
        }
    }

    // Member lists keep a hidden member's organisation to themself.
    app.patch(
        "/api/v1/accounts/me",
        Some(&hidden),
        json!({"organisation": "Quiet Org"}),
    )
    .await;
    app.space(&member, "circle", "public").await;
    app.add_member(&member, "circle", &hidden, "contributor")
        .await;
    for (viewer, seen) in [(&member, ""), (&hidden, "Quiet Org"), (&admin, "Quiet Org")] {
        let (_, list) = app.get("/api/v1/spaces/circle/members", Some(viewer)).await;
        let row = list
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["username"] == "hidden")
            .cloned()
            .unwrap();
        assert_eq!(row["organisation"], seen, "{viewer:?}");
    }

    // Other servers get the profile's text only from `everyone`.
    for (name, bio) in [("open", "Bio of open"), ("local", ""), ("hidden", "")] {
        let person: Value = app
            .client
            .get(format!("{}/users/{name}", app.base))
            .header("accept", "application/activity+json")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(person["summary"], bio, "{person}");
        assert_eq!(person["preferredUsername"], name);
        assert!(person["publicKey"]["publicKeyPem"].is_string());
        assert!(person.get("organisation").is_none());
    }
}

async fn a_hidden_profile_answers_like_a_missing_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let _hidden = app.user("hidden").await; // `instance`, the default
    let browser = Browser::new(&app);
    let api = |name: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(format!("{}/api/v1/accounts/{name}", app.base))
                .send()
                .await
                .unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    assert_eq!(api("hidden").await, api("nosuchname").await);
    let hidden = browser.get("/people/hidden").await;
    let missing = browser.get("/people/nosuchname").await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    // The page echoes its own address (the language form's `next`).
    assert_eq!(
        (
            hidden.status,
            hidden.body.replace("/people/hidden", "/people/?")
        ),
        (
            missing.status,
            missing.body.replace("/people/nosuchname", "/people/?")
        )
    );

    // Nor by the time the answer takes: the medians of many alternating
    // requests stay within noise of each other.
    let mut times = [Vec::new(), Vec::new()];
    for _ in 0..40 {
        for (i, name) in ["hidden", "nosuchname"].into_iter().enumerate() {
            let start = Instant::now();
            api(name).await;
            times[i].push(start.elapsed());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut times[0]), median(&mut times[1]));
    let gap = a.abs_diff(b);
    assert!(
        gap < Duration::from_millis(5) || gap < a.max(b) / 2,
        "hidden {a:?} vs missing {b:?}"
    );
}

async fn the_privacy_notice_is_edited_by_admins_and_shown_at_sign_up(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let member = app.user("member").await;
    let (status, notice) = app.get("/api/v1/privacy", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(notice["markdown"], "");
    let text = "We keep **as little as we can**.\n\n<script>alert(1)</script>";
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/privacy",
            Some(&member),
            Some(json!({"markdown": text})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, notice) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/privacy",
            Some(&admin),
            Some(json!({"markdown": text})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{notice}");
    let (_, notice) = app.get("/api/v1/privacy", None).await;
    assert_eq!(notice["markdown"], text);
    let html = notice["html"].as_str().unwrap();
    assert!(
        html.contains("<strong>as little as we can</strong>"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");

    let visitor = Browser::new(&app).with_language("fr");
    let register = visitor.get("/register").await;
    register.assert_contains("<strong>as little as we can</strong>");
    register.assert_contains("href=\"/privacy\"");
    register.assert_contains("Lire la politique de confidentialité");
    assert!(!register.body.contains("<script>alert"));
    let page = visitor.get("/privacy").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("<strong>as little as we can</strong>");

    // The admin's page edits it; a member is turned away.
    let members_browser = Browser::signed_in(&app, &member).await;
    assert_eq!(
        members_browser.get("/admin/privacy").await.status,
        StatusCode::FORBIDDEN
    );
    let admins = Browser::signed_in(&app, &admin).await;
    let form = admins.get("/admin/privacy").await;
    assert_eq!(form.status, StatusCode::OK);
    form.assert_contains("as little as we can");
    let saved = admins
        .submit(
            "/admin/privacy",
            &[("notice", "Ask *privacy@example.org*.")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    visitor
        .get("/register")
        .await
        .assert_contains("Ask <em>privacy@example.org</em>.");
}

async fn the_web_settings_export_and_delete_an_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "forum", "public").await;
    app.add_member(&bob, "forum", &ada, "contributor").await;
    let post = app.post_in(&ada, "forum", "Written on the web").await;
    let browser = Browser::signed_in(&app, &ada).await;

    let settings = browser.get("/settings").await;
    settings.assert_contains("name=\"profile_visibility\" value=\"instance\" checked");
    settings.assert_contains("href=\"/settings/export\"");
    settings.assert_contains("href=\"/settings/delete\"");
    let saved = browser
        .submit(
            "/settings",
            &[("display_name", "Ada"), ("profile_visibility", "everyone")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        Browser::new(&app).get("/people/ada").await.status,
        StatusCode::OK
    );

    let export = browser.get("/settings/export").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "application/zip");

    let confirm = browser.get("/settings/delete").await;
    assert_eq!(confirm.status, StatusCode::OK);
    confirm.assert_contains("name=\"password\"");
    let wrong = browser
        .submit(
            "/settings/delete",
            &[("password", "not it"), ("content", "delete")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    wrong.assert_contains("This is not your password.");
    let done = browser
        .submit(
            "/settings/delete",
            &[("password", PASSWORD), ("content", "delete")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(
        done.cookies()
            .iter()
            .any(|c| c.starts_with("agora_session=;"))
    );
    assert_eq!(
        app.get(&format!("/api/v1/posts/{post}"), None).await.0,
        StatusCode::GONE
    );
    let settings = browser.get("/settings").await;
    assert_ne!(settings.status, StatusCode::OK);
}
