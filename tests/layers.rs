//! The layers hold: federation is a front door, like `api/` and `web/`.
//! No domain module may name `crate::federation`; local changes reach
//! federation only as records of `crate::changes`.
#![allow(clippy::expect_used)]

use std::path::{Path, PathBuf};

const DOMAIN: [&str; 8] = [
    "accounts",
    "changes.rs",
    "events",
    "library",
    "moderation",
    "notifications",
    "posts",
    "spaces",
];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("a source folder") {
            rust_files(&entry.expect("a folder entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

/// The code of `source` without comments, with all whitespace removed, so
/// that `crate :: { x, federation }` reads as `crate::{x,federation}`.
fn code_of(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Where `code` names the crate's federation module: `crate::federation`,
/// `agora::federation`, or `crate::{…, federation…}`.
fn names_federation(code: &str) -> Option<String> {
    for root in ["crate::", "agora::"] {
        for (at, _) in code.match_indices(root) {
            let rest = &code[at + root.len()..];
            let named = if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group
                    .split([',', '{'])
                    .any(|part| part == "federation" || part.starts_with("federation::"))
            } else {
                rest.starts_with("federation::") || rest.starts_with("federation;")
            };
            if named {
                return Some(code[at..(at + 60).min(code.len())].to_owned());
            }
        }
    }
    None
}

#[test]
fn no_domain_module_imports_federation() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for module in DOMAIN {
        let path = src.join(module);
        assert!(path.exists(), "{} is missing", path.display());
        rust_files(&path, &mut files);
    }
    assert!(files.len() > 30, "too few files found: {files:?}");
    let offenders: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let source = std::fs::read_to_string(file).expect("a source file");
            names_federation(&code_of(&source)).map(|at| format!("{}: {at}", file.display()))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "domain modules must not import crate::federation (record a crate::changes::Change \
         instead):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_check_sees_every_form_of_import() {
    for code in [
        "use crate::federation::publish;",
        "use crate::{db, federation::Federation};",
        "use crate :: { federation };",
        "crate::federation::remote::actor(x)",
        "use agora::federation;",
    ] {
        assert!(names_federation(&code_of(code)).is_some(), "{code}");
    }
    for code in [
        "use crate::spaces::federation::allows;",
        "use activitypub_federation::config::Data;",
        "// crate::federation::publish in a comment",
        "use super::federation::SpaceFederation;",
    ] {
        assert!(names_federation(&code_of(code)).is_none(), "{code}");
    }
}
