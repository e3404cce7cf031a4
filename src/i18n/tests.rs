//! The catalogues held together, and numbers, dates and times written
//! as each language writes them.

use std::collections::BTreeSet;

use fluent_bundle::FluentResource;
use fluent_syntax::ast::{self, Entry};

use super::*;

fn parse(lang: Lang, source: &str) -> FluentResource {
    match FluentResource::try_new(source.to_owned()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{}.ftl does not parse: {errors:?}", lang.code()),
    }
}

/// Message ids and, for each, the variables it uses.
fn messages(resource: &FluentResource) -> Vec<(String, BTreeSet<String>)> {
    fn walk(elements: &[ast::PatternElement<&str>], vars: &mut BTreeSet<String>) {
        for element in elements {
            if let ast::PatternElement::Placeable { expression } = element {
                walk_expression(expression, vars);
            }
        }
    }
    fn walk_expression(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                walk_inline(selector, vars);
                for v in variants {
                    walk(&v.value.elements, vars);
                }
            }
            ast::Expression::Inline(inline) => walk_inline(inline, vars),
        }
    }
    fn walk_inline(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_owned());
            }
            ast::InlineExpression::Placeable { expression } => walk_expression(expression, vars),
            _ => {}
        }
    }
    resource
        .entries()
        .filter_map(|entry| match entry {
            Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(value) = &m.value {
                    walk(&value.elements, &mut vars);
                }
                Some((m.id.name.to_owned(), vars))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn times_are_written_in_the_readers_zone() {
    let t = Tr::new(Lang::En);
    // 15:00 UTC on a winter day is 10:00 in New York, 16:00 in Kinshasa.
    assert!(t.datetime("2026-01-15T15:00:00Z").contains("15:00"));
    assert!(
        t.in_zone("America/New_York")
            .datetime("2026-01-15T15:00:00Z")
            .contains("10:00")
    );
    assert!(
        t.in_zone("Africa/Kinshasa")
            .datetime("2026-01-15T15:00:00Z")
            .contains("16:00")
    );
    // Late on the 15th in UTC is already the 16th in Tokyo.
    assert!(
        t.in_zone("Asia/Tokyo")
            .date("2026-01-15T20:00:00Z")
            .contains("16")
    );
    // Unknown or empty: UTC.
    assert!(
        t.in_zone("Mars/Olympus")
            .datetime("2026-01-15T15:00:00Z")
            .contains("15:00")
    );
    assert!(
        t.in_zone("")
            .datetime("2026-01-15T15:00:00Z")
            .contains("15:00")
    );
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = messages(&parse(Lang::En, SOURCES[0].1));
    assert!(english.len() > 100, "the English catalogue looks truncated");
    for (lang, source) in &SOURCES[1..] {
        let other = messages(&parse(*lang, source));
        let ids: BTreeSet<_> = other.iter().map(|(id, _)| id.clone()).collect();
        for (id, vars) in &english {
            let Some((_, theirs)) = other.iter().find(|(i, _)| i == id) else {
                panic!("{}.ftl lacks `{id}`", lang.code());
            };
            assert_eq!(
                vars,
                theirs,
                "{}.ftl: `{id}` uses other variables than English",
                lang.code()
            );
        }
        for id in ids {
            assert!(
                english.iter().any(|(i, _)| *i == id),
                "{}.ftl has `{id}`, which English does not",
                lang.code()
            );
        }
    }
}

/// Every message id a template or page names literally exists in
/// English (and so, by the test above, everywhere).
#[test]
fn every_message_the_pages_use_exists() {
    let english: BTreeSet<String> = messages(&parse(Lang::En, SOURCES[0].1))
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in [
        "web/templates",
        "web/pages",
        "web",
        "notifications",
        "mail",
        "accounts",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.map(|e| e.path()).unwrap_or_default();
            if path.extension().is_some_and(|e| e == "html" || e == "rs") {
                files.push(path);
            }
        }
    }
    let mut used = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for call in [
            "t.get(\"",
            ".with(\"",
            ".count(\"",
            ".args(\"",
            "Some(\"register-",
        ] {
            for (at, _) in text.match_indices(call) {
                let rest = &text[at + call.len()..];
                let id = if call.starts_with("Some") {
                    format!("register-{}", rest.split('"').next().unwrap_or_default())
                } else {
                    rest.split('"').next().unwrap_or_default().to_owned()
                };
                used += 1;
                assert!(
                    english.contains(&id),
                    "{} uses the message `{id}`, which en/*.ftl lacks",
                    path.display()
                );
            }
        }
    }
    assert!(
        used > 50,
        "found only {used} message uses: is the scan broken?"
    );
}

#[test]
fn accept_language_picks_the_best_translated_language() {
    assert_eq!(Lang::negotiate("ar-TN,ar;q=0.9,fr;q=0.8"), Some(Lang::Ar));
    assert_eq!(Lang::negotiate("sw, fr-CD;q=0.7, en;q=0.5"), Some(Lang::Fr));
    assert_eq!(Lang::negotiate("en;q=0.2, pt-BR;q=0.9"), Some(Lang::Pt));
    assert_eq!(Lang::negotiate("de;q=0, en"), Some(Lang::En));
    assert_eq!(Lang::negotiate("sw, zh"), None);
    assert_eq!(Lang::negotiate(""), None);
    assert_eq!(Lang::negotiate("*"), None);
}

#[test]
fn numbers_are_grouped_per_language() {
    assert_eq!(Lang::En.integer(1234567), "1,234,567");
    assert_eq!(Lang::Fr.integer(1234567), "1\u{202f}234\u{202f}567");
    assert_eq!(Lang::De.integer(1234567), "1.234.567");
    assert_eq!(Lang::Pt.integer(-1234), "-1.234");
    assert_eq!(Lang::Ar.integer(1234567), "١٬٢٣٤٬٥٦٧");
    assert_eq!(Lang::En.integer(999), "999");
    assert_eq!(Lang::Fr.decimal(3.45), "3,5");
    assert_eq!(Lang::Ar.decimal(12.0), "١٢");
    assert_eq!(Lang::Ar.decimal(1.5), "١٫٥");
}

#[test]
fn dates_are_written_per_language() {
    let at = "2026-11-21T14:05:00Z";
    assert_eq!(Tr::new(Lang::En).date(at), "21 November 2026");
    assert_eq!(Tr::new(Lang::En).datetime(at), "21 November 2026, 14:05");
    assert_eq!(Tr::new(Lang::Fr).date(at), "21 novembre 2026");
    assert_eq!(Tr::new(Lang::De).date(at), "21. November 2026");
    assert_eq!(Tr::new(Lang::Pt).date(at), "21 de novembro de 2026");
    let arabic = Tr::new(Lang::Ar).datetime(at);
    assert!(arabic.contains("٢١") && arabic.contains("٢٠٢٦") && arabic.contains("١٤:٠٥"));
    assert!(
        !arabic.chars().any(|c| c.is_ascii_alphanumeric()),
        "{arabic}"
    );
}

#[test]
fn plurals_and_numbers_inside_messages() {
    assert_eq!(Tr::new(Lang::En).count("members-count", 1_i64), "1 member");
    assert_eq!(
        Tr::new(Lang::En).count("members-count", 1200_i64),
        "1,200 members"
    );
    assert!(
        Tr::new(Lang::Ar)
            .count("members-count", 1200_i64)
            .contains("١٬٢٠٠")
    );
}
