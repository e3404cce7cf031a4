-- Issue 19 point 4: other servers' pictures shown as thumbnails. A remote
-- attachment that is a picture waits to be fetched once (`fetch_after`,
-- the time of the next attempt; NULL when there is nothing to do: fetched,
-- given up, or not a picture). The fetch runs in the federation layer
-- (`federation::pictures`) and the result goes through the same processing
-- as an upload (`media::remote`): three variants without metadata.
ALTER TABLE media ADD COLUMN fetch_after BIGINT;
ALTER TABLE media ADD COLUMN fetch_attempts BIGINT NOT NULL DEFAULT 0;
CREATE INDEX media_to_fetch ON media (fetch_after) WHERE fetch_after IS NOT NULL;
UPDATE media SET fetch_after = 0
    WHERE remote_url IS NOT NULL AND blob_hash IS NULL
      AND media_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif');
