-- Livestreams (直播). `status` is not stored: it follows from starts_at/ends_at and the server
-- clock. Viewer and view counts are derived from `audience` and the clock.
CREATE TABLE livestreams (
  seq INTEGER PRIMARY KEY,         -- keyset tiebreak; ls_NNNN = seq
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  theme_id TEXT NOT NULL REFERENCES themes(id),
  organizer_name TEXT NOT NULL,
  organizer_type TEXT NOT NULL,
  starts_at INTEGER NOT NULL,      -- unix seconds
  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
  audience INTEGER NOT NULL CHECK (audience > 0),  -- peak viewers, drives the counts
  clip TEXT NOT NULL               -- sample media file in server/media/ (stream-a, …)
);
CREATE INDEX livestreams_by_start ON livestreams(starts_at, seq);
CREATE INDEX livestreams_by_end ON livestreams(ends_at);
CREATE INDEX livestreams_by_theme ON livestreams(theme_id, starts_at, seq);
