-- Reaching people: notifications for everything, their preferences, the
-- email queue and digests, and accounts people can keep (password resets,
-- email verification, a second factor, profile visibility, deletion)
-- (SQLite flavour; the PostgreSQL file differs only in identity columns).

-- Accounts ------------------------------------------------------------------

-- The member's time zone (IANA, e.g. `Africa/Kinshasa`; empty: UTC), used
-- for every time written to them (pages, notifications, emails).
ALTER TABLE accounts ADD COLUMN timezone TEXT NOT NULL DEFAULT '';
-- Who may see the member's profile (organisation, country, bio…).
ALTER TABLE accounts ADD COLUMN profile_visibility TEXT NOT NULL DEFAULT 'instance'
    CHECK (profile_visibility IN ('everyone', 'instance', 'nobody'));
-- When the current email address was confirmed by a link sent to it.
ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT;
-- TOTP (RFC 6238): the base32 secret, enabled once a first code proved the
-- member's app has it; the last time step used, so a code works once.
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_enabled_at BIGINT;
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
-- Set when the member deleted their account: the row stays (content kept
-- anonymised points at it) but nobody can sign in as it again.
ALTER TABLE accounts ADD COLUMN deleted_at BIGINT;
-- A closed account's username goes by `deleted-{id}` so that content kept
-- anonymised does not name its author; the name it had (still reserved in
-- `handles`) is kept here, because its actor (`/users/NAME`, its key, its
-- farewell `Delete`) went out under that name.
ALTER TABLE accounts ADD COLUMN closed_username TEXT;

-- Single-use links: password resets (sent by email or handed out by an
-- admin) and email verifications. Only a SHA-256 of the secret is stored.
CREATE TABLE account_links (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT,                                 -- the address a verification confirms
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_account ON account_links (account_id, purpose);

-- One-time recovery codes for members with a second factor (SHA-256 only).
CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);

-- A password that was right, waiting for the second factor (a few minutes).
CREATE TABLE login_challenges (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Instance-wide texts and switches an admin edits in the web interface:
-- the privacy notice (`privacy_notice`), whether staff need a second factor
-- (`require_totp_for_staff`). Owned by `accounts::site`.
CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Spaces --------------------------------------------------------------------

-- Whether emails about this space may carry its text (not only titles).
-- Public spaces' content is public anyway; private spaces choose.
ALTER TABLE spaces ADD COLUMN email_full_text BIGINT NOT NULL DEFAULT 0;

-- Notifications -------------------------------------------------------------

-- The notification stream, rebuilt from 0006's: each row names who, what
-- and where by reference, and is written out in the reader's language and
-- time zone when it is read (page, API, email, digest). `message` is kept
-- only for rows from before this migration.
CREATE TABLE notifications_new (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                         -- a stable code, e.g. `comment.reply`
    actor_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,   -- who (the latest, when grouped)
    actor_count BIGINT NOT NULL DEFAULT 1,      -- how many people, when grouped
    space_id BIGINT REFERENCES spaces (id) ON DELETE CASCADE,      -- where
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    event_id BIGINT REFERENCES events (id) ON DELETE CASCADE,
    item_id BIGINT REFERENCES library_items (id) ON DELETE CASCADE,
    report_id BIGINT REFERENCES reports (id) ON DELETE CASCADE,
    params TEXT NOT NULL DEFAULT '{}',          -- JSON: what the kind needs (changed fields…)
    group_key TEXT,                             -- unread rows with the same key are one
    message TEXT NOT NULL DEFAULT '',           -- legacy text (rows from 0006)
    -- How it reaches the member, decided from their preferences when made.
    delivery TEXT NOT NULL DEFAULT 'app' CHECK (delivery IN ('app', 'email', 'daily', 'weekly')),
    emailed_at BIGINT,                          -- sent at once, or listed in a digest
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    read_at BIGINT
);
INSERT INTO notifications_new (id, account_id, kind, event_id, message, created_at, updated_at, read_at)
    SELECT id, account_id, kind, event_id, message, created_at, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id, read_at);
CREATE INDEX notifications_group ON notifications (account_id, group_key) WHERE group_key IS NOT NULL;
CREATE INDEX notifications_digest ON notifications (delivery, emailed_at, account_id) WHERE emailed_at IS NULL;

-- How a member wants each category of notification: per space, or for
-- every space (space_id 0, which is why there is no foreign key; spaces
-- are never deleted today — whatever deletes one must delete these rows).
-- No row: the category's default.
CREATE TABLE notification_preferences (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL DEFAULT 0,
    category TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('app', 'email', 'daily', 'weekly', 'off')),
    PRIMARY KEY (account_id, space_id, category)
);

-- Library items a member follows (their own, and those they chose).
CREATE TABLE library_follows (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, item_id)
);
CREATE INDEX library_follows_item ON library_follows (item_id);

-- When each member's last daily and weekly digest went out.
CREATE TABLE digest_state (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    daily_at BIGINT,
    weekly_at BIGINT
);

-- One-click unsubscribe links (RFC 8058): one per member, space and
-- category, reused in every email, so the secret is stored as it is; it
-- can only turn a category of email off.
CREATE TABLE unsubscribe_links (
    token TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL DEFAULT 0,
    category TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, space_id, category)
);

-- Email ---------------------------------------------------------------------

-- The outgoing mail queue. A message is formatted (RFC 5322, in the
-- recipient's language) when queued, so a retry sends the same bytes with
-- the same Message-ID. Workers on any node claim a row by setting
-- `locked_until`; a node that dies lets its lease run out.
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY,
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    recipient TEXT NOT NULL,
    kind TEXT NOT NULL,                         -- e.g. `notification`, `digest.weekly`, `password_reset`
    subject TEXT NOT NULL,
    message TEXT NOT NULL,                      -- the whole formatted message
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'written', 'failed')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until BIGINT,
    last_error TEXT,
    file_name TEXT,                             -- the .eml written when no SMTP server is set
    created_at BIGINT NOT NULL,
    done_at BIGINT
);
CREATE INDEX mail_queue_due ON mail_queue (state, next_attempt_at);
