//! `Tombstone`: what a deleted post, comment or item is served as.

use serde::Serialize;

/// A deleted object, as Agora serves it (410 with this body).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tombstone {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What it was: `Page`, `Note`, …
    pub former_type: &'static str,
    pub deleted: String,
}

impl Tombstone {
    /// The tombstone of `id`, a `former_type` deleted at `deleted` (ISO 8601).
    pub fn sent(id: String, former_type: &'static str, deleted: String) -> Tombstone {
        Tombstone {
            id,
            kind: "Tombstone",
            former_type,
            deleted,
        }
    }
}
