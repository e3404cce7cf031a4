//! What local changes send out. Each function builds the activity and
//! hands it to [`outbox::enqueue`] inside the caller's transaction, so the
//! change and its deliveries commit together. None of them checks whether
//! the content is private: the queue does, in one place.
//!
//! FEP-1b12: in a space of ours, the space's `Group` announces the member's
//! activity to every follower. In a remote space we follow, the member's
//! activity goes to that group's inbox and the group announces it.

use serde_json::{Value, json};

use super::outbox::{self, Signer};
use super::{Federation, PUBLIC, context};
use crate::db::{Tx, format_time};
use crate::error::AppResult;
use crate::spaces::Visibility;

/// A space as federation sees it: ours (`domain` none) or a followed one.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SpaceActor {
    pub space_id: i64,
    pub slug: String,
    pub visibility: Visibility,
    pub space_domain: Option<String>,
    pub space_ap_id: Option<String>,
    pub space_inbox: Option<String>,
    pub space_shared_inbox: Option<String>,
    pub space_followers: Option<String>,
}

/// The columns of [`SpaceActor`] from spaces `s`.
macro_rules! space_actor_columns {
    () => {
        "s.id AS space_id, s.slug, s.visibility, s.domain AS space_domain, s.ap_id AS space_ap_id, \
         s.inbox_url AS space_inbox, s.shared_inbox_url AS space_shared_inbox, \
         s.followers_url AS space_followers"
    };
}
pub(crate) use space_actor_columns;

impl SpaceActor {
    pub fn is_local(&self) -> bool {
        self.space_domain.is_none()
    }

    pub fn id(&self, fed: &Federation) -> String {
        match &self.space_ap_id {
            Some(id) => id.clone(),
            None => fed.urls.space(&self.slug),
        }
    }

    pub fn followers(&self, fed: &Federation) -> String {
        match &self.space_followers {
            Some(url) => url.clone(),
            None => format!("{}/followers", fed.urls.space(&self.slug)),
        }
    }

    /// Where a remote space receives activities.
    fn inbox(&self) -> Option<String> {
        self.space_shared_inbox
            .clone()
            .or_else(|| self.space_inbox.clone())
    }
}

/// A space by id, as federation sees it.
pub async fn space_actor<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    space_id: i64,
) -> AppResult<SpaceActor> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        space_actor_columns!(),
        " FROM spaces s WHERE s.id = $1"
    ))
    .bind(space_id)
    .fetch_one(executor)
    .await?)
}

/// A post with what its `Page` needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PostObject {
    pub id: i64,
    pub ap_id: Option<String>,
    pub title: String,
    pub body_source: String,
    pub body_html: String,
    pub language: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    pub username: String,
    pub author_ap_id: Option<String>,
    #[sqlx(flatten)]
    pub space: SpaceActor,
    #[sqlx(skip)]
    pub mentions: Vec<Mentioned>,
}

/// Someone a post or comment mentions.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Mentioned {
    pub username: String,
    pub domain: Option<String>,
    pub ap_id: Option<String>,
    pub inbox: Option<String>,
}

impl Mentioned {
    fn href(&self, fed: &Federation) -> String {
        author_url(fed, &self.username, self.ap_id.as_deref())
    }

    fn name(&self, fed: &Federation) -> String {
        let domain = self.domain.as_deref().unwrap_or(fed.urls.domain());
        format!("@{}@{domain}", self.username)
    }
}

/// `tag` (Mention entries) and the remote people to add to `cc`.
fn mention_tags(fed: &Federation, mentions: &[Mentioned]) -> (Value, Vec<String>) {
    let tags = mentions
        .iter()
        .map(|m| json!({"type": "Mention", "href": m.href(fed), "name": m.name(fed)}))
        .collect::<Vec<_>>();
    let remote = mentions
        .iter()
        .filter(|m| m.domain.is_some())
        .map(|m| m.href(fed))
        .collect();
    (json!(tags), remote)
}

/// The inboxes of the remote people mentioned (shared ones where offered).
fn mention_inboxes(mentions: &[Mentioned]) -> Vec<String> {
    mentions.iter().filter_map(|m| m.inbox.clone()).collect()
}

async fn load_mentions(tx: &mut Tx, column: &str, id: i64) -> AppResult<Vec<Mentioned>> {
    let sql = if column == "post_id" {
        "SELECT a.username, a.domain, a.ap_id, COALESCE(a.shared_inbox_url, a.inbox_url) AS inbox \
         FROM mentions m JOIN accounts a ON a.id = m.account_id WHERE m.post_id = $1 ORDER BY m.id"
    } else {
        "SELECT a.username, a.domain, a.ap_id, COALESCE(a.shared_inbox_url, a.inbox_url) AS inbox \
         FROM mentions m JOIN accounts a ON a.id = m.account_id WHERE m.comment_id = $1 ORDER BY m.id"
    };
    Ok(sqlx::query_as(sql).bind(id).fetch_all(&mut **tx).await?)
}

impl PostObject {
    pub fn url(&self, fed: &Federation) -> String {
        self.ap_id.clone().unwrap_or_else(|| fed.urls.post(self.id))
    }

    fn author(&self, fed: &Federation) -> String {
        author_url(fed, &self.username, self.author_ap_id.as_deref())
    }

    /// The AS2 `Page`, or a `Tombstone` once deleted.
    pub fn to_json(&self, fed: &Federation) -> Value {
        let id = self.url(fed);
        if let Some(deleted) = self.deleted_at {
            return json!({"id": id, "type": "Tombstone", "formerType": "Page",
                          "deleted": format_time(deleted)});
        }
        let group = self.space.id(fed);
        let mut page = json!({
            "id": id,
            "type": "Page",
            "attributedTo": self.author(fed),
            "name": self.title,
            "content": self.body_html,
            "mediaType": "text/html",
            "source": {"content": self.body_source, "mediaType": "text/markdown"},
            "contentMap": {self.language.clone(): self.body_html},
            "audience": group,
            "to": [group, PUBLIC],
            "cc": [self.space.followers(fed)],
            "published": format_time(self.created_at),
            "url": id,
        });
        add_mentions(fed, &mut page, &self.mentions);
        if let Some(edited) = self.edited_at {
            page["updated"] = json!(format_time(edited));
        }
        page
    }
}

fn add_mentions(fed: &Federation, object: &mut Value, mentions: &[Mentioned]) {
    if mentions.is_empty() {
        return;
    }
    let (tags, remote) = mention_tags(fed, mentions);
    object["tag"] = tags;
    if let Some(cc) = object["cc"].as_array_mut() {
        cc.extend(remote.into_iter().map(Value::from));
    }
}

fn author_url(fed: &Federation, username: &str, ap_id: Option<&str>) -> String {
    match ap_id {
        Some(id) => id.to_owned(),
        None => fed.urls.person(username),
    }
}

pub async fn load_post(tx: &mut Tx, post_id: i64) -> AppResult<Option<PostObject>> {
    let post: Option<PostObject> = sqlx::query_as(concat!(
        "SELECT p.id, p.ap_id, p.title, p.body_source, p.body_html, p.language, p.created_at, \
                p.edited_at, p.deleted_at, p.author_id, a.username, a.ap_id AS author_ap_id, ",
        space_actor_columns!(),
        " FROM posts p JOIN spaces s ON s.id = p.space_id JOIN accounts a ON a.id = p.author_id \
         WHERE p.id = $1"
    ))
    .bind(post_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(mut post) = post else {
        return Ok(None);
    };
    post.mentions = load_mentions(tx, "post_id", post.id).await?;
    Ok(Some(post))
}

/// A comment with what its `Note` needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct CommentObject {
    pub id: i64,
    pub ap_id: Option<String>,
    pub body_source: String,
    pub body_html: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub author_id: i64,
    pub username: String,
    pub author_ap_id: Option<String>,
    pub post_id: i64,
    pub post_ap_id: Option<String>,
    pub parent_id: Option<i64>,
    pub parent_ap_id: Option<String>,
    pub language: String,
    #[sqlx(flatten)]
    pub space: SpaceActor,
    #[sqlx(skip)]
    pub mentions: Vec<Mentioned>,
}

impl CommentObject {
    pub fn url(&self, fed: &Federation) -> String {
        self.ap_id
            .clone()
            .unwrap_or_else(|| fed.urls.comment(self.id))
    }

    pub fn to_json(&self, fed: &Federation) -> Value {
        let id = self.url(fed);
        if let Some(deleted) = self.deleted_at {
            return json!({"id": id, "type": "Tombstone", "formerType": "Note",
                          "deleted": format_time(deleted)});
        }
        let in_reply_to = match (self.parent_id, &self.parent_ap_id) {
            (Some(_), Some(ap)) => ap.clone(),
            (Some(parent), None) => fed.urls.comment(parent),
            (None, _) => self
                .post_ap_id
                .clone()
                .unwrap_or_else(|| fed.urls.post(self.post_id)),
        };
        let group = self.space.id(fed);
        let mut note = json!({
            "id": id,
            "type": "Note",
            "attributedTo": author_url(fed, &self.username, self.author_ap_id.as_deref()),
            "inReplyTo": in_reply_to,
            "content": self.body_html,
            "mediaType": "text/html",
            "source": {"content": self.body_source, "mediaType": "text/markdown"},
            "contentMap": {self.language.clone(): self.body_html},
            "audience": group,
            "to": [group, PUBLIC],
            "cc": [self.space.followers(fed)],
            "published": format_time(self.created_at),
        });
        add_mentions(fed, &mut note, &self.mentions);
        if let Some(edited) = self.edited_at {
            note["updated"] = json!(format_time(edited));
        }
        note
    }
}

pub async fn load_comment(tx: &mut Tx, comment_id: i64) -> AppResult<Option<CommentObject>> {
    let comment: Option<CommentObject> = sqlx::query_as(concat!(
        "SELECT c.id, c.ap_id, c.body_source, c.body_html, c.created_at, c.edited_at, \
                c.deleted_at, c.author_id, a.username, a.ap_id AS author_ap_id, \
                p.id AS post_id, p.ap_id AS post_ap_id, c.parent_id, pc.ap_id AS parent_ap_id, \
                p.language, ",
        space_actor_columns!(),
        " FROM comments c JOIN posts p ON p.id = c.post_id JOIN spaces s ON s.id = p.space_id \
         JOIN accounts a ON a.id = c.author_id LEFT JOIN comments pc ON pc.id = c.parent_id \
         WHERE c.id = $1"
    ))
    .bind(comment_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(mut comment) = comment else {
        return Ok(None);
    };
    comment.mentions = load_mentions(tx, "comment_id", comment.id).await?;
    Ok(Some(comment))
}

/// Who signs an activity by the member `author_id`.
fn member(author_id: i64) -> Signer {
    Signer::Account(author_id)
}

/// Sends a member's activity about content of `space`: to the group's
/// inbox when the space is remote; when it is ours, the group announces it
/// to its followers.
/// People mentioned on other instances get the member's activity
/// directly, whether or not they follow the space.
async fn distribute(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    author_id: i64,
    activity: Value,
    mentioned_inboxes: Vec<String>,
) -> AppResult<()> {
    if space.is_local() {
        if !mentioned_inboxes.is_empty() {
            outbox::enqueue(
                tx,
                fed,
                member(author_id),
                activity.clone(),
                mentioned_inboxes,
            )
            .await?;
        }
        announce(tx, fed, space, activity).await
    } else {
        let mut inboxes: Vec<String> = space.inbox().into_iter().collect();
        inboxes.extend(mentioned_inboxes);
        outbox::enqueue(tx, fed, member(author_id), activity, inboxes).await
    }
}

/// The group of a space of ours announces `inner` to every follower.
pub async fn announce(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    inner: Value,
) -> AppResult<()> {
    let group = space.id(fed);
    let mut inner = inner;
    if let Some(object) = inner.as_object_mut() {
        object.remove("@context");
    }
    let activity = json!({
        "@context": context(),
        "id": fed.urls.new_activity("announce"),
        "type": "Announce",
        "actor": group,
        "object": inner,
        "to": [PUBLIC],
        "cc": [space.followers(fed)],
    });
    let inboxes = follower_inboxes(tx, space.space_id).await?;
    outbox::enqueue(tx, fed, Signer::Space(space.space_id), activity, inboxes).await
}

/// Each follower's shared inbox if it has one, else its own; each once.
pub async fn follower_inboxes(tx: &mut Tx, space_id: i64) -> AppResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT COALESCE(a.shared_inbox_url, a.inbox_url) FROM space_followers f \
         JOIN accounts a ON a.id = f.account_id \
         WHERE f.space_id = $1 AND a.inbox_url IS NOT NULL",
    )
    .bind(space_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows.into_iter().map(|(inbox,)| inbox).collect())
}

fn append_cc(activity: &mut Value, more: Vec<String>) {
    if let Some(cc) = activity["cc"].as_array_mut() {
        cc.extend(more.into_iter().map(Value::from));
    }
}

fn wrap(fed: &Federation, kind: &str, actor: &str, object: Value, space: &SpaceActor) -> Value {
    let group = space.id(fed);
    json!({
        "@context": context(),
        "id": fed.urls.new_activity(&kind.to_ascii_lowercase()),
        "type": kind,
        "actor": actor,
        "object": object,
        "audience": group,
        "to": [group, PUBLIC],
        "cc": [space.followers(fed)],
    })
}

/// A new, edited or deleted post: Create, Update or Delete of its `Page`.
pub async fn post_changed(
    tx: &mut Tx,
    fed: &Federation,
    post_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some(post) = load_post(tx, post_id).await? else {
        return Ok(());
    };
    if post.ap_id.is_some() {
        return Ok(()); // someone else's post: its home instance federates it
    }
    let object = if kind == "Delete" {
        json!(post.url(fed))
    } else {
        post.to_json(fed)
    };
    let mut activity = wrap(fed, kind, &post.author(fed), object, &post.space);
    let (_, remote) = mention_tags(fed, &post.mentions);
    append_cc(&mut activity, remote);
    let inboxes = mention_inboxes(&post.mentions);
    distribute(tx, fed, &post.space, post.author_id, activity, inboxes).await
}

/// A deletion by someone other than the author (a content manager): the
/// group itself deletes the object.
pub async fn moderator_deleted(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    object_url: String,
) -> AppResult<()> {
    if !space.is_local() {
        return Ok(());
    }
    let group = space.id(fed);
    let activity = wrap(fed, "Delete", &group, json!(object_url), space);
    let inboxes = follower_inboxes(tx, space.space_id).await?;
    outbox::enqueue(tx, fed, Signer::Space(space.space_id), activity, inboxes).await
}

pub async fn comment_changed(
    tx: &mut Tx,
    fed: &Federation,
    comment_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some(comment) = load_comment(tx, comment_id).await? else {
        return Ok(());
    };
    if comment.ap_id.is_some() {
        return Ok(());
    }
    let object = if kind == "Delete" {
        json!(comment.url(fed))
    } else {
        comment.to_json(fed)
    };
    let author = author_url(fed, &comment.username, comment.author_ap_id.as_deref());
    let mut activity = wrap(fed, kind, &author, object, &comment.space);
    let (_, remote) = mention_tags(fed, &comment.mentions);
    append_cc(&mut activity, remote);
    let inboxes = mention_inboxes(&comment.mentions);
    distribute(
        tx,
        fed,
        &comment.space,
        comment.author_id,
        activity,
        inboxes,
    )
    .await
}

/// A member's reaction: `Like` (with the emoji as `content`), or its Undo.
pub async fn reaction_changed(
    tx: &mut Tx,
    fed: &Federation,
    reaction_id: i64,
    undo: bool,
) -> AppResult<()> {
    #[derive(sqlx::FromRow)]
    struct Row {
        emoji: String,
        account_id: i64,
        username: String,
        post_id: Option<i64>,
        comment_id: Option<i64>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT r.emoji, r.account_id, a.username, r.post_id, r.comment_id FROM reactions r \
         JOIN accounts a ON a.id = r.account_id WHERE r.id = $1 AND a.domain IS NULL",
    )
    .bind(reaction_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else { return Ok(()) };
    let (object, space) = match (row.post_id, row.comment_id) {
        (Some(post_id), _) => match load_post(tx, post_id).await? {
            Some(post) => (post.url(fed), post.space),
            None => return Ok(()),
        },
        (None, Some(comment_id)) => match load_comment(tx, comment_id).await? {
            Some(comment) => (comment.url(fed), comment.space),
            None => return Ok(()),
        },
        (None, None) => return Ok(()),
    };
    let actor = fed.urls.person(&row.username);
    let like_id = format!("{}/likes/{reaction_id}", fed.urls.person(&row.username));
    let mut like = wrap(fed, "Like", &actor, json!(object), &space);
    like["id"] = json!(like_id);
    like["content"] = json!(row.emoji);
    let activity = if undo {
        wrap(fed, "Undo", &actor, like, &space)
    } else {
        like
    };
    distribute(tx, fed, &space, row.account_id, activity, Vec::new()).await
}

/// A member follows a remote space.
pub async fn follow(
    tx: &mut Tx,
    fed: &Federation,
    follower_id: i64,
    follower_username: &str,
    space: &SpaceActor,
    follow_id: &str,
) -> AppResult<()> {
    let activity = follow_json(fed, follower_username, space, follow_id);
    let inbox = space.inbox().into_iter().collect();
    outbox::enqueue(tx, fed, member(follower_id), activity, inbox).await
}

fn follow_json(
    fed: &Federation,
    follower_username: &str,
    space: &SpaceActor,
    follow_id: &str,
) -> Value {
    let group = space.id(fed);
    json!({
        "@context": context(),
        "id": follow_id,
        "type": "Follow",
        "actor": fed.urls.person(follower_username),
        "object": group,
        "to": [group],
    })
}

/// A member stops following a remote space.
pub async fn unfollow(
    tx: &mut Tx,
    fed: &Federation,
    follower_id: i64,
    follower_username: &str,
    space: &SpaceActor,
    follow_id: &str,
) -> AppResult<()> {
    let mut follow = follow_json(fed, follower_username, space, follow_id);
    if let Some(object) = follow.as_object_mut() {
        object.remove("@context");
    }
    let activity = json!({
        "@context": context(),
        "id": fed.urls.new_activity("undo"),
        "type": "Undo",
        "actor": fed.urls.person(follower_username),
        "object": follow,
        "to": [space.id(fed)],
    });
    let inbox = space.inbox().into_iter().collect();
    outbox::enqueue(tx, fed, member(follower_id), activity, inbox).await
}

/// A space of ours answers a remote actor's Follow: `Accept` or `Reject`.
pub async fn answer_follow(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    follow: Value,
    follower_inbox: String,
    answer: &str,
) -> AppResult<()> {
    let group = space.id(fed);
    let mut follow = follow;
    if let Some(object) = follow.as_object_mut() {
        object.remove("@context");
    }
    let to = follow.get("actor").cloned().unwrap_or(Value::Null);
    let activity = json!({
        "@context": context(),
        "id": fed.urls.new_activity(&answer.to_ascii_lowercase()),
        "type": answer,
        "actor": group,
        "object": follow,
        "to": [to],
    });
    outbox::enqueue(
        tx,
        fed,
        Signer::Space(space.space_id),
        activity,
        vec![follower_inbox],
    )
    .await
}

// --- Events (Mobilizon / FEP-8a8e shape) ---------------------------------

/// The AS2 `Event` of an event of ours.
pub fn event_json(
    fed: &Federation,
    event: &crate::events::Event,
    space: &SpaceActor,
    organiser: &str,
    going: i64,
) -> Value {
    let id = event
        .ap_id
        .clone()
        .unwrap_or_else(|| fed.urls.event(event.id));
    let group = space.id(fed);
    let mut json = json!({
        "id": id,
        "type": "Event",
        "name": event.title,
        "content": event.description_html,
        "mediaType": "text/html",
        "source": {"content": event.description_source, "mediaType": "text/markdown"},
        "startTime": format_time(event.starts_at),
        "endTime": format_time(event.ends_at),
        "timezone": event.timezone,
        "attributedTo": group,
        "organizer": organiser,
        "audience": group,
        "to": [group, PUBLIC],
        "cc": [space.followers(fed)],
        "url": id,
        "contentMap": {event.language.clone(): event.description_html},
        "joinMode": event.join_mode.as_str(),
        "status": match event.status {
            crate::events::EventStatus::Confirmed => "CONFIRMED",
            crate::events::EventStatus::Tentative => "TENTATIVE",
            crate::events::EventStatus::Cancelled => "CANCELLED",
        },
        "participantCount": going,
        "published": format_time(event.created_at),
        "anonymousParticipationEnabled": false,
        "commentsEnabled": true,
    });
    if let Some(updated) = event.updated_at {
        json["updated"] = json!(format_time(updated));
    }
    if let Some(capacity) = event.capacity {
        json["maximumAttendeeCapacity"] = json!(capacity);
        json["remainingAttendeeCapacity"] = json!((capacity - going).max(0));
    }
    if let Some(url) = &event.online_url {
        json["attachment"] =
            json!([{"type": "Link", "name": "online", "href": url, "mediaType": "text/html"}]);
    }
    if event.place_name.is_some() || event.place_address.is_some() {
        let mut place = json!({
            "type": "Place",
            "name": event.place_name.clone().unwrap_or_default(),
            "address": {"type": "PostalAddress", "streetAddress": event.place_address.clone().unwrap_or_default()},
        });
        if let (Some(lat), Some(lon)) = (event.latitude, event.longitude) {
            place["latitude"] = json!(lat);
            place["longitude"] = json!(lon);
        }
        json["location"] = place;
    }
    json
}

/// An event with what its `Event` needs, or `None`.
pub async fn load_event(
    tx: &mut Tx,
    event_id: i64,
    fed: &Federation,
) -> AppResult<Option<(crate::events::Event, SpaceActor, Value)>> {
    let event: Option<crate::events::Event> = sqlx::query_as(concat!(
        "SELECT ",
        crate::events::event_columns!(),
        " FROM events e WHERE e.id = $1"
    ))
    .bind(event_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(event) = event else { return Ok(None) };
    let space: SpaceActor = space_actor(&mut **tx, event.space_id).await?;
    let (username, ap_id, going): (String, Option<String>, i64) = sqlx::query_as(
        "SELECT a.username, a.ap_id, \
                (SELECT COUNT(*) FROM event_participants WHERE event_id = $2 AND state = 'going') \
         FROM accounts a WHERE a.id = $1",
    )
    .bind(event.organiser_id)
    .bind(event.id)
    .fetch_one(&mut **tx)
    .await?;
    let organiser = author_url(fed, &username, ap_id.as_deref());
    let json = event_json(fed, &event, &space, &organiser, going);
    Ok(Some((event, space, json)))
}

/// A new or changed event of ours: its space's group announces the
/// organiser's Create/Update to every follower.
pub async fn event_changed(
    tx: &mut Tx,
    fed: &Federation,
    event_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some((event, space, object)) = load_event(tx, event_id, fed).await? else {
        return Ok(());
    };
    if event.ap_id.is_some() || !space.is_local() {
        return Ok(());
    }
    let organiser = object["organizer"].as_str().unwrap_or_default().to_owned();
    let activity = wrap(fed, kind, &organiser, object, &space);
    announce(tx, fed, &space, activity).await
}

/// A member's `Join` of (or, with `leave`, `Leave` from) an event of
/// another instance, sent to the event's group.
pub async fn join_event(
    tx: &mut Tx,
    fed: &Federation,
    event: &crate::events::Event,
    member: &crate::accounts::Account,
    join_id: &str,
    leave: bool,
) -> AppResult<()> {
    let Some(event_url) = event.ap_id.clone() else {
        return Ok(());
    };
    let space: SpaceActor = space_actor(&mut **tx, event.space_id).await?;
    let actor = fed.urls.person(&member.username);
    let join = json!({
        "id": join_id,
        "type": "Join",
        "actor": actor,
        "object": event_url,
        "to": [space.id(fed)],
    });
    let activity = if leave {
        json!({
            "@context": context(),
            "id": fed.urls.new_activity("leave"),
            "type": "Leave",
            "actor": actor,
            "object": event_url,
            "to": [space.id(fed)],
        })
    } else {
        let mut join = join;
        join["@context"] = context();
        join
    };
    let inbox = space.inbox().into_iter().collect();
    outbox::enqueue(tx, fed, member_signer(member.id), activity, inbox).await
}

fn member_signer(id: i64) -> Signer {
    Signer::Account(id)
}

/// Our group answers a remote participant's `Join`.
pub async fn answer_join(
    tx: &mut Tx,
    fed: &Federation,
    event: &crate::events::Event,
    account_id: i64,
    join_id: &str,
    answer: &str,
) -> AppResult<()> {
    let remote: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT ap_id, shared_inbox_url, inbox_url FROM accounts \
         WHERE id = $1 AND domain IS NOT NULL AND ap_id IS NOT NULL AND inbox_url IS NOT NULL",
    )
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((actor, shared, inbox)) = remote else {
        return Ok(());
    };
    let space: SpaceActor = space_actor(&mut **tx, event.space_id).await?;
    let activity = json!({
        "@context": context(),
        "id": fed.urls.new_activity(&answer.to_ascii_lowercase()),
        "type": answer,
        "actor": space.id(fed),
        "object": {"id": join_id, "type": "Join", "actor": actor, "object": fed.urls.event(event.id)},
        "to": [actor],
    });
    outbox::enqueue(
        tx,
        fed,
        Signer::Space(space.space_id),
        activity,
        vec![shared.unwrap_or(inbox)],
    )
    .await
}

// --- Library items (`Document`) -------------------------------------------

/// A file or note of ours with what its `Document` needs, or `None` (a
/// folder, a deleted item, an item of another instance).
pub async fn load_library_item(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
) -> AppResult<Option<(SpaceActor, Value)>> {
    use crate::library::{self, Item, ItemKind};
    let item: Option<Item> = sqlx::query_as(concat!(
        "SELECT ",
        library::item_columns!(),
        " FROM library_items i WHERE i.id = $1"
    ))
    .bind(item_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(item) = item else { return Ok(None) };
    if item.kind == ItemKind::Folder || item.ap_id.is_some() || item.deleted_at.is_some() {
        return Ok(None);
    }
    let space = space_actor(&mut **tx, item.space_id).await?;
    if !space.is_local() {
        return Ok(None);
    }
    let current: Option<(Option<String>, Option<String>, i64)> = sqlx::query_as(
        "SELECT r.body, b.media_type, r.size FROM library_revisions r \
         LEFT JOIN blobs b ON b.hash = r.blob_hash WHERE r.item_id = $1 \
         ORDER BY r.number DESC LIMIT 1",
    )
    .bind(item.id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((body, media_type, size)) = current else {
        return Ok(None);
    };
    let (username, author_ap_id): (String, Option<String>) =
        sqlx::query_as("SELECT username, ap_id FROM accounts WHERE id = $1")
            .bind(item.created_by)
            .fetch_one(&mut **tx)
            .await?;
    let tags: Vec<(String,)> =
        sqlx::query_as("SELECT tag FROM library_tags WHERE item_id = $1 ORDER BY tag")
            .bind(item.id)
            .fetch_all(&mut **tx)
            .await?;
    let media_type = media_type.unwrap_or_else(|| "text/markdown; charset=utf-8".into());
    let group = space.id(fed);
    let id = fed.urls.library_item(item.id);
    let mut json = json!({
        "id": id,
        "type": "Document",
        "name": item.title,
        "nameMap": {item.language.clone(): item.title},
        "mediaType": media_type,
        "url": {"type": "Link", "href": fed.urls.library_download(item.id), "mediaType": media_type},
        "size": size,
        "attributedTo": author_url(fed, &username, author_ap_id.as_deref()),
        "audience": group,
        "to": [group, PUBLIC],
        "cc": [space.followers(fed)],
        "published": format_time(item.created_at),
        "updated": format_time(item.updated_at),
        "status": item.status.as_str(),
        "tag": tags.iter().map(|(t,)| json!({"type": "Hashtag", "name": format!("#{t}")})).collect::<Vec<_>>(),
    });
    if !item.description.is_empty() {
        json["summary"] = json!(crate::markdown::escape_html(&item.description));
    }
    if let Some(body) = body {
        let html = crate::markdown::render(
            &body,
            &Default::default(),
            &Default::default(),
            fed.urls.base(),
        );
        json["content"] = json!(html);
        json["contentMap"] = json!({item.language.clone(): html});
        json["source"] = json!({"content": body, "mediaType": "text/markdown"});
    }
    Ok(Some((space, json)))
}

/// A new or changed file or note of ours: its space's group announces it
/// to every follower. Folders, and anything in a private space, stay here.
pub async fn library_item_changed(
    tx: &mut Tx,
    fed: &Federation,
    item_id: i64,
    kind: &str,
) -> AppResult<()> {
    let Some((space, object)) = load_library_item(tx, fed, item_id).await? else {
        return Ok(());
    };
    if space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let activity = wrap(fed, kind, &group, object, &space);
    announce(tx, fed, &space, activity).await
}

/// A file or note of ours about to be deleted: the group tells followers.
pub async fn library_item_deleted(tx: &mut Tx, fed: &Federation, item_id: i64) -> AppResult<()> {
    let Some((space, _)) = load_library_item(tx, fed, item_id).await? else {
        return Ok(());
    };
    if space.visibility != Visibility::Public {
        return Ok(());
    }
    let group = space.id(fed);
    let object = json!(fed.urls.library_item(item_id));
    let activity = wrap(fed, "Delete", &group, object, &space);
    announce(tx, fed, &space, activity).await
}
