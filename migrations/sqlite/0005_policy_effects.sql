-- What domain rules do to what is already stored (sqlite flavour; the
-- PostgreSQL file differs only in identity columns).

-- The policy's verdict on a remote actor's domain, kept on its row so
-- feeds can filter with one condition: 0 allowed, 1 limited (kept out of
-- the public feed), 2 suspended or not on the allowlist (hidden).
-- Recomputed whenever the rules or the mode change.
ALTER TABLE accounts ADD COLUMN federation_state BIGINT NOT NULL DEFAULT 0;
ALTER TABLE spaces ADD COLUMN federation_state BIGINT NOT NULL DEFAULT 0;

-- Follows of a local space from a limited domain wait for a space
-- manager's approval.
CREATE TABLE space_follow_requests (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    follow TEXT NOT NULL,                       -- the Follow activity, to answer it
    created_at BIGINT NOT NULL,
    UNIQUE (space_id, account_id)
);

-- Per-space federation: which instances may follow a public space or post
-- into it. 'everyone' (subject to the instance's policy) or 'listed'.
ALTER TABLE spaces ADD COLUMN federation_scope TEXT NOT NULL DEFAULT 'everyone'
    CHECK (federation_scope IN ('everyone', 'listed'));
CREATE TABLE space_federation_domains (
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    domain TEXT NOT NULL,                       -- normalised; covers subdomains
    PRIMARY KEY (space_id, domain)
);
