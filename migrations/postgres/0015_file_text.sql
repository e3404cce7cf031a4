-- Issue 18: the text inside uploaded library files, for search (PostgreSQL
-- flavour; the SQLite file of the same name holds the same table).

-- One row per file revision whose text is to be read, written only by
-- `library::extraction`: a durable queue (a row waits as 'pending' until
-- a worker has read the file, and a restart finds it there) and the
-- result ('done' with the text, 'failed' with the reason, 'unsupported'
-- for a format whose text is not read). Only the current revision of an
-- item keeps its row: a new one replaces it.
--
-- A worker takes a row by setting `lease_until` (microseconds) and adding
-- one to `attempts`; a row whose lease ran out (the server stopped during
-- the job) is taken again, at most three times.
CREATE TABLE library_extractions (
    revision_id BIGINT PRIMARY KEY REFERENCES library_revisions (id) ON DELETE CASCADE,
    item_id BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'done', 'failed', 'unsupported')),
    reason TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    attempts BIGINT NOT NULL DEFAULT 0,
    lease_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX library_extractions_item ON library_extractions (item_id);
CREATE INDEX library_extractions_pending ON library_extractions (created_at)
    WHERE state = 'pending';
