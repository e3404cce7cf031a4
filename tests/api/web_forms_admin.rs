//! Forms that forgive (issue 19, point 3), for the admin's forms: a new
//! invitation link, the federation settings and a federation rule. A
//! refused field brings the page back, 422, with what was typed kept and
//! the message next to the field; nothing is written.

use reqwest::StatusCode;
use serde_json::Value;

use agora::accounts::InstanceRole;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_forms::assert_refused;
use crate::web_support::Browser;

on_both_backends!(
    a_refused_invitation_link_keeps_what_was_typed,
    refused_federation_forms_keep_what_was_typed,
    refused_front_page_and_privacy_notice_keep_what_was_typed,
    a_refused_suspension_or_report_note_keeps_what_was_typed,
);

async fn listed(app: &TestApp, admin: &User, path: &str) -> Vec<Value> {
    let (status, list) = app.get(path, Some(admin)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

async fn a_refused_invitation_link_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::new(&app).with_language("de");
    browser.sign_in(&root.name).await;

    // Not an address: by its field, in German, the rest kept.
    let refused = browser
        .submit(
            "/admin/invitations",
            &[
                ("note", "Für Amina <Partnerin>"),
                ("email", "amina(at)example.org"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert_refused(
        &refused,
        "<input type=\"email\" id=\"email\"",
        "email-error",
        "Diese E-Mail-Adresse scheint nicht korrekt zu sein.",
    );
    refused.assert_contains("value=\"Für Amina &#60;Partnerin&#62;\"");
    refused.assert_contains("value=\"amina(at)example.org\"");
    refused.assert_contains("value=\"30\"");

    // Days out of range, or not a number.
    for days in ["400", "zwei"] {
        let refused = browser
            .submit(
                "/admin/invitations",
                &[("note", "Amina"), ("email", ""), ("expires_in_days", days)],
            )
            .await;
        assert_refused(
            &refused,
            "<input type=\"number\" id=\"expires_in_days\"",
            "expires_in_days-error",
            "Geben Sie eine ganze Zahl von Tagen zwischen 1 und 365 ein.",
        );
        refused.assert_contains(&format!("value=\"{days}\""));
    }
    assert!(listed(&app, &root, "/api/v1/invitations").await.is_empty());

    // A right one still shows its link.
    let made = browser
        .submit(
            "/admin/invitations",
            &[("note", "Amina"), ("email", ""), ("expires_in_days", "30")],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    made.assert_contains("/register?invitation=");
    assert_eq!(listed(&app, &root, "/api/v1/invitations").await.len(), 1);
}

async fn refused_federation_forms_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::new(&app).with_language("ar");
    browser.sign_in(&root.name).await;

    // A domain that is not one: by its field, in Arabic, the rest kept.
    let refused = browser
        .submit(
            "/admin/federation/rules",
            &[
                ("domain", "spam farm!"),
                ("action", "limit"),
                ("reject_media", "true"),
                ("public_reason", "رسائل مزعجة"),
                ("private_comment", "Reported <three> times"),
                ("expires_in_days", "30"),
            ],
        )
        .await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"rule-domain\"",
        "rule-domain-error",
        "أدخل اسم نطاق مثل example.org.",
    );
    refused.assert_contains("value=\"spam farm!\"");
    refused.assert_contains("<option value=\"limit\" selected>");
    refused.assert_contains("name=\"reject_media\" value=\"true\" checked>");
    refused.assert_contains("name=\"reject_reports\" value=\"true\">");
    refused.assert_contains("value=\"رسائل مزعجة\"");
    refused.assert_contains(">Reported &#60;three&#62; times</textarea>");
    refused.assert_contains("value=\"30\"");

    // Days out of range.
    let refused = browser
        .submit(
            "/admin/federation/rules",
            &[
                ("domain", "spam.example"),
                ("action", "suspend"),
                ("expires_in_days", "5000"),
            ],
        )
        .await;
    assert_refused(
        &refused,
        "<input type=\"number\" id=\"rule-days\"",
        "rule-expires_in_days-error",
        "أدخل عددًا صحيحًا من الأيام بين 1 و3٬650، أو اتركه فارغًا.",
    );
    refused.assert_contains("value=\"spam.example\"");
    let (_, policy) = app.get("/api/v1/admin/federation", Some(&root)).await;
    assert_eq!(policy["rules"], serde_json::json!([]), "{policy}");

    // A mode not in the list: by the modes, nothing changed.
    let (_, before) = app.get("/api/v1/admin/federation", Some(&root)).await;
    let refused = browser
        .submit(
            "/admin/federation/settings",
            &[("mode", "chaos"), ("publish_domain_list", "true")],
        )
        .await;
    assert_refused(
        &refused,
        "<input type=\"radio\" id=\"mode-open\"",
        "mode-error",
        "اختر واحدًا من القائمة.",
    );
    refused.assert_contains(
        "id=\"publish_domain_list\" name=\"publish_domain_list\" value=\"true\" checked>",
    );
    let (_, after) = app.get("/api/v1/admin/federation", Some(&root)).await;
    assert_eq!(before, after);

    // A right rule is made.
    let made = browser
        .submit(
            "/admin/federation/rules",
            &[("domain", "spam.example"), ("action", "suspend")],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let (_, policy) = app.get("/api/v1/admin/federation", Some(&root)).await;
    assert_eq!(policy["rules"][0]["domain"], "spam.example", "{policy}");
}

async fn front_page_text(app: &TestApp, lang: &str) -> Option<String> {
    let key = format!("front_page.{lang}");
    sqlx::query_as::<_, (String,)>("SELECT value FROM site_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&app.state.db.read)
        .await
        .unwrap()
        .map(|(v,)| v)
}

/// The front page's five texts are checked before any is saved: one too
/// long brings all five back as typed, and none is written; the privacy
/// notice the same.
async fn refused_front_page_and_privacy_notice_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| config.max_body_bytes = 1 << 20).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::new(&app).with_language("ar");
    browser.sign_in(&root.name).await;
    let long = "ن".repeat(20_001);
    let typed = [
        ("en", "Welcome to the *network*"),
        ("fr", "Bienvenue"),
        ("ar", long.as_str()),
        ("de", ""),
        ("pt", "Bem-vindo"),
    ];
    let refused = browser.submit("/admin/front-page", &typed).await;
    assert_refused(
        &refused,
        "<textarea id=\"front-ar\"",
        "front-ar-error",
        "طويل",
    );
    refused.assert_contains(">Welcome to the *network*</textarea>");
    refused.assert_contains(">Bienvenue</textarea>");
    refused.assert_contains(&format!(">{long}</textarea>"));
    // English came before the refused Arabic text, and was not saved.
    assert_eq!(front_page_text(&app, "en").await, None);
    assert_eq!(front_page_text(&app, "fr").await, None);

    let fixed = [
        ("en", "Welcome"),
        ("ar", "أهلاً"),
        ("fr", ""),
        ("de", ""),
        ("pt", ""),
    ];
    let saved = browser.submit("/admin/front-page", &fixed).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(
        front_page_text(&app, "en").await.as_deref(),
        Some("Welcome")
    );

    let notice = format!("Privacy {}", "p".repeat(50_000));
    let refused = browser
        .submit("/admin/privacy", &[("notice", &notice)])
        .await;
    assert_refused(
        &refused,
        "<textarea dir=\"auto\" id=\"notice\"",
        "notice-error",
        "طويل",
    );
    refused.assert_contains(&format!(">{notice}</textarea>"));
}

/// A suspension's reason, or a moderator's note on a report, too long:
/// the page again with that one form as typed (the decision chosen
/// included), and nothing done.
async fn a_refused_suspension_or_report_note_keeps_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    app.space(&bob, "news", "public").await;
    let post = app.post_in(&bob, "news", "Offensive").await;
    let browser = Browser::new(&app).with_language("pt");
    browser.sign_in(&root.name).await;

    let reason = format!("Spam <repetido> {}", "r".repeat(2000));
    let refused = browser
        .submit(
            "/admin/users/ada/suspend",
            &[("reason", &reason), ("confirmed", "1")],
        )
        .await;
    assert_refused(
        &refused,
        "<input type=\"text\" id=\"reason-ada\"",
        "suspend-reason-error",
        "longo",
    );
    refused.assert_contains(&format!(
        "value=\"Spam &#60;repetido&#62; {}\"",
        "r".repeat(2000)
    ));
    let (status, me) = app.get("/api/v1/accounts/me", Some(&ada)).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{me}: ada was suspended all the same"
    );

    let (status, report) = app
        .post(
            "/api/v1/reports",
            Some(&ada),
            serde_json::json!({"post_id": post, "reason": "spam"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{report}");
    let id = report["id"].as_i64().unwrap();
    let note = "n".repeat(2001);
    let refused = browser
        .submit(
            &format!("/admin/reports/{id}/resolve"),
            &[
                ("decision", "remove_content"),
                ("note", &note),
                ("confirmed", "1"),
            ],
        )
        .await;
    assert_refused(
        &refused,
        &format!("<input type=\"text\" id=\"note-{id}\""),
        "resolve-note-error",
        "longo",
    );
    refused.assert_contains(&format!("value=\"{note}\""));
    refused.assert_contains("<option value=\"remove_content\" selected>");
    let (status, _) = app.get(&format!("/api/v1/posts/{post}"), Some(&ada)).await;
    assert_eq!(status, StatusCode::OK, "the post was removed all the same");
}
