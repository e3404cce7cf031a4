//! Forms that forgive (issue 19, point 3), for people's forms: inviting a
//! member by username, a reader subscribing to a newsletter by address,
//! a guest registering for an event. A refused field brings the same page
//! back, 422, with what was typed kept and the message next to the field,
//! in the reader's language; nothing is written.

use reqwest::StatusCode;
use serde_json::{Value, json};

use agora::accounts::InstanceRole;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, User};
use crate::web_forms::assert_refused;
use crate::web_support::{Browser, Page};

on_both_backends!(
    a_refused_invitation_keeps_the_username_and_role,
    a_refused_subscription_keeps_the_address_and_says_nothing_of_others,
    a_refused_guest_comes_back_on_the_event_page,
);

async fn invitations_of(app: &TestApp, user: &User) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/me/space-invitations", Some(user)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

async fn a_refused_invitation_keeps_the_username_and_role(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let cy = app.user("cy").await;
    app.space(&ada, "news", "public").await;
    app.add_member(&ada, "news", &bob, "contributor").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&ada.name).await;
    let username = "<input type=\"text\" id=\"invite-username\"";

    // Nobody has this username: said by the field, the role kept.
    let refused = browser
        .submit(
            "/s/news/members/invite",
            &[("username", "personne"), ("role", "content_manager")],
        )
        .await;
    assert_refused(
        &refused,
        username,
        "invite-username-error",
        "Personne sur ce serveur n’a ce nom d’utilisateur : vérifiez l’orthographe, \
         ou cherchez la personne par son nom ci-dessus.",
    );
    refused.assert_contains("value=\"personne\"");
    refused.assert_contains("<option value=\"content_manager\" selected>");
    refused.assert_contains("<details id=\"invite\" open>");

    // A member already, typed as people do.
    let refused = browser
        .submit("/s/news/members/invite", &[("username", " @Bob")])
        .await;
    assert_refused(
        &refused,
        username,
        "invite-username-error",
        "Cette personne est déjà membre de l’espace.",
    );
    refused.assert_contains("value=\" @Bob\"");

    // A role not in the list, by the role.
    let refused = browser
        .submit(
            "/s/news/members/invite",
            &[("username", "cy"), ("role", "owner")],
        )
        .await;
    assert_refused(
        &refused,
        "<select id=\"invite-role\"",
        "invite-role-error",
        "Choisissez une valeur de la liste.",
    );
    refused.assert_contains("value=\"cy\"");
    let field = crate::web_forms::between(&refused, username, ">");
    assert!(!field.contains("aria-invalid"), "{field}");

    // Nothing was written; the picker and a right username still invite.
    assert!(invitations_of(&app, &cy).await.is_empty());
    let found = browser.get("/s/news/members?find=cy").await;
    found.assert_contains("<input type=\"hidden\" name=\"username\" value=\"cy\">");
    let sent = browser
        .submit(
            "/s/news/members/invite",
            &[("username", "cy"), ("role", "reader")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(invitations_of(&app, &cy).await.len(), 1);
}

/// The emails the outbox holds for `address`.
async fn mail_to(app: &TestApp, admin: &User, address: &str) -> Vec<Value> {
    let (status, list) = app.get("/api/v1/admin/mail", Some(admin)).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == address)
        .cloned()
        .collect()
}

/// A reader asks for the instance's letter in Portuguese.
async fn subscribe(browser: &Browser, email: &str) -> Page {
    browser
        .submit(
            "/newsletter/subscribe",
            &[("space", ""), ("email", email), ("language", "pt")],
        )
        .await
}

async fn a_refused_subscription_keeps_the_address_and_says_nothing_of_others(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let root = app.user_with_role("root", InstanceRole::Admin).await;
    let browser = Browser::new(&app).with_language("ar");
    browser.get("/newsletter").await;

    // Not an address: the page again, in Arabic, the address and language kept.
    let refused = subscribe(&browser, "amina at example").await;
    assert_refused(
        &refused,
        "<input id=\"subscribe-email\"",
        "subscribe-email-error",
        "يبدو أن عنوان البريد الإلكتروني هذا غير صحيح.",
    );
    refused.assert_contains("value=\"amina at example\"");
    refused.assert_contains("<option value=\"pt\" lang=\"pt\" selected>");
    assert!(mail_to(&app, &root, "amina at example").await.is_empty());

    // A new address and one subscribed (confirmed) already: the same answer.
    let first = subscribe(&browser, "amina@example.org").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location(), "/newsletter?sent=1");
    let mail = mail_to(&app, &root, "amina@example.org").await;
    assert_eq!(mail.len(), 1);
    let (_, message) = app
        .get(
            &format!("/api/v1/admin/mail/{}", mail[0]["id"]),
            Some(&root),
        )
        .await;
    let text = message["text"].as_str().unwrap();
    let from = text.find("/newsletter/confirm/").expect("a confirm link");
    let confirm: String = text[from..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>')
        .collect();
    let done = Browser::new(&app).submit_raw(&confirm, &[]).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    let again = subscribe(&browser, "amina@example.org").await;
    let fresh = subscribe(&browser, "yusuf@example.org").await;
    for page in [&again, &fresh] {
        assert_eq!(page.status, first.status, "{}", page.body);
        assert_eq!(page.location(), first.location());
        assert_eq!(page.body, first.body);
    }

    // A private space's letter is not found, as one that does not exist.
    let ada = app.user("ada").await;
    let board = app.space(&ada, "board", "private").await.to_string();
    let private = browser
        .submit(
            "/newsletter/subscribe",
            &[("space", &board), ("email", "bad address")],
        )
        .await;
    let missing = browser
        .submit(
            "/newsletter/subscribe",
            &[("space", "987654321"), ("email", "bad address")],
        )
        .await;
    assert_eq!(private.status, StatusCode::NOT_FOUND, "{}", private.body);
    assert_eq!(
        private.body.replace(&board, "N"),
        missing.body.replace("987654321", "N")
    );
}

async fn a_refused_guest_comes_back_on_the_event_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "talks", "public").await;
    let (status, event) = app
        .post(
            "/api/v1/spaces/talks/events",
            Some(&ada),
            json!({"title": "Monthly Talk", "starts_at": "2099-03-06T10:00",
                "ends_at": "2099-03-06T12:00", "timezone": "Africa/Kinshasa",
                "online_url": "https://meet.example/talk", "guests": true}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{event}");
    let id = event["id"].as_i64().unwrap();
    let path = format!("/event/{id}/guests");
    let browser = Browser::new(&app).with_language("fr");
    browser.get(&format!("/event/{id}")).await;

    // No name: the event's page, the form opened, the address kept.
    let refused = browser
        .submit(&path, &[("name", "  "), ("email", "amina@example.org")])
        .await;
    assert_refused(
        &refused,
        "<input id=\"guest-name\"",
        "guest-name-error",
        "Écrivez votre nom, en 100 caractères au plus.",
    );
    refused.assert_contains("<bdi>Monthly Talk</bdi></h1>");
    refused.assert_contains("<details class=\"card\" id=\"guest\" open>");
    refused.assert_contains("value=\"amina@example.org\"");

    // An address that is not one (no dot in its domain), the name kept.
    let refused = browser
        .submit(
            &path,
            &[("name", "Amina <K.>"), ("email", "amina@localhost")],
        )
        .await;
    assert_refused(
        &refused,
        "<input id=\"guest-email\"",
        "guest-email-error",
        "Cette adresse e-mail ne semble pas valide.",
    );
    refused.assert_contains("value=\"Amina &#60;K.&#62;\"");
    refused.assert_contains("value=\"amina@localhost\"");

    // Nothing was written.
    let (status, guests) = app
        .get(&format!("/api/v1/events/{id}/guests"), Some(&ada))
        .await;
    assert_eq!(status, StatusCode::OK, "{guests}");
    assert_eq!(guests, json!([]));
}
