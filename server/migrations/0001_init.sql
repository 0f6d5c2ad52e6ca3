-- Reference data and activities (walking skeleton + activity search).
CREATE TABLE provinces (
  code TEXT PRIMARY KEY,           -- GB/T 2260 six digits
  name TEXT NOT NULL,
  short_name TEXT NOT NULL,
  sort INTEGER NOT NULL
);

CREATE TABLE cities (
  code TEXT PRIMARY KEY,
  province_code TEXT NOT NULL REFERENCES provinces(code),
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
);
CREATE INDEX cities_by_province ON cities(province_code, sort);

CREATE TABLE themes (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  color TEXT NOT NULL,
  sort INTEGER NOT NULL
);

CREATE TABLE event_kinds (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
);

CREATE TABLE activities (
  seq INTEGER PRIMARY KEY,         -- also the rowid of activities_fts
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  theme_id TEXT NOT NULL REFERENCES themes(id),
  event_kind_id TEXT NOT NULL REFERENCES event_kinds(id),
  format TEXT NOT NULL CHECK (format IN ('online', 'offline', 'hybrid')),
  starts_at INTEGER NOT NULL,      -- unix seconds
  ends_at INTEGER NOT NULL,
  organizer_name TEXT NOT NULL,
  organizer_type TEXT NOT NULL,
  province_code TEXT REFERENCES provinces(code),
  city_code TEXT REFERENCES cities(code),
  venue_name TEXT,
  venue_address TEXT,
  online_url TEXT,
  registration_required INTEGER NOT NULL DEFAULT 0,
  capacity INTEGER,
  registered INTEGER NOT NULL DEFAULT 0,
  popularity INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX activities_by_start ON activities(starts_at);
CREATE INDEX activities_by_theme ON activities(theme_id, starts_at);
CREATE INDEX activities_by_province ON activities(province_code, city_code, starts_at);
CREATE INDEX activities_by_format ON activities(format, starts_at);
CREATE INDEX activities_by_kind ON activities(event_kind_id, starts_at);
CREATE INDEX activities_by_organizer_type ON activities(organizer_type);
CREATE INDEX activities_by_popularity ON activities(popularity DESC);

-- Full-text index for keyword search; trigram handles CJK substrings of 3+ characters.
CREATE VIRTUAL TABLE activities_fts USING fts5(
  title, summary, organizer, venue,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
