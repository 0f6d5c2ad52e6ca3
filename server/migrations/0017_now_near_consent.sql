-- Issue 20: near me (city centres and known venue positions, the account's city), consent
-- (which 用户协议 / 隐私政策 versions each user agreed to, and when), and challenge ages
-- (non-overlapping categories; an entry's age and its guardian's consent under 14).
-- Positions are WGS 84 degrees, filled by seed::geo on every start (idempotent).
ALTER TABLE cities ADD COLUMN lat REAL;
ALTER TABLE cities ADD COLUMN lng REAL;

-- Real venues whose position is known; activities at a venue of this name get its position.
CREATE TABLE venue_points (
  name TEXT PRIMARY KEY,
  lat REAL NOT NULL,
  lng REAL NOT NULL
) WITHOUT ROWID;

ALTER TABLE users ADD COLUMN city_code TEXT REFERENCES cities(code);

-- Append-only: one row per user and pair of versions, at the first login agreeing to them.
CREATE TABLE user_agreements (
  user_id TEXT NOT NULL REFERENCES users(id),
  terms TEXT NOT NULL,
  privacy TEXT NOT NULL,
  agreed_at INTEGER NOT NULL,        -- unix seconds, server clock
  PRIMARY KEY (user_id, terms, privacy)
) WITHOUT ROWID;
CREATE INDEX user_agreements_latest ON user_agreements(user_id, agreed_at);

ALTER TABLE challenge_categories ADD COLUMN min_age INTEGER;
ALTER TABLE challenge_categories ADD COLUMN max_age INTEGER;

-- The entrant's age and, under 14, the guardian's consent (never shown publicly).
CREATE TABLE entry_consents (
  entry_id TEXT PRIMARY KEY REFERENCES entries(id),
  age INTEGER NOT NULL CHECK (age BETWEEN 0 AND 120),
  guardian_name TEXT,
  guardian_relation TEXT CHECK (guardian_relation IN ('father', 'mother', 'guardian')),
  consented_at INTEGER NOT NULL
) WITHOUT ROWID;
