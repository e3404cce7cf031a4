//! `OrderedCollection`, `Collection` and their pages, as other servers
//! send them (a group's outbox, read to backfill a followed space).

use serde::Deserialize;
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
    /// Its first page: embedded (or this document itself), or a URL.
    pub fn first_page(self) -> Page {
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
}
