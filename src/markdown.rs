//! Markdown to safe HTML, and `@name` / `@name@host` mentions.
//!
//! Members write markdown; we keep their source and store HTML rendered by
//! pulldown-cmark and then cleaned by ammonia, so no script, style, event
//! handler or `javascript:` URL survives, whatever was typed (raw HTML in
//! markdown included). Links get `rel="nofollow noopener"`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder.link_rel(Some("nofollow noopener"));
    builder.add_allowed_classes("a", &["mention"]);
    builder
});

fn options() -> Options {
    Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES
}

/// Lowercased names after `@` in the prose of `source` (not in code, not in
/// link text, not e-mail addresses, not `@name@other.host`), each once.
pub fn mention_candidates(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for_each_prose_text(source, |text| {
        for (_, _, name) in scan_mentions(text) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
    });
    found
}

/// `(name, host)` of each `@name@host` in the prose of `source` (people on
/// other instances), lowercased, each once.
pub fn remote_mention_candidates(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for_each_prose_text(source, |text| {
        for (_, _, name, host) in scan_remote_mentions(text) {
            if !found.contains(&(name.clone(), host.clone())) {
                found.push((name, host));
            }
        }
    });
    found
}

/// Renders markdown to sanitised HTML, linking `@name` for the names in
/// `members` to their profile under `base_url`, and `@name@host` for the
/// handles in `remote` to the URL given there.
pub fn render(
    source: &str,
    members: &HashSet<String>,
    remote: &HashMap<String, String>,
    base_url: &str,
) -> String {
    let mut depth_code = 0usize;
    let mut depth_link = 0usize;
    let mut events: Vec<Event<'_>> = Vec::new();
    for event in Parser::new_ext(source, options()) {
        match &event {
            Event::Start(Tag::CodeBlock(_)) => depth_code += 1,
            Event::End(TagEnd::CodeBlock) => depth_code = depth_code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => depth_link += 1,
            Event::End(TagEnd::Link) => depth_link = depth_link.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(text) if depth_code == 0 && depth_link == 0 => {
                link_mentions(text, members, remote, base_url, &mut events)
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    CLEANER.clean(&html).to_string()
}

/// Cleans HTML that did not come from our renderer (e.g. from federation).
pub fn sanitize_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

fn link_mentions<'a>(
    text: CowStr<'a>,
    members: &HashSet<String>,
    remote: &HashMap<String, String>,
    base_url: &str,
    out: &mut Vec<Event<'a>>,
) {
    // (start, end, link target, shown text), in order of appearance.
    let mut links: Vec<(usize, usize, String, String)> = scan_mentions(&text)
        .into_iter()
        .filter(|(_, _, name)| members.contains(name))
        // `name` is [a-z0-9_] only, so it needs no escaping.
        .map(|(start, end, name)| {
            (
                start,
                end,
                format!("{base_url}/@{name}"),
                format!("@{name}"),
            )
        })
        .collect();
    for (start, end, name, host) in scan_remote_mentions(&text) {
        let handle = format!("{name}@{host}");
        if let Some(url) = remote.get(&handle) {
            links.push((start, end, escape_html(url), format!("@{handle}")));
        }
    }
    if links.is_empty() {
        out.push(Event::Text(text));
        return;
    }
    links.sort_by_key(|l| l.0);
    let mut last = 0;
    for (start, end, href, shown) in links {
        if start < last {
            continue;
        }
        if start > last {
            out.push(Event::Text(CowStr::from(text[last..start].to_owned())));
        }
        // `shown` is [a-z0-9_.:@-] only.
        out.push(Event::InlineHtml(CowStr::from(format!(
            "<a href=\"{href}\" class=\"mention\">{shown}</a>"
        ))));
        last = end;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_owned())));
    }
}

/// Text made safe to place in HTML, in content or in an attribute.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// HTML from elsewhere as plain text (for names, bios, titles).
pub fn plain_text(html: &str) -> String {
    ammonia::Builder::empty()
        .clean(html)
        .to_string()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

fn for_each_prose_text(source: &str, mut visit: impl FnMut(&str)) {
    let mut depth_code = 0usize;
    let mut depth_link = 0usize;
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => depth_code += 1,
            Event::End(TagEnd::CodeBlock) => depth_code = depth_code.saturating_sub(1),
            Event::Start(Tag::Link { .. }) => depth_link += 1,
            Event::End(TagEnd::Link) => depth_link = depth_link.saturating_sub(1),
            Event::Text(text) if depth_code == 0 && depth_link == 0 => visit(&text),
            _ => {}
        }
    }
}

/// Finds `@name` in plain text: (byte start, byte end, lowercased name).
fn scan_mentions(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'@' {
            i += 1;
            continue;
        }
        // `a@b`: an e-mail address or the middle of a remote handle.
        let after_word =
            i > 0 && (is_name(bytes[i - 1]) || bytes[i - 1] == b'@' || bytes[i - 1] == b'.');
        let start = i;
        let mut end = i + 1;
        while end < bytes.len() && is_name(bytes[end]) {
            end += 1;
        }
        let name = &text[start + 1..end];
        // `@name@host`: a remote member, handled by federation.
        let remote = end < bytes.len() && bytes[end] == b'@';
        let valid =
            !name.is_empty() && name.len() <= 30 && name.as_bytes()[0].is_ascii_alphabetic();
        if !after_word && !remote && valid {
            found.push((start, end, name.to_ascii_lowercase()));
        }
        i = end.max(i + 1);
    }
    found
}

/// Finds `@name@host` in plain text: (byte start, byte end, lowercased
/// name, lowercased host with its port if any).
fn scan_remote_mentions(text: &str) -> Vec<(usize, usize, String, String)> {
    let bytes = text.as_bytes();
    let is_name = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let is_host = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'.';
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'@' || (i > 0 && (is_name(bytes[i - 1]) || bytes[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < bytes.len() && is_name(bytes[end]) {
            end += 1;
        }
        let name = &text[start + 1..end];
        if end >= bytes.len() || bytes[end] != b'@' || name.is_empty() || name.len() > 64 {
            i = end.max(i + 1);
            continue;
        }
        let host_start = end + 1;
        let mut host_end = host_start;
        while host_end < bytes.len() && is_host(bytes[host_end]) {
            host_end += 1;
        }
        // A sentence may end right after the handle.
        while host_end > host_start && bytes[host_end - 1] == b'.' {
            host_end -= 1;
        }
        if host_end < bytes.len() && bytes[host_end] == b':' {
            let mut port_end = host_end + 1;
            while port_end < bytes.len() && bytes[port_end].is_ascii_digit() {
                port_end += 1;
            }
            if port_end > host_end + 1 {
                host_end = port_end;
            }
        }
        let host = &text[host_start..host_end];
        if host.contains('.') && host.len() <= 253 {
            found.push((
                start,
                host_end,
                name.to_ascii_lowercase(),
                host.to_ascii_lowercase(),
            ));
        }
        i = host_end.max(i + 1);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(names: &[&str]) -> HashSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn hostile_html_does_not_survive() {
        let source = "hello <script>alert(1)</script> <style>p{}</style>\n\n\
            <img src=x onerror=\"alert(1)\"> <a href=\"javascript:alert(1)\">x</a> \
            [y](javascript:alert(2)) <p onclick=\"evil()\">p</p> <iframe src=\"https://e\"></iframe>";
        let html = render(source, &members(&[]), &HashMap::new(), "https://a.test");
        for bad in [
            "<script",
            "alert(1)</script",
            "<style",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
        assert!(html.contains("hello"));
    }

    #[test]
    fn links_are_nofollow_noopener() {
        let html = render(
            "[site](https://example.org)",
            &members(&[]),
            &HashMap::new(),
            "https://a.test",
        );
        assert!(html.contains("rel=\"nofollow noopener\""), "{html}");
        assert!(html.contains("href=\"https://example.org\""), "{html}");
    }

    #[test]
    fn mentions_found_in_prose_only() {
        let source = "Hi @Amina and @jean_2, not `@code` nor mail@example.org nor @bob@remote.org.\n\n\
            ```\n@block\n```\n\n[@linked](https://x.org) @amina again";
        assert_eq!(
            mention_candidates(source),
            vec!["amina".to_string(), "jean_2".to_string()]
        );
    }

    #[test]
    fn remote_mentions_found_in_prose_only() {
        let source = "Ask @Bruno@beta.test and @c@gamma.test:8443, not `@x@y.test`, \
            mail@example.org nor @local.";
        assert_eq!(
            remote_mention_candidates(source),
            vec![
                ("bruno".to_string(), "beta.test".to_string()),
                ("c".to_string(), "gamma.test:8443".to_string())
            ]
        );
    }

    #[test]
    fn known_mentions_become_links() {
        let remote = HashMap::from([(
            "bruno@beta.test".to_string(),
            "https://beta.test/users/bruno".to_string(),
        )]);
        let html = render(
            "ping @amina and @nobody, and @Bruno@beta.test. Not @x@unknown.test",
            &members(&["amina"]),
            &remote,
            "https://a.test",
        );
        assert!(
            html.contains("<a href=\"https://beta.test/users/bruno\" class=\"mention\""),
            "{html}"
        );
        assert!(html.contains(">@bruno@beta.test</a>."), "{html}");
        assert!(!html.contains("unknown.test\""), "{html}");
        assert!(
            html.contains("<a href=\"https://a.test/@amina\" class=\"mention\""),
            "{html}"
        );
        assert!(html.contains("@nobody"));
        assert!(!html.contains("/@nobody"));
    }
}
