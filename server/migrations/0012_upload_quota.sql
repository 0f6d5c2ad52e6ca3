-- Upload quotas and the purge of unused uploads (issue 13): a user's unfinished uploads are
-- counted at every creation, and finished uploads are scanned by age on a timer.
CREATE INDEX uploads_unfinished_by_user ON uploads(user_id) WHERE finished_at IS NULL AND purged = 0;
CREATE INDEX uploads_finished_by_age ON uploads(finished_at) WHERE finished_at IS NOT NULL AND purged = 0;
