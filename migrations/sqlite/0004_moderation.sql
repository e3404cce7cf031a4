-- Moderation (sqlite flavour; the PostgreSQL file differs only in identity
-- columns): reports, suspended accounts, bans from spaces.

-- A report on a member, a post or a comment: from a member of this
-- instance, or from another instance (a `Flag`).
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    reporter_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    origin_domain TEXT,                         -- set for reports that came as a Flag
    flag_id TEXT UNIQUE,                        -- that Flag's id
    account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,  -- who is reported
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    reason TEXT NOT NULL,
    forwarded BIGINT NOT NULL DEFAULT 0 CHECK (forwarded IN (0, 1)),
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'dismissed')),
    resolved_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    resolution TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    resolved_at BIGINT
);
CREATE INDEX reports_state ON reports (state, id);

-- A suspended member cannot sign in or use their tokens.
ALTER TABLE accounts ADD COLUMN suspended_at BIGINT;

-- Someone (a remote actor, usually) who may no longer take part in a space.
CREATE TABLE space_bans (
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    banned_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, account_id)
);
