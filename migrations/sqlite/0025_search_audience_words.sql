-- Issue 18 point 6: PostgreSQL's migration of this number puts each
-- word's audience into its lexeme. FTS5 keeps the audience in a column
-- of its own (`search_text.audience`, migration 0016) and a query names
-- it (`audience : (...)`), so there is nothing to do here; the file keeps
-- both engines' migrations numbered alike.
SELECT 1;
