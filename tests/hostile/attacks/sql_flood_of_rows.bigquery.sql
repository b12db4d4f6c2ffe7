-- attack: returns 200 000 rows, far over the output limit (bigquery)
-- finding: 3
-- problem: hostile-plays
-- expect: output_limit_exceeded
SELECT i AS user_id, i AS plays FROM UNNEST(GENERATE_ARRAY(1, 200000)) AS i
