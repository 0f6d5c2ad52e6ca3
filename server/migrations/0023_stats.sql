-- 统计 (issue 17): the ratings of every activity are summed per activity for /stats; with the
-- stars in the index that is a scan of the index alone, not a million row lookups.
CREATE INDEX feedback_stars ON feedback(activity_id, stars);
