//! Actors as Agora serves them: a member's `Person`, a public space's
//! `Group`, the instance's own `Service`.
//!
//! Three structs rather than one with a `kind`: a `Group` carries Lemmy's
//! `moderators` and `postingRestrictedToMods` and a language map, the
//! instance's actor has no profile page, `summary` or `published`; with one
//! struct each of those would be an `Option` whose presence only the
//! conversion knows. Fields are in the order other servers have always
//! received them.
//!
//! The `@context` is not here: `federation::actors` adds the crate's
//! [`context`](crate::federation::context) at the top level of what it
//! serves.
//!
//! <https://www.w3.org/TR/activitypub/#actor-objects>,
//! <https://join-lemmy.org/docs/contributors/05-federation.html> (`Group`).

use std::collections::BTreeMap;

use activitypub_federation::kinds::actor::{GroupType, PersonType, ServiceType};
use serde::Serialize;
use url::Url;

use crate::accounts::ProfileVisibility;
use crate::accounts::public::PublicMember;
use crate::db::format_time;
use crate::markdown::escape_html;
use crate::media::Attachment;
use crate::spaces::addresses::PublicSpace;
use crate::urls::Urls;

/// A member of ours.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: PersonType,
    pub preferred_username: String,
    pub name: String,
    /// The bio as HTML, or empty unless the member shows it to everyone.
    pub summary: String,
    pub url: String,
    pub inbox: String,
    pub outbox: String,
    pub followers: String,
    pub endpoints: Endpoints,
    pub manually_approves_followers: bool,
    pub published: String,
    pub public_key: PublicKey,
    /// The profile picture, when the profile is shown to everyone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Icon>,
}

/// A profile picture as Mastodon, GoToSocial and Lemmy read an actor's `icon`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Icon {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub media_type: String,
    pub url: String,
}

impl Person {
    /// A member as other servers see them. The profile's text and picture
    /// travel only when the member shows the profile to everyone; the rest
    /// is what federation cannot work without.
    pub fn sent(member: &PublicMember, avatar: Option<&Attachment>, urls: &Urls) -> Person {
        let id = urls.person(&member.username);
        let public = member.profile_visibility == ProfileVisibility::Everyone;
        let summary = if public {
            escape_html(&member.bio)
        } else {
            String::new()
        };
        let icon = avatar.filter(|_| public).map(|picture| Icon {
            kind: "Image",
            media_type: picture.media_type.clone(),
            url: format!("{}{}", urls.base().trim_end_matches('/'), picture.url),
        });
        let name = if member.display_name.is_empty() {
            &member.username
        } else {
            &member.display_name
        };
        Person {
            kind: PersonType::Person,
            preferred_username: member.username.clone(),
            name: name.clone(),
            summary,
            url: id.clone(),
            inbox: format!("{id}/inbox"),
            outbox: format!("{id}/outbox"),
            followers: format!("{id}/followers"),
            endpoints: Endpoints::of(urls),
            manually_approves_followers: false,
            published: format_time(member.created_at),
            public_key: PublicKey::main_key(&id, member.public_key_pem.as_deref()),
            icon,
            id,
        }
    }
}

/// A public space of ours, as Lemmy reads a community: its managers are
/// its `moderators` and its `attributedTo`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: GroupType,
    pub preferred_username: String,
    pub name: String,
    pub summary: String,
    /// The description again, under the space's language.
    pub content_map: BTreeMap<String, String>,
    pub url: String,
    pub inbox: String,
    pub outbox: String,
    pub followers: String,
    pub moderators: String,
    pub attributed_to: String,
    pub endpoints: Endpoints,
    pub manually_approves_followers: bool,
    pub posting_restricted_to_mods: bool,
    pub published: String,
    pub public_key: PublicKey,
}

impl Group {
    /// A public space as other servers see it.
    pub fn sent(space: &PublicSpace, urls: &Urls) -> Group {
        let id = urls.space(&space.slug);
        let description = escape_html(&space.description);
        Group {
            kind: GroupType::Group,
            preferred_username: space.slug.clone(),
            name: space.title.clone(),
            content_map: BTreeMap::from([(space.language.clone(), description.clone())]),
            summary: description,
            url: id.clone(),
            inbox: format!("{id}/inbox"),
            outbox: format!("{id}/outbox"),
            followers: format!("{id}/followers"),
            moderators: format!("{id}/moderators"),
            attributed_to: format!("{id}/moderators"),
            endpoints: Endpoints::of(urls),
            manually_approves_followers: false,
            posting_restricted_to_mods: false,
            published: format_time(space.created_at),
            public_key: PublicKey::main_key(&id, space.public_key_pem.as_deref()),
            id,
        }
    }
}

/// The instance itself: it signs our fetches and the reports we send on,
/// and is followed by no one (`manuallyApprovesFollowers`). A `Service`
/// rather than Mastodon's `Application`: Lemmy takes a report only from a
/// `Person`, `Service` or `Organization`, and a report from the instance
/// keeps the member who made it anonymous.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceService {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: ServiceType,
    /// The domain, as Mastodon names its instance actor.
    pub preferred_username: String,
    pub name: String,
    pub inbox: String,
    pub outbox: String,
    pub endpoints: Endpoints,
    pub manually_approves_followers: bool,
    pub public_key: PublicKey,
}

impl InstanceService {
    /// The instance actor at `id`, whose inbox is `inbox`.
    pub fn sent(id: &Url, inbox: &Url, public_key_pem: &str, urls: &Urls) -> InstanceService {
        InstanceService {
            id: id.to_string(),
            kind: ServiceType::Service,
            preferred_username: urls.domain().to_owned(),
            name: format!("Agora at {}", urls.domain()),
            inbox: inbox.to_string(),
            outbox: format!("{id}/outbox"),
            endpoints: Endpoints::of(urls),
            manually_approves_followers: true,
            public_key: PublicKey::main_key(id.as_str(), Some(public_key_pem)),
        }
    }
}

/// The key that verifies an actor's signatures (Security v1,
/// <https://w3id.org/security/v1>).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicKey {
    pub id: String,
    pub owner: String,
    pub public_key_pem: String,
}

impl PublicKey {
    /// `owner`'s one key, `{owner}#main-key`. An actor without a key yet
    /// shows an empty PEM, as it always has.
    pub fn main_key(owner: &str, pem: Option<&str>) -> PublicKey {
        PublicKey {
            id: format!("{owner}#main-key"),
            owner: owner.to_owned(),
            public_key_pem: pem.unwrap_or_default().to_owned(),
        }
    }
}

/// Where an actor's server takes deliveries for all its actors at once.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    pub shared_inbox: String,
}

impl Endpoints {
    fn of(urls: &Urls) -> Endpoints {
        Endpoints {
            shared_inbox: urls.shared_inbox(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// The same text, key order included: what other servers read.
    fn assert_sent(sent: impl Serialize, expected: Value) {
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
    }

    fn urls() -> Urls {
        Urls::new("agora.test", true)
    }

    fn member(visibility: ProfileVisibility) -> PublicMember {
        PublicMember {
            id: 1,
            username: "amina".into(),
            display_name: "Amina K.".into(),
            bio: "Lawyer <in> Goma & Kinshasa".into(),
            public_key_pem: Some("PEM".into()),
            created_at: 1_000_000,
            profile_visibility: visibility,
            deleted_at: None,
        }
    }

    #[test]
    fn a_person_is_sent_as_before() {
        assert_sent(
            Person::sent(&member(ProfileVisibility::Everyone), None, &urls()),
            json!({
                "id": "https://agora.test/users/amina",
                "type": "Person",
                "preferredUsername": "amina",
                "name": "Amina K.",
                "summary": "Lawyer &lt;in&gt; Goma &amp; Kinshasa",
                "url": "https://agora.test/users/amina",
                "inbox": "https://agora.test/users/amina/inbox",
                "outbox": "https://agora.test/users/amina/outbox",
                "followers": "https://agora.test/users/amina/followers",
                "endpoints": {"sharedInbox": "https://agora.test/inbox"},
                "manuallyApprovesFollowers": false,
                "published": format_time(1_000_000),
                "publicKey": {
                    "id": "https://agora.test/users/amina#main-key",
                    "owner": "https://agora.test/users/amina",
                    "publicKeyPem": "PEM",
                },
            }),
        );
    }

    #[test]
    fn a_hidden_profile_sends_no_bio_and_a_missing_name_is_the_username() {
        let mut hidden = member(ProfileVisibility::Instance);
        hidden.display_name = String::new();
        hidden.public_key_pem = None;
        let picture = avatar();
        let sent = Person::sent(&hidden, Some(&picture), &urls());
        assert_eq!(sent.summary, "");
        assert_eq!(sent.name, "amina");
        assert_eq!(sent.public_key.public_key_pem, "");
        assert!(sent.icon.is_none(), "a hidden profile's picture stays here");
    }

    fn avatar() -> Attachment {
        Attachment {
            id: 9,
            kind: "image".into(),
            file_name: "me.jpg".into(),
            media_type: "image/jpeg".into(),
            size: 1000,
            description: String::new(),
            url: "/media/9".into(),
            phone_url: Some("/media/9/phone".into()),
            thumb_url: Some("/media/9/thumb".into()),
            width: Some(512),
            height: Some(512),
            thumb_width: Some(96),
            thumb_height: Some(96),
            remote: false,
            source_url: None,
        }
    }

    #[test]
    fn a_public_profiles_picture_is_its_icon() {
        let picture = avatar();
        let sent = Person::sent(
            &member(ProfileVisibility::Everyone),
            Some(&picture),
            &urls(),
        );
        let json = serde_json::to_value(sent).unwrap();
        assert_eq!(
            json["icon"],
            json!({"type": "Image", "mediaType": "image/jpeg", "url": "https://agora.test/media/9"})
        );
    }

    #[test]
    fn a_group_is_sent_as_before() {
        let space = PublicSpace {
            id: 3,
            slug: "news".into(),
            title: "Regional news".into(),
            description: "News & <views>".into(),
            language: "fr".into(),
            public_key_pem: Some("PEM".into()),
            created_at: 2_000_000,
        };
        assert_sent(
            Group::sent(&space, &urls()),
            json!({
                "id": "https://agora.test/spaces/news",
                "type": "Group",
                "preferredUsername": "news",
                "name": "Regional news",
                "summary": "News &amp; &lt;views&gt;",
                "contentMap": {"fr": "News &amp; &lt;views&gt;"},
                "url": "https://agora.test/spaces/news",
                "inbox": "https://agora.test/spaces/news/inbox",
                "outbox": "https://agora.test/spaces/news/outbox",
                "followers": "https://agora.test/spaces/news/followers",
                "moderators": "https://agora.test/spaces/news/moderators",
                "attributedTo": "https://agora.test/spaces/news/moderators",
                "endpoints": {"sharedInbox": "https://agora.test/inbox"},
                "manuallyApprovesFollowers": false,
                "postingRestrictedToMods": false,
                "published": format_time(2_000_000),
                "publicKey": {
                    "id": "https://agora.test/spaces/news#main-key",
                    "owner": "https://agora.test/spaces/news",
                    "publicKeyPem": "PEM",
                },
            }),
        );
    }

    #[test]
    fn the_instance_service_is_sent_as_before() {
        let urls = urls();
        let id = Url::parse(&urls.instance_actor()).unwrap();
        let inbox = Url::parse(&urls.shared_inbox()).unwrap();
        assert_sent(
            InstanceService::sent(&id, &inbox, "PEM", &urls),
            json!({
                "id": "https://agora.test/actor",
                "type": "Service",
                "preferredUsername": "agora.test",
                "name": "Agora at agora.test",
                "inbox": "https://agora.test/inbox",
                "outbox": "https://agora.test/actor/outbox",
                "endpoints": {"sharedInbox": "https://agora.test/inbox"},
                "manuallyApprovesFollowers": true,
                "publicKey": {
                    "id": "https://agora.test/actor#main-key",
                    "owner": "https://agora.test/actor",
                    "publicKeyPem": "PEM",
                },
            }),
        );
    }
}
