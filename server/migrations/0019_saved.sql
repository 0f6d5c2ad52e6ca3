-- Issue 19: 收藏 — each user's private list of saved activities (newest saved first).
-- A row per user and activity (saving again is a no-op); `activity_seq` follows the public
-- `activities` row, so a cancelled activity stays saved until the user removes it.
CREATE TABLE saved_activities (
  seq INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  activity_seq INTEGER NOT NULL REFERENCES activities(seq),
  saved_at INTEGER NOT NULL,         -- unix seconds, server clock
  UNIQUE (user_id, activity_seq)
);
CREATE INDEX saved_by_user ON saved_activities(user_id, saved_at, seq);
