//! What local changes send out. Each function builds the activity and
//! hands it to [`outbox::enqueue`] inside the caller's transaction, so the
//! change and its deliveries commit together. None of them checks whether
//! the content is private: the queue does, in one place.
//!
//! FEP-1b12: in a space of ours, the space's `Group` announces the member's
//! activity to every follower. In a remote space we follow, the member's
//! activity goes to that group's inbox and the group announces it.

use serde_json::Value;

use super::objects::activity::{Kind, SentActivity};
use super::objects::post::{Audience, Tag};
use super::outbox::{self, Signer};
use super::{Federation, PUBLIC};
use crate::accounts;
use crate::db::Tx;
use crate::error::AppResult;
use crate::posts::federated::MentionedPerson;
use crate::spaces;
use crate::spaces::addresses::{self, SpaceAddress};

mod block;
mod events;
mod flag;
mod follows;
mod library;
mod posts;

pub use block::banned;
pub use events::{
    answer_join, event_changed, event_json, join_event, load_event, load_event_card, meeting_link,
    participant_message,
};
pub use flag::forward_report;
pub use follows::{accept, answer_follow, follow, reject, reject_person_follow};
pub use library::{
    library_item_changed, library_item_deleted, load_library_card, load_library_item,
};
pub use posts::{
    CommentObject, PostObject, Reaction, comment_changed, load_comment, load_post,
    moderator_deleted, post_changed, reaction_changed,
};

/// A space as federation sees it: ours (`domain` none) or a followed one.
/// The domain's [`SpaceAddress`], with the URLs only federation builds.
#[derive(Clone, Debug)]
pub struct SpaceActor(pub SpaceAddress);

impl std::ops::Deref for SpaceActor {
    type Target = SpaceAddress;

    fn deref(&self) -> &SpaceAddress {
        &self.0
    }
}

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

    /// Its followers collection: ours, or the one a remote group
    /// publishes (`None` if it publishes none; nothing is made up).
    pub fn followers(&self, fed: &Federation) -> Option<String> {
        if self.is_local() {
            return Some(format!("{}/followers", fed.urls.space(&self.slug)));
        }
        self.space_followers.clone()
    }

    /// Who its content is addressed to: the group, and its followers.
    fn audience(&self, fed: &Federation) -> Audience {
        Audience {
            group: self.id(fed),
            followers: self.followers(fed),
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
    addresses::address(executor, space_id).await.map(SpaceActor)
}

/// Someone a post or comment mentions.
pub type Mentioned = MentionedPerson;

trait MentionUrls {
    fn href(&self, fed: &Federation) -> String;
    fn name(&self, fed: &Federation) -> String;
}

impl MentionUrls for Mentioned {
    fn href(&self, fed: &Federation) -> String {
        author_url(fed, &self.username, self.ap_id.as_deref())
    }

    fn name(&self, fed: &Federation) -> String {
        let domain = self.domain.as_deref().unwrap_or(fed.urls.domain());
        format!("@{}@{domain}", self.username)
    }
}

/// `tag` (Mention entries) and the remote people to add to `cc`.
fn mention_tags(fed: &Federation, mentions: &[Mentioned]) -> (Vec<Tag>, Vec<String>) {
    let tags = mentions
        .iter()
        .map(|m| Tag::mention(m.href(fed), m.name(fed)))
        .collect();
    let remote = mentions
        .iter()
        .filter(|m| m.domain.is_some())
        .map(|m| m.href(fed))
        .collect();
    (tags, remote)
}

/// The inboxes of the remote people mentioned (shared ones where offered).
fn mention_inboxes(mentions: &[Mentioned]) -> Vec<String> {
    mentions.iter().filter_map(|m| m.inbox.clone()).collect()
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
        let followers = follower_inboxes(tx, space.space_id).await?;
        let direct = match activity.get("type").and_then(Value::as_str) {
            // Microblog servers apply an edit or a deletion only from its
            // author, not inside the group's Announce: followers get the
            // author's own too.
            Some("Update" | "Delete") => [mentioned_inboxes, followers].concat(),
            // Someone mentioned who also follows the space gets it once,
            // in the group's Announce.
            _ => mentioned_inboxes
                .into_iter()
                .filter(|inbox| !followers.contains(inbox))
                .collect(),
        };
        if !direct.is_empty() {
            outbox::enqueue(tx, fed, member(author_id), activity.clone(), direct).await?;
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
    relay(tx, fed, space, inner, None).await
}

/// [`announce`], but not back to the server `origin` (host and port) an
/// activity came from: it has it already.
pub async fn relay(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    inner: Value,
    origin: Option<&str>,
) -> AppResult<()> {
    let mut inner = inner;
    if origin.is_none() {
        // Ours needs no second context; a relayed one keeps its own, which
        // defines the terms its server used.
        strip_context(&mut inner);
    }
    // Microblog servers (Mastodon, GoToSocial) show a boost of an object,
    // not of a `Create`: new content is also announced bare, as Lemmy does.
    let bare = match inner.get("type").and_then(Value::as_str) {
        Some("Create") => inner.get("object").filter(|o| o.is_object()).cloned(),
        _ => None,
    };
    let mut inboxes = follower_inboxes(tx, space.space_id).await?;
    if let Some(origin) = origin {
        inboxes.retain(|inbox| {
            url::Url::parse(inbox)
                .ok()
                .and_then(|url| crate::urls::host_of(&url))
                .is_none_or(|host| host != origin)
        });
    }
    let objects = std::iter::once(inner).chain(bare);
    group_announces(tx, fed, space, objects, &inboxes).await
}

/// [`announce`] of a new activity of ours, with `boosted` announced bare
/// beside it instead of the activity's object: a card for servers that do
/// not show the object's type.
async fn announce_with(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    mut inner: Value,
    boosted: Value,
) -> AppResult<()> {
    strip_context(&mut inner);
    let inboxes = follower_inboxes(tx, space.space_id).await?;
    group_announces(tx, fed, space, [inner, boosted], &inboxes).await
}

/// The group of `space` announces each of `objects` to `inboxes`.
async fn group_announces(
    tx: &mut Tx,
    fed: &Federation,
    space: &SpaceActor,
    objects: impl IntoIterator<Item = Value>,
    inboxes: &[String],
) -> AppResult<()> {
    if inboxes.is_empty() {
        return Ok(());
    }
    for object in objects {
        let activity = SentActivity::new(
            Kind::Announce,
            fed.urls.new_activity("announce"),
            space.id(fed),
            object,
        )
        .to(vec![PUBLIC.into()])
        .cc(space.followers(fed).into_iter().collect())
        .into_value();
        let signer = Signer::Space(space.space_id);
        outbox::enqueue(tx, fed, signer, activity, inboxes.to_vec()).await?;
    }
    Ok(())
}

/// An activity inside another needs no `@context` of its own.
pub fn strip_context(activity: &mut Value) {
    if let Some(object) = activity.as_object_mut() {
        object.remove("@context");
    }
}

/// The author's own `kind` (an `Update` or `Delete`) of a card, sent
/// straight to `inboxes`: the only form in which Mastodon applies it.
async fn card_from_author(
    tx: &mut Tx,
    fed: &Federation,
    author_id: i64,
    kind: Kind,
    card: Value,
    inboxes: Vec<String>,
) -> AppResult<()> {
    let Some(author) = card.get("attributedTo").and_then(Value::as_str) else {
        return Ok(());
    };
    if inboxes.is_empty() {
        return Ok(());
    }
    let id = fed.urls.new_activity(&kind.name().to_ascii_lowercase());
    let mut activity = SentActivity::new(kind, id, author.to_owned(), card.clone());
    if let Some(to) = card.get("to").and_then(Value::as_array) {
        activity = activity.to(to
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect());
    }
    outbox::enqueue(tx, fed, member(author_id), activity.into_value(), inboxes).await
}

/// Each follower's shared inbox if it has one, else its own; each once.
pub async fn follower_inboxes(tx: &mut Tx, space_id: i64) -> AppResult<Vec<String>> {
    spaces::federation::follower_inboxes(&mut **tx, space_id).await
}

/// `actor` does `kind` to `object` in `space`: addressed to its group and
/// the public, with the group's followers in `cc`.
fn wrap(
    fed: &Federation,
    kind: Kind,
    actor: &str,
    object: impl serde::Serialize,
    space: &SpaceActor,
) -> SentActivity {
    let group = space.id(fed);
    let id = fed.urls.new_activity(&kind.name().to_ascii_lowercase());
    SentActivity::new(kind, id, actor.to_owned(), object)
        .audience(group.clone())
        .to(vec![group, PUBLIC.into()])
        .cc(space.followers(fed).into_iter().collect())
}

/// The name a member of ours federates under (kept after they close their
/// account), or `None` for someone of another instance.
async fn local_username(tx: &mut Tx, account_id: i64) -> AppResult<Option<String>> {
    accounts::public::federated_name(&mut **tx, account_id).await
}
