-- attack: returns 200 000 rows, far over the output limit (postgres)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
SELECT i AS user_id, i AS plays FROM generate_series(1, 200000) AS t(i)
