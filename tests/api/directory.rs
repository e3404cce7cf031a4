//! The member directory and inviting by picking a person (issue 19 point
//! 5): found by name, organisation, country or language, never past their
//! profile's visibility.

use reqwest::StatusCode;
use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};
use crate::web_support::Browser;

on_both_backends!(members_find_each_other_and_invite_by_picking);

async fn members_find_each_other_and_invite_by_picking(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let amina = app.user("amina").await;
    for (name, display, organisation, country, languages, visibility) in [
        (
            "bruno",
            "Bruno Mbala",
            "Avocats Sans Frontières",
            "CD",
            vec!["fr", "ln"],
            "instance",
        ),
        (
            "chloe",
            "Chloé Dubois",
            "Ligue des droits",
            "FR",
            vec!["fr"],
            "everyone",
        ),
        (
            "dara",
            "Dara Haddad",
            "Avocats du Nord",
            "LB",
            vec!["ar", "fr"],
            "nobody",
        ),
    ] {
        let user = app.user(name).await;
        let (status, body) = app
            .patch(
                "/api/v1/accounts/me",
                Some(&user),
                json!({"display_name": display, "organisation": organisation, "country": country,
                       "languages": languages, "profile_visibility": visibility}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let browser = Browser::signed_in(&app, &amina).await;

    // By organisation, in any case: bruno; dara hides her profile.
    let page = browser.get("/people?q=avocats").await;
    page.assert_contains("Bruno Mbala");
    assert!(!page.body.contains("Dara"), "{}", page.body);
    assert!(!page.body.contains("Chloé"));
    // By name with an accent, by country, by language.
    browser
        .get("/people?q=chlo%C3%A9")
        .await
        .assert_contains("Chloé Dubois");
    let french = browser.get("/people?language=fr").await;
    french.assert_contains("Bruno Mbala");
    french.assert_contains("Chloé Dubois");
    assert!(!french.body.contains("Dara"));
    let congo = browser.get("/people?country=cd").await;
    congo.assert_contains("Bruno Mbala");
    assert!(!congo.body.contains("Chloé"));
    // Wildcards are letters like any other.
    assert!(!browser.get("/people?q=%25").await.body.contains("Bruno"));
    // An admin sees every profile, dara's too.
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    Browser::signed_in(&app, &admin)
        .await
        .get("/people?q=avocats")
        .await
        .assert_contains("Dara Haddad");
    // For members only.
    let visitor = Browser::new(&app).get("/people").await;
    assert_ne!(visitor.status, StatusCode::OK);

    // Inviting by picking: amina finds bruno by his organisation, not his
    // username, and invites him with one button.
    app.space(&amina, "case-17", "private").await;
    let members = browser
        .get("/s/case-17/members?find=sans+fronti%C3%A8res")
        .await;
    members.assert_contains("Bruno Mbala");
    members.assert_contains("<input type=\"hidden\" name=\"username\" value=\"bruno\">");
    // Members already in the space are not offered.
    assert!(
        !browser
            .get("/s/case-17/members?find=amina")
            .await
            .body
            .contains("name=\"username\" value=\"amina\"")
    );
    let invited = browser
        .submit(
            "/s/case-17/members/invite",
            &[("username", "bruno"), ("role", "contributor")],
        )
        .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER);
    let bruno_browser = Browser::new(&app);
    bruno_browser.sign_in("bruno").await;
    bruno_browser
        .get("/invitations")
        .await
        .assert_contains("case-17");
    // Someone who may not manage the space finds nobody through it.
    let chloe = Browser::new(&app);
    chloe.sign_in("chloe").await;
    let page = chloe.get("/s/case-17/members?find=bruno").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
}
