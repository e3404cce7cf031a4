-- Issue 18 point 6: a search must not read through a long list of new
-- entries. GIN keeps new entries in a pending list, unsorted, until the
-- list reaches `gin_pending_list_limit` (4 MB by default) or a VACUUM
-- merges it into the tree; every search reads the whole list. On the
-- benchmark's archive of 100,000 entries the list held ~1,000 entries in
-- ~300 pages and cost each scan of the index ~5 ms, against 0.7 ms with
-- the list merged: more than all the rest of the search. With autovacuum
-- the list is merged only every ~20 % of new rows, so a busy server
-- keeps a list of that size most of the time.
--
-- 128 kB keeps the list to a few dozen entries (a scan reads it in a
-- fraction of a millisecond), while new entries are still merged in
-- batches: in psql, 1,500 inserts cost 3.3 ms each with the default list,
-- 4.4 ms with this one, 4.7 ms with no list at all (`fastupdate = off`).
-- See docs/benchmarks.md.
ALTER INDEX search_entries_document SET (gin_pending_list_limit = 128);
-- And what is pending now, merged once (PostgreSQL would wait for the
-- next insert, or VACUUM).
SELECT gin_clean_pending_list('search_entries_document');
