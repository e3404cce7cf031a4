-- Identifiers that tell nothing: spaces, posts, comments, events, library
-- items and library comments now get random ids (`db::new_id`), so an id in
-- a URL reveals neither how many others exist, nor which are private, nor
-- when it was made. Lists are ordered by creation time, then id, and these
-- indexes serve that order. Ids given before this migration stay as they
-- were. (The PostgreSQL file of the same name is identical.)

DROP INDEX posts_space_live;
CREATE INDEX posts_space_live ON posts (space_id, created_at, id) WHERE deleted_at IS NULL;
-- The public feed: every live post, newest first.
CREATE INDEX posts_live_time ON posts (created_at, id) WHERE deleted_at IS NULL;

DROP INDEX comments_post;
CREATE INDEX comments_post ON comments (post_id, created_at, id);

DROP INDEX library_comments_item;
CREATE INDEX library_comments_item ON library_comments (item_id, created_at, id);

CREATE INDEX spaces_created ON spaces (created_at, id);
