-- 活动回顾 (issue 17, 信息完善): what a published activity achieved, filled in by its organiser
-- from its start until 2021-10-22 24:00 China time. One row per activity once saved; its photos
-- and videos are uploads (kept out of the unused-upload purge while they are listed here).

CREATE TABLE activity_results (
  activity_id TEXT PRIMARY KEY REFERENCES activities(id),
  version INTEGER NOT NULL,          -- the ETag "v{version}"; 0 is "never saved"
  participants_offline INTEGER,
  views_online INTEGER,
  links TEXT NOT NULL DEFAULT '[]',  -- JSON [{"title", "url"}], in display order
  updated_at INTEGER NOT NULL,       -- unix seconds, server clock
  updated_by TEXT NOT NULL REFERENCES users(id)
);

-- A photo or video of an activity's results. seq names its public URL
-- (/media/results/{seq}.{ext}), so a kept photo keeps its URL when others change.
CREATE TABLE activity_result_media (
  seq INTEGER PRIMARY KEY,
  activity_id TEXT NOT NULL REFERENCES activities(id),
  kind TEXT NOT NULL CHECK (kind IN ('photo', 'video')),
  position INTEGER NOT NULL,
  upload_id TEXT NOT NULL UNIQUE REFERENCES uploads(id),
  ext TEXT NOT NULL,                 -- jpg | png | webp | mp4 | mov | webm
  width INTEGER,                     -- photos
  height INTEGER,
  duration_seconds REAL              -- videos, when the container says
);
CREATE INDEX activity_result_media_by_activity ON activity_result_media(activity_id, kind, position);
