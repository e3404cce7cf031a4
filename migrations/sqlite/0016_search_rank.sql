-- Issue 18 point 6: what a search needs from each candidate, without
-- reading more of it than that (SQLite flavour; the PostgreSQL file of
-- the same name does the same with its tsvector).
--
-- `token_count` is the number of tokens (the title's and the rest, not
-- the marker between them), written by `search::index` with the tokens:
-- ranking weighs an entry's occurrences against its length, which it
-- took before from the length of the whole `tokens` text, counted for
-- each candidate of each search. Existing entries get it here, counted
-- from their tokens (one space between tokens; the title marker is one
-- of them when present).
ALTER TABLE search_entries ADD COLUMN token_count BIGINT NOT NULL DEFAULT 0;
UPDATE search_entries SET token_count =
    LENGTH(tokens) - LENGTH(REPLACE(tokens, ' ', '')) + 1
    - CASE WHEN tokens LIKE '%|%' THEN 1 ELSE 0 END
    WHERE tokens <> '';

-- `audience` says who could open the entry at most, as one word in a
-- column of the full-text index of its own: `everyone` (no space: a
-- person, whose profile's visibility is checked at query time),
-- `public` (a public space) or `s<id>` (a private space). A search asks
-- the engine for its words *and* one of the audiences the searcher
-- belongs to, so that content they could not open is left out inside
-- the full-text index, before a row is read: a visitor's search for a
-- word common only in private spaces costs what a search for a word
-- found nowhere costs. It only narrows: the visibility conditions of
-- `search::query` still decide, row by row. A space's visibility never
-- changes, so neither does an entry's audience.
ALTER TABLE search_entries ADD COLUMN audience TEXT NOT NULL DEFAULT '';
UPDATE search_entries SET audience = CASE
    WHEN space_id IS NULL THEN 'everyone'
    WHEN EXISTS (SELECT 1 FROM spaces s WHERE s.id = search_entries.space_id
                 AND s.visibility = 'public') THEN 'public'
    ELSE 's' || space_id END;

DROP TRIGGER search_entries_insert;
DROP TRIGGER search_entries_delete;
DROP TRIGGER search_entries_update;
DROP TABLE search_text;
CREATE VIRTUAL TABLE search_text USING fts5 (
    tokens,
    audience,
    content = 'search_entries',
    content_rowid = 'id',
    tokenize = 'ascii'
);
INSERT INTO search_text (search_text) VALUES ('rebuild');

CREATE TRIGGER search_entries_insert AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_text (rowid, tokens, audience)
        VALUES (new.id, new.tokens, new.audience);
END;
CREATE TRIGGER search_entries_delete AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_text (search_text, rowid, tokens, audience)
        VALUES ('delete', old.id, old.tokens, old.audience);
END;
CREATE TRIGGER search_entries_update AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_text (search_text, rowid, tokens, audience)
        VALUES ('delete', old.id, old.tokens, old.audience);
    INSERT INTO search_text (rowid, tokens, audience)
        VALUES (new.id, new.tokens, new.audience);
END;

-- A search leaves out what authors of a suspended instance wrote: the
-- few such accounts are read once per search through this index rather
-- than every candidate's author looked up.
CREATE INDEX accounts_hidden ON accounts (id) WHERE federation_state >= 2;
