-- Issue 18 point 6: SQLite's migration of this number turns its
-- full-text table's rowids around so that FTS5 walks the newest entries
-- first, forwards. PostgreSQL's GIN index has no such order (a search
-- reads it a window of ids at a time: src/search/postgres.rs), so there
-- is nothing to do here; the file keeps both engines' migrations
-- numbered alike.
SELECT 1;
