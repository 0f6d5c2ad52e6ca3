-- 话题互动 (topics): topics, their posts (plain text, soft-deleted so counts stay coherent), post
-- likes and reports, and one optional poll per topic with its options and votes. Counts shown
-- per topic (posts, participants, latest post) are computed over posts that are not deleted.
CREATE TABLE topics (
  seq INTEGER PRIMARY KEY,         -- id = tp_{seq:03}
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  hashtag TEXT NOT NULL,           -- with the #…# marks
  description TEXT NOT NULL,
  color TEXT NOT NULL,             -- the generated cover's colour
  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  created_at INTEGER NOT NULL      -- unix seconds
);

CREATE TABLE posts (
  seq INTEGER PRIMARY KEY,         -- id = po_{seq:06}; grows with time, the order's tiebreak
  id TEXT NOT NULL UNIQUE,
  topic_seq INTEGER NOT NULL REFERENCES topics(seq),
  user_id TEXT NOT NULL REFERENCES users(id),
  text TEXT NOT NULL,              -- plain text, trimmed, 1–500 Unicode scalar values
  image_url TEXT,
  like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0),  -- seeded likes + post_likes
  created_ms INTEGER NOT NULL,     -- unix milliseconds, server clock
  deleted_ms INTEGER               -- set by the author's DELETE; such posts are never listed
);
-- Both list orders page straight off an index; new-count and `since` use the first.
CREATE INDEX posts_latest ON posts(topic_seq, created_ms, seq) WHERE deleted_ms IS NULL;
CREATE INDEX posts_hot ON posts(topic_seq, like_count, created_ms, seq) WHERE deleted_ms IS NULL;
CREATE INDEX posts_by_author ON posts(topic_seq, user_id) WHERE deleted_ms IS NULL;
-- The per-user rate limit (deleted posts still count).
CREATE INDEX posts_by_user_time ON posts(user_id, created_ms);

CREATE TABLE post_likes (
  post_seq INTEGER NOT NULL REFERENCES posts(seq),
  user_id TEXT NOT NULL REFERENCES users(id),
  liked_at INTEGER NOT NULL,       -- unix seconds
  PRIMARY KEY (post_seq, user_id)
) WITHOUT ROWID;
CREATE INDEX post_likes_by_user ON post_likes(user_id, post_seq);

CREATE TABLE post_reports (
  seq INTEGER PRIMARY KEY,         -- id = rpt_{seq:06}
  id TEXT NOT NULL UNIQUE,
  post_seq INTEGER NOT NULL REFERENCES posts(seq),
  user_id TEXT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL CHECK (reason IN ('spam', 'abuse', 'false_info', 'other')),
  note TEXT,
  created_at INTEGER NOT NULL,     -- unix seconds
  UNIQUE (post_seq, user_id)       -- one report per user per post
);

CREATE TABLE polls (
  seq INTEGER PRIMARY KEY,         -- id = poll_{seq:03}
  id TEXT NOT NULL UNIQUE,
  topic_seq INTEGER NOT NULL UNIQUE REFERENCES topics(seq),
  question TEXT NOT NULL,
  max_choices INTEGER NOT NULL CHECK (max_choices >= 1),
  closes_at INTEGER,               -- unix seconds; past it (server clock) the poll is closed
  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),  -- closed by hand
  voters INTEGER NOT NULL DEFAULT 0 CHECK (voters >= 0)  -- seeded voters + poll_votes' users
);

CREATE TABLE poll_options (
  seq INTEGER PRIMARY KEY,         -- id = opt_{seq}
  id TEXT NOT NULL UNIQUE,
  poll_seq INTEGER NOT NULL REFERENCES polls(seq),
  label TEXT NOT NULL,
  sort INTEGER NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0)  -- seeded votes + poll_votes' rows
);
CREATE INDEX poll_options_by_poll ON poll_options(poll_seq, sort);

-- One row per chosen option; a user has voted in a poll when any row has their id.
CREATE TABLE poll_votes (
  poll_seq INTEGER NOT NULL REFERENCES polls(seq),
  user_id TEXT NOT NULL REFERENCES users(id),
  option_seq INTEGER NOT NULL REFERENCES poll_options(seq),
  voted_at INTEGER NOT NULL,       -- unix seconds
  PRIMARY KEY (poll_seq, user_id, option_seq)
) WITHOUT ROWID;
