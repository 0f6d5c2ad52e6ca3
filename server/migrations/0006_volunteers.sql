-- 点赞科技志愿 (volunteers): volunteers and teams, their likes (once per user, volunteer and China
-- date), per-day like totals for the leaderboard, and the Idempotency-Key store every counting
-- write shares.
CREATE TABLE volunteers (
  seq INTEGER PRIMARY KEY,         -- id = vol_{seq:04}, so seq order is id order
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'team')),
  organization TEXT NOT NULL,
  province_code TEXT NOT NULL REFERENCES provinces(code),
  city_code TEXT REFERENCES cities(code),
  service_areas TEXT NOT NULL,     -- JSON array of strings
  service_hours REAL NOT NULL,
  story TEXT NOT NULL,
  joined_at INTEGER NOT NULL,      -- unix seconds
  like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0)  -- all-time, kept by each like
);
-- The two list orders, nationwide and per province, page straight off an index.
CREATE INDEX volunteers_by_likes ON volunteers(-like_count, seq);
CREATE INDEX volunteers_by_joined ON volunteers(joined_at, seq);
CREATE INDEX volunteers_by_province ON volunteers(province_code, -like_count, seq);

-- One row per accepted like. The key is the once-per-day rule (UNIQUE user, volunteer, China
-- date) and, by its prefix, answers "how many likes has this user given today".
CREATE TABLE volunteer_likes (
  user_id TEXT NOT NULL REFERENCES users(id),
  china_date TEXT NOT NULL,        -- YYYY-MM-DD in UTC+08:00
  volunteer_seq INTEGER NOT NULL REFERENCES volunteers(seq),
  liked_at INTEGER NOT NULL,       -- unix seconds
  PRIMARY KEY (user_id, china_date, volunteer_seq)
) WITHOUT ROWID;

-- Likes per volunteer per China date, kept in the like's transaction: the leaderboard reads a
-- range of this key (china_date, volunteer) and sums at most 7 × volunteers rows instead of
-- counting every like. Seeded history lives only here.
CREATE TABLE volunteer_like_days (
  china_date TEXT NOT NULL,
  volunteer_seq INTEGER NOT NULL REFERENCES volunteers(seq),
  likes INTEGER NOT NULL CHECK (likes >= 0),
  PRIMARY KEY (china_date, volunteer_seq)
) WITHOUT ROWID;

-- Idempotency-Key (src/idempotency.rs): a key is scoped to the caller, method and path; the
-- stored response is replayed for 24 hours. status is NULL while the first request runs.
CREATE TABLE idempotency_keys (
  user_id TEXT NOT NULL,           -- usr_… or 'anonymous'
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,      -- SHA-256 of the body
  status INTEGER,
  location TEXT,
  response_body BLOB,
  created_at INTEGER NOT NULL,     -- unix seconds, server clock
  PRIMARY KEY (user_id, method, path, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at);
