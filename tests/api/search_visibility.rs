//! Search and visibility (issue 18 point 2): private content never
//! appears in results and never changes their counts, as an anonymous
//! caller, a non-member, a member of another private space; a member
//! finds it. People are found as their profile's visibility says.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::search::{post, q, search, set, titles};
use crate::support::{Backend, TestApp};

on_both_backends!(
    private_content_never_shows_or_counts,
    profiles_are_found_as_their_owners_chose,
    the_index_audiences_are_not_words,
);

async fn private_content_never_shows_or_counts(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    let member = app.user("member").await;
    let outsider = app.user("outsider").await;
    let elsewhere = app.user("elsewhere").await;
    app.space(&ada, "open", "public").await;
    let cell = app.space(&ada, "cell", "private").await;
    app.add_member(&ada, "cell", &member, "reader").await;
    app.space(&elsewhere, "refuge", "private").await;
    post(
        &app,
        &ada,
        "open",
        "Witness public",
        "A public witness statement.",
        "en",
    )
    .await;
    post(
        &app,
        &elsewhere,
        "refuge",
        "Unrelated",
        "Nothing here.",
        "en",
    )
    .await;
    let secret = post(
        &app,
        &ada,
        "cell",
        "Witness protected",
        "Witness names.",
        "en",
    )
    .await;
    let (status, _) = app
        .post(
            &format!("/api/v1/posts/{secret}/comments"),
            Some(&ada),
            json!({"body": "The witness moved"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let everyone = set(&["Witness public"]);
    for (who, label) in [
        (None, "anonymous"),
        (Some(&outsider), "non-member"),
        (Some(&elsewhere), "member of another private space"),
    ] {
        for query in [
            q("witness"),
            format!("{}&kind=comment", q("witness")),
            q("cell"),
        ] {
            let answer = search(&app, who, &query).await;
            let expected = if query.contains("cell") {
                set(&[])
            } else {
                everyone.clone()
            };
            let expected = if query.contains("comment") {
                set(&[])
            } else {
                expected
            };
            assert_eq!(titles(&answer), expected, "{label} {query}: {answer}");
            assert_eq!(answer["total"], expected.len(), "{label} {query}");
            assert_eq!(answer["pages"], expected.len().min(1), "{label} {query}");
        }
        // Naming the space changes nothing: it does not exist for them.
        let (status, answer) = app
            .get(&format!("/api/v1/search?{}&space=cell", q("witness")), who)
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{label}: {answer}");
        let by_id = app
            .get(
                &format!("/api/v1/search?{}&space={cell}", q("witness")),
                who,
            )
            .await;
        assert_eq!(by_id.0, StatusCode::NOT_FOUND, "{label}");
    }
    // A member finds all of it, the space itself included.
    let answer = search(&app, Some(&member), &q("witness")).await;
    assert_eq!(answer["total"], 3, "{answer}");
    assert!(titles(&answer).contains("Witness protected"));
    let answer = search(&app, Some(&member), &q("cell")).await;
    assert_eq!(answer["items"][0]["kind"], "space", "{answer}");
    let reference = answer["items"][0]["space"]["reference"].as_str().unwrap();
    let answer = search(
        &app,
        Some(&member),
        &format!("{}&space={reference}", q("witness")),
    )
    .await;
    assert_eq!(answer["total"], 2, "{answer}");
    // Leaving the space is enough to stop finding it.
    let (status, body) = app
        .post(
            &format!("/api/v1/spaces/{reference}/leave"),
            Some(&member),
            json!({}),
        )
        .await;
    assert!(status.is_success(), "{body}");
    assert_eq!(search(&app, Some(&member), &q("witness")).await["total"], 1);
}

async fn profiles_are_found_as_their_owners_chose(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app
        .user_with_role("root", agora::accounts::InstanceRole::Admin)
        .await;
    let ada = app.user("ada").await;
    let bea = app.user("bea").await;
    for (who, name, visibility) in [
        (&ada, "Ada Mukendi", "everyone"),
        (&bea, "Bea Mukendi", "instance"),
    ] {
        let (status, body) = app
            .patch(
                "/api/v1/accounts/me",
                Some(who),
                json!({"display_name": name, "profile_visibility": visibility}),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let cyd = app.user("cyd").await;
    app.patch(
        "/api/v1/accounts/me",
        Some(&cyd),
        json!({"display_name": "Cyd Mukendi", "profile_visibility": "nobody"}),
    )
    .await;
    let query = format!("{}&kind=person", q("mukendi"));
    let names = |answer: &Value| titles(answer);
    assert_eq!(
        names(&search(&app, None, &query).await),
        set(&["Ada Mukendi"])
    );
    assert_eq!(
        names(&search(&app, Some(&ada), &query).await),
        set(&["Ada Mukendi", "Bea Mukendi"])
    );
    assert_eq!(
        names(&search(&app, Some(&cyd), &query).await),
        set(&["Ada Mukendi", "Bea Mukendi", "Cyd Mukendi"])
    );
    assert_eq!(search(&app, Some(&admin), &query).await["total"], 3);
    assert_eq!(search(&app, None, &query).await["total"], 1);
}

/// The index files each entry under who may open it (`everyone`,
/// `public`, `s<space id>`; migration 0016) in a column of its own: those
/// words find only what is written with them, for anyone.
async fn the_index_audiences_are_not_words(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ada = app.user("ada").await;
    app.space(&ada, "open", "public").await;
    let cell = app.space(&ada, "cell", "private").await;
    post(&app, &ada, "open", "Public hearing", "Open to all.", "en").await;
    post(&app, &ada, "open", "Verdict", "Read in court.", "en").await;
    post(&app, &ada, "cell", "Strategy", "For the team.", "en").await;
    for who in [None, Some(&ada)] {
        let label = if who.is_some() { "member" } else { "anonymous" };
        let answer = search(&app, who, &q("public")).await;
        assert_eq!(
            titles(&answer),
            set(&["Public hearing"]),
            "{label}: {answer}"
        );
        for word in ["everyone".to_owned(), format!("s{cell}")] {
            let answer = search(&app, who, &q(&word)).await;
            assert_eq!(answer["total"], 0, "{label} {word}: {answer}");
        }
    }
    // And the member still finds the private space's post by its words.
    let answer = search(&app, Some(&ada), &q("strategy")).await;
    assert_eq!(titles(&answer), set(&["Strategy"]), "{answer}");
    assert_eq!(search(&app, None, &q("strategy")).await["total"], 0);
}
