//! Federation policy: whom this instance talks to, and how.
//!
//! A mode (`open`, `blocklist`, `allowlist`) and one rule per domain
//! (`suspend`, `limit`, `allow`, or `none` with only `reject_media` /
//! `reject_reports`). A rule on `example.org` covers `sub.example.org`.
//! Hosts are compared normalised: lowercase, no trailing dot, punycode,
//! no port.
//!
//! The rules live in the database and in a snapshot in memory that every
//! check reads ([`Policy::verdict`]). A change through the API reloads it at
//! once; every node also reloads every few seconds, which picks up changes
//! from the CLI or another node and lifts expired rules. Where it is
//! enforced:
//!
//! - the inbox answers 403 before any processing (`inbox/mod.rs`);
//! - every fetch goes through [`PolicyVerifier`] (activitypub_federation
//!   calls it for each URL, redirects included) or checks itself (WebFinger);
//! - `outbox::enqueue` drops blocked inboxes and the worker re-checks
//!   before each request; a suspension deletes the host's pending
//!   deliveries in its own transaction;
//! - an `Announce` whose object or author is on a blocked host is dropped.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use activitypub_federation::config::UrlVerifier;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::db::{self, Db, Tx, format_time};
use crate::error::{AppError, AppResult};
use crate::text_enum::text_enum;

text_enum! {
    /// Whom the instance federates with.
    pub enum Mode {
        /// Everyone; rules still apply.
        Open = "open",
        /// Everyone but suspended domains (the default).
        Blocklist = "blocklist",
        /// Only domains with an `allow` rule.
        Allowlist = "allowlist",
    }
}

text_enum! {
    pub enum RuleAction {
        /// No restriction beyond the rule's flags (`reject_media`, `reject_reports`).
        None = "none",
        /// Content stays out of the public feed and reaches only members
        /// who follow it; follows of local spaces need a manager's approval.
        Limit = "limit",
        /// No traffic either way.
        Suspend = "suspend",
        /// Listed for `allowlist` mode.
        Allow = "allow",
    }
}

/// What the policy says about one host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    Limited,
    Suspended,
    /// `allowlist` mode and no `allow` rule covers it.
    NotAllowlisted,
}

impl Verdict {
    pub fn allows_traffic(self) -> bool {
        matches!(self, Verdict::Allowed | Verdict::Limited)
    }
}

/// `host`, `host.`, `HOST:443`, `bücher.example` → `bücher.example` as
/// punycode, lowercase, without port or trailing dot. `None` if it is not
/// a host name.
pub fn normalize_host(input: &str) -> Option<String> {
    let input = input.trim();
    if input.is_empty() || input.contains(['/', '@', '?', '#', ' ']) {
        return None;
    }
    let url = Url::parse(&format!("http://{input}")).ok()?;
    let host = url.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return None;
    }
    Some(host)
}

/// The host part of a URL, normalised.
pub fn host_of_url(url: &str) -> Option<String> {
    normalize_host(Url::parse(url).ok()?.host_str()?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
struct RuleRow {
    domain: String,
    action: RuleAction,
    reject_media: i64,
    reject_reports: i64,
    obfuscate: i64,
    public_reason: String,
    private_comment: String,
    created_by: String,
    created_at: i64,
    expires_at: Option<i64>,
}

/// A rule as admins see it.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct DomainRule {
    pub domain: String,
    pub action: RuleAction,
    pub reject_media: bool,
    pub reject_reports: bool,
    /// Show the domain partly hidden in the public list.
    pub obfuscate: bool,
    pub public_reason: String,
    pub private_comment: String,
    pub created_by: String,
    pub created_at: String,
    pub expires_at: Option<String>,
}

impl From<RuleRow> for DomainRule {
    fn from(r: RuleRow) -> Self {
        DomainRule {
            domain: r.domain,
            action: r.action,
            reject_media: r.reject_media != 0,
            reject_reports: r.reject_reports != 0,
            obfuscate: r.obfuscate != 0,
            public_reason: r.public_reason,
            private_comment: r.private_comment,
            created_by: r.created_by,
            created_at: format_time(r.created_at),
            expires_at: r.expires_at.map(format_time),
        }
    }
}

#[derive(Debug, Default)]
struct Snapshot {
    mode: Option<Mode>,
    publish_list: bool,
    rules: HashMap<String, RuleRow>,
    /// What `federation_state` columns were last computed from.
    applied: Option<String>,
}

/// The policy in memory. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Policy {
    configured_mode: Mode,
    snapshot: Arc<RwLock<Snapshot>>,
}

impl Policy {
    pub fn new(configured_mode: Mode) -> Self {
        Policy {
            configured_mode,
            snapshot: Arc::new(RwLock::new(Snapshot {
                publish_list: true,
                ..Snapshot::default()
            })),
        }
    }

    /// The mode: as changed at runtime, else as configured.
    pub fn mode(&self) -> Mode {
        self.snapshot
            .read()
            .ok()
            .and_then(|s| s.mode)
            .unwrap_or(self.configured_mode)
    }

    pub fn publishes_list(&self) -> bool {
        self.snapshot.read().map(|s| s.publish_list).unwrap_or(true)
    }

    /// The rule covering `host` (itself or the nearest parent domain).
    fn covering(&self, snapshot: &Snapshot, host: &str) -> Option<RuleRow> {
        let mut candidate = host;
        loop {
            if let Some(rule) = snapshot.rules.get(candidate) {
                return Some(rule.clone());
            }
            match candidate.split_once('.') {
                Some((_, parent)) if !parent.is_empty() => candidate = parent,
                _ => return None,
            }
        }
    }

    /// What the policy says about `host` (any form: it is normalised).
    pub fn verdict(&self, host: &str) -> Verdict {
        let Some(host) = normalize_host(host) else {
            return Verdict::Suspended;
        };
        let Ok(snapshot) = self.snapshot.read() else {
            return Verdict::Suspended;
        };
        let mode = snapshot.mode.unwrap_or(self.configured_mode);
        let rule = self.covering(&snapshot, &host);
        match (rule.as_ref().map(|r| r.action), mode) {
            (Some(RuleAction::Suspend), _) => Verdict::Suspended,
            (Some(RuleAction::Allow), _) => Verdict::Allowed,
            (_, Mode::Allowlist) => Verdict::NotAllowlisted,
            (Some(RuleAction::Limit), _) => Verdict::Limited,
            _ => Verdict::Allowed,
        }
    }

    /// Whether any traffic with the host of `url` is allowed.
    pub fn allows_url(&self, url: &str) -> bool {
        match host_of_url(url) {
            Some(host) => self.verdict(&host).allows_traffic(),
            None => false,
        }
    }

    /// Whether media and files from `host` are refused.
    pub fn rejects_media(&self, host: &str) -> bool {
        let Some(host) = normalize_host(host) else {
            return true;
        };
        self.snapshot
            .read()
            .ok()
            .and_then(|s| self.covering(&s, &host))
            .is_some_and(|r| r.reject_media != 0 || r.action == RuleAction::Suspend)
    }

    /// Whether reports (`Flag`s) from `host` are refused.
    pub fn rejects_reports(&self, host: &str) -> bool {
        let Some(host) = normalize_host(host) else {
            return true;
        };
        self.snapshot
            .read()
            .ok()
            .and_then(|s| self.covering(&s, &host))
            .is_some_and(|r| r.reject_reports != 0 || r.action == RuleAction::Suspend)
    }

    /// Reads the rules and settings again. Expired rules are lifted (and
    /// the audit log says so).
    pub async fn reload(&self, db: &Db) -> AppResult<()> {
        let now = db::now();
        let (expired,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM domain_rules WHERE expires_at IS NOT NULL AND expires_at <= $1",
        )
        .bind(now)
        .fetch_one(&db.read)
        .await?;
        if expired > 0 {
            let mut tx = db.begin().await?;
            let lifted: Vec<(String,)> = sqlx::query_as(
                "DELETE FROM domain_rules WHERE expires_at IS NOT NULL AND expires_at <= $1 \
                 RETURNING domain",
            )
            .bind(now)
            .fetch_all(&mut *tx)
            .await?;
            for (domain,) in lifted {
                audit(&mut tx, "system", "domain.expire", &domain, "").await?;
            }
            tx.commit().await?;
        }
        let rules: Vec<RuleRow> = sqlx::query_as(concat!(
            "SELECT ",
            rule_columns!(),
            " FROM domain_rules WHERE expires_at IS NULL OR expires_at > $1"
        ))
        .bind(db::now())
        .fetch_all(&db.read)
        .await?;
        let settings: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM instance_settings")
                .fetch_all(&db.read)
                .await?;
        let settings: HashMap<String, String> = settings.into_iter().collect();
        let mode = settings.get("federation.mode").and_then(|m| m.parse().ok());
        let publish_list = settings
            .get("federation.publish_domain_list")
            .is_none_or(|v| v == "true");
        let mut fingerprint: Vec<String> = rules
            .iter()
            .map(|r| format!("{}={}", r.domain, r.action))
            .collect();
        fingerprint.sort();
        let fingerprint = format!("{mode:?};{}", fingerprint.join(","));
        let changed = if let Ok(mut snapshot) = self.snapshot.write() {
            snapshot.mode = mode;
            snapshot.publish_list = publish_list;
            snapshot.rules = rules.into_iter().map(|r| (r.domain.clone(), r)).collect();
            snapshot.applied.as_deref() != Some(fingerprint.as_str())
        } else {
            false
        };
        if changed {
            self.refresh_states(db).await?;
            if let Ok(mut snapshot) = self.snapshot.write() {
                snapshot.applied = Some(fingerprint);
            }
        }
        Ok(())
    }

    /// The `federation_state` a remote row on `host` should have.
    pub fn state_of(&self, host: &str) -> i64 {
        match self.verdict(host) {
            Verdict::Allowed => 0,
            Verdict::Limited => 1,
            Verdict::Suspended | Verdict::NotAllowlisted => 2,
        }
    }

    /// Applies the rules to what is stored: remote people and spaces of a
    /// suspended (or unlisted) domain are hidden, those of a limited one
    /// kept out of the public feed; lifting a rule shows them again.
    async fn refresh_states(&self, db: &Db) -> AppResult<()> {
        let domains: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT domain FROM accounts WHERE domain IS NOT NULL \
             UNION SELECT DISTINCT domain FROM spaces WHERE domain IS NOT NULL",
        )
        .fetch_all(&db.read)
        .await?;
        let mut tx = db.begin().await?;
        for (domain,) in domains {
            let state = self.state_of(&domain);
            for sql in [
                "UPDATE accounts SET federation_state = $1 WHERE domain = $2 AND federation_state <> $1",
                "UPDATE spaces SET federation_state = $1 WHERE domain = $2 AND federation_state <> $1",
            ] {
                sqlx::query(sql)
                    .bind(state)
                    .bind(&domain)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

macro_rules! rule_columns {
    () => {
        "domain, action, reject_media, reject_reports, obfuscate, public_reason, private_comment, \
         created_by, created_at, expires_at"
    };
}
use rule_columns;

/// activitypub_federation asks this for every URL it fetches (redirects
/// included) and every inbox it would send to.
#[derive(Clone)]
pub struct PolicyVerifier(pub Policy);

#[async_trait::async_trait]
impl UrlVerifier for PolicyVerifier {
    async fn verify(&self, url: &Url) -> Result<(), activitypub_federation::error::Error> {
        if self.0.allows_url(url.as_str()) {
            Ok(())
        } else {
            Err(activitypub_federation::error::Error::UrlVerificationError(
                "this instance's federation policy blocks that host",
            ))
        }
    }
}

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

fn check_rule(rule: &NewRule) -> AppResult<String> {
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

/// Records who did what, when and why.
pub async fn audit(
    tx: &mut Tx,
    actor: &str,
    action: &str,
    target: &str,
    reason: &str,
) -> AppResult<()> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, target, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(db::now())
    .bind(actor)
    .bind(action)
    .bind(target)
    .bind(reason)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(skip)]
    pub at: i64,
    #[sqlx(skip)]
    pub time: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: String,
}

/// The newest `limit` audit entries before `cursor`.
pub async fn audit_log(db: &Db, cursor: Option<i64>, limit: i64) -> AppResult<Vec<AuditEntry>> {
    let rows: Vec<AuditEntry> = sqlx::query_as(
        "SELECT id, at, '' AS time, actor, action, target, reason FROM audit_log \
         WHERE id < $1 ORDER BY id DESC LIMIT $2 + 0",
    )
    .bind(cursor.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(&db.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|mut e| {
            e.time = format_time(e.at);
            e
        })
        .collect())
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
    fn hosts_are_normalised() {
        assert_eq!(
            normalize_host("Example.ORG.").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            normalize_host("example.org:8443").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            normalize_host("Bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(normalize_host("evil.org/path"), None);
        assert_eq!(normalize_host(""), None);
        assert_eq!(
            host_of_url("https://Sub.Bad.Example./x").as_deref(),
            Some("sub.bad.example")
        );
    }

    fn with_rules(mode: Mode, rules: &[(&str, RuleAction)]) -> Policy {
        let policy = Policy::new(mode);
        if let Ok(mut snapshot) = policy.snapshot.write() {
            for (domain, action) in rules {
                snapshot.rules.insert(
                    (*domain).to_owned(),
                    RuleRow {
                        domain: (*domain).to_owned(),
                        action: *action,
                        reject_media: 0,
                        reject_reports: 0,
                        obfuscate: 0,
                        public_reason: String::new(),
                        private_comment: String::new(),
                        created_by: "test".into(),
                        created_at: 0,
                        expires_at: None,
                    },
                );
            }
        }
        policy
    }

    #[test]
    fn a_rule_covers_subdomains_and_every_spelling() {
        let policy = with_rules(Mode::Blocklist, &[("bad.example", RuleAction::Suspend)]);
        for host in [
            "bad.example",
            "BAD.example.",
            "eu.bad.example",
            "bad.example:443",
        ] {
            assert_eq!(policy.verdict(host), Verdict::Suspended, "{host}");
        }
        assert_eq!(policy.verdict("notbad.example"), Verdict::Allowed);
        assert_eq!(policy.verdict("bad.example.org"), Verdict::Allowed);
        assert!(!policy.allows_url("https://media.bad.example/x.png"));
    }

    #[test]
    fn allowlist_mode_refuses_everything_unlisted() {
        let policy = with_rules(
            Mode::Allowlist,
            &[
                ("partner.org", RuleAction::Allow),
                ("eu.partner.org", RuleAction::Suspend),
            ],
        );
        assert_eq!(policy.verdict("partner.org"), Verdict::Allowed);
        assert_eq!(policy.verdict("www.partner.org"), Verdict::Allowed);
        assert_eq!(policy.verdict("eu.partner.org"), Verdict::Suspended);
        assert_eq!(policy.verdict("other.org"), Verdict::NotAllowlisted);
        let open = with_rules(Mode::Open, &[("loud.org", RuleAction::Limit)]);
        assert_eq!(open.verdict("loud.org"), Verdict::Limited);
        assert!(open.verdict("loud.org").allows_traffic());
    }

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

    #[test]
    fn obfuscation_hides_the_middle() {
        assert_eq!(obfuscate("bad.example.org"), "b*d.e*****e.org");
    }
}
