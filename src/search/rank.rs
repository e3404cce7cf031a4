//! Ranking, in Rust: the same order on both engines.
//!
//! The engines only find the candidates (every query word present, the
//! searcher allowed to open it); this module orders them, from the tokens
//! the index stored for each. A candidate's score is its relevance
//! divided by `1 + its age in years`, so a year-old entry needs twice the
//! relevance of a new one to come first; ties go to the newer entry.
//!
//! Relevance is BM25's term-frequency part (Robertson and Zaragoza, "The
//! Probabilistic Relevance Framework: BM25 and Beyond", 2009, §3.4): for
//! each query word, the number of its occurrences (in the first
//! [`SCORED_BYTES`] bytes), saturating (`K1`) and weighed against the
//! entry's length (`B`), a title occurrence counting
//! `TITLE_WEIGHT` times. BM25's rarity factor (IDF) is left out: every
//! candidate holds every query word, so it would rank all of them alike
//! but for how the words' weights add up, and computing it needs a count
//! over the whole index for each word, which is what made a common word
//! cost as much as the index is large.

use super::normalise::QueryTerm;

/// How quickly more occurrences of a word stop adding relevance.
const K1: f64 = 1.2;
/// How much a long entry's occurrences are discounted.
const B: f64 = 0.75;
/// The length, in tokens, of an ordinary entry (a post of some 60 words,
/// each indexed as its form and its stem).
const TYPICAL_TOKENS: f64 = 120.0;
/// Ranking reads at most this many bytes of an entry's tokens: the title
/// and the beginning, which bounds what a search reads however long the
/// texts (a file's text may hold a megabyte). A token cut in two at the
/// end counts as no word.
pub const SCORED_BYTES: i64 = 4_000;
/// What an occurrence in the title counts for, against one in the text.
const TITLE_WEIGHT: f64 = 3.0;
/// A year, in microseconds (365.25 days).
const YEAR: f64 = 31_557_600_000_000.0;

/// Between the title's tokens and the rest, in `search_entries.tokens`.
/// Tokens are letters and digits only, so it cannot be one; both engines'
/// tokenizers take it as a separator.
pub const TITLE_END: &str = "|";

/// Finds which query word, if any, a token is a form of.
pub struct Matcher<'t> {
    /// Each variant with its word's position.
    variants: Vec<(&'t str, usize)>,
    /// One bit per [`sketch`] of a variant: a token whose bit is clear is
    /// none of them, which is what most tokens are, found in a few
    /// instructions. 1,024 bits, so that the few dozen variants of a
    /// query leave nearly all of them clear.
    filter: [u64; 16],
    words: usize,
}

/// A token's length and its first, second and last bytes, folded into
/// 0..1024.
fn sketch(bytes: &[u8]) -> usize {
    let byte = |i: usize| bytes.get(i).map_or(0, |b| usize::from(*b));
    let last = bytes.last().map_or(0, |b| usize::from(*b));
    (bytes
        .len()
        .wrapping_mul(97)
        .wrapping_add(byte(0).wrapping_mul(31))
        .wrapping_add(byte(1).wrapping_mul(7))
        .wrapping_add(last.wrapping_mul(131)))
        & 1023
}

impl<'t> Matcher<'t> {
    pub fn new(terms: &'t [QueryTerm]) -> Self {
        let mut variants = Vec::new();
        let mut filter = [0_u64; 16];
        for (word, term) in terms.iter().enumerate() {
            for variant in &term.variants {
                variants.push((variant.as_str(), word));
                let bit = sketch(variant.as_bytes());
                filter[bit / 64] |= 1 << (bit % 64);
            }
        }
        Matcher {
            variants,
            filter,
            words: terms.len(),
        }
    }

    /// The relevance of an entry whose tokens begin with `tokens` and
    /// which has `length` tokens in all (ranking reads at most the first
    /// [`SCORED_BYTES`] bytes of an entry, which a long file's text
    /// exceeds; its whole length still counts). Bytes, not a `str`: the
    /// tokens may be cut inside a letter, and are compared as they are.
    pub fn relevance(&self, tokens: &[u8], length: i64) -> f64 {
        let mut counts = [0.0_f64; super::query::MAX_TERMS];
        let mut weight = if tokens.contains(&TITLE_END.as_bytes()[0]) {
            TITLE_WEIGHT
        } else {
            1.0
        };
        // Split on the byte: tokens are separated by one ASCII space.
        for token in tokens.split(|b| *b == b' ') {
            if token == TITLE_END.as_bytes() {
                weight = 1.0;
                continue;
            }
            let bit = sketch(token);
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                continue;
            }
            for (variant, word) in &self.variants {
                if variant.as_bytes() == token
                    && let Some(count) = counts.get_mut(*word)
                {
                    *count += weight;
                }
            }
        }
        let norm = K1 * (1.0 - B + B * length.max(1) as f64 / TYPICAL_TOKENS);
        counts[..self.words.min(counts.len())]
            .iter()
            .map(|&tf| tf * (K1 + 1.0) / (tf + norm))
            .sum()
    }
}

/// Relevance divided by 1 + age in years (`now` and `created_at` in
/// microseconds; an entry dated in the future counts as new).
pub fn score(relevance: f64, created_at: i64, now: i64) -> f64 {
    let age = now.saturating_sub(created_at).max(0) as f64 / YEAR;
    relevance / (1.0 + age)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalise::{index_text, query_terms};

    fn relevance(query: &str, title: &str, body: &str) -> f64 {
        let terms = query_terms(query, 8);
        let tokens = format!(
            "{} {TITLE_END} {}",
            index_text(title, "en"),
            index_text(body, "en")
        );
        let length = tokens
            .split(' ')
            .filter(|t| !t.is_empty() && *t != TITLE_END)
            .count();
        Matcher::new(&terms).relevance(tokens.as_bytes(), length as i64)
    }

    #[test]
    fn more_occurrences_rank_higher_but_saturate() {
        let once = relevance("hearing", "", "The hearing was held.");
        let twice = relevance("hearing", "", "The hearing was held. Another hearing.");
        let many = relevance("hearing", "", &"hearing ".repeat(50));
        assert!(twice > once, "{twice} {once}");
        assert!(many < once * 4.0, "{many} {once}");
        assert_eq!(relevance("verdict", "", "The hearing was held."), 0.0);
    }

    #[test]
    fn the_title_counts_more_and_long_texts_less() {
        let title = relevance("hearing", "Hearing", "Held today.");
        let body = relevance("hearing", "Today", "Hearing held.");
        assert!(title > body, "{title} {body}");
        let short = relevance("hearing", "", "The hearing.");
        let long = relevance(
            "hearing",
            "",
            &format!("The hearing. {}", "word ".repeat(300)),
        );
        assert!(short > long, "{short} {long}");
    }

    #[test]
    fn every_word_of_the_query_adds() {
        let one = relevance("court appeal", "", "The court.");
        let both = relevance("court appeal", "", "The court heard the appeal.");
        assert!(both > one, "{both} {one}");
    }

    #[test]
    fn older_entries_need_more_relevance() {
        let now = 10 * YEAR as i64;
        assert_eq!(score(2.0, now, now), 2.0);
        assert!((score(2.0, now - YEAR as i64, now) - 1.0).abs() < 1e-9);
        assert_eq!(score(2.0, now + 5, now), 2.0);
    }
}
