-- Federation policy (sqlite flavour; the PostgreSQL file differs only in
-- identity columns): whom this instance talks to, and the audit log of
-- every policy (later also moderation) action.

-- One rule per domain; a rule on example.org also covers its subdomains.
-- Domains are stored normalised: lowercase, no trailing dot, punycode.
CREATE TABLE domain_rules (
    domain TEXT PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('none', 'limit', 'suspend', 'allow')),
    reject_media BIGINT NOT NULL DEFAULT 0 CHECK (reject_media IN (0, 1)),
    reject_reports BIGINT NOT NULL DEFAULT 0 CHECK (reject_reports IN (0, 1)),
    obfuscate BIGINT NOT NULL DEFAULT 0 CHECK (obfuscate IN (0, 1)),
    public_reason TEXT NOT NULL DEFAULT '',
    private_comment TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,                   -- an admin's username, or "cli"
    created_at BIGINT NOT NULL,
    expires_at BIGINT                           -- lifts by itself then
);

-- Settings admins change at runtime (they override the configuration).
CREATE TABLE instance_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,                        -- who: a username, or "cli"
    action TEXT NOT NULL,                       -- what, e.g. "domain.suspend"
    target TEXT NOT NULL,                       -- on what, e.g. a domain
    reason TEXT NOT NULL DEFAULT ''             -- why
);
CREATE INDEX audit_log_at ON audit_log (at);
