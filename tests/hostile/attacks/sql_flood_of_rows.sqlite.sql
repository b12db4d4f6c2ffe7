-- attack: returns 50 000 rows, far over the output limit of 64 KiB (sqlite)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 50000) SELECT n AS user_id, n AS plays FROM r
