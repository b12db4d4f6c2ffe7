-- attack: returns 50 000 rows, far over the output limit of 64 KiB (bigquery)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
SELECT i AS user_id, i AS plays FROM UNNEST(GENERATE_ARRAY(1, 50000)) AS i
