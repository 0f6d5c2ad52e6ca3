-- A published registered activity shows its organiser's cover (a finished upload checked as a
-- JPEG, PNG or WebP of at most 5 MiB) at /media/covers/activities/{id}; seeded activities keep
-- their generated SVG covers (NULL here).
ALTER TABLE activities ADD COLUMN cover_upload_id TEXT;
