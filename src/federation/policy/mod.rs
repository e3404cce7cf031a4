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
use serde::Serialize;
use url::Url;

use crate::db::{self, Db, format_time};
use crate::error::AppResult;
use crate::text_enum::text_enum;
use crate::{accounts, spaces};

mod csv;
mod rules;

pub use crate::moderation::audit::{AuditEntry, audit, audit_log};
pub use csv::{CSV_HEADER, ImportChange, export_csv, import, parse_csv};
pub use rules::{
    NewRule, PublicRule, lift, public_list, put_rule, put_rule_in, rules, set_mode,
    set_publish_list,
};

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

pub use crate::urls::{host_of_url, normalize_host};

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
        let mut domains = accounts::remote::domains(db).await?;
        domains.extend(spaces::remote::domains(db).await?);
        domains.sort();
        domains.dedup();
        let mut tx = db.begin().await?;
        for domain in domains {
            let state = self.state_of(&domain);
            accounts::remote::set_federation_state(&mut tx, &domain, state).await?;
            spaces::remote::set_federation_state(&mut tx, &domain, state).await?;
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
}
