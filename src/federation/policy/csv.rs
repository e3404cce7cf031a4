//! Rules as CSV, in the format of Mastodon's domain-block export.

use serde::Serialize;

use std::collections::HashMap;

use super::rules::{check_rule, rules};
use super::{DomainRule, NewRule, Policy, RuleAction, put_rule_in};
use crate::db::Db;
use crate::error::{AppError, AppResult};

// --- CSV, in the format of Mastodon's domain-block export ---------------

/// The header Mastodon writes and reads.
pub const CSV_HEADER: &str =
    "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";

/// Every rule except allowlist entries, as Mastodon's CSV (`limit` is
/// Mastodon's `silence`; `none` its `noop`).
pub async fn export_csv(db: &Db) -> AppResult<String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let write = |out: &mut csv::Writer<Vec<u8>>, record: &[&str]| {
        out.write_record(record)
            .map_err(|e| AppError::Internal(e.into()))
    };
    write(&mut out, &CSV_HEADER.split(',').collect::<Vec<_>>())?;
    for rule in rules(db).await? {
        let severity = match rule.action {
            RuleAction::Suspend => "suspend",
            RuleAction::Limit => "silence",
            RuleAction::None => "noop",
            RuleAction::Allow => continue,
        };
        let flag = |b: bool| if b { "true" } else { "false" };
        write(
            &mut out,
            &[
                &rule.domain,
                severity,
                flag(rule.reject_media),
                flag(rule.reject_reports),
                &rule.public_reason,
                flag(rule.obfuscate),
            ],
        )?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(e.into()))
}

/// Parses a Mastodon-style CSV. The first bad row is reported with its
/// line number, and nothing is returned.
pub fn parse_csv(text: &str) -> AppResult<Vec<NewRule>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| AppError::invalid(format!("line 1: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('#') == name)
    };
    let domain_at =
        column("domain").ok_or_else(|| AppError::invalid("line 1: no #domain column"))?;
    let severity_at = column("severity");
    let media_at = column("reject_media");
    let reports_at = column("reject_reports");
    let comment_at = column("public_comment");
    let obfuscate_at = column("obfuscate");
    let mut rules = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| AppError::invalid(format!("line {line}: {e}")))?;
        let field = |at: Option<usize>| at.and_then(|i| record.get(i)).unwrap_or("").trim();
        let flag = |at: Option<usize>, name: &str| match field(at).to_ascii_lowercase().as_str() {
            "" | "false" | "0" => Ok(false),
            "true" | "1" => Ok(true),
            other => Err(AppError::invalid(format!(
                "line {line}: {name} must be true or false, not \"{other}\""
            ))),
        };
        let action = match field(severity_at).to_ascii_lowercase().as_str() {
            "" | "suspend" => RuleAction::Suspend,
            "silence" | "limit" => RuleAction::Limit,
            "noop" | "none" => RuleAction::None,
            other => {
                return Err(AppError::invalid(format!(
                    "line {line}: unknown severity \"{other}\" (suspend, silence or noop)"
                )));
            }
        };
        let rule = NewRule {
            domain: field(Some(domain_at)).to_owned(),
            action,
            reject_media: flag(media_at, "#reject_media")?,
            reject_reports: flag(reports_at, "#reject_reports")?,
            obfuscate: flag(obfuscate_at, "#obfuscate")?,
            public_reason: field(comment_at).to_owned(),
            private_comment: String::new(),
            expires_in_days: None,
        };
        check_rule(&rule).map_err(|e| AppError::invalid(format!("line {line}: {e}")))?;
        rules.push(rule);
    }
    Ok(rules)
}

/// What an import would do, domain by domain.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportChange {
    pub domain: String,
    /// `add`, `change` or `keep`.
    pub change: String,
    pub action: RuleAction,
    pub previous: Option<RuleAction>,
}

/// Compares `incoming` with the current rules; with `apply`, writes them
/// all in one transaction.
pub async fn import(
    db: &Db,
    policy: &Policy,
    incoming: Vec<NewRule>,
    apply: bool,
    by: &str,
) -> AppResult<Vec<ImportChange>> {
    let current: HashMap<String, DomainRule> = rules(db)
        .await?
        .into_iter()
        .map(|r| (r.domain.clone(), r))
        .collect();
    let mut changes = Vec::new();
    for rule in &incoming {
        let domain = check_rule(rule)?;
        let previous = current.get(&domain);
        let same = previous.is_some_and(|p| {
            p.action == rule.action
                && p.reject_media == rule.reject_media
                && p.reject_reports == rule.reject_reports
                && p.obfuscate == rule.obfuscate
                && p.public_reason == rule.public_reason.trim()
        });
        changes.push(ImportChange {
            domain,
            change: match (previous, same) {
                (None, _) => "add",
                (Some(_), true) => "keep",
                (Some(_), false) => "change",
            }
            .into(),
            action: rule.action,
            previous: previous.map(|p| p.action),
        });
    }
    if apply {
        let mut tx = db.begin().await?;
        for (rule, change) in incoming.iter().zip(&changes) {
            if change.change != "keep" {
                put_rule_in(&mut tx, rule, by).await?;
            }
        }
        tx.commit().await?;
        policy.reload(db).await?;
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_round_trip_and_errors_name_their_line() {
        let text = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\n\
                    spam.example,suspend,true,true,\"Spam, harassment\",false\n\
                    loud.example,silence,false,false,,true\n";
        let rules = parse_csv(text).unwrap();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].action, RuleAction::Suspend);
        assert_eq!(rules[0].public_reason, "Spam, harassment");
        assert!(rules[0].reject_media);
        assert_eq!(rules[1].action, RuleAction::Limit);
        assert!(rules[1].obfuscate);

        let bad = "#domain,#severity\nok.example,suspend\nbad.example,explode\n";
        let error = parse_csv(bad).unwrap_err().to_string();
        assert!(error.starts_with("line 3:"), "{error}");
        let bad = "#domain,#severity\nnot a domain,suspend\n";
        assert!(
            parse_csv(bad)
                .unwrap_err()
                .to_string()
                .starts_with("line 2:")
        );
    }
}
