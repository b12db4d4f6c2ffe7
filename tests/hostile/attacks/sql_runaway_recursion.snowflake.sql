-- attack: a recursive CTE with no end, to hold the worker (snowflake)
-- finding: 4
-- problem: hostile-plays
-- expect: time_limit_exceeded
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT user_id, (SELECT MAX(n) FROM r) AS plays FROM plays
