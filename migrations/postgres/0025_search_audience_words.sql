-- Issue 18 point 6: a word the searcher may not see costs them nothing.
--
-- Until now each entry's document held its words and, beside them, the
-- lexeme `|<audience>` (migration 0016): a search asked for the words AND
-- any of the searcher's audiences, and GIN intersected the two. A word
-- common in private spaces but searched by a visitor (`court`, on the
-- benchmark's archive) had its whole posting list walked and checked
-- against `|public`, to find nothing: 7–8 ms of index scan per window
-- on a quiet server, the slowest searches under load.
--
-- Now every word carries its audience in its lexeme (`public|court`,
-- `s7|court`, `everyone|court`), and a search names the forms it may see
-- (src/search/query.rs): a word nobody may show the searcher has an
-- empty posting list. The bucket lexeme `|b<id / 1024>` stays, for the
-- windows of src/search/postgres.rs. The SQLite file of the same number
-- does nothing: FTS5 already keeps the audience in a column of its own.
--
-- A generated column cannot hold a subquery, so the document is built by
-- an immutable SQL function (the same tokens, audience and id always give
-- the same document).
CREATE FUNCTION search_document(tokens TEXT, audience TEXT, id BIGINT) RETURNS TSVECTOR
    LANGUAGE SQL IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT array_to_tsvector(ARRAY(
        SELECT audience || '|' || word
        FROM unnest(tsvector_to_array(to_tsvector('simple', tokens))) AS word
    ) || ('|b' || (id / 1024))) $$;

DROP INDEX search_entries_document;
ALTER TABLE search_entries DROP COLUMN document;
ALTER TABLE search_entries ADD COLUMN document TSVECTOR
    GENERATED ALWAYS AS (search_document(tokens, audience, id)) STORED;
CREATE INDEX search_entries_document ON search_entries USING GIN (document)
    WITH (gin_pending_list_limit = 128);

ANALYZE search_entries;
