-- Issue 17 point 4: what an event leaves behind (SQLite flavour; the PostgreSQL file differs only in its identity column).
--
-- After an event has started, its organisers attach its recording, slides
-- or notes: a link (a video platform, a shared folder) or an item of the
-- space's library (picked, or uploaded with the form). Written only by
-- `events::replays`. An item attached here is read through the library,
-- so whoever opens it passes the library's checks too; an item deleted
-- from the library (a tombstone, or gone with its space) is no longer
-- listed.
CREATE TABLE event_materials (
    id INTEGER PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('recording', 'slides', 'notes')),
    title TEXT NOT NULL,
    url TEXT,
    library_item_id BIGINT REFERENCES library_items (id) ON DELETE CASCADE,
    added_by BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    CHECK ((url IS NULL) <> (library_item_id IS NULL))
);
CREATE INDEX event_materials_event ON event_materials (event_id, id);

-- The archives of past events, newest first (a space's uses
-- events_space_start).
CREATE INDEX events_end ON events (ends_at);
