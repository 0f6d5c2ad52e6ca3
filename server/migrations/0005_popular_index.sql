-- `sort=popular` pages by (-popularity, seq); an index on that expression serves it directly.
CREATE INDEX activities_by_popularity_page ON activities(-popularity, seq);
