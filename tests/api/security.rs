//! Accounts people can keep: changing and resetting passwords, confirming
//! email addresses, and one's sessions and tokens. Emails are read from the
//! `.eml` files the mail worker writes when no SMTP server is configured.
//! The second factor is in `second_factor.rs`.

use std::time::{Duration, Instant};

use agora::accounts::InstanceRole;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

pub const PASSWORD: &str = "a long enough password";

// -- Reading the emails ------------------------------------------------------

/// Every email written so far to `address`, oldest first: its headers and
/// its decoded text and HTML parts, one string (read by `mail::read_mail`).
fn mails_to(app: &TestApp, address: &str) -> Vec<String> {
    crate::mail::read_mail(app)
        .into_iter()
        .filter(|m| m.to == address)
        .map(|m| format!("{}\n\n{}\n\n{}", m.headers, m.text, m.html))
        .collect()
}

/// Waits (a few seconds at most) until `address` has `count` emails, and
/// returns the newest.
async fn wait_for_mail(app: &TestApp, address: &str, count: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mails = mails_to(app, address);
        if mails.len() >= count {
            return mails.into_iter().nth(count - 1).unwrap();
        }
        assert!(
            Instant::now() < deadline,
            "no email #{count} to {address} within 10 s (have {})",
            mails.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The secret of the first `http://agora.test{prefix}…` link in an email.
fn link_token(mail: &str, prefix: &str) -> String {
    let start = format!("http://agora.test{prefix}");
    let at = mail
        .find(&start)
        .unwrap_or_else(|| panic!("no {start} link in:\n{mail}"));
    mail[at + start.len()..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

// -- Helpers -------------------------------------------------------------------

/// A token from signing in with a password (and maybe a code).
pub async fn sign_in(
    app: &TestApp,
    login: &str,
    password: &str,
    totp: Option<&str>,
) -> (StatusCode, Value) {
    let mut body = json!({"name": "phone", "login": login, "password": password});
    if let Some(code) = totp {
        body["totp"] = json!(code);
    }
    app.post("/api/v1/tokens", None, body).await
}

pub fn as_user(name: &str, token: &Value) -> User {
    User {
        name: name.to_owned(),
        token: token["token"].as_str().expect("a token").to_owned(),
    }
}

// -- Tests ---------------------------------------------------------------------

async fn changing_the_password_ends_the_other_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let (_, second) = sign_in(&app, "ada", PASSWORD, None).await;
    let second = as_user("ada", &second);
    let browser = Browser::signed_in(&app, &ada).await;

    let (status, body) = app
        .post(
            "/api/v1/accounts/me/password",
            Some(&ada),
            json!({"current_password": "not my password", "new_password": "a brand new password"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = app
        .post(
            "/api/v1/accounts/me/password",
            Some(&ada),
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing changed yet.
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&second)).await.0,
        StatusCode::OK
    );

    let (status, body) = app
        .post(
            "/api/v1/accounts/me/password",
            Some(&ada),
            json!({"current_password": PASSWORD, "new_password": "a brand new password"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // The token that asked stays; the other token and the browser are out.
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&second)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let page = browser.get("/settings").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location().starts_with("/login"));
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "ada", "a brand new password", None).await.0,
        StatusCode::CREATED
    );

    // On the web, the browser that changes it stays signed in.
    let bea = app.user("bea").await;
    let web = Browser::signed_in(&app, &bea).await;
    let other = Browser::signed_in(&app, &bea).await;
    web.get("/settings/security")
        .await
        .assert_contains("current_password");
    let page = web
        .submit(
            "/settings/security/password",
            &[
                ("current_password", "wrong one!!"),
                ("new_password", "another new password"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    page.assert_contains("This is not your current password.");
    let page = web
        .submit(
            "/settings/security/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another new password"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    web.get(page.location())
        .await
        .assert_contains("You were signed out everywhere else.");
    assert_eq!(other.get("/settings").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&bea)).await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn a_reset_link_is_emailed_works_once_and_expires(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    // Ada reads French: the email is in French.
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&ada),
            json!({"ui_language": "fr"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let known = app
        .post(
            "/api/v1/password-resets",
            None,
            json!({"email": "ADA@example.org"}),
        )
        .await;
    let unknown = app
        .post(
            "/api/v1/password-resets",
            None,
            json!({"email": "nobody@example.org"}),
        )
        .await;
    let malformed = app
        .post(
            "/api/v1/password-resets",
            None,
            json!({"email": "not an address"}),
        )
        .await;
    assert_eq!(known.0, StatusCode::ACCEPTED);
    assert_eq!(known, unknown, "the answer tells nothing");
    assert_eq!(known, malformed);

    let mail = wait_for_mail(&app, "ada@example.org", 1).await;
    assert!(mail.contains("Choisir un nouveau mot de passe"), "{mail}");
    assert!(mail.contains("Content-Language: fr"), "{mail}");
    assert!(!mail.contains(PASSWORD));
    let token = link_token(&mail, "/reset/");
    assert_eq!(token.len(), 43);
    assert!(mails_to(&app, "nobody@example.org").is_empty());

    // The link opens a form; the API takes the new password.
    let browser = Browser::new(&app);
    browser
        .get(&format!("/reset/{token}"))
        .await
        .assert_contains("new_password");
    let (status, _) = app
        .post(
            &format!("/api/v1/password-resets/{token}"),
            None,
            json!({"new_password": "short"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a weak password does not use the link"
    );
    let (status, body) = app
        .post(
            &format!("/api/v1/password-resets/{token}"),
            None,
            json!({"new_password": "my reset password"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    // Every session and token ended; the new password works.
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "ada", "my reset password", None).await.0,
        StatusCode::CREATED
    );
    // Once only.
    let (status, body) = app
        .post(
            &format!("/api/v1/password-resets/{token}"),
            None,
            json!({"new_password": "yet another password"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("expired or was already used")
    );
    assert_eq!(
        browser.get(&format!("/reset/{token}")).await.status,
        StatusCode::GONE
    );

    // A new link, an hour old: no longer works (through the web form).
    browser
        .get("/forgot")
        .await
        .assert_contains("action=\"/forgot\"");
    let sent = browser
        .submit("/forgot", &[("email", "ada@example.org")])
        .await;
    let unknown = browser
        .submit("/forgot", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(sent.body, unknown.body, "the page tells nothing");
    let token = link_token(&wait_for_mail(&app, "ada@example.org", 2).await, "/reset/");
    sqlx::query("UPDATE account_links SET expires_at = expires_at - 3600000001")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    let page = browser
        .submit(
            &format!("/reset/{token}"),
            &[("new_password", "too late a password")],
        )
        .await;
    assert_eq!(page.status, StatusCode::GONE, "{}", page.body);
    assert_eq!(
        sign_in(&app, "ada", "too late a password", None).await.0,
        StatusCode::UNAUTHORIZED
    );
}

async fn admins_hand_out_reset_links_without_email(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let moderator = app.user_with_role("mo", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;

    let path = "/api/v1/admin/accounts/ada/password-reset";
    assert_eq!(
        app.post(path, Some(&ada), json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(path, Some(&moderator), json!({})).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post(
            "/api/v1/admin/accounts/nobody/password-reset",
            Some(&root),
            json!({})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (status, body) = app.post(path, Some(&root), json!({})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let link = body["link"].as_str().unwrap();
    let token = link_token(link, "/reset/");
    let (status, _) = app
        .post(
            &format!("/api/v1/password-resets/{token}"),
            None,
            json!({"new_password": "given by the admin"}),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in(&app, "ada", "given by the admin", None).await.0,
        StatusCode::CREATED
    );
    assert!(
        mails_to(&app, "ada@example.org").is_empty(),
        "no email needed"
    );

    // On the admin users page: a button, and the link shown once.
    let web = Browser::signed_in(&app, &root).await;
    web.get("/admin/users")
        .await
        .assert_contains("action=\"/admin/users/ada/password-reset\"");
    let page = web.submit("/admin/users/ada/password-reset", &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = link_token(&page.body, "/reset/");
    Browser::new(&app)
        .get(&format!("/reset/{token}"))
        .await
        .assert_contains("new_password");
    let mo_web = Browser::signed_in(&app, &moderator).await;
    let page = mo_web.submit("/admin/users/ada/password-reset", &[]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
}

async fn email_addresses_are_confirmed_at_sign_up_and_on_change(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    // Made by an admin: confirmed already.
    let ada = app.user("ada").await;
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["email_verified"], json!(true));

    let (status, body) = app
        .post(
            "/api/v1/accounts",
            None,
            json!({"username": "zoe", "email": "zoe@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["email_verified"], json!(false));
    let (_, token) = sign_in(&app, "zoe", PASSWORD, None).await;
    let zoe = as_user("zoe", &token);
    let mail = wait_for_mail(&app, "zoe@example.org", 1).await;
    assert!(mail.contains("Confirm this address"), "{mail}");
    let token = link_token(&mail, "/verify/");
    let (status, body) = app
        .post(
            &format!("/api/v1/email-verifications/{token}"),
            None,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["email"], "zoe@example.org");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&zoe)).await;
    assert_eq!(me["email_verified"], json!(true));
    let (status, _) = app
        .post(
            &format!("/api/v1/email-verifications/{token}"),
            None,
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "once only");

    // A change waits for the link sent to the new address.
    let (status, body) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&zoe),
            json!({"email": "zoe.new@example.org", "bio": "Lawyer"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["email"], "zoe@example.org",
        "unchanged until confirmed"
    );
    assert_eq!(body["bio"], "Lawyer");
    let mail = wait_for_mail(&app, "zoe.new@example.org", 1).await;
    let token = link_token(&mail, "/verify/");
    let (status, _) = app
        .patch(
            "/api/v1/accounts/me",
            Some(&zoe),
            json!({"email": "ada@example.org"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "another member's address");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&zoe)).await;
    assert_eq!(me["email"], "zoe@example.org");
    // The web page says a change is waiting.
    let web = Browser::signed_in(&app, &zoe).await;
    web.get("/settings/security")
        .await
        .assert_contains("A link was sent to zoe.new@example.org");
    // Following the link (in a browser) makes the change.
    let page = Browser::new(&app).get(&format!("/verify/{token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("zoe.new@example.org");
    let (_, me) = app.get("/api/v1/accounts/me", Some(&zoe)).await;
    assert_eq!(me["email"], "zoe.new@example.org");
    assert_eq!(me["email_verified"], json!(true));
    // New mail goes to the new address: a reset, for instance.
    app.post(
        "/api/v1/password-resets",
        None,
        json!({"email": "zoe.new@example.org"}),
    )
    .await;
    wait_for_mail(&app, "zoe.new@example.org", 2).await;

    // Web sign-up sends a link too; "send again" sends another.
    let browser = Browser::new(&app);
    browser.get("/register").await;
    let page = browser
        .submit(
            "/register",
            &[
                ("username", "yan"),
                ("email", "yan@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    wait_for_mail(&app, "yan@example.org", 1).await;
    let page = browser.get("/settings/security").await;
    page.assert_contains("not confirmed yet");
    let page = browser.submit("/settings/security/email/resend", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let second = wait_for_mail(&app, "yan@example.org", 2).await;
    let page = browser
        .get(&format!("/verify/{}", link_token(&second, "/verify/")))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    browser
        .get("/settings/security")
        .await
        .assert_contains("confirmed");
    assert_eq!(
        browser
            .submit("/settings/security/email/resend", &[])
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing to confirm"
    );
}

async fn sessions_and_tokens_are_listed_and_ended(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    let first = Browser::signed_in(&app, &ada).await;
    let second = Browser::signed_in(&app, &ada).await;
    let theirs = Browser::signed_in(&app, &bea).await;

    let (status, sessions) = app.get("/api/v1/sessions", Some(&ada)).await;
    assert_eq!(status, StatusCode::OK);
    let sessions = sessions.as_array().unwrap().clone();
    assert_eq!(sessions.len(), 2);
    assert!(sessions.iter().all(|s| s["current"] == json!(false)));
    assert!(sessions.iter().all(|s| s["created_at"].is_string()));

    let page = first.get("/settings/sessions").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body.matches("This browser").count(), 1);
    assert_eq!(page.body.matches("/end\"").count(), 2);
    page.assert_contains(">tests<");

    // End the second browser's session through the API.
    let newest = sessions[0]["id"].as_i64().unwrap();
    let (_, bea_sessions) = app.get("/api/v1/sessions", Some(&bea)).await;
    let bea_session = bea_sessions[0]["id"].as_i64().unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/sessions/{bea_session}"), Some(&ada))
            .await
            .0,
        StatusCode::NOT_FOUND,
        "not someone else's"
    );
    assert_eq!(
        app.delete(&format!("/api/v1/sessions/{newest}"), Some(&ada))
            .await
            .0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(second.get("/settings").await.status, StatusCode::SEE_OTHER);
    assert_eq!(first.get("/settings").await.status, StatusCode::OK);
    assert_eq!(theirs.get("/settings").await.status, StatusCode::OK);

    // Revoke the API token from the page, then end this browser's session.
    let (_, tokens) = app.get("/api/v1/tokens", Some(&ada)).await;
    let token_id = tokens[0]["id"].as_i64().unwrap();
    let page = first
        .submit(&format!("/settings/tokens/{token_id}/revoke"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&ada)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, token) = sign_in(&app, "ada", PASSWORD, None).await;
    let ada = as_user("ada", &token);
    let (_, sessions) = app.get("/api/v1/sessions", Some(&ada)).await;
    let mine = sessions[0]["id"].as_i64().unwrap();
    let page = first
        .submit(&format!("/settings/sessions/{mine}/end"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(first.get("/settings").await.status, StatusCode::SEE_OTHER);
    let (_, sessions) = app.get("/api/v1/sessions", Some(&ada)).await;
    assert_eq!(sessions.as_array().unwrap().len(), 0);

    // A session is named by the browser that opened it.
    let response = app
        .client
        .post(format!("{}/api/v1/sessions", app.base))
        .header(
            "user-agent",
            "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0",
        )
        .json(&json!({"login": "ada", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let (_, sessions) = app.get("/api/v1/sessions", Some(&ada)).await;
    assert_eq!(sessions[0]["name"], "Firefox on Android");
}

on_both_backends!(
    changing_the_password_ends_the_other_sessions,
    a_reset_link_is_emailed_works_once_and_expires,
    admins_hand_out_reset_links_without_email,
    email_addresses_are_confirmed_at_sign_up_and_on_change,
    sessions_and_tokens_are_listed_and_ended,
);
