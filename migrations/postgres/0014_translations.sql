-- Issue 18: machine translations of content, cached.

-- One row per translated text: a post, comment, event or library note
-- (`kind`, `ref_id`), in the version that was sent (`source_hash`: the
-- SHA-256 of the source language, title and HTML body sent, so an edit
-- makes a new row), into one language (`target`). Written and read only by
-- `translation::cache`; older versions of the same text and language are
-- removed when a new one is stored. There is no foreign key: the content
-- comes from four tables. Rows of deleted content are never shown (the
-- content is looked up first) and go with the next version or stay small.
CREATE TABLE translations (
    kind TEXT NOT NULL CHECK (kind IN ('post', 'comment', 'event', 'library_note')),
    ref_id BIGINT NOT NULL,
    source_hash TEXT NOT NULL,
    target TEXT NOT NULL,                       -- the reader's language, e.g. 'en'
    source_language TEXT NOT NULL,              -- as given or as the server detected it
    title TEXT NOT NULL,                        -- plain text; '' for comments
    body_html TEXT NOT NULL,                    -- sanitised before it was stored
    created_at BIGINT NOT NULL,
    PRIMARY KEY (kind, ref_id, target, source_hash)
);
