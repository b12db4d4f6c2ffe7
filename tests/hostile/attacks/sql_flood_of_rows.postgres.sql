-- attack: returns 50 000 rows, far over the output limit of 64 KiB (postgres)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
SELECT i AS user_id, i AS plays FROM generate_series(1, 50000) AS t(i)
