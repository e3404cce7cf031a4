-- Federation (sqlite flavour; the PostgreSQL file of the same name differs
-- only in identity columns): actor keys, remote actors and objects,
-- followers, inbound deduplication and the persistent delivery queue.

-- Actors. A member and a public space get an RSA key pair when they are
-- created (private spaces have no actor and no key). Remote people are rows
-- of `accounts` with `domain` set; remote spaces are rows of `spaces`.
ALTER TABLE accounts ADD COLUMN ap_id TEXT;             -- remote actors: their id
ALTER TABLE accounts ADD COLUMN inbox_url TEXT;         -- remote actors
ALTER TABLE accounts ADD COLUMN shared_inbox_url TEXT;  -- remote actors, if offered
ALTER TABLE accounts ADD COLUMN public_key_pem TEXT;
ALTER TABLE accounts ADD COLUMN private_key_pem TEXT;   -- members only
ALTER TABLE accounts ADD COLUMN fetched_at BIGINT;      -- remote actors: last refresh
CREATE UNIQUE INDEX accounts_ap_id ON accounts (ap_id);

ALTER TABLE spaces ADD COLUMN domain TEXT;              -- NULL: a space of this instance
ALTER TABLE spaces ADD COLUMN ap_id TEXT;
ALTER TABLE spaces ADD COLUMN inbox_url TEXT;
ALTER TABLE spaces ADD COLUMN shared_inbox_url TEXT;
ALTER TABLE spaces ADD COLUMN outbox_url TEXT;
ALTER TABLE spaces ADD COLUMN followers_url TEXT;
ALTER TABLE spaces ADD COLUMN public_key_pem TEXT;
ALTER TABLE spaces ADD COLUMN private_key_pem TEXT;     -- local public spaces only
ALTER TABLE spaces ADD COLUMN fetched_at BIGINT;
CREATE UNIQUE INDEX spaces_ap_id ON spaces (ap_id);
-- Slugs are unique among this instance's public spaces only; remote spaces
-- are named `slug@domain`.
DROP INDEX spaces_public_slug;
CREATE UNIQUE INDEX spaces_public_slug ON spaces (slug) WHERE visibility = 'public' AND domain IS NULL;

-- Objects that came from elsewhere keep their id; local ones derive it.
ALTER TABLE posts ADD COLUMN ap_id TEXT;
CREATE UNIQUE INDEX posts_ap_id ON posts (ap_id);
ALTER TABLE comments ADD COLUMN ap_id TEXT;
CREATE UNIQUE INDEX comments_ap_id ON comments (ap_id);
ALTER TABLE reactions ADD COLUMN ap_id TEXT;
CREATE UNIQUE INDEX reactions_ap_id ON reactions (ap_id);

-- The instance's own `Application` actor (signed fetches).
CREATE TABLE instance_actor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key_pem TEXT NOT NULL,
    private_key_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Remote actors following a local public space.
CREATE TABLE space_followers (
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    follow_id TEXT NOT NULL,                    -- their Follow's id
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, account_id)
);

-- Members of this instance following a remote space. Once accepted, the
-- member also holds a `memberships` row (contributor) in the remote space,
-- so feeds and permissions treat it like any space they belong to.
CREATE TABLE remote_follows (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    follow_id TEXT NOT NULL UNIQUE,             -- our Follow's id
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, space_id)
);

-- Ids of inbound activities already handled: a repeat is stored once.
CREATE TABLE received_activities (
    activity_id TEXT PRIMARY KEY,
    received_at BIGINT NOT NULL
);
CREATE INDEX received_activities_age ON received_activities (received_at);

-- The delivery queue. An activity is stored once; each destination inbox
-- is a `deliveries` row, written in the same transaction as the change
-- that caused it and deleted once delivered (or given up).
CREATE TABLE outbound_activities (
    id INTEGER PRIMARY KEY,
    activity_id TEXT NOT NULL,
    signer_kind TEXT NOT NULL CHECK (signer_kind IN ('account', 'space', 'instance')),
    signer_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    activity_id BIGINT NOT NULL REFERENCES outbound_activities (id) ON DELETE CASCADE,
    inbox_url TEXT NOT NULL,
    host TEXT NOT NULL,                         -- host[:port] of inbox_url
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    leased_until BIGINT NOT NULL DEFAULT 0,     -- a worker is on it until then
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at);
CREATE INDEX deliveries_host ON deliveries (host);
CREATE INDEX deliveries_activity ON deliveries (activity_id);

-- What we know of each remote host's reachability.
CREATE TABLE federated_hosts (
    host TEXT PRIMARY KEY,
    unreachable_since BIGINT,                   -- set after days of failures; cleared when it answers
    last_success_at BIGINT,
    last_failure_at BIGINT
);
