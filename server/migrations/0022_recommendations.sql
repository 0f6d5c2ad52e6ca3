-- 推荐 (issue 17): each reviewing body (a 省级科协 = a province reviewer role, a 全国学会 = a
-- society reviewer role, or the admin for the whole country) recommends 优秀组织单位 and 优秀活动
-- within a quota until 2021-10-29 24:00 China time; every mark and withdrawal is audited.
-- Also the indexes the reviewers' indicator table (db::indicators) aggregates through.

-- One row per body, kind and subject; a body's reviewers share its recommendations and quota.
CREATE TABLE recommendations (
  scope_type TEXT NOT NULL CHECK (scope_type IN ('', 'province', 'society')),
  scope_id TEXT NOT NULL,          -- a province code, a 全国学会 unit id, or '' (admin)
  kind TEXT NOT NULL CHECK (kind IN ('units', 'activities')),
  subject_id TEXT NOT NULL,        -- units.id or activities.id
  reason TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),  -- who marked it (last)
  recommended_at INTEGER NOT NULL, -- unix seconds, server clock
  PRIMARY KEY (scope_type, scope_id, kind, subject_id)
) WITHOUT ROWID;
CREATE INDEX recommendations_by_time ON recommendations(kind, recommended_at);

-- Append-only record of every recommend / withdraw (staff actions are audited).
CREATE TABLE recommendation_audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_id TEXT NOT NULL REFERENCES users(id),
  action TEXT NOT NULL CHECK (action IN ('recommend', 'withdraw')),
  scope_type TEXT NOT NULL,
  scope_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  reason TEXT
);
CREATE TRIGGER recommendation_audit_no_update BEFORE UPDATE ON recommendation_audit
BEGIN SELECT RAISE(ABORT, 'recommendation_audit is append-only'); END;
CREATE TRIGGER recommendation_audit_no_delete BEFORE DELETE ON recommendation_audit
BEGIN SELECT RAISE(ABORT, 'recommendation_audit is append-only'); END;

-- The indicator table's joins: a unit's public activities, their ratings (covering, so the
-- averages read only the index), its livestreams and volunteers by the unit's registered name.
CREATE INDEX activities_by_unit ON activities(unit_id, status) WHERE unit_id IS NOT NULL;
CREATE INDEX feedback_stars_by_activity ON feedback(activity_id, stars);
CREATE INDEX livestreams_by_organizer ON livestreams(organizer_name);
CREATE INDEX volunteers_by_organization ON volunteers(organization);
CREATE INDEX registered_by_unit_status ON registered_activities(unit_id, status);

-- What an activity's 活动回顾 (results, migration 0020) adds to the figures, one row per
-- activity whose results were saved; db::indicators reads only this view.
CREATE VIEW activity_result_figures AS
  SELECT r.activity_id, r.participants_offline, r.views_online,
    (SELECT COUNT(*) FROM activity_result_media m
      WHERE m.activity_id = r.activity_id AND m.kind = 'photo') AS photos,
    json_array_length(r.links) AS links
  FROM activity_results r;

-- A unit's 工作总结 status ('draft' | 'submitted'; no row = none), from migration 0021.
CREATE VIEW unit_summary_status AS
  SELECT unit_id, status FROM unit_summaries;
