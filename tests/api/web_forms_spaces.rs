//! Forms that forgive, for a space's settings (issue 19, point 3): a
//! refused field brings the about page back, 422, with what was typed
//! kept and the message next to the field.

use reqwest::StatusCode;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_forms::{assert_refused, between, marked};
use crate::web_support::Browser;

on_both_backends!(
    refused_space_settings_keep_what_was_typed,
    a_refused_join_request_keeps_its_message_and_says_nothing_of_the_space,
);

async fn refused_space_settings_keep_what_was_typed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "news", "public").await;
    let browser = Browser::new(&app).with_language("de");
    browser.sign_in(&ada.name).await;
    let refused = browser
        .submit(
            "/s/news/settings",
            &[
                ("title", "   "),
                ("description", "Neuigkeiten <aus> dem Tal"),
                ("language", "de"),
                ("default_role", "contributor"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    refused.assert_contains(">Neuigkeiten &#60;aus&#62; dem Tal</textarea>");
    refused.assert_contains("<option value=\"contributor\" selected>");
    marked(
        &refused,
        "<input type=\"text\" id=\"set-title\"",
        "set-title-error",
    );
    refused.assert_contains(
        "id=\"set-title-error\">Geben Sie dem Raum einen Namen mit höchstens 200 Zeichen.</p>",
    );
    let language = between(&refused, "<input type=\"text\" id=\"set-language\"", ">");
    assert!(!language.contains("aria-invalid"), "{language}");

    // A language that is not one, in English; nothing was changed.
    let english = Browser::signed_in(&app, &ada).await;
    let refused = english
        .submit(
            "/s/news/settings",
            &[
                ("title", "The news"),
                ("description", ""),
                ("language", "not a language"),
                ("default_role", "reader"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    refused.assert_contains("value=\"The news\"");
    marked(
        &refused,
        "<input type=\"text\" id=\"set-language\"",
        "set-language-error",
    );
    refused.assert_contains("id=\"set-language-error\">Enter a language code");
    let (_, space) = app.get("/api/v1/spaces/news", Some(&ada)).await;
    assert_eq!(space["title"], "news", "{space}");
    assert_eq!(space["language"], "en", "{space}");
}

/// A join request's message too long comes back as typed, and the page is
/// the same whether the space is private, public or does not exist: the
/// length is checked before the space is looked for.
async fn a_refused_join_request_keeps_its_message_and_says_nothing_of_the_space(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let bob = app.user("bob").await;
    let private = app.space(&ada, "cases", "private").await;
    let browser = Browser::new(&app).with_language("fr");
    browser.sign_in(&bob.name).await;
    let message = format!("Bonjour <équipe> {}", "m".repeat(1000));
    let mut pages = Vec::new();
    for reference in [private.to_string(), "nowhere-at-all".to_owned()] {
        let refused = browser
            .submit(&format!("/s/{reference}/join"), &[("message", &message)])
            .await;
        assert_refused(
            &refused,
            "<textarea dir=\"auto\" id=\"join-message\"",
            "message-error",
            "trop long.",
        );
        refused.assert_contains(&format!(
            ">Bonjour &#60;équipe&#62; {}</textarea>",
            "m".repeat(1000)
        ));
        pages.push(refused.body.replace(&reference, "REF"));
    }
    assert_eq!(pages[0], pages[1], "the refusal tells the spaces apart");
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM space_join_requests")
        .fetch_one(&app.state.db.read)
        .await
        .unwrap();
    assert_eq!(n, 0);
}
