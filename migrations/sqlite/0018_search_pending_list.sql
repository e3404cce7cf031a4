-- Issue 18 point 6: PostgreSQL's migration of this number limits its
-- full-text index's list of pending entries. SQLite's FTS5 index has no
-- such list (it merges its segments as it writes), so there is nothing
-- to do here; the file keeps both engines' migrations numbered alike.
SELECT 1;
