//! `OrderedCollection`, `Collection` and their pages, as other servers
//! send them (a group's outbox, read to backfill a followed space).

use activitypub_federation::kinds::activity::{AnnounceType, CreateType};
use activitypub_federation::kinds::collection::{
    CollectionType, OrderedCollectionPageType, OrderedCollectionType,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::list;

/// A collection or one of its pages. Its `first` page may be embedded or
/// named by URL; items may be `orderedItems` or `items`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    #[serde(default)]
    pub first: Option<Value>,
    #[serde(default, deserialize_with = "list")]
    pub ordered_items: Vec<Value>,
    #[serde(default, deserialize_with = "list")]
    pub items: Vec<Value>,
    #[serde(default)]
    pub total_items: Option<u64>,
}

/// Where the items are.
pub enum Page {
    /// In this document.
    Here(Collection),
    /// In the page at this URL.
    At(String),
}

impl Collection {
    /// Its first page: its own items when it carries them inline (Lemmy,
    /// Agora), else the embedded `first` page, or its URL.
    pub fn first_page(self) -> Page {
        if !self.ordered_items.is_empty() || !self.items.is_empty() {
            return Page::Here(self);
        }
        match self.first {
            Some(Value::String(url)) => Page::At(url),
            Some(page @ Value::Object(_)) => match serde_json::from_value(page) {
                Ok(page) => Page::Here(page),
                Err(_) => Page::Here(Collection::empty()),
            },
            _ => Page::Here(self),
        }
    }

    /// Its items, in the order given.
    pub fn into_items(self) -> Vec<Value> {
        if self.ordered_items.is_empty() {
            self.items
        } else {
            self.ordered_items
        }
    }

    fn empty() -> Collection {
        Collection {
            first: None,
            ordered_items: Vec::new(),
            items: Vec::new(),
            total_items: None,
        }
    }
}

/// An `OrderedCollection` as Agora serves it (outboxes, moderators): its
/// size, its first page's items inline (Lemmy reads a group's outbox and
/// moderators from here and follows no pages), and where the pages are.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollection<T> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: OrderedCollectionType,
    pub total_items: i64,
    pub ordered_items: Vec<T>,
    pub first: String,
}

impl<T> OrderedCollection<T> {
    /// The collection at `id`, paged as `{id}?page=N` from 1, with the
    /// items of its first page.
    pub fn sent(id: &str, total_items: i64, first_page: Vec<T>) -> OrderedCollection<T> {
        OrderedCollection {
            id: id.to_owned(),
            kind: OrderedCollectionType::OrderedCollection,
            total_items,
            ordered_items: first_page,
            first: format!("{id}?page=1"),
        }
    }
}

/// A group's followers as Lemmy reads them: a `Collection` with its size
/// and an empty `items` (Lemmy refuses anything else, and shows 0
/// subscribers then). The followers themselves are in the pages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountedCollection {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: CollectionType,
    pub total_items: i64,
    pub items: [(); 0],
    pub first: String,
}

impl CountedCollection {
    pub fn sent(id: &str, total_items: i64) -> CountedCollection {
        CountedCollection {
            id: id.to_owned(),
            kind: CollectionType::Collection,
            total_items,
            items: [],
            first: format!("{id}?page=1"),
        }
    }
}

/// One page of an [`OrderedCollection`], newest first. Items are URLs
/// (followers, moderators) or activities (outboxes).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderedCollectionPage<T> {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: OrderedCollectionPageType,
    pub part_of: String,
    pub total_items: i64,
    pub ordered_items: Vec<T>,
    /// Absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Absent on the first page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

impl<T> OrderedCollectionPage<T> {
    /// Page `number` (from 1) of the collection at `collection`, whose
    /// pages hold `page_size` of its `total_items` each.
    pub fn sent(
        collection: &str,
        number: i64,
        page_size: i64,
        total_items: i64,
        ordered_items: Vec<T>,
    ) -> OrderedCollectionPage<T> {
        OrderedCollectionPage {
            id: format!("{collection}?page={number}"),
            kind: OrderedCollectionPageType::OrderedCollectionPage,
            part_of: collection.to_owned(),
            total_items,
            ordered_items,
            next: (number * page_size < total_items)
                .then(|| format!("{collection}?page={}", number + 1)),
            prev: (number > 1).then(|| format!("{collection}?page={}", number - 1)),
        }
    }
}

/// A post as a member's outbox lists it: the author's `Create` of its
/// `Page` (built by `publish`). In a group's outbox the group's
/// [`OutboxAnnounce`] wraps it.
#[derive(Debug, Serialize)]
pub struct OutboxCreate {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: CreateType,
    /// The author; `null` if the object names none.
    pub actor: Option<String>,
    /// The object's audience; `null` if it names none.
    pub to: Option<Vec<String>>,
    pub object: Value,
}

/// A post as its group's outbox lists it: the group's `Announce` of the
/// author's `Create`, as the group relayed it when it was posted
/// (FEP-1b12, <https://codeberg.org/fediverse/fep/src/branch/main/fep/1b12/fep-1b12.md>).
#[derive(Debug, Serialize)]
pub struct OutboxAnnounce {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: AnnounceType,
    pub actor: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub object: OutboxCreate,
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use serde_json::json;

    #[test]
    fn the_first_page_is_found_embedded_named_or_absent() {
        let embedded: Collection = read(
            "OrderedCollection",
            &json!({"totalItems": 2, "first": {"orderedItems": [{"id": "a"}, {"id": "b"}]}}),
        )
        .unwrap();
        assert_eq!(embedded.total_items, Some(2));
        let Page::Here(page) = embedded.first_page() else {
            panic!("an embedded page")
        };
        assert_eq!(page.into_items().len(), 2);

        let named: Collection = read(
            "OrderedCollection",
            &json!({"first": "https://g.test/outbox?page=1"}),
        )
        .unwrap();
        assert!(matches!(named.first_page(), Page::At(url) if url.ends_with("page=1")));

        let flat: Collection = read("Collection", &json!({"items": {"id": "a"}})).unwrap();
        let Page::Here(page) = flat.first_page() else {
            panic!("the document itself")
        };
        assert_eq!(page.into_items().len(), 1);
    }

    /// The same text, key order included: what other servers read.
    fn assert_sent(sent: impl Serialize, expected: Value) {
        assert_eq!(
            serde_json::to_string(&sent).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
    }

    const OUTBOX: &str = "https://agora.test/spaces/news/outbox";

    #[test]
    fn a_collection_carries_its_first_page_inline() {
        let first = "https://b.test/users/bruno".to_owned();
        assert_sent(
            OrderedCollection::sent(OUTBOX, 41, vec![first.clone()]),
            json!({
                "id": OUTBOX,
                "type": "OrderedCollection",
                "totalItems": 41,
                "orderedItems": [first],
                "first": "https://agora.test/spaces/news/outbox?page=1",
            }),
        );
    }

    #[test]
    fn followers_are_counted_as_lemmy_reads_them() {
        let followers = "https://agora.test/spaces/news/followers";
        assert_sent(
            CountedCollection::sent(followers, 3),
            json!({
                "id": followers,
                "type": "Collection",
                "totalItems": 3,
                "items": [],
                "first": "https://agora.test/spaces/news/followers?page=1",
            }),
        );
    }

    #[test]
    fn a_page_is_sent_as_before_with_next_and_prev_only_where_they_are() {
        let follower = "https://b.test/users/bruno".to_owned();
        assert_sent(
            OrderedCollectionPage::sent(OUTBOX, 2, 20, 41, vec![follower.clone()]),
            json!({
                "id": "https://agora.test/spaces/news/outbox?page=2",
                "type": "OrderedCollectionPage",
                "partOf": OUTBOX,
                "totalItems": 41,
                "orderedItems": [follower],
                "next": "https://agora.test/spaces/news/outbox?page=3",
                "prev": "https://agora.test/spaces/news/outbox?page=1",
            }),
        );
        assert_sent(
            OrderedCollectionPage::<String>::sent(OUTBOX, 1, 20, 20, Vec::new()),
            json!({
                "id": "https://agora.test/spaces/news/outbox?page=1",
                "type": "OrderedCollectionPage",
                "partOf": OUTBOX,
                "totalItems": 20,
                "orderedItems": [],
            }),
        );
    }

    #[test]
    fn an_outbox_item_is_sent_as_before() {
        let group = "https://agora.test/spaces/news";
        let public = crate::federation::PUBLIC;
        let page = json!({"id": "https://agora.test/posts/7", "type": "Page"});
        let announce = OutboxAnnounce {
            id: format!("{group}/outbox/announce/7"),
            kind: AnnounceType::Announce,
            actor: group.into(),
            to: vec![public.into()],
            cc: vec![format!("{group}/followers")],
            object: OutboxCreate {
                id: "https://agora.test/posts/7#create".into(),
                kind: CreateType::Create,
                actor: Some("https://agora.test/users/amina".into()),
                to: Some(vec![group.into(), public.into()]),
                object: page.clone(),
            },
        };
        assert_sent(
            announce,
            json!({
                "id": "https://agora.test/spaces/news/outbox/announce/7",
                "type": "Announce",
                "actor": group,
                "to": [public],
                "cc": ["https://agora.test/spaces/news/followers"],
                "object": {
                    "id": "https://agora.test/posts/7#create",
                    "type": "Create",
                    "actor": "https://agora.test/users/amina",
                    "to": [group, public],
                    "object": page,
                },
            }),
        );
        // What a `Tombstone` lacks is `null`, as it always was.
        let bare = OutboxCreate {
            id: "https://agora.test/posts/7#create".into(),
            kind: CreateType::Create,
            actor: None,
            to: None,
            object: json!({}),
        };
        assert_sent(
            bare,
            json!({"id": "https://agora.test/posts/7#create", "type": "Create",
                   "actor": null, "to": null, "object": {}}),
        );
    }
}
