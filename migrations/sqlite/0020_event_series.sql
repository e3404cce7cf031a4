-- Issue 17 point 3: recurring events (same in both flavours).
--
-- A series is an iCalendar RRULE (`FREQ=MONTHLY;BYDAY=2TU`) read in the
-- event's zone from its first start, so that 10:00 in New York stays
-- 10:00 across daylight-saving changes. Each occurrence is an ordinary
-- row of `events` (registration, reminders, changes, federation and
-- search work per occurrence), created ahead of time up to a horizon
-- and topped up as time passes. Written only by `events::series`.
CREATE TABLE event_series (
    id BIGINT PRIMARY KEY,                      -- random, like events' ids
    space_id BIGINT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    rule TEXT NOT NULL,                         -- the RRULE value
    timezone TEXT NOT NULL,                     -- IANA, the rule's zone
    first_start TEXT NOT NULL,                  -- local DTSTART, 20260113T100000
    duration BIGINT NOT NULL,                   -- microseconds
    ended BIGINT NOT NULL DEFAULT 0 CHECK (ended IN (0, 1)),  -- no more to create
    created_at BIGINT NOT NULL
);
CREATE INDEX event_series_open ON event_series (ended);

-- An occurrence's series, and its start by the rule (UTC microseconds):
-- its RECURRENCE-ID, kept when the occurrence is moved, so a moved or
-- cancelled occurrence is an exception and never created again.
ALTER TABLE events ADD COLUMN series_id BIGINT REFERENCES event_series (id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN recurrence_id BIGINT;
CREATE UNIQUE INDEX events_series_occurrence ON events (series_id, recurrence_id);
