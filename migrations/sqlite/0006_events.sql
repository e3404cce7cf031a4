-- Events, registrations, reminders and in-app notifications (sqlite
-- flavour; the PostgreSQL file differs in identity and floating-point columns).

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    organiser_id BIGINT NOT NULL REFERENCES accounts (id),
    ap_id TEXT UNIQUE,                          -- events from other instances
    title TEXT NOT NULL,
    description_source TEXT NOT NULL DEFAULT '',
    description_html TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,                  -- UTC, microseconds
    ends_at BIGINT NOT NULL,
    timezone TEXT NOT NULL,                     -- IANA, e.g. Africa/Kinshasa
    online_url TEXT,
    place_name TEXT,
    place_address TEXT,
    latitude REAL,
    longitude REAL,
    capacity BIGINT,                            -- NULL: no limit
    join_mode TEXT NOT NULL CHECK (join_mode IN ('free', 'restricted', 'invite')),
    waitlist BIGINT NOT NULL DEFAULT 1 CHECK (waitlist IN (0, 1)),
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('confirmed', 'tentative', 'cancelled')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT,
    CHECK (ends_at >= starts_at)
);
CREATE INDEX events_space_start ON events (space_id, starts_at);
CREATE INDEX events_start ON events (starts_at);

-- Who takes part: going, on the waiting list, waiting for the organiser's
-- approval (pending), or turned down.
CREATE TABLE event_participants (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('going', 'waiting', 'pending', 'rejected')),
    join_id TEXT,                               -- the Join activity (theirs or ours)
    created_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, account_id)
);
CREATE INDEX event_participants_account ON event_participants (account_id, state);

-- Reminders sent, so each goes out once, also across restarts.
CREATE TABLE event_reminders (
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('24h', '1h')),
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (event_id, kind)
);

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    event_id BIGINT REFERENCES events (id) ON DELETE CASCADE,
    message TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_account ON notifications (account_id, id);

-- The secret of a member's personal calendar feed (only its SHA-256).
CREATE TABLE calendar_tokens (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
