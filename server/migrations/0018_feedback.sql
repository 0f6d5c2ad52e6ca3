-- 反馈评价 (issue 17): one rating (1–5 stars, an optional comment) per user per activity,
-- changeable; comments go through 内容审核 before others see them; the audit log learns the
-- item kind 'feedback'.

-- comment NULL: no comment (comment_status NULL too). comment_at: when the comment last
-- changed, the moderation queue's order.
CREATE TABLE feedback (
  seq INTEGER PRIMARY KEY,         -- id = fb_{seq:06}
  activity_id TEXT NOT NULL REFERENCES activities(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment TEXT,
  comment_status TEXT CHECK (comment_status IN ('pending', 'approved', 'rejected')),
  comment_at INTEGER,
  created_at INTEGER NOT NULL,     -- unix seconds, server clock
  updated_at INTEGER NOT NULL,
  UNIQUE (activity_id, user_id),
  CHECK ((comment IS NULL) = (comment_status IS NULL))
);
CREATE INDEX feedback_by_activity ON feedback(activity_id, updated_at, seq);
CREATE INDEX feedback_approved ON feedback(activity_id, updated_at, seq)
  WHERE comment_status = 'approved';
CREATE INDEX feedback_pending ON feedback(comment_at, seq) WHERE comment_status = 'pending';

-- Every rating written (PUT), for the per-user rate limit; rows older than a minute go.
CREATE TABLE feedback_writes (
  user_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX feedback_writes_by_user ON feedback_writes(user_id, at_ms);

-- SQLite cannot change a CHECK: the audit log is rebuilt with item kind 'feedback' allowed.
DROP TRIGGER moderation_audit_no_update;
DROP TRIGGER moderation_audit_no_delete;
CREATE TABLE moderation_audit_new (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  moderator_id TEXT REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'hide', 'restore', 'dismiss',
    'hold', 'mute', 'add-word', 'remove-word')),
  item_kind TEXT NOT NULL CHECK (item_kind IN ('entry', 'post', 'user', 'word', 'feedback')),
  item_id TEXT NOT NULL,
  reason TEXT,
  note TEXT
);
INSERT INTO moderation_audit_new SELECT seq, at, moderator_id, action, item_kind, item_id, reason, note
  FROM moderation_audit;
DROP TABLE moderation_audit;
ALTER TABLE moderation_audit_new RENAME TO moderation_audit;
CREATE INDEX moderation_audit_by_item ON moderation_audit(item_id, seq);
CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit
BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;
CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit
BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;
