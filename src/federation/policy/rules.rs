//! Writing the rules: one per domain, the mode and the public list, each
//! change in the audit log; the public (transparency) list.

use serde::{Deserialize, Serialize};

use super::{DomainRule, Mode, Policy, RuleAction, RuleRow, audit, normalize_host, rule_columns};
use crate::db::{self, Db, Tx};
use crate::error::{AppError, AppResult};

/// A new or changed rule.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRule {
    pub domain: String,
    pub action: RuleAction,
    #[serde(default)]
    pub reject_media: bool,
    #[serde(default)]
    pub reject_reports: bool,
    #[serde(default)]
    pub obfuscate: bool,
    /// Shown in the public list of limited and suspended domains.
    #[serde(default)]
    pub public_reason: String,
    /// For admins only.
    #[serde(default)]
    pub private_comment: String,
    /// The rule lifts by itself after this many days.
    #[serde(default, deserialize_with = "crate::integer::optional")]
    pub expires_in_days: Option<i64>,
}

pub(super) fn check_rule(rule: &NewRule) -> AppResult<String> {
    let domain = normalize_host(&rule.domain).ok_or_else(|| {
        AppError::invalid(format!("domain: \"{}\" is not a domain name", rule.domain))
    })?;
    crate::accounts::bounded("public_reason", &rule.public_reason, 1000)?;
    crate::accounts::bounded("private_comment", &rule.private_comment, 5000)?;
    if let Some(days) = rule.expires_in_days
        && !(1..=3650).contains(&days)
    {
        return Err(AppError::invalid("expires_in_days: between 1 and 3650"));
    }
    Ok(domain)
}

/// Adds or replaces a rule, inside `tx`: a suspension also deletes that
/// host's pending deliveries (and its subdomains'), at once.
pub async fn put_rule_in(tx: &mut Tx, rule: &NewRule, by: &str) -> AppResult<DomainRule> {
    let domain = check_rule(rule)?;
    let now = db::now();
    let expires_at = rule
        .expires_in_days
        .map(|d| now + d * 24 * 3600 * 1_000_000);
    let stored: RuleRow = sqlx::query_as(concat!(
        "INSERT INTO domain_rules (domain, action, reject_media, reject_reports, obfuscate, \
                                   public_reason, private_comment, created_by, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (domain) DO UPDATE SET action = $2, reject_media = $3, reject_reports = $4, \
             obfuscate = $5, public_reason = $6, private_comment = $7, created_by = $8, \
             created_at = $9, expires_at = $10 \
         RETURNING ",
        rule_columns!()
    ))
    .bind(&domain)
    .bind(rule.action)
    .bind(i64::from(rule.reject_media))
    .bind(i64::from(rule.reject_reports))
    .bind(i64::from(rule.obfuscate))
    .bind(rule.public_reason.trim())
    .bind(rule.private_comment.trim())
    .bind(by)
    .bind(now)
    .bind(expires_at)
    .fetch_one(&mut **tx)
    .await?;
    if rule.action == RuleAction::Suspend {
        purge_deliveries(tx, &domain).await?;
    }
    audit(
        tx,
        by,
        &format!("domain.{}", rule.action),
        &domain,
        &rule.private_comment,
    )
    .await?;
    Ok(stored.into())
}

/// Deletes the pending deliveries to `domain` and its subdomains.
async fn purge_deliveries(tx: &mut Tx, domain: &str) -> AppResult<()> {
    sqlx::query(
        "DELETE FROM deliveries WHERE host = $1 OR host LIKE '%.' || $1 \
         OR host LIKE $1 || ':%' OR host LIKE '%.' || $1 || ':%'",
    )
    .bind(domain)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn put_rule(db: &Db, policy: &Policy, rule: &NewRule, by: &str) -> AppResult<DomainRule> {
    let mut tx = db.begin().await?;
    let stored = put_rule_in(&mut tx, rule, by).await?;
    tx.commit().await?;
    policy.reload(db).await?;
    Ok(stored)
}

/// Lifts the rule on `domain`.
pub async fn lift(db: &Db, policy: &Policy, domain: &str, by: &str) -> AppResult<()> {
    let domain = normalize_host(domain)
        .ok_or_else(|| AppError::invalid(format!("domain: \"{domain}\" is not a domain name")))?;
    let mut tx = db.begin().await?;
    let removed = sqlx::query("DELETE FROM domain_rules WHERE domain = $1")
        .bind(&domain)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Err(AppError::NotFound("rule"));
    }
    audit(&mut tx, by, "domain.lift", &domain, "").await?;
    tx.commit().await?;
    policy.reload(db).await
}

pub async fn rules(db: &Db) -> AppResult<Vec<DomainRule>> {
    let rows: Vec<RuleRow> = sqlx::query_as(concat!(
        "SELECT ",
        rule_columns!(),
        " FROM domain_rules ORDER BY domain"
    ))
    .fetch_all(&db.read)
    .await?;
    Ok(rows.into_iter().map(DomainRule::from).collect())
}

pub async fn set_mode(db: &Db, policy: &Policy, mode: Mode, by: &str) -> AppResult<()> {
    set_setting(db, "federation.mode", mode.as_str(), by).await?;
    policy.reload(db).await
}

pub async fn set_publish_list(db: &Db, policy: &Policy, publish: bool, by: &str) -> AppResult<()> {
    set_setting(
        db,
        "federation.publish_domain_list",
        if publish { "true" } else { "false" },
        by,
    )
    .await?;
    policy.reload(db).await
}

async fn set_setting(db: &Db, key: &str, value: &str, by: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO instance_settings (key, value) VALUES ($1, $2) \
         ON CONFLICT (key) DO UPDATE SET value = $2",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *tx)
    .await?;
    audit(&mut tx, by, &format!("setting.{key}"), value, "").await?;
    tx.commit().await?;
    Ok(())
}

/// One line of the public list of limited and suspended domains.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PublicRule {
    pub domain: String,
    pub severity: RuleAction,
    pub reason: String,
}

/// The public list (transparency), or `None` when admins turned it off.
pub async fn public_list(db: &Db, policy: &Policy) -> AppResult<Option<Vec<PublicRule>>> {
    if !policy.publishes_list() {
        return Ok(None);
    }
    Ok(Some(
        rules(db)
            .await?
            .into_iter()
            .filter(|r| matches!(r.action, RuleAction::Limit | RuleAction::Suspend))
            .map(|r| PublicRule {
                domain: if r.obfuscate {
                    obfuscate(&r.domain)
                } else {
                    r.domain
                },
                severity: r.action,
                reason: r.public_reason,
            })
            .collect(),
    ))
}

/// `bad.example.org` → `b*d.ex****e.org`, as Mastodon shows hidden domains.
fn obfuscate(domain: &str) -> String {
    let mut labels: Vec<String> = domain.split('.').map(str::to_owned).collect();
    let last = labels.len().saturating_sub(1);
    for label in labels.iter_mut().take(last) {
        let chars: Vec<char> = label.chars().collect();
        if chars.len() > 2 {
            *label = chars
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 || i == chars.len() - 1 {
                        *c
                    } else {
                        '*'
                    }
                })
                .collect();
        }
    }
    labels.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obfuscation_hides_the_middle() {
        assert_eq!(obfuscate("bad.example.org"), "b*d.e*****e.org");
    }
}
