//! Letters: the plain-text and HTML bodies of every email, from one
//! description, so the two never say different things.
//!
//! A [`Letter`] is paragraphs, an optional button (a link), optional
//! sections (a digest's spaces) and a footer; every string in it is plain
//! text, escaped here for the HTML part. The HTML is small and inline-styled
//! (mail clients ignore style sheets), and right-to-left for Arabic.

use crate::i18n::Lang;
use crate::markdown::escape_html;

#[derive(Default)]
pub struct Letter {
    /// The first line, e.g. "Hello Amina,".
    pub greeting: String,
    pub paragraphs: Vec<String>,
    /// A button: its label and absolute URL.
    pub action: Option<(String, String)>,
    /// Headed lists of items, each item a text and an optional link.
    pub sections: Vec<Section>,
    /// Small print: why this email came, how to stop it.
    pub footer: Vec<String>,
    /// A link in the small print (e.g. unsubscribe): label and URL.
    pub footer_link: Option<(String, String)>,
}

pub struct Section {
    pub heading: String,
    pub items: Vec<(String, Option<String>)>,
}

impl Letter {
    /// The plain-text body.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.greeting.is_empty() {
            out.push_str(&self.greeting);
            out.push_str("\n\n");
        }
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        if let Some((label, url)) = &self.action {
            out.push_str(&format!("{label}:\n{url}\n\n"));
        }
        for section in &self.sections {
            out.push_str(&format!("== {} ==\n\n", section.heading));
            for (text, link) in &section.items {
                out.push_str(&format!("- {text}\n"));
                if let Some(link) = link {
                    out.push_str(&format!("  {link}\n"));
                }
            }
            out.push('\n');
        }
        if !self.footer.is_empty() || self.footer_link.is_some() {
            out.push_str("-- \n");
            for line in &self.footer {
                out.push_str(line);
                out.push('\n');
            }
            if let Some((label, url)) = &self.footer_link {
                out.push_str(&format!("{label}: {url}\n"));
            }
        }
        out
    }

    /// The HTML body: a whole document.
    pub fn html(&self, lang: Lang, title: &str) -> String {
        let e = escape_html;
        let mut body = String::new();
        if !self.greeting.is_empty() {
            body.push_str(&format!("<p>{}</p>", e(&self.greeting)));
        }
        for p in &self.paragraphs {
            // A line break inside a paragraph (a message's text) is kept.
            body.push_str(&format!("<p>{}</p>", e(p).replace('\n', "<br>")));
        }
        if let Some((label, url)) = &self.action {
            body.push_str(&format!(
                "<p><a href=\"{}\" style=\"display:inline-block;padding:10px 16px;\
                 background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px\">{}</a></p>",
                e(url),
                e(label)
            ));
        }
        for section in &self.sections {
            body.push_str(&format!(
                "<h2 style=\"font-size:17px;margin:20px 0 8px\">{}</h2><ul>",
                e(&section.heading)
            ));
            for (text, link) in &section.items {
                match link {
                    Some(link) => {
                        body.push_str(&format!("<li><a href=\"{}\">{}</a></li>", e(link), e(text)))
                    }
                    None => body.push_str(&format!("<li>{}</li>", e(text))),
                }
            }
            body.push_str("</ul>");
        }
        let mut footer = String::new();
        for line in &self.footer {
            footer.push_str(&format!("{}<br>", e(line)));
        }
        if let Some((label, url)) = &self.footer_link {
            footer.push_str(&format!("<a href=\"{}\">{}</a>", e(url), e(label)));
        }
        format!(
            "<!DOCTYPE html><html lang=\"{code}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
             <title>{title}</title></head><body style=\"font-family:sans-serif;font-size:15px;\
             line-height:1.5;color:#111827;max-width:600px;margin:0 auto;padding:16px\">{body}\
             <hr style=\"border:none;border-top:1px solid #d1d5db;margin-top:24px\">\
             <p style=\"font-size:13px;color:#4b5563\">{footer}</p></body></html>",
            code = lang.code(),
            dir = lang.dir(),
            title = e(title),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_parts_say_the_same_and_html_is_escaped() {
        let letter = Letter {
            greeting: "Hello <Amina>,".into(),
            paragraphs: vec!["Tom & Jerry commented.\n<b>Two</b> lines".into()],
            action: Some(("Open".into(), "https://a.example/post/1?x=1&y=2".into())),
            sections: vec![Section {
                heading: "Litigation".into(),
                items: vec![("New post".into(), Some("https://a.example/post/2".into()))],
            }],
            footer: vec!["You get this because…".into()],
            footer_link: Some(("Unsubscribe".into(), "https://a.example/u/x".into())),
        };
        let text = letter.text();
        assert!(text.contains("Hello <Amina>,"));
        assert!(text.contains("https://a.example/post/1?x=1&y=2"));
        assert!(text.contains("- New post\n  https://a.example/post/2"));
        let html = letter.html(Lang::Ar, "Subject");
        assert!(html.contains("dir=\"rtl\""));
        assert!(html.contains("Hello &lt;Amina&gt;,"));
        assert!(html.contains("Tom &amp; Jerry commented.<br>&lt;b&gt;Two&lt;/b&gt; lines"));
        assert!(html.contains("href=\"https://a.example/post/1?x=1&amp;y=2\""));
        assert!(!html.contains("<Amina>"));
    }
}
