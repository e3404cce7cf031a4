//! The one text normaliser of search: the same code turns content into
//! index tokens and a query into the tokens it looks for, so both engines
//! (SQLite FTS5, PostgreSQL `tsvector`) only ever compare finished words
//! and give the same result sets.
//!
//! A word goes through, in this order:
//!
//! 1. **Splitting** on Unicode word boundaries (UAX #29), then inside a
//!    word on anything that is not a letter or a digit (so `l'avocat` is
//!    `l` and `avocat`, `court.example.org` three words). Tokens are
//!    letters and digits only, which both engines' splitters keep whole.
//! 2. **Lowercasing** (Unicode), with `ß` → `ss` and final `ς` → `σ`: the
//!    parts of full case folding that lowercasing alone misses.
//! 3. **Stemming** (Snowball, `rust-stemmers`) in the content's language:
//!    English, French, German, Portuguese, Arabic. It runs before accents
//!    are folded because the stemmers' rules are written for accented
//!    words. French also drops a final `s` from a word the stemmer left
//!    alone (it keeps one after a vowel: `détenus`, not `détenu`). Arabic
//!    first loses its article and a joined `و`/`ف` (ال, وال, فال, بال,
//!    كال, لل: the Snowball stemmer strips some and not others) and turns
//!    the plural `ات` into `ة`, so that `المكتبات`, `مكتبات` and `مكتبة`
//!    meet.
//! 4. **Folding**: compatibility decomposition (NFKD) and removal of the
//!    combining marks (accents; Arabic harakat U+064B–U+0652 and the
//!    superscript alef U+0670 are combining marks too), then Arabic
//!    normalisation: tatweel removed, أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و,
//!    ئ → ي, and Arabic-Indic digits → 0–9.
//!
//! A document is indexed with, for each word, its folded form and its
//! folded stem in the document's own language (one token when they are
//! equal). For a language we have no stemmer for, only the folded form.
//!
//! A query word becomes the set of its folded form and its folded stems in
//! all five languages (also stemmed once more from the folded form, for a
//! query typed without accents); a document matches when it holds any of
//! them, for every query word. So a French reader's `détenus` finds a
//! German document that quotes `détenu`, and nobody has to say which
//! language they search in. The price is precision: a stem of one
//! language may equal an unrelated word of another (English `univers`
//! from `university` finds French `univers`). For a network that reads
//! across five languages, missing a document costs more than an extra
//! result, and ranking puts the closer matches first.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// Longer "words" (hashes, long URLs) are not indexed.
pub const MAX_TOKEN_CHARS: usize = 64;

/// The languages with a stemmer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    French,
    German,
    Portuguese,
    Arabic,
}

impl Language {
    pub const ALL: [Language; 5] = [
        Language::English,
        Language::French,
        Language::German,
        Language::Portuguese,
        Language::Arabic,
    ];

    /// The stemmer for a BCP 47 tag (`fr`, `fr-CA`, `AR`…), by its primary
    /// subtag; `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Language::English),
            "fr" => Some(Language::French),
            "de" => Some(Language::German),
            "pt" => Some(Language::Portuguese),
            "ar" => Some(Language::Arabic),
            _ => None,
        }
    }

    fn stemmer(self) -> &'static Stemmer {
        static STEMMERS: LazyLock<[Stemmer; 5]> = LazyLock::new(|| {
            [
                Stemmer::create(Algorithm::English),
                Stemmer::create(Algorithm::French),
                Stemmer::create(Algorithm::German),
                Stemmer::create(Algorithm::Portuguese),
                Stemmer::create(Algorithm::Arabic),
            ]
        });
        &STEMMERS[self as usize]
    }

    /// The stem of a lowercased word, not yet folded.
    fn stem(self, word: &str) -> String {
        match self {
            Language::Arabic => {
                let light = arabic_light(word);
                self.stemmer().stem(&light).into_owned()
            }
            Language::French => {
                let stem = self.stemmer().stem(word);
                // Snowball leaves a plural s after a vowel (`détenus`).
                match stem.strip_suffix('s') {
                    Some(rest) if stem == word && rest.chars().count() >= 3 => rest.to_owned(),
                    _ => stem.into_owned(),
                }
            }
            _ => self.stemmer().stem(word).into_owned(),
        }
    }
}

/// A word as found in a text: where it is (bytes) and its lowercased form.
#[derive(Debug, PartialEq, Eq)]
pub struct Word<'t> {
    pub start: usize,
    pub end: usize,
    pub text: &'t str,
    pub lower: String,
}

/// The words of `text`, split as described in the module documentation.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    text.unicode_word_indices().flat_map(|(offset, word)| {
        Parts {
            word,
            chars: word.char_indices(),
        }
        .filter_map(move |(s, e)| {
            let text = &word[s..e];
            let lower = lowercase(text);
            (!lower.is_empty() && lower.chars().count() <= MAX_TOKEN_CHARS).then(|| Word {
                start: offset + s,
                end: offset + e,
                text,
                lower,
            })
        })
    })
}

/// The runs of letters and digits in one Unicode word (`l'avocat` is `l`
/// and `avocat`), as byte ranges: a word's combining marks belong to the
/// letter before them.
struct Parts<'t> {
    word: &'t str,
    chars: std::str::CharIndices<'t>,
}

impl Iterator for Parts<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let mut start = None;
        for (i, c) in self.chars.by_ref() {
            let inside = c.is_alphanumeric() || (start.is_some() && is_combining_mark(c));
            match (inside, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return Some((s, i)),
                _ => {}
            }
        }
        start.map(|s| (s, self.word.len()))
    }
}

fn lowercase(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.contains(['ß', 'ς']) {
        lower.replace('ß', "ss").replace('ς', "σ")
    } else {
        lower
    }
}

/// Accents and Arabic variants folded away from a lowercased word.
pub fn fold(lower: &str) -> String {
    // Letters and digits of ASCII have nothing to fold: most words of
    // four of our five languages, and the common case worth its shortcut.
    if lower.is_ascii() {
        return lower.to_owned();
    }
    lower
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .filter_map(|c| match c {
            // Tatweel (kashida) only stretches a word.
            '\u{0640}' => None,
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ى' => Some('ي'),
            'ة' => Some('ه'),
            'ؤ' => Some('و'),
            'ئ' => Some('ي'),
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + u32::from(b'0')),
            '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + u32::from(b'0')),
            other => Some(other),
        })
        .collect()
}

/// The Arabic steps the Snowball stemmer does not do consistently: the
/// article (with a joined conjunction or preposition) and the feminine
/// plural `ات`. Harakat and tatweel go first, so the prefixes are seen.
fn arabic_light(word: &str) -> Cow<'_, str> {
    const ARTICLES: [&str; 6] = ["وال", "فال", "بال", "كال", "لل", "ال"];
    if !word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
        return Cow::Borrowed(word);
    }
    let bare: String = word
        .chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}'))
        .collect();
    let mut rest = bare.as_str();
    for article in ARTICLES {
        if let Some(stripped) = rest.strip_prefix(article)
            && stripped.chars().count() >= 3
        {
            rest = stripped;
            break;
        }
    }
    match rest.strip_suffix("ات") {
        Some(stem) if stem.chars().count() >= 3 => Cow::Owned(format!("{stem}ة")),
        _ => Cow::Owned(rest.to_owned()),
    }
}

/// The index tokens of one lowercased word in a document of `language`.
fn document_tokens(lower: &str, language: Option<Language>) -> (String, Option<String>) {
    let folded = fold(lower);
    let stem = language
        .map(|l| fold(&l.stem(lower)))
        .filter(|s| !s.is_empty() && *s != folded);
    (folded, stem)
}

/// The text the index stores for `text` in `language` (a BCP 47 tag):
/// tokens separated by single spaces, in the order of the words.
pub fn index_text(text: &str, language: &str) -> String {
    let language = Language::from_tag(language);
    let mut out = String::with_capacity(text.len());
    for word in words(text) {
        let (folded, stem) = document_tokens(&word.lower, language);
        for token in std::iter::once(folded).chain(stem) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&token);
        }
    }
    out
}

/// Whether a word of a document in `language` matches one of `terms`
/// (for highlighting).
pub fn word_matches(word: &Word<'_>, language: Option<Language>, terms: &[QueryTerm]) -> bool {
    let (folded, stem) = document_tokens(&word.lower, language);
    terms.iter().any(|term| {
        term.variants.contains(&folded) || stem.as_ref().is_some_and(|s| term.variants.contains(s))
    })
}

/// One word of a query: the tokens any of which matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryTerm {
    pub variants: BTreeSet<String>,
}

/// The words of a query, each as the set of its variants (see the module
/// documentation), at most `max_terms` of them, repeated words once.
pub fn query_terms(query: &str, max_terms: usize) -> Vec<QueryTerm> {
    let mut terms: Vec<QueryTerm> = Vec::new();
    for word in words(query) {
        let folded = fold(&word.lower);
        let mut variants = BTreeSet::new();
        for language in Language::ALL {
            for form in [word.lower.as_str(), folded.as_str()] {
                let stem = fold(&language.stem(form));
                if !stem.is_empty() {
                    variants.insert(stem);
                }
            }
        }
        variants.insert(folded);
        let term = QueryTerm { variants };
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == max_terms {
            break;
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a query finds a document of `language` holding `text`, as
    /// the index would see it: every query term has a variant among the
    /// document's tokens.
    fn finds(query: &str, text: &str, language: &str) -> bool {
        let indexed = index_text(text, language);
        let tokens: BTreeSet<&str> = indexed.split(' ').collect();
        let terms = query_terms(query, 10);
        !terms.is_empty()
            && terms
                .iter()
                .all(|t| t.variants.iter().any(|v| tokens.contains(v.as_str())))
    }

    #[test]
    fn plural_forms_find_the_singular() {
        assert!(finds("détenus", "Un détenu a été libéré", "fr"));
        assert!(finds("détenu", "Les détenus ont été libérés", "fr"));
        assert!(finds("direitos", "O direito à defesa", "pt"));
        assert!(finds("direito", "Os direitos humanos", "pt-BR"));
        assert!(finds("rights", "The right to a fair trial", "en"));
        assert!(finds("Gerichte", "Das Gericht hat entschieden", "de"));
    }

    #[test]
    fn accents_and_case_are_folded() {
        assert!(finds("defense", "La défense a plaidé", "fr"));
        assert!(finds("défense", "the defense rests", "en"));
        assert_eq!(query_terms("Défense", 10), query_terms("DEFENSE", 10));
        assert_eq!(index_text("Défense", "fr"), index_text("DÉFENSE", "fr"));
        assert!(finds("strasse", "Straße des 17. Juni", "de"));
        assert!(finds("HAFTLINGE", "Die Häftlinge", "de"));
    }

    #[test]
    fn arabic_article_affixes_and_letter_forms() {
        assert!(finds("المحكمة", "قررت محكمة الاستئناف", "ar"));
        assert!(finds("محكمة", "أمام المحكمة العليا", "ar"));
        assert!(finds("والمحكمة", "محكمة", "ar"));
        assert!(finds("المكتبات", "مكتبة الحقوق", "ar"));
        assert!(finds("المحامين", "محامون", "ar"));
        // Hamza and alef forms, alef maqsura, ta marbuta.
        assert!(finds("احكام", "أحكام", "ar"));
        assert!(finds("إحكام", "احكام", "ar"));
        assert!(finds("مستشفي", "مستشفى", "ar"));
        assert!(finds("محكمه", "محكمة", "ar"));
        assert!(finds("مسوول", "مسؤول", "ar"));
    }

    #[test]
    fn tatweel_and_harakat_are_ignored() {
        assert!(finds("المحكمة", "المحكـــمة", "ar"));
        assert!(finds("المحكمة", "المَحْكَمَة", "ar"));
        assert!(finds("مُحَكَمَة", "محكمة", "ar"));
        assert_eq!(fold("مُحَكَمَة"), fold("محكمة"));
        assert_eq!(fold("مـحـكـمـة"), "محكمه");
    }

    #[test]
    fn unknown_languages_are_folded_not_stemmed() {
        assert_eq!(index_text("Mahakama Kuu", "sw"), "mahakama kuu");
        assert_eq!(index_text("Défenses", "und"), "defenses");
        assert!(finds("défense", "DEFENSE", "sw"));
        assert!(!finds("défenses", "Défense", "sw"), "no stem to meet");
    }

    #[test]
    fn other_languages_are_found_across() {
        // A French reader's query finds a German document quoting French.
        assert!(finds("détenus", "Der Bericht über détenu", "de"));
        assert!(finds("tribunal", "Le tribunal de Kinshasa", "fr"));
    }

    #[test]
    fn words_are_letters_and_digits_only() {
        let split: Vec<String> = words("l'avocat, court.example.org — 2023/24 ٢٠٢٣!")
            .map(|w| w.lower)
            .collect();
        assert_eq!(
            split,
            [
                "l", "avocat", "court", "example", "org", "2023", "24", "٢٠٢٣"
            ]
        );
        assert_eq!(fold("٢٠٢٣"), "2023");
        assert!(index_text(&"x".repeat(MAX_TOKEN_CHARS + 1), "en").is_empty());
        assert!(query_terms("¿ — !", 10).is_empty());
    }

    #[test]
    fn word_positions_point_into_the_text() {
        let text = "Él défend les détenus";
        for word in words(text) {
            assert_eq!(&text[word.start..word.end], word.text);
        }
    }

    #[test]
    fn query_terms_are_bounded_and_distinct() {
        assert_eq!(query_terms("droit Droit DROIT", 10).len(), 1);
        assert_eq!(query_terms("a b c d e f", 3).len(), 3);
    }
}
