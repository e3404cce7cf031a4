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

/// The tables federation owns (it writes them, nobody else does): the
/// delivery queue, the inbound deduplication, the hosts' health, the
/// instance's own key, the federation policy, and what was held back.
const FEDERATION_OWN: [&str; 8] = [
    "deliveries",
    "domain_rules",
    "federated_hosts",
    "held_back",
    "instance_actor",
    "instance_settings",
    "outbound_activities",
    "received_activities",
];

/// `source` without its comments (line, block and doc comments), with the
/// text of string literals kept as it is: SQL lives in strings.
fn without_comments(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && (i == 0 || !is_ident(chars[i - 1]) || chars[i - 1] == 'b')
        {
            // A raw string: r"…", r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let open = i + 1 + hashes;
            if chars.get(open) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let mut end = open + 1;
            while end < chars.len()
                && !(chars[end] == '"'
                    && chars[end + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes)
            {
                end += 1;
            }
            let end = (end + 1 + hashes).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal ('"', '\n', '\''), not a lifetime.
            let start = i;
            i += if next == Some('\\') { 3 } else { 2 };
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Every table of `tables` that `code` names after `FROM`, `JOIN`, `INTO`
/// or `UPDATE` (any case), separated only by blanks (a string's `\` line
/// continuation counts as one).
fn sql_tables(code: &str, tables: &[String]) -> Vec<String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut words = Vec::new();
    let mut start = None;
    for (at, c) in code.char_indices().chain([(code.len(), ' ')]) {
        match (is_ident(c), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                words.push((from, at));
                start = None;
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for pair in words.windows(2) {
        let ((k0, k1), (t0, t1)) = (pair[0], pair[1]);
        let keyword = code[k0..k1].to_ascii_lowercase();
        let between = &code[k1..t0];
        if matches!(keyword.as_str(), "from" | "join" | "into" | "update")
            && !between.is_empty()
            && between.chars().all(|c| c.is_whitespace() || c == '\\')
        {
            let table = code[t0..t1].to_ascii_lowercase();
            if tables.contains(&table) && !found.contains(&table) {
                found.push(table);
            }
        }
    }
    found
}

/// The tables the SQLite migrations create.
fn tables() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut tables = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the migrations folder") {
        let sql =
            std::fs::read_to_string(entry.expect("a migration").path()).expect("a migration file");
        let words: Vec<String> = sql
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect();
        for (at, pair) in words.windows(2).enumerate() {
            if pair[0] == "create" && pair[1] == "table" {
                let rest = &words[at + 2..];
                let name = match rest {
                    [i, n, e, name, ..] if i == "if" && n == "not" && e == "exists" => name,
                    [name, ..] => name,
                    [] => continue,
                };
                tables.push(name.clone());
            }
        }
    }
    tables.sort();
    tables.dedup();
    tables
}

#[test]
fn federation_runs_sql_only_on_its_own_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tables = tables();
    assert!(tables.len() > 30, "too few tables found: {tables:?}");
    for own in FEDERATION_OWN {
        assert!(tables.iter().any(|t| t == own), "{own} is not a table");
    }
    let mut files = Vec::new();
    rust_files(&root.join("src/federation"), &mut files);
    assert!(files.len() > 20, "too few files found: {files:?}");
    let mut offenders = Vec::new();
    for file in files {
        let path = file
            .strip_prefix(root)
            .expect("a file under the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let source = std::fs::read_to_string(&file).expect("a source file");
        for table in sql_tables(&without_comments(&source), &tables) {
            if !FEDERATION_OWN.contains(&table.as_str()) {
                offenders.push(format!("{path}: {table}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "federation/ must read and write the domain's tables through the domain modules' own \
         functions (posts::federated, accounts::remote, …), not with SQL of its own:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_sql_scan_finds_table_names_and_nothing_else() {
    let tables: Vec<String> = ["posts", "deliveries", "accounts", "spaces"]
        .map(String::from)
        .to_vec();
    let found = |code: &str| sql_tables(&without_comments(code), &tables);
    assert_eq!(
        found(r#"sqlx::query("SELECT id FROM posts WHERE id = $1")"#),
        ["posts"]
    );
    assert_eq!(
        found(r#""DELETE FROM deliveries WHERE id = $1""#),
        ["deliveries"]
    );
    assert_eq!(
        found("\"SELECT a.id FROM spaces s \\\n         JOIN accounts a ON a.id = s.id\""),
        ["spaces", "accounts"]
    );
    assert_eq!(found(r#""insert into posts (id) values (1)""#), ["posts"]);
    assert_eq!(found(r#""UPDATE accounts SET x = 1""#), ["accounts"]);
    assert!(found(r#""select id from postsx""#).is_empty());
    assert!(found(r#""SELECT 1 FROM sometable""#).is_empty());
    assert!(found("let x = Vec::from(posts);").is_empty());
    assert!(found("// SELECT id FROM posts, in a comment").is_empty());
    assert!(found("/* FROM posts */ let a = 1;").is_empty());
    assert!(found("/// rows FROM posts are read by posts::federated").is_empty());
    // A URL in a string is not a comment: what follows it is still read.
    assert_eq!(found(r#""https://x/ FROM posts""#), ["posts"]);
    // Quotes inside character literals and raw strings do not derail it.
    assert_eq!(
        found(r##"let q = '"'; let s = r#"FROM posts"#;"##),
        ["posts"]
    );
}
