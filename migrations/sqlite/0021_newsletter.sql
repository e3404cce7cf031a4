-- Issue 17 point 7: newsletters (sqlite flavour; the other file differs only
-- in its identity column). The instance has one (space_id NULL), edited by
-- its admins and editors; each space may have its own, edited by its
-- managers. Written only by `newsletter`.

-- Editors: members who may write the instance's newsletter (admins may
-- anyway). A role beside member/moderator/admin, not instead of it.
ALTER TABLE accounts ADD COLUMN editor BIGINT NOT NULL DEFAULT 0;

-- Who receives a letter, in which language: members who opted in, and
-- readers outside who subscribed on its public page and confirmed by email
-- (double opt-in). The token confirms and unsubscribes (and can do
-- nothing else), from every email, without signing in.
CREATE TABLE newsletter_subscribers (
    id INTEGER PRIMARY KEY,
    space_id BIGINT REFERENCES spaces (id) ON DELETE CASCADE,   -- NULL: the instance's
    account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    email TEXT,
    language TEXT NOT NULL,
    token TEXT NOT NULL UNIQUE,                 -- in every email: confirms (readers), unsubscribes
    confirmed_at BIGINT,                        -- NULL: waiting for the reader's confirmation
    unsubscribed_at BIGINT,                     -- kept, so a link used twice still answers
    created_at BIGINT NOT NULL,
    CHECK ((account_id IS NULL) <> (email IS NULL))
);
CREATE UNIQUE INDEX newsletter_subscribers_member ON newsletter_subscribers (COALESCE(space_id, 0), account_id) WHERE account_id IS NOT NULL;
CREATE UNIQUE INDEX newsletter_subscribers_reader ON newsletter_subscribers (COALESCE(space_id, 0), email) WHERE email IS NOT NULL;

-- An issue: picked posts, events and library items, and per language an
-- edition (its subject and the editors' own text).
CREATE TABLE newsletter_issues (
    id BIGINT PRIMARY KEY,                      -- random, like every public id
    space_id BIGINT REFERENCES spaces (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    state TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'sending', 'sent')),
    send_at BIGINT,                             -- scheduled: when
    sent_at BIGINT,                             -- when sending began
    finished_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT
);
CREATE INDEX newsletter_issues_space ON newsletter_issues (space_id, state, sent_at);

CREATE TABLE newsletter_editions (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',              -- plain text
    position BIGINT NOT NULL,                   -- the first is sent where no other fits
    PRIMARY KEY (issue_id, language)
);

CREATE TABLE newsletter_picks (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'event', 'library')),
    item_id BIGINT NOT NULL,
    PRIMARY KEY (issue_id, position)
);

-- One row per subscriber of an issue being sent, made when sending
-- begins: the worker sends those not yet sent, a few a second, and after
-- a restart goes on where it stopped.
CREATE TABLE newsletter_deliveries (
    issue_id BIGINT NOT NULL REFERENCES newsletter_issues (id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES newsletter_subscribers (id) ON DELETE CASCADE,
    sent_at BIGINT,
    PRIMARY KEY (issue_id, subscriber_id)
);
CREATE INDEX newsletter_deliveries_due ON newsletter_deliveries (issue_id, sent_at);
