use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use agora::accounts::InstanceRole;
use agora::config::RegistrationMode;

on_both_backends!(
    open_registration_then_sign_in_with_cookie,
    invite_mode_needs_a_single_use_invitation,
    closed_mode_refuses_registration,
    api_tokens_create_list_revoke,
    profile_update_and_validation,
    instance_roles_are_admin_business,
    registration_rejects_bad_input,
);

async fn open_registration_then_sign_in_with_cookie(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (status, body) = app
        .post("/api/v1/accounts", None, json!({"username": "Amina", "email": "amina@example.org", "password": "correct horse battery"}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["username"], "amina");
    assert_eq!(body["role"], "member");

    // Wrong password and unknown user get the same answer.
    let (status, wrong) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "amina", "password": "not the password"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, unknown) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "nobody", "password": "not the password"}),
        )
        .await;
    assert_eq!(wrong, unknown);

    let response = app
        .client
        .post(format!("{}/api/v1/sessions", app.base))
        .json(&json!({"login": "amina@example.org", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("agora_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    let pair = cookie.split(';').next().unwrap().to_owned();

    let me = app
        .client
        .get(format!("{}/api/v1/accounts/me", app.base))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::OK);
    let me: serde_json::Value = me.json().await.unwrap();
    assert_eq!(me["username"], "amina");
    assert_eq!(me["email"], "amina@example.org");

    // Signing out ends the session: the cookie no longer works. (A write
    // with the cookie comes from this site's own pages, as a browser says.)
    let out = app
        .client
        .delete(format!("{}/api/v1/sessions/current", app.base))
        .header("cookie", &pair)
        .header("origin", "http://agora.test")
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let me = app
        .client
        .get(format!("{}/api/v1/accounts/me", app.base))
        .header("cookie", &pair)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
}

async fn invite_mode_needs_a_single_use_invitation(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.registration = RegistrationMode::Invite).await;
    let admin = app.user_with_role("admin", InstanceRole::Admin).await;
    let member = app.user("member").await;
    let new = |name: &str, invitation: Option<&str>| json!({"username": name, "email": format!("{name}@example.org"), "password": "correct horse battery", "invitation": invitation});

    let (status, body) = app.post("/api/v1/accounts", None, new("sam", None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["message"].as_str().unwrap().contains("invitation"));

    // Members may not invite to the instance; moderators and admins may.
    let (status, _) = app
        .post("/api/v1/invitations", Some(&member), json!({}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, invitation) = app
        .post(
            "/api/v1/invitations",
            Some(&admin),
            json!({"note": "for Sam"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{invitation}");
    let token = invitation["token"].as_str().unwrap();
    assert!(
        invitation["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/register?invitation={token}"))
    );

    let (status, body) = app
        .post("/api/v1/accounts", None, new("sam", Some(token)))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Single use.
    let (status, _) = app
        .post("/api/v1/accounts", None, new("tom", Some(token)))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post("/api/v1/accounts", None, new("tom", Some("made-up")))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (_, list) = app.get("/api/v1/invitations", Some(&admin)).await;
    assert_eq!(list[0]["used_by"], "sam");
    assert!(list[0].get("token").is_none(), "secrets are never listed");

    // A failed registration does not burn the invitation.
    let (_, second) = app
        .post("/api/v1/invitations", Some(&admin), json!({}))
        .await;
    let token = second["token"].as_str().unwrap();
    let (status, _) = app
        .post("/api/v1/accounts", None, new("sam", Some(token)))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "name taken");
    let (status, _) = app
        .post("/api/v1/accounts", None, new("tom", Some(token)))
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

async fn closed_mode_refuses_registration(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| c.registration = RegistrationMode::Closed).await;
    let admin = app.user_with_role("admin", InstanceRole::Admin).await;
    let (_, invitation) = app
        .post("/api/v1/invitations", Some(&admin), json!({}))
        .await;
    let (status, body) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "sam", "email": "sam@example.org", "password": "correct horse battery", "invitation": invitation["token"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains("closed"));
    let (_, instance) = app.get("/api/v1/instance", None).await;
    assert_eq!(instance["registration"], "closed");
}

async fn api_tokens_create_list_revoke(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.post(
        "/api/v1/accounts",
        None,
        json!({"username": "lea", "email": "lea@example.org", "password": "correct horse battery"}),
    )
    .await;
    let (status, _) = app
        .post("/api/v1/tokens", None, json!({"name": "phone"}))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, created) = app
        .post(
            "/api/v1/tokens",
            None,
            json!({"name": "phone", "login": "lea", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let lea = crate::support::User {
        name: "lea".into(),
        token: created["token"].as_str().unwrap().into(),
    };
    let (status, second) = app
        .post("/api/v1/tokens", Some(&lea), json!({"name": "laptop"}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, list) = app.get("/api/v1/tokens", Some(&lea)).await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["phone", "laptop"]);
    assert!(list[0].get("token").is_none());

    // Someone else's token is "not found"; one's own is revoked and stops working.
    let other = app.user("other").await;
    let (status, _) = app
        .delete(&format!("/api/v1/tokens/{}", second["id"]), Some(&other))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .delete(&format!("/api/v1/tokens/{}", created["id"]), Some(&lea))
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = app.get("/api/v1/accounts/me", Some(&lea)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["message"].as_str().unwrap().contains("revoked"));
    let laptop = crate::support::User {
        name: "lea".into(),
        token: second["token"].as_str().unwrap().into(),
    };
    let (status, _) = app.get("/api/v1/accounts/me", Some(&laptop)).await;
    assert_eq!(status, StatusCode::OK);
}

async fn profile_update_and_validation(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&amina),
            json!({"display_name": "Amina K.", "organisation": "Legal Aid Kinshasa", "country": "cd", "languages": ["fr", "ln", "pt-BR"], "bio": "Lawyer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["country"], "CD");
    assert_eq!(body["languages"], json!(["fr", "ln", "pt-BR"]));

    // Profiles are for members of the instance by default (personal_data.rs).
    let other = app.user("other").await;
    let (_, public) = app.get("/api/v1/accounts/amina", Some(&other)).await;
    assert_eq!(public["display_name"], "Amina K.");
    assert_eq!(public["organisation"], "Legal Aid Kinshasa");
    assert!(public.get("email").is_none(), "email is private: {public}");

    for (change, field) in [
        (json!({"country": "Congo"}), "country"),
        (json!({"languages": ["french"]}), "languages"),
        (json!({"display_name": "x".repeat(101)}), "display_name"),
    ] {
        let (status, body) = app.patch("/api/v1/accounts/me", Some(&amina), change).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            body["message"].as_str().unwrap().starts_with(field),
            "{body}"
        );
    }
    let (_, unchanged) = app.get("/api/v1/accounts/me", Some(&amina)).await;
    assert_eq!(unchanged["country"], "CD");
}

async fn instance_roles_are_admin_business(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("admin", InstanceRole::Admin).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let member = app.user("member").await;

    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/member/role",
            Some(&moderator),
            Some(json!({"role": "admin"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/v1/admin/accounts", Some(&member)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, list) = app.get("/api/v1/admin/accounts", Some(&moderator)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 3);

    let (status, body) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/member/role",
            Some(&admin),
            Some(json!({"role": "moderator"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["role"], "moderator");
    // At once, although the member's token was just verified (and cached).
    let (status, _) = app.get("/api/v1/admin/accounts", Some(&member)).await;
    assert_eq!(status, StatusCode::OK, "the new role applies at once");
    // The last admin cannot step down.
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/admin/role",
            Some(&admin),
            Some(json!({"role": "member"})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/accounts/ghost/role",
            Some(&admin),
            Some(json!({"role": "member"})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn registration_rejects_bad_input(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.user("taken").await;
    let cases = [
        (
            json!({"username": "1abc", "email": "a@example.org", "password": "correct horse battery"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "abc", "email": "not-an-email", "password": "correct horse battery"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "abc", "email": "a@example.org", "password": "short"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"username": "taken", "email": "new@example.org", "password": "correct horse battery"}),
            StatusCode::CONFLICT,
        ),
        (
            json!({"username": "fresh", "email": "TAKEN@example.org", "password": "correct horse battery"}),
            StatusCode::CONFLICT,
        ),
    ];
    for (body, expected) in cases {
        let (status, answer) = app.post("/api/v1/accounts", None, body.clone()).await;
        assert_eq!(status, expected, "{body} → {answer}");
    }
    let (_, instance) = app.get("/api/v1/instance", None).await;
    assert_eq!(instance["stats"]["members"], 1, "nothing half-written");
}
