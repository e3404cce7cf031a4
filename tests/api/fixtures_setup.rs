//! The instance state a fixture needs before it is fed (see
//! `tests/fixtures/README.md`): the local objects its `local` URLs stand
//! for, its `setup` steps, and the remote actors it names.

use std::collections::BTreeMap;

use agora::federation::remote;
use agora::posts;
use agora::urls::LocalRef;
use serde_json::{Value, json};

use crate::fixtures::{Fixture, feed, read_answer, read_json, request_data};
use crate::support::{TestApp, User};

const PUBLIC: &str = "https://www.w3.org/ns/activitystreams#Public";

pub struct Scene<'a> {
    app: &'a TestApp,
    all: &'a [Fixture],
    owner: User,
    /// Remote URL → the local URL it stands for.
    rewrite: BTreeMap<String, String>,
    space: Option<(String, i64)>,
    event: Option<i64>,
    member: Option<User>,
    /// Remote actors that must be stored as groups (spaces).
    groups: Vec<String>,
    pem: String,
}

impl<'a> Scene<'a> {
    pub async fn new(app: &'a TestApp, all: &'a [Fixture]) -> Scene<'a> {
        let owner = app.user("owner").await;
        // Never verified: one real key serves every made-up actor.
        let pem = read_json("mastodon/actor_person.json")["publicKey"]["publicKeyPem"]
            .as_str()
            .unwrap()
            .to_owned();
        Scene {
            app,
            all,
            owner,
            rewrite: BTreeMap::new(),
            space: None,
            event: None,
            member: None,
            groups: Vec::new(),
            pem,
        }
    }

    fn urls(&self) -> &agora::federation::Urls {
        &self.app.state.federation.urls
    }

    /// The activities to feed for `fixture`, with everything it needs in
    /// place. Steps that `receive` another fixture feed it here.
    pub async fn prepare(&mut self, fixture: &Fixture) -> Vec<Value> {
        self.create_locals(fixture).await;
        let mut document = self.rewritten(read_json(&fixture.file));
        let mut feed_items = false;
        for step in &fixture.setup {
            if let Some(how) = step.strip_prefix("wrap in ") {
                document = wrap(how, document);
            } else if step == "feed each item" {
                feed_items = true;
            }
        }
        let activities = if feed_items {
            document["orderedItems"].as_array().cloned().unwrap()
        } else {
            vec![document]
        };
        let sender = activities[0]["actor"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        for step in &fixture.setup {
            self.step(step, &sender).await;
        }
        for activity in &activities {
            self.store_actors(activity).await;
        }
        activities
    }

    async fn step(&mut self, step: &str, sender: &str) {
        let words: Vec<&str> = step.split(' ').collect();
        let person = |s: &str| if s == "sender" { sender } else { s }.to_owned();
        match words.as_slice() {
            ["wrap", ..] | ["feed", "each", "item"] => {}
            ["receive", file] => self.receive(file).await,
            ["sender", "follows", "the", "space"] => {
                let account = self.account(sender).await;
                let (_, space) = self.local_space().await;
                sqlx::query(
                    "INSERT INTO space_followers (space_id, account_id, follow_id, created_at) \
                     VALUES ($1, $2, $3, 0)",
                )
                .bind(space)
                .bind(account)
                .bind(format!("{sender}#fixture-follow"))
                .execute(self.app.state.db.writer())
                .await
                .unwrap();
            }
            ["member", "follows", group] => {
                let member = self.member().await;
                self.follow_group(&member, group, "accepted").await;
            }
            ["post", id, "by", author, "in", space @ ..] => {
                let space = self.space_of(&space.join(" ")).await;
                let author = self.account(&person(author)).await;
                self.remote_post(id, author, space).await;
            }
            ["comment", id, "by", author, "in", space @ ..] => {
                let space = self.space_of(&space.join(" ")).await;
                let author = self.account(&person(author)).await;
                let post = self.any_post(space, author).await;
                self.remote_comment(id, author, post).await;
            }
            ["comment", id, "by", author, "on", post] => {
                let (post,): (i64,) = sqlx::query_as("SELECT id FROM posts WHERE ap_id = $1")
                    .bind(*post)
                    .fetch_one(&self.app.state.db.read)
                    .await
                    .unwrap();
                let author = self.account(&person(author)).await;
                self.remote_comment(id, author, post).await;
            }
            ["sender", "joins", "the", "event"] => {
                let account = self.account(sender).await;
                let event = self.event.expect("an event in `local`");
                agora::events::remote_join(
                    &self.app.state.db,
                    &self.app.state.changes,
                    event,
                    account,
                    &format!("{sender}#fixture-join"),
                )
                .await
                .unwrap();
            }
            _ => panic!("unknown setup step: {step}"),
        }
    }

    /// Feeds another fixture first, in the same scene; it must be taken.
    async fn receive(&mut self, file: &str) {
        let all = self.all;
        let given = all.iter().find(|f| f.file == file).unwrap();
        for activity in Box::pin(self.prepare(given)).await {
            let (response, _) = feed(self.app, activity).await;
            let (status, what) = read_answer(response).await;
            assert_eq!(status, 202, "{file}, received first: {what}");
        }
    }

    /// The objects of ours that `local` URLs stand for.
    async fn create_locals(&mut self, fixture: &Fixture) {
        let order = [
            "space",
            "space_followers",
            "member",
            "post",
            "comment",
            "event",
            "follow",
        ];
        for role in order {
            for (remote_url, _) in fixture.local.iter().filter(|(_, r)| *r == role) {
                if self.rewrite.contains_key(remote_url) {
                    continue;
                }
                let local = self.create_local(role, fixture).await;
                self.rewrite.insert(remote_url.clone(), local);
            }
        }
    }

    async fn create_local(&mut self, role: &str, fixture: &Fixture) -> String {
        let app = self.app;
        match role {
            "space" => self.local_space().await.0,
            "space_followers" => format!("{}/followers", self.local_space().await.0),
            "member" => {
                let member = self.member().await;
                self.urls().person(&member.name)
            }
            "post" => {
                let (slug, _) = self.local_slug().await;
                let id = app.post_in(&self.owner, &slug, "A post of ours").await;
                self.urls().post(id)
            }
            "comment" => {
                let (slug, _) = self.local_slug().await;
                let post = app.post_in(&self.owner, &slug, "A post of ours").await;
                let (status, body) = app
                    .post(
                        &format!("/api/v1/posts/{post}/comments"),
                        Some(&self.owner),
                        json!({"body": "A comment of ours"}),
                    )
                    .await;
                assert_eq!(status.as_u16(), 201, "{body}");
                // The answer is the post's thread.
                self.urls().comment(body[0]["id"].as_i64().unwrap())
            }
            "event" => {
                let (slug, _) = self.local_slug().await;
                let (status, body) = app
                    .post(
                        &format!("/api/v1/spaces/{slug}/events"),
                        Some(&self.owner),
                        json!({"title": "An event of ours", "starts_at": "2030-05-01T10:00",
                               "ends_at": "2030-05-01T12:00", "timezone": "Europe/Paris"}),
                    )
                    .await;
                assert_eq!(status.as_u16(), 201, "{body}");
                let id = body["id"].as_i64().unwrap();
                self.event = Some(id);
                self.urls().event(id)
            }
            "follow" => {
                // A Follow one of our members sent to the activity's actor.
                let group = read_json(&fixture.file)["actor"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                let member = self.member().await;
                self.follow_group(&member, &group, "pending").await
            }
            _ => panic!("{}: unknown local role {role}", fixture.file),
        }
    }

    async fn local_slug(&mut self) -> (String, i64) {
        let (_, id) = self.local_space().await;
        ("fixture".into(), id)
    }

    /// Our public space `fixture`, created on first use: (URL, id).
    async fn local_space(&mut self) -> (String, i64) {
        if self.space.is_none() {
            let id = self.app.space(&self.owner, "fixture", "public").await;
            self.space = Some((self.urls().space("fixture"), id));
        }
        self.space.clone().unwrap()
    }

    /// Our member `member` (one per scene).
    async fn member(&mut self) -> User {
        if self.member.is_none() {
            self.member = Some(self.app.user("member").await);
        }
        self.member.clone().unwrap()
    }

    /// `member` follows the remote group (pending or accepted), as
    /// `spaces::follows::follow` and the inbox's `accept` leave it.
    /// Returns the Follow's id.
    async fn follow_group(&mut self, member: &User, group: &str, state: &str) -> String {
        self.groups.push(group.to_owned());
        let space = self.space_of(group).await;
        let account = self.account(&self.urls().person(&member.name)).await;
        let follow_id = self.urls().new_activity("follow");
        let db = self.app.state.db.writer();
        sqlx::query(
            "INSERT INTO remote_follows (account_id, space_id, follow_id, state, created_at) \
             VALUES ($1, $2, $3, $4, 0)",
        )
        .bind(account)
        .bind(space)
        .bind(&follow_id)
        .bind(state)
        .execute(db)
        .await
        .unwrap();
        if state == "accepted" {
            sqlx::query(
                "INSERT INTO memberships (space_id, account_id, role, joined_at) \
                 VALUES ($1, $2, 'contributor', 0)",
            )
            .bind(space)
            .bind(account)
            .execute(db)
            .await
            .unwrap();
        }
        follow_id
    }

    /// The space a setup step names: ours (`the space`) or a remote group.
    async fn space_of(&mut self, name: &str) -> i64 {
        if name == "the space" {
            return self.local_space().await.1;
        }
        if !self.groups.iter().any(|g| g == name) {
            self.groups.push(name.to_owned());
        }
        self.store_actor(name).await;
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM spaces WHERE ap_id = $1")
            .bind(name)
            .fetch_one(&self.app.state.db.read)
            .await
            .unwrap();
        id
    }

    /// An account's id by its URL: ours, or a remote actor stored now.
    async fn account(&mut self, url: &str) -> i64 {
        let local = match self.urls().parse(url) {
            Some(LocalRef::Person(name)) => name,
            _ => {
                self.store_actor(url).await;
                String::new()
            }
        };
        let (id,): (i64,) = sqlx::query_as(
            "SELECT id FROM accounts WHERE (ap_id = $1 AND domain IS NOT NULL) \
             OR (username = $2 AND domain IS NULL)",
        )
        .bind(url)
        .bind(local)
        .fetch_optional(&self.app.state.db.read)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {url}"));
        id
    }

    /// A post of the space to comment on: any, else one made now (by
    /// `author` in a remote space).
    async fn any_post(&mut self, space: i64, author: i64) -> i64 {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM posts WHERE space_id = $1")
            .bind(space)
            .fetch_optional(&self.app.state.db.read)
            .await
            .unwrap();
        match found {
            Some((id,)) => id,
            None if Some(space) == self.space.as_ref().map(|s| s.1) => {
                self.app
                    .post_in(&self.owner, "fixture", "A post of ours")
                    .await
            }
            None => {
                let (group,): (String,) = sqlx::query_as("SELECT ap_id FROM spaces WHERE id = $1")
                    .bind(space)
                    .fetch_one(&self.app.state.db.read)
                    .await
                    .unwrap();
                let id = format!("{group}/fixture-post");
                self.remote_post(&id, author, space).await;
                Box::pin(self.any_post(space, author)).await
            }
        }
    }

    async fn remote_post(&self, ap_id: &str, author: i64, space: i64) {
        let post = posts::RemotePost {
            ap_id: ap_id.into(),
            space_id: space,
            author_id: author,
            title: "A post from elsewhere".into(),
            body_source: String::new(),
            body_html: "<p>Text</p>".into(),
            language: "en".into(),
            created_at: 0,
            mentioned: Vec::new(),
            media: Vec::new(),
        };
        assert!(
            posts::store_remote(&self.app.state.db, post, false)
                .await
                .unwrap()
        );
    }

    async fn remote_comment(&self, ap_id: &str, author: i64, post: i64) {
        let comment = posts::comments::RemoteComment {
            ap_id: ap_id.into(),
            post_id: post,
            parent_id: None,
            author_id: author,
            body_source: String::new(),
            body_html: "<p>A comment</p>".into(),
            created_at: 0,
            mentioned: Vec::new(),
            media: Vec::new(),
        };
        let db = &self.app.state.db;
        assert!(
            posts::comments::store_remote(db, comment, false)
                .await
                .unwrap()
        );
    }

    /// The actors an activity names (its actor, the inner activity's,
    /// the objects' authors), stored unless they are ours.
    async fn store_actors(&mut self, activity: &Value) {
        let mut named = Vec::new();
        let inner = &activity["object"];
        for value in [
            &activity["actor"],
            &inner["actor"],
            &inner["attributedTo"],
            &inner["object"]["attributedTo"],
            &inner["object"]["actor"],
        ] {
            match value {
                Value::String(s) => named.push(s.clone()),
                Value::Array(items) => named.extend(
                    items
                        .iter()
                        .filter_map(|i| i.as_str().or(i["id"].as_str()).map(str::to_owned)),
                ),
                _ => {}
            }
        }
        for url in named {
            if url::Url::parse(&url).is_ok() && !self.urls().is_local(&url) {
                self.store_actor(&url).await;
            }
        }
    }

    /// Stores the actor `url`: from its actor fixture when one is taken,
    /// else from a minimal document (a Group for the groups of `setup`).
    async fn store_actor(&self, url: &str) {
        let db = &self.app.state.db;
        if remote::stored_actor(db, url).await.unwrap().is_some() {
            return;
        }
        let data = request_data(self.app).await;
        let document = self
            .all
            .iter()
            .filter(|f| f.kind == "actor")
            .map(|f| read_json(&f.file))
            .find(|doc| doc["id"] == url);
        if let Some(document) = document
            && remote::actor_from_document(&data, document).await.is_ok()
        {
            return;
        }
        let kind = if self.groups.iter().any(|g| g == url) {
            "Group"
        } else {
            "Person"
        };
        let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or("x");
        let document = json!({
            "id": url,
            "type": kind,
            "preferredUsername": name,
            "inbox": format!("{url}/inbox"),
            "outbox": format!("{url}/outbox"),
            "publicKey": {"id": format!("{url}#main-key"), "owner": url, "publicKeyPem": self.pem},
        });
        remote::actor_from_document(&data, document)
            .await
            .unwrap_or_else(|e| panic!("minimal actor {url}: {e}"));
    }

    /// The document with every `local` URL (and what lies under it)
    /// replaced by the URL of our object.
    fn rewritten(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.rewrite_url(s)),
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|v| self.rewritten(v)).collect())
            }
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, self.rewritten(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    fn rewrite_url(&self, s: String) -> String {
        // Longest first, so `…/c/x/followers` wins over `…/c/x`.
        let mut keys: Vec<&String> = self.rewrite.keys().collect();
        keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
        for key in keys {
            if s == *key {
                return self.rewrite[key].clone();
            }
            if let Some(rest) = s.strip_prefix(key.as_str())
                && (rest.starts_with('/') || rest.starts_with('#'))
            {
                return format!("{}{rest}", self.rewrite[key]);
            }
        }
        s
    }
}

/// An object as it would reach an inbox: `Create by its author`,
/// `Announce by <group>` or `Announce(Create) by <group>`.
fn wrap(how: &str, object: Value) -> Value {
    let author = object["actor"]
        .as_str()
        .or(object["attributedTo"].as_str())
        .unwrap_or_default()
        .to_owned();
    let id = object["id"].as_str().unwrap_or_default().to_owned();
    let create = || {
        json!({
            "id": format!("{id}#fixture-create"),
            "type": "Create",
            "actor": author,
            "to": object.get("to").cloned().unwrap_or(json!([PUBLIC])),
            "cc": object.get("cc").cloned().unwrap_or(json!([])),
            "object": object,
        })
    };
    let announce = |group: &str, inner: Value| {
        json!({
            "id": format!("{group}#announce-{id}"),
            "type": "Announce",
            "actor": group,
            "to": [PUBLIC],
            "cc": [format!("{group}/followers")],
            "object": inner,
        })
    };
    if how == "Create by its author" {
        create()
    } else if let Some(group) = how.strip_prefix("Announce(Create) by ") {
        announce(group, create())
    } else if let Some(group) = how.strip_prefix("Announce by ") {
        announce(group, object.clone())
    } else {
        panic!("unknown wrapping: {how}")
    }
}
