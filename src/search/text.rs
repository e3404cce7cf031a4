//! Plain text out of what content stores (sanitised HTML, markdown), and
//! the highlighted excerpts of results, built from the indexed text.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{Event, Parser};

use super::normalise::{Language, QueryTerm, Word, word_matches, words};
use crate::markdown::escape_html;

/// The text of sanitised HTML: tags become spaces (so that `<p>a</p><p>b`
/// stays two words), the entities our sanitiser writes are decoded.
pub fn from_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = match rest[open..].find('>') {
            Some(close) => &rest[open + close + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    squeeze(&decode_entities(&out))
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after
            .find(';')
            .filter(|end| *end <= 10)
            .map(|end| (&after[..end], end));
        let decoded = entity.and_then(|(name, _)| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|n| n.parse().ok()))
                .and_then(char::from_u32),
        });
        match (decoded, entity) {
            (Some(c), Some((_, end))) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of markdown (a library note): its words without the markup.
pub fn from_markdown(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(text) | Event::Code(text) => {
                out.push_str(&text);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    squeeze(&out)
}

/// Runs of white space as one space, trimmed.
pub fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many words an excerpt shows.
const EXCERPT_WORDS: usize = 30;
/// How far an excerpt looks for its first match, in words.
const MAX_SCANNED_WORDS: usize = 2_000;

/// Marks the words of a page of results that match a query: each
/// distinct word of each language is stemmed once for the whole page, as
/// the same words come back from one result to the next.
pub struct Highlighter<'t> {
    terms: &'t [QueryTerm],
    /// Per language, whether each word seen so far matches.
    known: HashMap<Option<Language>, HashMap<String, bool>>,
}

impl<'t> Highlighter<'t> {
    pub fn new(terms: &'t [QueryTerm]) -> Self {
        Highlighter {
            terms,
            known: HashMap::new(),
        }
    }

    fn matches(&mut self, word: &Word<'_>, language: Option<Language>) -> bool {
        let known = self.known.entry(language).or_default();
        if let Some(matched) = known.get(word.lower.as_str()) {
            return *matched;
        }
        let matched = word_matches(word, language, self.terms);
        known.insert(word.lower.clone(), matched);
        matched
    }

    /// `text` as HTML with the words that match in `<mark>`, escaped
    /// everywhere else. With `excerpt`, only about [`EXCERPT_WORDS`]
    /// words around the first match (or the beginning), with `…` where it
    /// is cut.
    pub fn highlight(&mut self, text: &str, language: &str, excerpt: bool) -> String {
        let language = Language::from_tag(language);
        // The words, each with whether it matches, up to what the excerpt
        // needs: a file's text can be a megabyte, so an excerpt looks for
        // its match in the first words only, and stops reading once it
        // has the words after it.
        let mut all = words(text);
        let mut found: Vec<(Word<'_>, bool)> = Vec::new();
        let mut first = None;
        for word in all.by_ref() {
            let matched = self.matches(&word, language);
            found.push((word, matched));
            if matched && first.is_none() {
                first = Some(found.len() - 1);
            }
            if excerpt {
                let enough = first.map_or(MAX_SCANNED_WORDS, |f| f + EXCERPT_WORDS);
                if found.len() >= enough {
                    break;
                }
            }
        }
        let cut = all.next().is_some();
        let first = first.unwrap_or(0);
        let (from_word, to_word) = if excerpt && found.len() > EXCERPT_WORDS {
            let start = first.saturating_sub(EXCERPT_WORDS / 3);
            let end = (start + EXCERPT_WORDS).min(found.len());
            (end.saturating_sub(EXCERPT_WORDS), end)
        } else {
            (0, found.len())
        };
        let start = if from_word == 0 {
            0
        } else {
            found[from_word].0.start
        };
        let end = if to_word == found.len() && !cut {
            text.len()
        } else {
            found[to_word - 1].0.end
        };
        let mut out = String::with_capacity(end - start + 16);
        if start > 0 {
            out.push('…');
        }
        let mut at = start;
        for (word, matched) in &found[from_word..to_word] {
            if *matched {
                out.push_str(&escape_html(&text[at..word.start]));
                let _ = write!(out, "<mark>{}</mark>", escape_html(word.text));
                at = word.end;
            }
        }
        out.push_str(&escape_html(&text[at..end]));
        if end < text.len() {
            out.push('…');
        }
        out
    }
}

/// [`Highlighter::highlight`] for one text.
#[cfg(test)]
fn highlight(text: &str, language: &str, terms: &[QueryTerm], excerpt: bool) -> String {
    Highlighter::new(terms).highlight(text, language, excerpt)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalise::query_terms;

    #[test]
    fn html_becomes_words() {
        assert_eq!(
            from_html(
                "<p>Le <strong>tribunal</strong></p><p>a&nbsp;jugé &amp; &#233;crit &lt;x&gt;</p>"
            ),
            "Le tribunal a jugé & écrit <x>"
        );
        assert_eq!(from_html("a & b &unknown; c"), "a & b &unknown; c");
    }

    #[test]
    fn markdown_becomes_words() {
        assert_eq!(
            from_markdown("# Title\n\nSome **bold** and `code`\n\n- item"),
            "Title Some bold and code item"
        );
    }

    #[test]
    fn matches_are_marked_and_the_rest_escaped() {
        let terms = query_terms("détenus", 10);
        assert_eq!(
            highlight("<b> Le détenu & l'avocat", "fr", &terms, true),
            "&lt;b&gt; Le <mark>détenu</mark> &amp; l'avocat"
        );
        let long = format!("{} la défense {}", "mot ".repeat(50), "fin ".repeat(50));
        let excerpt = highlight(&long, "fr", &query_terms("defense", 10), true);
        assert!(
            excerpt.starts_with('…') && excerpt.ends_with('…'),
            "{excerpt}"
        );
        assert!(excerpt.contains("<mark>défense</mark>"), "{excerpt}");
        assert_eq!(excerpt.split_whitespace().count(), EXCERPT_WORDS);
    }

    #[test]
    fn an_excerpt_of_a_long_text_looks_only_at_its_beginning() {
        let terms = query_terms("verdict", 10);
        let near = format!(
            "{} verdict {}",
            "word ".repeat(1_500),
            "word ".repeat(200_000)
        );
        let excerpt = highlight(&near, "en", &terms, true);
        assert!(excerpt.contains("<mark>verdict</mark>"), "{excerpt}");
        assert_eq!(excerpt.split_whitespace().count(), EXCERPT_WORDS);
        let far = format!("{} verdict", "word ".repeat(MAX_SCANNED_WORDS + 10));
        let excerpt = highlight(&far, "en", &terms, true);
        assert!(!excerpt.contains("<mark>"), "{excerpt}");
        assert!(
            excerpt.starts_with("word") && excerpt.ends_with('…'),
            "{excerpt}"
        );
    }

    #[test]
    fn arabic_matches_are_marked() {
        let terms = query_terms("المحكمة", 10);
        assert_eq!(
            highlight("قررت محكمة الاستئناف", "ar", &terms, true),
            "قررت <mark>محكمة</mark> الاستئناف"
        );
    }
}
