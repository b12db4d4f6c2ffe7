-- attack: reads a file of the box (the task, or another test's input) from SQL (postgres)
-- finding: 2
-- problem: hostile-plays
-- expect: compile_error
SELECT user_id, length(pg_read_file('/box/task.json')) AS plays FROM plays GROUP BY user_id
