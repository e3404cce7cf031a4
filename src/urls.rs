//! The URLs of this instance's ActivityPub objects, and the reverse: what a
//! URL of ours points to.
//!
//! | URL | object |
//! |---|---|
//! | `/actor` | the instance's own actor (a `Service`) |
//! | `/inbox` | the shared inbox |
//! | `/users/{name}` (`/inbox`, `/outbox`, `/followers`) | a member, `Person` |
//! | `/spaces/{slug}` (`/inbox`, `/outbox`, `/followers`, `/moderators`) | a public space, `Group` |
//! | `/posts/{id}` | a post, `Page` |
//! | `/comments/{id}` | a comment, `Note` |
//! | `/events/{id}` | an event, `Event` |
//! | `/library/{id}` (`/download`) | a library file or note, `Document` |
//! | `/activities/{kind}/{random}` | an activity we sent |

use std::sync::Arc;

use url::Url;

#[derive(Clone, Debug)]
pub struct Urls {
    /// `https://domain` (or `http://` where the instance runs without TLS).
    base: Arc<str>,
    domain: Arc<str>,
}

/// What a URL of this instance points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LocalRef {
    Instance,
    SharedInbox,
    Person(String),
    Space(String),
    Post(i64),
    Comment(i64),
    Event(i64),
    LibraryItem(i64),
    /// A picture or file of a post, a comment or a profile (`/media/{id}…`).
    Media(i64),
    Activity,
    /// A URL of ours that names no federated object.
    Other,
}

impl Urls {
    pub fn new(domain: &str, https: bool) -> Self {
        let scheme = if https { "https" } else { "http" };
        Urls {
            base: format!("{scheme}://{domain}").into(),
            domain: domain.into(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// `host[:port]`, as in `acct:name@domain`.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    pub fn instance_actor(&self) -> String {
        format!("{}/actor", self.base)
    }

    pub fn shared_inbox(&self) -> String {
        format!("{}/inbox", self.base)
    }

    pub fn person(&self, username: &str) -> String {
        format!("{}/users/{username}", self.base)
    }

    pub fn space(&self, slug: &str) -> String {
        format!("{}/spaces/{slug}", self.base)
    }

    pub fn post(&self, id: i64) -> String {
        format!("{}/posts/{id}", self.base)
    }

    pub fn comment(&self, id: i64) -> String {
        format!("{}/comments/{id}", self.base)
    }

    pub fn event(&self, id: i64) -> String {
        format!("{}/events/{id}", self.base)
    }

    pub fn library_item(&self, id: i64) -> String {
        format!("{}/library/{id}", self.base)
    }

    /// Where a library item's current bytes download from.
    pub fn library_download(&self, id: i64) -> String {
        format!("{}/library/{id}/download", self.base)
    }

    /// A fresh id for an activity of `kind` (e.g. `follow`).
    pub fn new_activity(&self, kind: &str) -> String {
        let random: String = crate::random_bytes::<16>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("{}/activities/{kind}/{random}", self.base)
    }

    /// Whether `url` is on this instance (same scheme, host and port).
    pub fn is_local(&self, url: &str) -> bool {
        self.local_path(url).is_some()
    }

    fn local_path<'u>(&self, url: &'u str) -> Option<&'u str> {
        let rest = url.strip_prefix(&*self.base)?;
        (rest.is_empty() || rest.starts_with(['/', '?', '#'])).then_some(rest)
    }

    /// What a URL of ours points to; `None` for other instances' URLs.
    pub fn parse(&self, url: &str) -> Option<LocalRef> {
        let rest = self.local_path(url)?;
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let id = |s: &str| s.parse::<i64>().ok();
        Some(match segments.as_slice() {
            ["actor"] => LocalRef::Instance,
            ["inbox"] => LocalRef::SharedInbox,
            ["users", name, ..] => LocalRef::Person((*name).to_owned()),
            ["spaces", slug, ..] => LocalRef::Space((*slug).to_owned()),
            ["posts", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Post),
            ["comments", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Comment),
            ["events", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Event),
            ["library", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::LibraryItem),
            ["activities", _, _] => LocalRef::Activity,
            ["media", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Media),
            // The web pages of the same things, which members link to.
            ["s", slug, ..] => LocalRef::Space((*slug).to_owned()),
            ["post", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Post),
            ["event", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::Event),
            ["item", n, ..] => id(n).map_or(LocalRef::Other, LocalRef::LibraryItem),
            ["people", name, ..] => LocalRef::Person((*name).to_owned()),
            // Mention links in rendered posts: `/@name`.
            [name] if name.len() > 1 && name.starts_with('@') => {
                LocalRef::Person(name[1..].to_owned())
            }
            _ => LocalRef::Other,
        })
    }
}

/// `host[:port]` of a URL: what identifies an instance. Unlike
/// `Url::domain()` this also works for IP hosts, and keeps the port, so two
/// servers on one address are never confused.
pub fn host_of(url: &Url) -> Option<String> {
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// [`host_of`] for a URL given as text.
pub fn host_of_str(url: &str) -> Option<String> {
    Url::parse(url).ok().as_ref().and_then(host_of)
}

/// `host`, `host.`, `HOST:443`, `bücher.example` → `bücher.example` as
/// punycode, lowercase, without port or trailing dot. `None` if it is not
/// a host name.
pub fn normalize_host(input: &str) -> Option<String> {
    let input = input.trim();
    if input.is_empty() || input.contains(['/', '@', '?', '#', ' ']) {
        return None;
    }
    let url = Url::parse(&format!("http://{input}")).ok()?;
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(host)
}

/// The host part of a URL, normalised.
pub fn host_of_url(url: &str) -> Option<String> {
    normalize_host(Url::parse(url).ok()?.host_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_its_own_urls_only() {
        let urls = Urls::new("alpha.test", true);
        assert_eq!(
            urls.parse("https://alpha.test/posts/12"),
            Some(LocalRef::Post(12))
        );
        assert_eq!(
            urls.parse("https://alpha.test/spaces/news/outbox?page=2"),
            Some(LocalRef::Space("news".into()))
        );
        assert_eq!(
            urls.parse("https://alpha.test/posts/x"),
            Some(LocalRef::Other)
        );
        assert_eq!(urls.parse("https://alpha.test.evil/posts/1"), None);
        assert_eq!(urls.parse("http://alpha.test/posts/1"), None);
        assert_eq!(urls.parse("https://beta.test/posts/1"), None);
    }

    #[test]
    fn hosts_keep_ports_and_ip_addresses() {
        let url = |s: &str| Url::parse(s).unwrap();
        assert_eq!(
            host_of(&url("http://127.0.0.1:8080/x")).as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host_of(&url("https://Example.ORG./x")).as_deref(),
            Some("example.org")
        );
        assert_ne!(
            host_of(&url("http://a.test:1/")),
            host_of(&url("http://a.test:2/"))
        );
    }
}
