-- 「点亮好奇心」短视频征集 (challenges): the challenge and its categories, tus uploads (the bytes
-- live in files under --upload-dir, never in the database), entries with their review status,
-- and entry likes (one per user per entry).
CREATE TABLE challenges (
  seq INTEGER PRIMARY KEY,         -- list order
  id TEXT NOT NULL UNIQUE,         -- ch_2021
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  rules TEXT NOT NULL,             -- plain text, lines separated by \n
  starts_at INTEGER NOT NULL,      -- unix seconds
  deadline INTEGER NOT NULL CHECK (deadline > starts_at),
  accepted_containers TEXT NOT NULL,  -- JSON array: mp4, mov, webm
  max_bytes INTEGER NOT NULL CHECK (max_bytes > 0),
  max_duration_seconds INTEGER NOT NULL CHECK (max_duration_seconds > 0)
);

CREATE TABLE challenge_categories (
  challenge_seq INTEGER NOT NULL REFERENCES challenges(seq),
  id TEXT NOT NULL,                -- kids, teens, adults
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  sort INTEGER NOT NULL,
  PRIMARY KEY (challenge_seq, id)
) WITHOUT ROWID;

-- A tus upload. The bytes received so far are the file's length (the file is the truth for the
-- offset); finished_at is set when the last byte arrives. Unfinished uploads expire at
-- expires_at; purged marks one whose file was deleted after it expired.
CREATE TABLE uploads (
  id TEXT PRIMARY KEY,             -- up_ + 20 random hex digits
  user_id TEXT NOT NULL REFERENCES users(id),
  length INTEGER NOT NULL CHECK (length >= 0),
  metadata TEXT,                   -- the raw Upload-Metadata header (informational only)
  created_at INTEGER NOT NULL,     -- unix seconds, server clock
  expires_at INTEGER NOT NULL,
  finished_at INTEGER,
  purged INTEGER NOT NULL DEFAULT 0 CHECK (purged IN (0, 1))
) WITHOUT ROWID;
CREATE INDEX uploads_unfinished_by_expiry ON uploads(expires_at) WHERE finished_at IS NULL AND purged = 0;

CREATE TABLE entries (
  seq INTEGER PRIMARY KEY,         -- id = ent_{seq:04}; grows with time, the orders' tiebreak
  id TEXT NOT NULL UNIQUE,
  challenge_seq INTEGER NOT NULL REFERENCES challenges(seq),
  category_id TEXT NOT NULL,
  author_id TEXT NOT NULL REFERENCES users(id),
  upload_id TEXT UNIQUE REFERENCES uploads(id),  -- NULL for seeded entries; one entry per upload
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  container TEXT NOT NULL CHECK (container IN ('mp4', 'mov', 'webm')),
  playback_url TEXT,               -- seeded entries' clip; NULL = /media/entries/{id}.{container}
  duration_seconds REAL,           -- from the container; NULL when it carries none
  like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),
  created_at INTEGER NOT NULL,     -- unix seconds
  status TEXT NOT NULL CHECK (status IN ('pending_review', 'approved', 'rejected')),
  reject_reason TEXT,
  FOREIGN KEY (challenge_seq, category_id) REFERENCES challenge_categories(challenge_seq, id)
);
-- The gallery's two orders (approved only, optionally per category) and "my entries".
CREATE INDEX entries_latest ON entries(challenge_seq, created_at, seq) WHERE status = 'approved';
CREATE INDEX entries_popular ON entries(challenge_seq, like_count, created_at, seq) WHERE status = 'approved';
CREATE INDEX entries_by_category ON entries(challenge_seq, category_id, created_at, seq) WHERE status = 'approved';
CREATE INDEX entries_by_author ON entries(author_id, created_at, seq);

-- One like per user per entry: the key makes a repeated like a no-op.
CREATE TABLE entry_likes (
  entry_seq INTEGER NOT NULL REFERENCES entries(seq),
  user_id TEXT NOT NULL REFERENCES users(id),
  liked_at INTEGER NOT NULL,       -- unix seconds
  PRIMARY KEY (entry_seq, user_id)
) WITHOUT ROWID;
CREATE INDEX entry_likes_by_user ON entry_likes(user_id, entry_seq);
