-- attack: reads a file of the box (the task, or another test's input) from SQL (sqlite)
-- finding: 2
-- problem: hostile-plays
-- expect: compile_error
SELECT user_id, length(readfile('/box/task.json')) AS plays FROM plays GROUP BY user_id
