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
use crate::db::Tx;
use crate::error::AppResult;
use crate::spaces::Visibility;

mod events;
mod flag;
mod follows;
mod library;
mod posts;

pub use events::{answer_join, event_changed, event_json, join_event, load_event};
pub use flag::forward_report;
pub use follows::{answer_follow, follow};
pub use library::{library_item_changed, library_item_deleted, load_library_item};
pub use posts::{
    CommentObject, PostObject, Reaction, comment_changed, load_comment, load_post,
    moderator_deleted, post_changed, reaction_changed,
};

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

/// The name a member of ours federates under (kept after they close their
/// account), or `None` for someone of another instance.
async fn local_username(tx: &mut Tx, account_id: i64) -> AppResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT COALESCE(closed_username, username) FROM accounts WHERE id = $1 AND domain IS NULL",
    )
    .bind(account_id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|(name,)| name))
}
