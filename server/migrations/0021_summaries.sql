-- 工作总结 (issue 17): one summary per unit, written by its organisers and submitted once before
-- 10月22日 24:00 China time. The figures are never stored (computed when read); the text is a
-- JSON array of checked blocks (heading / paragraph / bullets / numbers, plain text only).
CREATE TABLE unit_summaries (
  unit_id TEXT PRIMARY KEY REFERENCES units(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  version INTEGER NOT NULL CHECK (version >= 1),
  blocks TEXT NOT NULL,            -- JSON array of SummaryBlock, as checked by routes::summaries
  updated_at INTEGER NOT NULL,     -- unix seconds, server clock
  updated_by TEXT NOT NULL REFERENCES users(id),
  submitted_at INTEGER,
  submitted_by TEXT REFERENCES users(id),
  CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
) WITHOUT ROWID;

-- Attachments in display order; an upload serves one attachment at most (and no post, entry or
-- cover: db::topics::upload_in_use and the purge know this table).
CREATE TABLE summary_attachments (
  unit_id TEXT NOT NULL REFERENCES unit_summaries(unit_id),
  position INTEGER NOT NULL,
  upload_id TEXT NOT NULL UNIQUE REFERENCES uploads(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,        -- recognised from the bytes
  bytes INTEGER NOT NULL CHECK (bytes >= 1),
  PRIMARY KEY (unit_id, position)
) WITHOUT ROWID;
