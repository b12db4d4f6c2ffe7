-- attack: reads a file of the box (the task, or another test's input) from SQL (snowflake)
-- finding: 2
-- problem: hostile-plays
-- expect: compile_error
SELECT $1 AS user_id, $2 AS plays FROM @~/task.json
