-- Issue 19 points 4 and 5: pictures and files on posts and comments, and
-- profile pictures. Written only by `media`.
--
-- A picture is kept as three variants, each re-encoded without metadata
-- (`media::images`): full (at most 2048 px a side), phone (1080) and
-- thumbnail (400). A file is kept as sent. Bytes live in the object store
-- as blobs, like library files, so identical bytes are stored once and the
-- collector removes them when nothing uses them.
--
-- An attachment belongs to one post, one comment or one profile; until
-- then (uploaded through the API, not yet used) only its owner sees it,
-- and the collector removes it after a day.
CREATE TABLE media (
    id BIGINT PRIMARY KEY,                      -- random, like every public id
    owner_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    post_id BIGINT REFERENCES posts (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    avatar_of BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    position BIGINT NOT NULL DEFAULT 0,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,                   -- of the full variant, or of the file
    size BIGINT NOT NULL,
    description TEXT NOT NULL DEFAULT '',       -- alt text, as the author wrote it
    blob_hash TEXT REFERENCES blobs (hash),     -- the file, or the full picture; NULL: remote, not fetched
    width BIGINT,
    height BIGINT,
    phone_hash TEXT REFERENCES blobs (hash),
    phone_width BIGINT,
    phone_height BIGINT,
    thumb_hash TEXT REFERENCES blobs (hash),
    thumb_width BIGINT,
    thumb_height BIGINT,
    remote_url TEXT,                            -- an attachment of another server's post or comment
    created_at BIGINT NOT NULL
);
CREATE INDEX media_post ON media (post_id, position) WHERE post_id IS NOT NULL;
CREATE INDEX media_comment ON media (comment_id, position) WHERE comment_id IS NOT NULL;
CREATE UNIQUE INDEX media_avatar ON media (avatar_of) WHERE avatar_of IS NOT NULL;
CREATE INDEX media_unattached ON media (created_at)
    WHERE post_id IS NULL AND comment_id IS NULL AND avatar_of IS NULL;
CREATE INDEX media_blob ON media (blob_hash);
CREATE INDEX media_phone ON media (phone_hash);
CREATE INDEX media_thumb ON media (thumb_hash);

-- Issue 19 point 6: posts being written, saved to finish later. Only their
-- author sees them; nothing of a draft federates, notifies or is indexed.
-- Written only by `posts::drafts`. Pictures and files chosen for a draft
-- wait in `media` with its draft_id, and are attached when it is published.
CREATE TABLE post_drafts (
    id BIGINT PRIMARY KEY,                      -- random
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    language TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX post_drafts_author ON post_drafts (account_id, updated_at);
ALTER TABLE media ADD COLUMN draft_id BIGINT REFERENCES post_drafts (id) ON DELETE CASCADE;
CREATE INDEX media_draft ON media (draft_id) WHERE draft_id IS NOT NULL;
