//! Activities as other servers send them: one shape for all of them (an
//! actor does something to an object), with the kind as an enum.

use serde::{Deserialize, Deserializer};
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
                | Kind::Like
                | Kind::Dislike
                | Kind::EmojiReact
                | Kind::Undo
        )
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
    fn only_content_and_reactions_may_be_relayed() {
        assert!(Kind::Create.may_be_relayed() && Kind::Undo.may_be_relayed());
        assert!(!Kind::Follow.may_be_relayed() && !Kind::Flag.may_be_relayed());
        assert!(!Kind::Announce.may_be_relayed());
    }
}
