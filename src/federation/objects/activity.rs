//! Activities: one shape for all of them (an actor does something to an
//! object), with the kind as an enum. [`Activity`] is what other servers
//! send, read leniently; [`SentActivity`] is what Agora sends.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{id_of, reference, references, text};

/// Every activity Agora receives. Anything else is `Unknown`: the inbox
/// acknowledges it (202) and drops it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    Follow,
    Accept,
    Reject,
    Undo,
    Create,
    Update,
    Delete,
    Like,
    Dislike,
    EmojiReact,
    Announce,
    Join,
    Leave,
    Flag,
    Block,
    #[default]
    Unknown,
}

impl Kind {
    /// Its name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Follow => "Follow",
            Kind::Accept => "Accept",
            Kind::Reject => "Reject",
            Kind::Undo => "Undo",
            Kind::Create => "Create",
            Kind::Update => "Update",
            Kind::Delete => "Delete",
            Kind::Like => "Like",
            Kind::Dislike => "Dislike",
            Kind::EmojiReact => "EmojiReact",
            Kind::Announce => "Announce",
            Kind::Join => "Join",
            Kind::Leave => "Leave",
            Kind::Flag => "Flag",
            Kind::Block => "Block",
            Kind::Unknown => "Activity",
        }
    }

    fn of(name: &str) -> Kind {
        match name {
            "Follow" => Kind::Follow,
            "Accept" => Kind::Accept,
            "Reject" => Kind::Reject,
            "Undo" => Kind::Undo,
            "Create" => Kind::Create,
            "Update" => Kind::Update,
            "Delete" => Kind::Delete,
            "Like" => Kind::Like,
            "Dislike" => Kind::Dislike,
            "EmojiReact" => Kind::EmojiReact,
            "Announce" => Kind::Announce,
            "Join" => Kind::Join,
            "Leave" => Kind::Leave,
            "Flag" => Kind::Flag,
            "Block" => Kind::Block,
            _ => Kind::Unknown,
        }
    }

    /// What a group may relay inside an `Announce`: content, reactions
    /// and their undoing. Follows, answers, reports and registrations
    /// count only from their own actor.
    pub fn may_be_relayed(self) -> bool {
        matches!(
            self,
            Kind::Create
                | Kind::Update
                | Kind::Delete
                | Kind::Block
                | Kind::Like
                | Kind::Dislike
                | Kind::EmojiReact
                | Kind::Undo
        )
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The `type`: a name, or a list of names (JSON-LD allows it; the first
/// known one counts). Absent or not text reads as `Unknown`.
fn kind<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
    let value = Option::<Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(Value::String(name)) => Kind::of(&name),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .map(Kind::of)
            .find(|k| *k != Kind::Unknown)
            .unwrap_or(Kind::Unknown),
        _ => Kind::Unknown,
    })
}

/// An activity as another server sends it.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    #[serde(default, deserialize_with = "reference")]
    pub id: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "kind")]
    pub kind: Kind,
    #[serde(default, deserialize_with = "reference")]
    pub actor: Option<String>,
    /// An id, an object, another activity, or (in a `Flag`) a list.
    #[serde(default)]
    pub object: Value,
    #[serde(default, deserialize_with = "reference")]
    pub target: Option<String>,
    #[serde(default, deserialize_with = "references")]
    pub to: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub cc: Vec<String>,
    #[serde(default, deserialize_with = "references")]
    pub audience: Vec<String>,
    /// A reaction's emoji (`Like`, `EmojiReact`) or a report's reason.
    #[serde(default, deserialize_with = "text")]
    pub content: Option<String>,
    /// A report's reason as Lemmy sends it.
    #[serde(default, deserialize_with = "text")]
    pub summary: Option<String>,
    /// Misskey's emoji reaction, sent on a `Like`.
    #[serde(default, rename = "_misskey_reaction", deserialize_with = "text")]
    pub misskey_reaction: Option<String>,
}

impl Activity {
    /// The id of the object it acts on.
    pub fn object_id(&self) -> Option<&str> {
        id_of(&self.object)
    }

    /// Every id it is addressed to.
    pub fn addressees(&self) -> impl Iterator<Item = &str> {
        self.audience
            .iter()
            .chain(&self.to)
            .chain(&self.cc)
            .map(String::as_str)
    }

    /// The emoji of a reaction: Pleroma's and Agora's `content`, else
    /// Misskey's `_misskey_reaction`; `None` for a plain like.
    pub fn emoji(&self) -> Option<&str> {
        self.content
            .as_deref()
            .or(self.misskey_reaction.as_deref())
            .filter(|e| !e.trim().is_empty())
    }

    /// The `type` of an embedded object, if the object is embedded.
    pub fn object_type(&self) -> Option<&str> {
        self.object.get("type").and_then(Value::as_str)
    }
}

/// An activity as Agora sends it. Built with [`SentActivity::new`] and
/// the addressing methods; an activity inside another one (the `Follow` an
/// `Undo` takes back) has no `@context` of its own ([`SentActivity::inner`]).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentActivity {
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Kind,
    pub actor: String,
    /// An id, an object, another activity, or (in a `Flag`) a list.
    pub object: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
    /// Where it acts: the group a ban (`Block`) applies in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cc: Vec<String>,
    /// A reaction's emoji, or a report's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// A report's or a ban's reason, where Lemmy reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When it was sent (Mastodon and GoToSocial date what they show by it).
    pub published: String,
    /// On the `Delete` of an actor: whether what they wrote goes too
    /// (Lemmy's term).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remove_data: Option<bool>,
}

impl SentActivity {
    /// `actor` does `kind` to `object`, addressed to no one yet.
    pub fn new(kind: Kind, id: String, actor: String, object: impl Serialize) -> SentActivity {
        SentActivity {
            context: Some(crate::federation::context()),
            id,
            kind,
            actor,
            object: super::value(object),
            audience: None,
            target: None,
            to: Vec::new(),
            cc: Vec::new(),
            content: None,
            summary: None,
            published: crate::db::format_time(crate::db::now()),
            remove_data: None,
        }
    }

    /// On an actor's `Delete`: whether their content goes with them.
    pub fn remove_data(mut self, remove: bool) -> SentActivity {
        self.remove_data = Some(remove);
        self
    }

    pub fn to(mut self, to: Vec<String>) -> SentActivity {
        self.to = to;
        self
    }

    pub fn cc(mut self, cc: Vec<String>) -> SentActivity {
        self.cc = cc;
        self
    }

    pub fn audience(mut self, audience: String) -> SentActivity {
        self.audience = Some(audience);
        self
    }

    pub fn content(mut self, content: String) -> SentActivity {
        self.content = Some(content);
        self
    }

    pub fn summary(mut self, summary: String) -> SentActivity {
        self.summary = Some(summary);
        self
    }

    pub fn target(mut self, target: String) -> SentActivity {
        self.target = Some(target);
        self
    }

    /// Without a `@context`: to be the object of another activity.
    pub fn inner(mut self) -> SentActivity {
        self.context = None;
        self
    }

    /// The JSON that is queued and signed.
    pub fn into_value(self) -> Value {
        super::value(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn kinds_are_read_from_a_name_or_a_list_and_anything_else_is_unknown() {
        let kind_of = |value: Value| {
            read::<Activity>("activity", &json!({"type": value}))
                .unwrap()
                .kind
        };
        assert_eq!(kind_of(json!("EmojiReact")), Kind::EmojiReact);
        assert_eq!(kind_of(json!(["Thing", "Like"])), Kind::Like);
        assert_eq!(kind_of(json!("Move")), Kind::Unknown);
        assert_eq!(kind_of(json!(7)), Kind::Unknown);
    }

    #[test]
    fn a_misskey_like_carries_its_emoji() {
        let like: Activity = read(
            "Like",
            &json!({"id": "https://m.test/l/1", "type": "Like", "actor": "https://m.test/u/1",
                    "object": {"id": "https://a.test/posts/1", "type": "Page"},
                    "_misskey_reaction": "👍"}),
        )
        .unwrap();
        assert_eq!(like.emoji(), Some("👍"));
        assert_eq!(like.object_id(), Some("https://a.test/posts/1"));
        assert_eq!(like.object_type(), Some("Page"));
    }

    #[test]
    fn a_sent_undo_carries_its_follow_without_a_second_context() {
        let follow = SentActivity::new(
            Kind::Follow,
            "https://a.test/f/1".into(),
            "https://a.test/users/amina".into(),
            "https://b.test/spaces/news",
        )
        .to(vec!["https://b.test/spaces/news".into()])
        .inner();
        let undo = SentActivity::new(
            Kind::Undo,
            "https://a.test/u/1".into(),
            "https://a.test/users/amina".into(),
            follow,
        )
        .to(vec!["https://b.test/spaces/news".into()])
        .into_value();
        assert_eq!(undo["type"], "Undo");
        assert!(undo["@context"].is_array());
        let mut undo = undo;
        let published = undo["object"].as_object_mut().unwrap().remove("published");
        assert!(published.is_some_and(|p| p.is_string()) && undo["published"].is_string());
        assert_eq!(
            undo["object"],
            json!({"id": "https://a.test/f/1", "type": "Follow",
                   "actor": "https://a.test/users/amina", "object": "https://b.test/spaces/news",
                   "to": ["https://b.test/spaces/news"]})
        );
        assert!(undo.get("cc").is_none() && undo.get("audience").is_none());
        // What Agora sends, Agora reads.
        let read: Activity = super::super::read("Undo", &undo).unwrap();
        assert_eq!(read.kind, Kind::Undo);
        assert_eq!(read.object_id(), Some("https://a.test/f/1"));
    }

    #[test]
    fn only_content_and_reactions_may_be_relayed() {
        assert!(Kind::Create.may_be_relayed() && Kind::Undo.may_be_relayed());
        assert!(!Kind::Follow.may_be_relayed() && !Kind::Flag.may_be_relayed());
        assert!(!Kind::Announce.may_be_relayed());
    }
}
