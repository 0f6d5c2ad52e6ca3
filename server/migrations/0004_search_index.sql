-- Short keywords (1–2 characters: 核, 水利) are below what the trigram index can match. Each
-- activity's distinct characters (title, summary, organiser, venue) index them instead: a
-- one-character query is a lookup, a two-character one intersects two lookups and then checks
-- the candidates with LIKE.
CREATE TABLE activity_chars (
  ch TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (ch, seq)
) WITHOUT ROWID;

-- Facets and totals group by these columns; a covering index keeps that off the table.
CREATE INDEX activities_facets ON activities(theme_id, province_code, city_code, format, event_kind_id, organizer_type, starts_at);
