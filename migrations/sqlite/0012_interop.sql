-- Issue 14: the fediverse takes part.

-- Who on other servers may post and comment in a public space of ours:
-- 'anyone' (what Lemmy users expect: no need to subscribe first) or only
-- its 'followers'. A refusal is answered with a Reject.
ALTER TABLE spaces ADD COLUMN remote_posting TEXT NOT NULL DEFAULT 'anyone'
    CHECK (remote_posting IN ('anyone', 'followers'));

-- What did not leave this instance because it refers to something that is
-- not public, kept so that its author is told why (federation::outbox).
CREATE TABLE held_back (
    object_id TEXT PRIMARY KEY,                 -- the post's (or comment's, …) URL
    url TEXT NOT NULL,                          -- the URL of ours that is not public
    created_at BIGINT NOT NULL
);

-- Remote groups (a NodeBB category, say) following a public space of ours;
-- `group_id` is our copy of the group (a remote `spaces` row). People
-- following are in `space_followers`.
CREATE TABLE space_group_followers (
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    follow_id TEXT NOT NULL,                    -- their Follow's id
    created_at BIGINT NOT NULL,
    PRIMARY KEY (space_id, group_id)
);
