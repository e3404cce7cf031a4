-- Issue 18: search (SQLite flavour; the PostgreSQL file of the same name
-- holds the same table, with a tsvector column where this one has FTS5).

-- One row per searchable thing: a post, a comment, an event, a library
-- item, a space, a person. Written only by `search::index`, in the same
-- transaction as the content it describes, and rebuilt from the content
-- tables by `agora admin reindex`.
--
-- `tokens` is the text as Rust's normaliser left it (folded, stemmed in
-- the entry's language, one space between tokens of letters and digits
-- only): the engine has nothing to decide. `title` and `body` are the
-- plain text, for the highlighted excerpts of results.
CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL
        CHECK (kind IN ('post', 'comment', 'event', 'library_item', 'space', 'person')),
    ref_id BIGINT NOT NULL,                     -- the id of the post, comment, …
    parent_id BIGINT,                           -- a comment's post
    space_id BIGINT REFERENCES spaces (id) ON DELETE CASCADE,  -- NULL for people
    author_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE, -- a person's own id
    language TEXT NOT NULL,                     -- BCP 47, lowercased; 'und' when unknown
    created_at BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tokens TEXT NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE INDEX search_entries_space ON search_entries (space_id);
CREATE INDEX search_entries_author ON search_entries (author_id);
CREATE INDEX search_entries_parent ON search_entries (parent_id) WHERE parent_id IS NOT NULL;

-- The full-text index over `tokens`, kept in step by the triggers below.
-- The `ascii` tokenizer splits on ASCII spaces and punctuation only and
-- takes every other character as part of a word: our tokens reach it
-- finished, in any script.
CREATE VIRTUAL TABLE search_text USING fts5 (
    tokens,
    content = 'search_entries',
    content_rowid = 'id',
    tokenize = 'ascii'
);

CREATE TRIGGER search_entries_insert AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_text (rowid, tokens) VALUES (new.id, new.tokens);
END;
CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_text (search_text, rowid, tokens) VALUES ('delete', old.id, old.tokens);
END;
CREATE TRIGGER search_entries_update AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_text (search_text, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    INSERT INTO search_text (rowid, tokens) VALUES (new.id, new.tokens);
END;
