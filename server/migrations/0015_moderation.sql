-- 内容审核 (issue 16): the moderator role, entry rejections with a reason code, post holds and
-- hides, cleared reports, mutes, the banned-word list (now in the database so moderators can
-- change it without a restart), claims, and an append-only audit log of every action.

-- SQLite cannot change a CHECK: the roles table is rebuilt with 'moderator' allowed.
CREATE TABLE roles_new (
  user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer', 'moderator')),
  scope_type TEXT NOT NULL DEFAULT '' CHECK (scope_type IN ('', 'province', 'society')),
  scope_id TEXT NOT NULL DEFAULT '',
  granted_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, role, scope_type, scope_id)
);
INSERT INTO roles_new SELECT user_id, role, scope_type, scope_id, granted_at FROM roles;
DROP TABLE roles;
ALTER TABLE roles_new RENAME TO roles;

-- A rejection's reason code (entries.reject_reason keeps the moderator's note).
ALTER TABLE entries ADD COLUMN reject_code TEXT
  CHECK (reject_code IN ('off-topic', 'quality', 'rights', 'unsafe', 'personal-info', 'other'));
CREATE INDEX entries_pending ON entries(created_at, seq) WHERE status = 'pending_review';

-- visible; held (3 different reporters, pending review); hidden (by a moderator).
ALTER TABLE posts ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible'
  CHECK (moderation IN ('visible', 'held', 'hidden'));
ALTER TABLE posts ADD COLUMN hidden_reason TEXT;

-- A moderator's decision clears a post's open reports (they stay for the record).
ALTER TABLE post_reports ADD COLUMN cleared_at INTEGER;
CREATE INDEX post_reports_open ON post_reports(post_seq) WHERE cleared_at IS NULL;

CREATE TABLE mutes (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  until INTEGER NOT NULL,          -- unix seconds, exclusive
  reason TEXT NOT NULL,
  muted_by TEXT NOT NULL REFERENCES users(id),
  muted_at INTEGER NOT NULL
);

-- folded = crate::text::for_matching(word): what post text is matched against.
CREATE TABLE banned_words (
  folded TEXT PRIMARY KEY,
  word TEXT NOT NULL,
  category TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX banned_words_by_category ON banned_words(category, word);
-- Which configured lists (built-in, a --banned-words file) were copied in, once each, so a
-- word a moderator removed does not come back at the next start.
CREATE TABLE banned_word_sources (
  source TEXT PRIMARY KEY,
  loaded_at INTEGER NOT NULL
);

-- kind 'entry' or 'post'; a claim counts while until > now (server clock).
CREATE TABLE moderation_claims (
  kind TEXT NOT NULL CHECK (kind IN ('entry', 'post')),
  item_id TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  until INTEGER NOT NULL,
  PRIMARY KEY (kind, item_id)
);

-- moderator_id NULL: the server itself (an automatic hold).
CREATE TABLE moderation_audit (
  seq INTEGER PRIMARY KEY,         -- id = aud_{seq:06}
  at INTEGER NOT NULL,             -- unix seconds, server clock
  moderator_id TEXT REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'hide', 'restore', 'dismiss',
    'hold', 'mute', 'add-word', 'remove-word')),
  item_kind TEXT NOT NULL CHECK (item_kind IN ('entry', 'post', 'user', 'word')),
  item_id TEXT NOT NULL,
  reason TEXT,
  note TEXT
);
CREATE INDEX moderation_audit_by_item ON moderation_audit(item_id, seq);
CREATE TRIGGER moderation_audit_no_update BEFORE UPDATE ON moderation_audit
BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;
CREATE TRIGGER moderation_audit_no_delete BEFORE DELETE ON moderation_audit
BEGIN SELECT RAISE(ABORT, 'moderation_audit is append-only'); END;
