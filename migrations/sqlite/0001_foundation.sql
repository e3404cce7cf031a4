-- Foundation schema: accounts, spaces, posts, comments (SQLite flavour).
-- The PostgreSQL file of the same name holds the same tables; only identity
-- columns differ. Timestamps are microseconds since the Unix epoch (BIGINT).

-- One namespace for member names and public space slugs: both are
-- WebFinger `acct:NAME@domain` handles, so a name can belong to only one of
-- them. Private spaces take no handle: their slugs are labels that may
-- repeat, so that trying a name can never reveal that a private space uses it.
CREATE TABLE handles (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'space'))
);

-- Members of this instance (`domain` NULL) and, once federation has met
-- them, people on other instances (`domain` set, see 0002). Only members
-- have an email address and a password, and only they sign in.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,                     -- a member's handle; a remote actor's preferredUsername
    domain TEXT,                                -- NULL for members; host[:port] of a remote actor
    email TEXT UNIQUE,                          -- members only, stored lowercased
    password_hash TEXT,                         -- members only, argon2id PHC string
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
    display_name TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',           -- ISO 3166-1 alpha-2 or empty
    languages TEXT NOT NULL DEFAULT '',         -- comma-separated BCP 47 tags
    bio TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    CHECK ((domain IS NULL) = (email IS NOT NULL AND password_hash IS NOT NULL))
);
-- A member's username is their handle (a row of `handles`, claimed in the
-- same transaction); remote actors are told apart by their id instead.
CREATE UNIQUE INDEX accounts_member_username ON accounts (username) WHERE domain IS NULL;

-- Browser sessions and API tokens. Only a SHA-256 of the secret is stored.
CREATE TABLE auth_tokens (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('session', 'api')),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    expires_at BIGINT
);
CREATE INDEX auth_tokens_account ON auth_tokens (account_id, kind);

-- Single-use invitation links to register on this instance.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    used_at BIGINT
);

CREATE TABLE spaces (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,                         -- unique among public spaces (index below)
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private')),
    join_policy TEXT NOT NULL CHECK (join_policy IN ('open', 'request', 'invitation')),
    default_role TEXT NOT NULL DEFAULT 'contributor'
        CHECK (default_role IN ('reader', 'contributor', 'content_manager', 'space_manager')),
    created_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    -- Public spaces are open to all; private ones admit by request or invitation.
    CHECK ((visibility = 'public' AND join_policy = 'open')
        OR (visibility = 'private' AND join_policy IN ('request', 'invitation')))
);

CREATE UNIQUE INDEX spaces_public_slug ON spaces (slug) WHERE visibility = 'public';
CREATE INDEX spaces_slug ON spaces (slug);

CREATE TABLE memberships (
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('reader', 'contributor', 'content_manager', 'space_manager')),
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, account_id)
);
CREATE INDEX memberships_account ON memberships (account_id, space_id);

-- A member's request to join a private space with the `request` policy.
CREATE TABLE space_join_requests (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    message TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (space_id, account_id)
);

-- A space manager's invitation of a local member, pending their acceptance.
CREATE TABLE space_invitations (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('reader', 'contributor', 'content_manager', 'space_manager')),
    invited_by BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (space_id, account_id)
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    title TEXT NOT NULL,
    body_source TEXT NOT NULL,                  -- markdown as written
    body_html TEXT NOT NULL,                    -- rendered and sanitised
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT                           -- tombstone: content cleared
);
-- Feeds read the newest live posts of a space (or of several): this index
-- alone answers "which ids", without touching deleted posts or the table.
CREATE INDEX posts_space_live ON posts (space_id, id) WHERE deleted_at IS NULL;

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post_id BIGINT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    body_source TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT
);
CREATE INDEX comments_post ON comments (post_id, id);

CREATE TABLE reactions (
    id INTEGER PRIMARY KEY,
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    emoji TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK ((post_id IS NULL) <> (comment_id IS NULL))
);
CREATE UNIQUE INDEX reactions_post ON reactions (post_id, account_id, emoji) WHERE post_id IS NOT NULL;
CREATE UNIQUE INDEX reactions_comment ON reactions (comment_id, account_id, emoji) WHERE comment_id IS NOT NULL;

-- `@name` mentions of local members in a post or comment.
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    CHECK ((post_id IS NULL) <> (comment_id IS NULL))
);
CREATE INDEX mentions_post ON mentions (post_id) WHERE post_id IS NOT NULL;
CREATE INDEX mentions_comment ON mentions (comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX mentions_account ON mentions (account_id);
