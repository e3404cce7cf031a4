-- The shared library of each space: folders, files and notes, with every
-- revision kept (sqlite flavour; the PostgreSQL file differs only in
-- identity columns).

-- File contents, by the SHA-256 of their bytes: identical bytes are stored
-- once, under blobs/ in the object store. A blob no revision uses any more is
-- removed by the collector, an hour after it was last used.
CREATE TABLE blobs (
    hash TEXT PRIMARY KEY,                      -- hex SHA-256
    size BIGINT NOT NULL,
    media_type TEXT NOT NULL,                   -- sniffed from the bytes
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL
);

CREATE TABLE library_items (
    id INTEGER PRIMARY KEY,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES library_items (id) ON DELETE CASCADE, -- a folder; NULL: the top
    kind TEXT NOT NULL CHECK (kind IN ('folder', 'file', 'note')),
    ap_id TEXT UNIQUE,                          -- items of other instances
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'validated', 'cancelled', 'deprecated')),
    created_by BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES accounts (id),
    updated_at BIGINT NOT NULL,                 -- last change of anything
    archived_at BIGINT,
    deleted_at BIGINT,                          -- a tombstone: revisions are gone
    -- Items of other instances: where to read or download them.
    remote_url TEXT,
    remote_media_type TEXT,
    remote_html TEXT
);
CREATE INDEX library_items_folder ON library_items (space_id, parent_id);
CREATE INDEX library_items_recent ON library_items (space_id, updated_at);

CREATE TABLE library_tags (
    item_id BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (item_id, tag)
);
CREATE INDEX library_tags_tag ON library_tags (tag);

-- Every change of a file or a note: a file revision names a blob, a note
-- revision holds its markdown.
CREATE TABLE library_revisions (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    number BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    size BIGINT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    blob_hash TEXT REFERENCES blobs (hash),
    filename TEXT,
    body TEXT,
    UNIQUE (item_id, number),
    CHECK ((blob_hash IS NULL AND body IS NOT NULL) OR (blob_hash IS NOT NULL AND body IS NULL))
);
CREATE INDEX library_revisions_blob ON library_revisions (blob_hash);

CREATE TABLE library_comments (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES library_items (id) ON DELETE CASCADE,
    author_id BIGINT NOT NULL REFERENCES accounts (id),
    body_source TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    edited_at BIGINT,
    deleted_at BIGINT
);
CREATE INDEX library_comments_item ON library_comments (item_id, id);
