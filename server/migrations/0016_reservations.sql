-- 预约报名 (issue 18): reservations of offline and hybrid activities, their waitlist and
-- check-ins. `activities.registered` counts the people of confirmed and checked-in reservations
-- (places taken; seeded activities start with some taken outside the app) and is kept by the
-- same transactions that change reservations, so capacity is checked against one row.

-- The reservation window (unix seconds): NULL opens_at = open since publication, NULL
-- close_at = the activity's starts_at. Exclusive close.
ALTER TABLE activities ADD COLUMN reservations_open_at INTEGER;
ALTER TABLE activities ADD COLUMN reservations_close_at INTEGER;

CREATE TABLE reservations (
  seq INTEGER PRIMARY KEY,         -- queue order of the waitlist
  id TEXT NOT NULL UNIQUE,
  activity_id TEXT NOT NULL REFERENCES activities(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  party_size INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 3),
  status TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled', 'checked_in')),
  -- Set when confirmed (kept after a cancellation, so a cancelled code is recognised).
  code TEXT,
  promoted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  cancelled_at INTEGER,
  checked_in_at INTEGER
);
-- One active reservation per user and activity, whatever the races.
CREATE UNIQUE INDEX reservations_one_active ON reservations(activity_id, user_id)
  WHERE status != 'cancelled';
CREATE UNIQUE INDEX reservations_by_code ON reservations(activity_id, code) WHERE code IS NOT NULL;
CREATE INDEX reservations_queue ON reservations(activity_id, status, seq);
CREATE INDEX reservations_by_user ON reservations(user_id, seq);
