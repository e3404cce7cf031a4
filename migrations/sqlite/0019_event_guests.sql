-- Issue 17 point 5: guests (SQLite flavour; the PostgreSQL file differs only in its identity columns).
--
-- A public event of ours may take registrations from people without an
-- account: a name and an email address, confirmed by a link sent to that
-- address (double opt-in). The organiser opts in per event; only events
-- of public spaces may (checked by `events::edit`, which owns `events`).
ALTER TABLE events ADD COLUMN guests BIGINT NOT NULL DEFAULT 0;

-- One row per address and event, written only by `events::guests`.
-- `unconfirmed` until the address is confirmed, then the same states as
-- a member's registration (going, waiting, pending approval, rejected),
-- or `cancelled` (by the guest's link or by an organiser). The address is
-- stored lower-cased so that one person cannot register twice by
-- changing its case; `lang` is the interface language they registered in,
-- which their emails are written in.
CREATE TABLE event_guests (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    lang TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN
        ('unconfirmed', 'going', 'waiting', 'pending', 'rejected', 'cancelled')),
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    UNIQUE (event_id, email)
);
CREATE INDEX event_guests_state ON event_guests (event_id, state, confirmed_at);
CREATE INDEX event_guests_email ON event_guests (email);

-- The secrets in the links of guests' emails, SHA-256 hashed: a leaked
-- database lets nobody confirm or cancel for a guest. A fresh key is made
-- for each email as it is written (the raw key lives only in that
-- message), so the links of every email a guest received keep working.
-- `confirm` keys confirm an unconfirmed guest (for 7 days); `cancel` keys
-- cancel the registration.
CREATE TABLE event_guest_keys (
    key_hash TEXT PRIMARY KEY,
    guest_id BIGINT NOT NULL REFERENCES event_guests (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'cancel')),
    created_at BIGINT NOT NULL
);
CREATE INDEX event_guest_keys_guest ON event_guest_keys (guest_id);

-- What a guest is to be told, written in the transaction of the change
-- that caused it (as `notifications` is for members): the worker
-- (`events::guests::emails::run`) claims each row (`emailed_at`), writes
-- the email in the guest's language with fresh link keys, and queues it
-- in `mail_queue` in the same transaction, whose worker sends it with
-- retries. So no email is lost across a restart and none is written
-- twice. `requested` marks the emails an anonymous visitor's form caused,
-- which the per-address limits count.
CREATE TABLE event_guest_mail (
    id INTEGER PRIMARY KEY,
    guest_id BIGINT NOT NULL REFERENCES event_guests (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '{}',
    requested BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    emailed_at BIGINT
);
CREATE INDEX event_guest_mail_due ON event_guest_mail (emailed_at, id);
CREATE INDEX event_guest_mail_guest ON event_guest_mail (guest_id, created_at);
