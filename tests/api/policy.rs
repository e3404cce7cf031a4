//! Federation policy administration: rules, modes, CSV, transparency,
//! audit log.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use agora::accounts::InstanceRole;

on_both_backends!(
    admins_manage_domain_rules,
    csv_import_previews_then_applies_all_or_nothing,
    the_public_list_shows_reasons_and_can_be_hidden,
    a_suspension_drops_pending_deliveries_at_once,
    rules_lift_by_themselves_when_they_expire,
);

async fn rules_lift_by_themselves_when_they_expire(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    app.post(
        "/api/v1/admin/federation/rules",
        Some(&admin),
        json!({"domain": "brief.example", "action": "suspend", "expires_in_days": 1}),
    )
    .await;
    let policy = &app.state.federation.policy;
    assert!(!policy.allows_url("https://brief.example/inbox"));
    // A day later (the clock is moved by moving the rule's end).
    sqlx::query("UPDATE domain_rules SET expires_at = 1 WHERE domain = 'brief.example'")
        .execute(app.state.db.writer())
        .await
        .unwrap();
    // What every node does every few seconds.
    policy.reload(&app.state.db).await.unwrap();
    assert!(policy.allows_url("https://brief.example/inbox"));
    let (_, overview) = app.get("/api/v1/admin/federation", Some(&admin)).await;
    assert_eq!(overview["rules"], json!([]));
    let (_, log) = app.get("/api/v1/admin/audit-log", Some(&admin)).await;
    assert_eq!(log[0]["action"], "domain.expire");
    assert_eq!(log[0]["actor"], "system");
}

async fn admins_manage_domain_rules(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let member = app.user("ada").await;

    let (status, _) = app.get("/api/v1/admin/federation", Some(&member)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&member),
            json!({"domain": "x.org", "action": "suspend"}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Stored normalised: lowercase, trailing dot gone, punycode.
    let (status, rule) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&admin),
            json!({"domain": "Bücher.Example.", "action": "suspend", "public_reason": "harassment",
                   "private_comment": "reports 3, 7", "expires_in_days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    assert_eq!(rule["domain"], "xn--bcher-kva.example");
    assert_eq!(rule["created_by"], "root");
    assert!(rule["expires_at"].is_string());
    let (status, _) = app
        .post(
            "/api/v1/admin/federation/rules",
            Some(&admin),
            json!({"domain": "not a domain", "action": "limit"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The in-memory policy took it at once, subdomains included.
    let policy = &app.state.federation.policy;
    assert!(!policy.allows_url("https://media.xn--bcher-kva.example/a.png"));

    let (_, view) = app
        .patch(
            "/api/v1/admin/federation",
            Some(&admin),
            json!({"mode": "allowlist"}),
        )
        .await;
    assert_eq!(view["mode"], "allowlist");
    assert!(!policy.allows_url("https://anyone.example/"));
    app.post(
        "/api/v1/admin/federation/rules",
        Some(&admin),
        json!({"domain": "partner.org", "action": "allow"}),
    )
    .await;
    assert!(policy.allows_url("https://partner.org/inbox"));

    let (status, _) = app
        .delete(
            "/api/v1/admin/federation/rules/b%C3%BCcher.example",
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = app
        .delete(
            "/api/v1/admin/federation/rules/nothing.example",
            Some(&admin),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Every change is in the audit log: who, what, on what, why.
    let (_, log) = app.get("/api/v1/admin/audit-log", Some(&admin)).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        vec![
            "domain.lift",
            "domain.allow",
            "setting.federation.mode",
            "domain.suspend"
        ]
    );
    assert_eq!(log[3]["actor"], "root");
    assert_eq!(log[3]["target"], "xn--bcher-kva.example");
    assert_eq!(log[3]["reason"], "reports 3, 7");
    let (status, _) = app.get("/api/v1/admin/audit-log", Some(&member)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn csv_import_previews_then_applies_all_or_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    let import = |csv: &'static str, apply: bool| {
        let url = format!(
            "{}/api/v1/admin/federation/rules/import?apply={apply}",
            app.base
        );
        let token = admin.token.clone();
        let client = app.client.clone();
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .header("content-type", "text/csv")
                .body(csv)
                .send()
                .await
                .unwrap();
            let status = response.status();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    app.post(
        "/api/v1/admin/federation/rules",
        Some(&admin),
        json!({"domain": "loud.example", "action": "limit"}),
    )
    .await;

    let good = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n\
                spam.example,suspend,true,false,\"Spam, scams\",false\n\
                loud.example,silence,false,false,,false\n";
    let (status, preview) = import(good, false).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview[0]["domain"], "spam.example");
    assert_eq!(preview[0]["change"], "add");
    assert_eq!(preview[1]["change"], "keep");
    let (_, rules) = app.get("/api/v1/admin/federation", Some(&admin)).await;
    assert_eq!(
        rules["rules"].as_array().unwrap().len(),
        1,
        "a preview writes nothing"
    );

    // A bad row: its line is named, and nothing at all is written.
    let bad = "#domain,#severity\nfine.example,suspend\nworse.example,obliterate\n";
    let (status, error) = import(bad, true).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        error["message"].as_str().unwrap().starts_with("line 3:"),
        "{error}"
    );
    let (_, rules) = app.get("/api/v1/admin/federation", Some(&admin)).await;
    assert_eq!(rules["rules"].as_array().unwrap().len(), 1);

    let (status, _) = import(good, true).await;
    assert_eq!(status, StatusCode::OK);
    let response = app
        .client
        .get(format!("{}/api/v1/admin/federation/rules.csv", app.base))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap();
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap();
    assert_eq!(
        csv,
        "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n\
         loud.example,silence,false,false,,false\n\
         spam.example,suspend,true,false,\"Spam, scams\",false\n"
    );
}

async fn the_public_list_shows_reasons_and_can_be_hidden(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    for (domain, action, obfuscate) in [
        ("spam.example", "suspend", false),
        ("loud.example", "limit", true),
        ("friend.example", "allow", false),
    ] {
        app.post(
            "/api/v1/admin/federation/rules",
            Some(&admin),
            json!({"domain": domain, "action": action, "public_reason": format!("because {domain}"),
                   "private_comment": "secret", "obfuscate": obfuscate}),
        )
        .await;
    }
    let (status, list) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["published"], true);
    assert_eq!(
        list["domains"],
        json!([
            {"domain": "l**d.example", "severity": "limit", "reason": "because loud.example"},
            {"domain": "spam.example", "severity": "suspend", "reason": "because spam.example"},
        ])
    );
    assert!(!list.to_string().contains("secret"));
    app.patch(
        "/api/v1/admin/federation",
        Some(&admin),
        json!({"publish_domain_list": false}),
    )
    .await;
    let (_, list) = app.get("/api/v1/instance/federation", None).await;
    assert_eq!(list["published"], false);
    assert_eq!(list["domains"], json!([]));
}

async fn a_suspension_drops_pending_deliveries_at_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.user_with_role("root", InstanceRole::Admin).await;
    // Two deliveries waiting (their hosts do not exist, so they only wait).
    let db = &app.state.db;
    let (activity,): (i64,) = sqlx::query_as(
        "INSERT INTO outbound_activities (activity_id, signer_kind, signer_id, body, created_at) \
         VALUES ('x', 'instance', 0, '{}', 0) RETURNING id",
    )
    .fetch_one(db.writer())
    .await
    .unwrap();
    for (inbox, host) in [
        ("https://eu.bad.example/inbox", "eu.bad.example"),
        ("https://good.example/inbox", "good.example"),
    ] {
        sqlx::query(
            "INSERT INTO deliveries (activity_id, inbox_url, host, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(activity)
        .bind(inbox)
        .bind(host)
        .bind(i64::MAX / 2)
        .execute(db.writer())
        .await
        .unwrap();
    }
    app.post(
        "/api/v1/admin/federation/rules",
        Some(&admin),
        json!({"domain": "bad.example", "action": "suspend"}),
    )
    .await;
    let left = agora::federation::outbox::pending(db).await.unwrap();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].0, "https://good.example/inbox");
}
