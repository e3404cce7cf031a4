//! The second factor: TOTP enrolment (API and web), signing in with a
//! code or a recovery code, and the admin's requirement for staff. Codes
//! are computed here with totp-rs, as an authenticator app would.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use agora::accounts::InstanceRole;
use reqwest::StatusCode;
use serde_json::json;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::on_both_backends;
use crate::security::{PASSWORD, sign_in};
use crate::support::{Backend, TestApp, User};
use crate::web_support::Browser;

fn totp(secret: &str) -> TOTP {
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        30,
        Secret::Encoded(secret.to_owned()).to_bytes().unwrap(),
        None,
        "test".to_owned(),
    )
    .unwrap()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// The code of the 30-second step `offset` steps from now.
fn code(secret: &str, offset: i64) -> String {
    let at = unix_now() as i64 + offset * 30;
    totp(secret).generate(at as u64)
}

/// Codes of the steps before and after now are accepted; a test that uses
/// them starts early in a step, so none runs out under it.
async fn start_of_a_step() {
    let into = unix_now() % 30;
    if into > 15 {
        tokio::time::sleep(Duration::from_secs(30 - into)).await;
    }
}

/// Adds a second factor through the API; returns its secret and the
/// recovery codes. Uses the code of the step before now.
async fn enrol(app: &TestApp, user: &User) -> (String, Vec<String>) {
    let (status, body) = app
        .post("/api/v1/accounts/me/totp", Some(user), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let secret = body["secret"].as_str().unwrap().to_owned();
    assert!(
        body["otpauth_url"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    assert!(
        body["qr_code"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    let (status, body) = app
        .post(
            "/api/v1/accounts/me/totp/confirm",
            Some(user),
            json!({"code": code(&secret, -1)}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let codes: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (secret, codes)
}

async fn a_second_factor_guards_sign_in(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    start_of_a_step().await;

    let (status, body) = app
        .post("/api/v1/accounts/me/totp", Some(&ada), json!({}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let secret = body["secret"].as_str().unwrap().to_owned();
    // Not in force before a code confirms it.
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, None).await.0,
        StatusCode::CREATED
    );
    let right = code(&secret, -1);
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    let (status, _) = app
        .post(
            "/api/v1/accounts/me/totp/confirm",
            Some(&ada),
            json!({"code": wrong}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .post(
            "/api/v1/accounts/me/totp/confirm",
            Some(&ada),
            json!({"code": right}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let recovery: Vec<String> = body["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(recovery.len(), 10);
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["totp_enabled"], json!(true));

    // The password alone is not enough.
    let (status, body) = sign_in(&app, "ada", PASSWORD, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], "second_factor_required");
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("second_factor_required"))
    );
    let (status, body) = sign_in(&app, "ada", PASSWORD, Some("123456x")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("unauthorized"))
    );
    // A code does not help without the password.
    let (status, _) = sign_in(&app, "ada", "wrong password", Some(&code(&secret, 0))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The code used to confirm does not work again.
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&code(&secret, -1)))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let now = code(&secret, 0);
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&now)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&now)).await.0,
        StatusCode::UNAUTHORIZED,
        "a code works once"
    );
    let (status, body) = app
        .post(
            "/api/v1/sessions",
            None,
            json!({"login": "ada", "password": PASSWORD, "totp": code(&secret, 1)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");

    // A recovery code works once, typed loosely.
    let loose = recovery[0].to_uppercase().replace('-', " ");
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&loose)).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&recovery[0])).await.0,
        StatusCode::UNAUTHORIZED
    );

    // On the web: a second step after the password.
    let browser = Browser::new(&app);
    browser.get("/login").await;
    let page = browser
        .submit("/login", &[("login", "ada"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(browser.cookie("agora_session").is_none());
    page.assert_contains("action=\"/login/code\"");
    let challenge = page
        .body
        .split("name=\"challenge\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let page = browser
        .submit(
            "/login/code",
            &[("challenge", &challenge), ("code", "000000")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    page.assert_contains("This code is not right");
    let page = browser
        .submit(
            "/login/code",
            &[
                ("challenge", &challenge),
                ("code", &recovery[1]),
                ("next", "/spaces"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/spaces");
    assert!(browser.cookie("agora_session").is_some());
    // The challenge is gone once answered, and a few wrong codes end one.
    let again = Browser::new(&app);
    again.get("/login").await;
    let page = again
        .submit("/login", &[("login", "ada"), ("password", PASSWORD)])
        .await;
    let challenge = page
        .body
        .split("name=\"challenge\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    for _ in 0..5 {
        let page = again
            .submit(
                "/login/code",
                &[("challenge", &challenge), ("code", "abcde-abcde")],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    let page = again
        .submit(
            "/login/code",
            &[("challenge", &challenge), ("code", &recovery[2])],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    page.assert_contains("Enter your password again");
    assert!(again.cookie("agora_session").is_none());

    // The security page shows it is on; turning it off asks for the password.
    browser
        .get("/settings/security")
        .await
        .assert_contains("8 recovery codes left");
    let (status, _) = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/accounts/me/totp",
            Some(&ada),
            Some(json!({"password": "not my password"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .request(
            reqwest::Method::DELETE,
            "/api/v1/accounts/me/totp",
            Some(&ada),
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, None).await.0,
        StatusCode::CREATED
    );
}

async fn enrolment_on_the_web_shows_a_qr_code_and_recovery_codes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let web = Browser::signed_in(&app, &ada).await;
    start_of_a_step().await;
    web.get("/settings/security")
        .await
        .assert_contains("action=\"/settings/security/totp\"");
    let page = web.submit("/settings/security/totp", &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let page = web.get("/settings/security").await;
    page.assert_contains("src=\"data:image/svg+xml;base64,");
    let secret = page
        .body
        .split("class=\"secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap()
        .to_owned();
    let page = web
        .submit("/settings/security/totp/confirm", &[("code", "12")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = web
        .submit(
            "/settings/security/totp/confirm",
            &[("code", &code(&secret, 0))],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("Your recovery codes");
    assert_eq!(page.body.matches("<li><code>").count(), 10);
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["totp_enabled"], json!(true));
    // Shown once: the page no longer has them.
    let page = web.get("/settings/security").await;
    assert_eq!(page.body.matches("<li><code>").count(), 0);
    page.assert_contains("10 recovery codes left");
}

async fn staff_can_be_required_to_use_a_second_factor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let mo = app.user_with_role("mo", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;

    assert_eq!(
        app.get("/api/v1/admin/security", Some(&ada)).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, body) = app.get("/api/v1/admin/security", Some(&root)).await;
    assert_eq!(body["require_totp_for_staff"], json!(false));
    // The switch, on the admin page.
    let web = Browser::signed_in(&app, &root).await;
    web.get("/admin")
        .await
        .assert_contains("name=\"require_totp_for_staff\"");
    let page = web
        .submit("/admin/security", &[("require_totp_for_staff", "on")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);

    // Staff without a second factor can only add one.
    for staff in [&root, &mo] {
        let (status, body) = app.get("/api/v1/spaces", Some(staff)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
        assert_eq!(body["error"], "second_factor_enrolment_required");
        assert!(body["message"].as_str().unwrap().contains("second factor"));
    }
    assert_eq!(
        app.get("/api/v1/spaces", Some(&ada)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/accounts/me", Some(&mo)).await.0,
        StatusCode::OK
    );
    // On the web: sent to the enrolment page, and kept there.
    let browser = Browser::new(&app);
    browser.get("/login").await;
    let page = browser
        .submit("/login", &[("login", "mo"), ("password", PASSWORD)])
        .await;
    assert_eq!(page.location(), "/settings/security");
    let page = browser.get("/spaces").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location(), "/settings/security");
    let page = browser.get("/settings/security").await;
    assert_eq!(page.status, StatusCode::OK);
    page.assert_contains("requires moderators and administrators to use a second factor");
    let page = browser
        .submit("/spaces/new", &[("slug", "x"), ("title", "x")])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);

    // Once enrolled, all is open again.
    start_of_a_step().await;
    enrol(&app, &mo).await;
    assert_eq!(app.get("/api/v1/spaces", Some(&mo)).await.0, StatusCode::OK);
    assert_eq!(browser.get("/spaces").await.status, StatusCode::OK);
    // Turning the switch off frees the others.
    enrol(&app, &root).await;
    let (status, _) = app
        .request(
            reqwest::Method::PUT,
            "/api/v1/admin/security",
            Some(&root),
            Some(json!({"require_totp_for_staff": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

async fn wrong_codes_lock_the_second_factor_for_a_while(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    start_of_a_step().await;
    let (secret, recovery) = enrol(&app, &ada).await;
    let right = code(&secret, 0);
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 7) % 1_000_000);
    for _ in 0..10 {
        let (status, body) = sign_in(&app, "ada", PASSWORD, Some(&wrong)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    }
    // Even the right code is refused now, through both doors.
    let (status, body) = sign_in(&app, "ada", PASSWORD, Some(&right)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("too many wrong codes"),
        "{body}"
    );
    let browser = Browser::new(&app);
    browser.get("/login").await;
    let page = browser
        .submit("/login", &[("login", "ada"), ("password", PASSWORD)])
        .await;
    let challenge = page
        .body
        .split("name=\"challenge\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let page = browser
        .submit(
            "/login/code",
            &[("challenge", &challenge), ("code", &recovery[0])],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    page.assert_contains("Wait 15 minutes");
    assert!(browser.cookie("agora_session").is_none());
    // When the window has passed, the code works again.
    sqlx::query("UPDATE login_challenges SET expires_at = 0")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, Some(&right)).await.0,
        StatusCode::CREATED
    );
}

async fn an_admin_removes_a_lost_second_factor(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let moderator = app.user_with_role("mod", InstanceRole::Moderator).await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    start_of_a_step().await;
    enrol(&app, &ada).await;
    enrol(&app, &bea).await;
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, None).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Through the API: admins only; a name nobody has is 404.
    let path = "/api/v1/admin/accounts/ada/second-factor";
    assert_eq!(
        app.delete(path, Some(&moderator)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.delete(path, Some(&ada)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.delete("/api/v1/admin/accounts/nobody/second-factor", Some(&root))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.delete(path, Some(&root)).await.0,
        StatusCode::NO_CONTENT
    );
    // Ada signs in with her password alone, and may add a new factor.
    assert_eq!(
        sign_in(&app, "ada", PASSWORD, None).await.0,
        StatusCode::CREATED
    );
    let (_, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(me["totp_enabled"], json!(false));
    let (old_codes,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM recovery_codes r JOIN accounts a ON a.id = r.account_id WHERE a.username = 'ada'")
            .fetch_one(&app.state.db.read)
            .await
            .unwrap();
    assert_eq!(old_codes, 0, "her recovery codes went with it");

    // On the web, from the users page, with the CSRF token.
    let web = Browser::signed_in(&app, &root).await;
    let page = web.get("/admin/users").await;
    page.assert_contains("action=\"/admin/users/bea/second-factor\"");
    let page = web.submit("/admin/users/bea/second-factor", &[]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    page.assert_contains("The second factor of bea was removed.");
    assert_eq!(
        sign_in(&app, "bea", PASSWORD, None).await.0,
        StatusCode::CREATED
    );
}

on_both_backends!(
    an_admin_removes_a_lost_second_factor,
    wrong_codes_lock_the_second_factor_for_a_while,
    a_second_factor_guards_sign_in,
    enrolment_on_the_web_shows_a_qr_code_and_recovery_codes,
    staff_can_be_required_to_use_a_second_factor,
);
