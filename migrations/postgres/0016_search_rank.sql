-- Issue 18 point 6: what a search needs from each candidate, without
-- reading more of it than that (PostgreSQL flavour; see the SQLite file
-- of the same name for the reasons, which are the same).
ALTER TABLE search_entries ADD COLUMN token_count BIGINT NOT NULL DEFAULT 0;
UPDATE search_entries SET token_count =
    LENGTH(tokens) - LENGTH(REPLACE(tokens, ' ', '')) + 1
    - CASE WHEN tokens LIKE '%|%' THEN 1 ELSE 0 END
    WHERE tokens <> '';

ALTER TABLE search_entries ADD COLUMN audience TEXT NOT NULL DEFAULT '';
UPDATE search_entries SET audience = CASE
    WHEN space_id IS NULL THEN 'everyone'
    WHEN EXISTS (SELECT 1 FROM spaces s WHERE s.id = search_entries.space_id
                 AND s.visibility = 'public') THEN 'public'
    ELSE 's' || space_id END;

-- The document again, with two more lexemes that no text can make (the
-- parser splits words at `|`): `|` and the audience, and `|b` and the
-- entry's id divided by 1,024, its bucket, by which a search reads the
-- newest entries first (`search::query::BUCKET`); and without positions
-- (no query asks for phrases; ranking is done in Rust), which makes each
-- row's tsvector a third smaller. The GIN index keeps PostgreSQL's
-- defaults, as migration 0013's did: new entries wait in its pending list
-- (up to 4 MB) and are merged in batches. Writing them straight into the
-- tree (`fastupdate = off`), or merging every 256 kB, made each post's
-- write cost grow with the archive (8–17 ms at 50,000 entries, against
-- a flat 3.7 ms); see docs/benchmarks.md.
DROP INDEX search_entries_document;
ALTER TABLE search_entries DROP COLUMN document;
ALTER TABLE search_entries ADD COLUMN document TSVECTOR GENERATED ALWAYS AS (
    strip(to_tsvector('simple', tokens))
        || array_to_tsvector(ARRAY['|' || audience, '|b' || (id / 1024)])
) STORED;
CREATE INDEX search_entries_document ON search_entries USING GIN (document);

CREATE INDEX accounts_hidden ON accounts (id) WHERE federation_state >= 2;

-- The planner's statistics of the rewritten table, for the next search.
ANALYZE search_entries;
