-- attack: returns 200 000 rows, far over the output limit (duckdb)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
SELECT i AS user_id, i AS plays FROM range(200000) AS t(i)
