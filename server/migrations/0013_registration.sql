-- 登记填报 (issue 15): units and their members, reviewer and admin roles, activities as their
-- organisers fill them in, and an append-only history of every status change.

-- Public activities: registered ones carry their unit, and may be cancelled (then they stay
-- readable by id but leave search).
ALTER TABLE activities ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
  CHECK (status IN ('published', 'cancelled'));
ALTER TABLE activities ADD COLUMN unit_id TEXT;

CREATE TABLE units (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  province_code TEXT NOT NULL REFERENCES provinces(code),
  city_code TEXT NOT NULL REFERENCES cities(code),
  county_code TEXT,
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  society_id TEXT REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),
  return_reason TEXT,
  -- Fields saved since the last status change (JSON array), written into the next history row.
  changed_fields TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX units_by_province ON units(province_code, status, seq);
CREATE INDEX units_by_society ON units(society_id, status, seq);

CREATE TABLE unit_members (
  unit_id TEXT NOT NULL REFERENCES units(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (unit_id, user_id)
);
CREATE INDEX unit_members_by_user ON unit_members(user_id, unit_id);

-- scope_type '' with admin; 'province' (scope_id a province code) or 'society' (a unit id).
CREATE TABLE roles (
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
  scope_type TEXT NOT NULL DEFAULT '' CHECK (scope_type IN ('', 'province', 'society')),
  scope_id TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, role, scope_type, scope_id)
);

CREATE TABLE registered_activities (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  unit_id TEXT NOT NULL REFERENCES units(id),
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'submitted', 'returned', 'published', 'cancelled')),
  version INTEGER NOT NULL DEFAULT 1,
  title TEXT,
  summary TEXT,
  description TEXT,
  event_kind TEXT,
  themes TEXT NOT NULL DEFAULT '[]',
  audience TEXT,
  format TEXT,
  venue_name TEXT,
  venue_address TEXT,
  province_code TEXT,
  city_code TEXT,
  capacity INTEGER,
  online_url TEXT,
  starts_at INTEGER,
  ends_at INTEGER,
  cover_upload_id TEXT REFERENCES uploads(id),
  marks_confirmed INTEGER NOT NULL DEFAULT 0,
  return_reason TEXT,
  changed_fields TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  submitted_at INTEGER,
  published_at INTEGER
);
CREATE INDEX registered_by_unit ON registered_activities(unit_id, updated_at);
CREATE INDEX registered_by_status ON registered_activities(status, submitted_at);

CREATE TABLE registration_history (
  id INTEGER PRIMARY KEY,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('unit', 'activity')),
  subject_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor_id TEXT NOT NULL REFERENCES users(id),
  actor_role TEXT NOT NULL CHECK (actor_role IN ('organiser', 'reviewer', 'admin')),
  from_status TEXT,
  to_status TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '[]',
  reason TEXT
);
CREATE INDEX registration_history_by_subject ON registration_history(subject_type, subject_id, id);
CREATE TRIGGER registration_history_no_update BEFORE UPDATE ON registration_history
BEGIN SELECT RAISE(ABORT, 'registration_history is append-only'); END;
CREATE TRIGGER registration_history_no_delete BEFORE DELETE ON registration_history
BEGIN SELECT RAISE(ABORT, 'registration_history is append-only'); END;
