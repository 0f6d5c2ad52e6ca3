-- A city filter on its own (issue 4: `?city=330100`) gets its own index; the province index only
-- serves it when the province is constrained too.
CREATE INDEX activities_by_city ON activities(city_code, starts_at);
