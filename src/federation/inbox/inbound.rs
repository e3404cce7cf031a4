//! What each activity's file is given, and the checks they share.

use activitypub_federation::config::Data;
use serde_json::Value;
use url::Url;

use super::{bad, url_of};
use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::federation::objects::activity::Activity;
use crate::federation::publish::{self, SpaceActor};
use crate::federation::remote::{self, ActorRow, RemoteActor};
use crate::spaces;
use crate::urls::{LocalRef, host_of};

/// Who vouches for an activity.
pub(super) enum Via {
    /// Its own actor signed the request.
    Direct,
    /// The group `signer` relays it, inside an `Announce` or in its outbox;
    /// our copy of the group's space is `space_id`. The group speaks only
    /// for what is in that space.
    Group { space_id: i64 },
}

/// An activity being received.
pub(super) struct Inbound<'a> {
    pub data: &'a Data<AppState>,
    /// Whose key verified the request: the activity's actor, or the group
    /// that relays it.
    pub signer: RemoteActor,
    pub via: Via,
    pub activity: Activity,
    /// The activity as it arrived, which a space of ours relays as is.
    pub raw: Value,
}

impl Inbound<'_> {
    /// The id of the object acted on, as a URL.
    pub fn object_id(&self) -> AppResult<Url> {
        url_of(&self.activity.object, "object")
    }

    /// The activity's own id, or "" (a reaction is stored under it).
    pub fn id(&self) -> &str {
        self.activity.id.as_deref().unwrap_or_default()
    }

    /// The signer as a person, for what only a person does directly.
    pub fn person_id(&self) -> AppResult<i64> {
        match self.signer.row {
            ActorRow::Account(id) => Ok(id),
            ActorRow::Space(_) => Err(bad("actor: a group cannot do this")),
        }
    }

    /// The person whose activity a group relays: fetched if not known yet.
    /// `None` when it is one of ours, relayed back to us.
    pub async fn relayed_person(&self) -> AppResult<Option<i64>> {
        let kind = format!("{:?}", self.activity.kind);
        let actor = self
            .activity
            .actor
            .as_deref()
            .ok_or_else(|| bad(format!("{kind}: no actor")))?;
        let actor = Url::parse(actor).map_err(|_| bad(format!("{kind}: actor is not a URL")))?;
        if self.data.federation.urls.is_local(actor.as_str()) {
            return Ok(None);
        }
        match remote::actor(self.data, &actor).await?.row {
            ActorRow::Account(id) => Ok(Some(id)),
            ActorRow::Space(_) => Err(bad(format!("{kind}: actor is not a person"))),
        }
    }

    /// The object acted on as a document: embedded, or fetched from its
    /// origin when only named.
    pub async fn object(&self) -> AppResult<Value> {
        match &self.activity.object {
            Value::Object(_) => Ok(self.activity.object.clone()),
            Value::String(_) => remote::fetch(self.data, &self.object_id()?).await,
            _ => Err(bad("object: missing or not an id")),
        }
    }

    /// The public space of ours that one of `addressees` (`audience`, `to`,
    /// `cc` of the activity or its object) names.
    pub async fn addressed_space<'s>(
        &self,
        addressees: impl Iterator<Item = &'s str>,
    ) -> AppResult<Option<SpaceActor>> {
        let urls = &self.data.federation.urls;
        for candidate in addressees {
            if let Some(LocalRef::Space(slug)) = urls.parse(candidate)
                && candidate == urls.space(&slug)
                && let Some(space) =
                    crate::federation::actors::local_group(&self.data.db, &slug).await?
            {
                return Ok(Some(space));
            }
        }
        Ok(None)
    }

    /// Refuses an actor the space banned.
    pub async fn refuse_if_banned(&self, space_id: i64) -> AppResult<()> {
        if let ActorRow::Account(account) = self.signer.row
            && crate::moderation::is_banned(&self.data.db, space_id, account).await?
        {
            return Err(AppError::forbidden("this actor is banned from the space"));
        }
        Ok(())
    }

    /// Refuses an actor the space banned, or whose server the space does
    /// not federate with.
    pub async fn may_act_in(&self, space_id: i64) -> AppResult<()> {
        self.refuse_if_banned(space_id).await?;
        if !spaces::federation::allows(&self.data.db, space_id, &self.signer.host()).await? {
            return Err(AppError::forbidden(
                "this space federates only with listed instances",
            ));
        }
        Ok(())
    }

    /// A space of ours refuses this activity with a `Reject` to its actor,
    /// so that its author learns (the inbox also answers 4xx).
    pub async fn reject(&self, space_id: i64) -> AppResult<()> {
        let fed = &self.data.federation;
        let mut tx = self.data.db.begin().await?;
        publish::reject(
            &mut tx,
            fed,
            space_id,
            &self.raw,
            self.signer.ap_id.as_str(),
            self.signer.delivery_inbox(),
        )
        .await?;
        tx.commit().await?;
        fed.wake_outbox();
        Ok(())
    }

    /// A space of ours tells its followers, relaying the activity as it
    /// arrived (FEP-1b12), to every server but the one it came from.
    pub async fn announce_as_is(&self, space: &SpaceActor) -> AppResult<()> {
        let fed = &self.data.federation;
        let mut tx = self.data.db.begin().await?;
        let origin = self.signer.host();
        publish::relay(&mut tx, fed, space, self.raw.clone(), Some(&origin)).await?;
        tx.commit().await?;
        fed.wake_outbox();
        Ok(())
    }

    /// Whether `url` is on the server of the group relaying the activity.
    pub fn on_group_server(&self, url: &Url) -> bool {
        host_of(url) == Some(self.signer.host())
    }
}

/// The space here of a post, comment, event or library item with this
/// ActivityPub id, if we store it.
pub(super) async fn stored_in(data: &Data<AppState>, ap_id: &str) -> AppResult<Option<i64>> {
    let db = &data.db;
    if let Some(space) = crate::posts::place::space_of_object(db, ap_id).await? {
        return Ok(Some(space));
    }
    if let Some(space) = crate::events::space_of(db, ap_id).await? {
        return Ok(Some(space));
    }
    crate::library::space_of(db, ap_id).await
}

/// The space of a post or comment a reaction names: ours by its URL, or a
/// remote one by its id.
pub(super) async fn target_space(data: &Data<AppState>, target: &str) -> AppResult<Option<i64>> {
    let (post, comment) = match data.federation.urls.parse(target) {
        Some(LocalRef::Post(id)) => (id, 0),
        Some(LocalRef::Comment(id)) => (0, id),
        _ => (0, 0),
    };
    crate::posts::place::space_of_target(&data.db, post, comment, target).await
}

/// The space (as an actor) of a stored reaction.
pub(super) async fn reaction_space(
    data: &Data<AppState>,
    like_id: &str,
) -> AppResult<Option<SpaceActor>> {
    match crate::posts::place::space_of_reaction(&data.db, like_id).await? {
        Some(space_id) => Ok(Some(publish::space_actor(&data.db.read, space_id).await?)),
        None => Ok(None),
    }
}
