//! The archive's `index.html`: a plain, self-contained page in the
//! member's language that lists everything and links to the files beside
//! it. Every text in it is escaped.

use crate::accounts::Account;
use crate::db::format_time;
use crate::i18n::{Lang, Tr};
use crate::markdown::escape_html;

/// One section of the index: a heading (a message id), its JSON file, and
/// one line per entry.
pub(super) struct Section {
    pub title: &'static str,
    pub json: &'static str,
    pub lines: Vec<(String, Option<String>)>,
}

pub(super) fn index_html(me: &Account, lang: Lang, sections: &[Section]) -> String {
    let t = Tr::new(lang);
    let e = |id: &str| escape_html(&t.get(id));
    let mut html = format!(
        "<!doctype html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title>\
         <style>body{{font-family:sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem;line-height:1.5}}</style>\
         </head><body>\n",
        lang.code(),
        lang.dir(),
        e("data-export-title"),
    );
    let made = t.with(
        "data-export-made",
        "date",
        t.datetime(&format_time(crate::db::now())),
    );
    html.push_str(&format!(
        "<h1>{} · <bdi>{}</bdi></h1>\n<p>{}</p>\n<p><a href=\"profile.json\">profile.json</a></p>\n<dl>",
        e("data-export-title"),
        escape_html(&me.username),
        escape_html(&made),
    ));
    for (label, value) in [
        ("data-export-email", &me.email),
        ("settings-display-name", &me.display_name),
        ("settings-organisation", &me.organisation),
        ("settings-country", &me.country),
        ("settings-bio", &me.bio),
    ] {
        html.push_str(&format!(
            "<dt>{}</dt><dd dir=\"auto\">{}</dd>",
            e(label),
            escape_html(value)
        ));
    }
    html.push_str("</dl>\n");
    for section in sections {
        html.push_str(&format!(
            "<h2>{}</h2>\n<p><a href=\"{}\">{}</a></p>\n<ul>\n",
            e(section.title),
            section.json,
            section.json
        ));
        for (text, link) in &section.lines {
            match link {
                Some(href) => html.push_str(&format!(
                    "<li><a href=\"{}\" dir=\"auto\">{}</a></li>\n",
                    escape_html(&href_path(href)),
                    escape_html(text)
                )),
                None => html.push_str(&format!("<li dir=\"auto\">{}</li>\n", escape_html(text))),
            }
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</body></html>\n");
    html
}

/// A relative link to a path inside the archive, each segment percent-encoded.
fn href_path(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            segment
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::href_path;

    #[test]
    fn links_are_percent_encoded() {
        assert_eq!(
            href_path("library/3/a b<é>.pdf"),
            "library/3/a%20b%3C%C3%A9%3E.pdf"
        );
    }
}
