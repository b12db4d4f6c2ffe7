-- attack: reads a file of the box (the task, or another test's input) from SQL (bigquery)
-- finding: 2
-- problem: hostile-plays
-- expect: compile_error
SELECT user_id, COUNT(*) AS plays FROM EXTERNAL_QUERY('box', 'SELECT 1') GROUP BY user_id
