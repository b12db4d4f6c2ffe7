-- SQLite: timestamps are ISO text, so MIN finds the earliest and date() keeps the day.
WITH first_plays AS (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
),
numbered AS (
    SELECT user_id, first_played_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_played_at, song_id) AS song_number
    FROM first_plays
)
SELECT user_id, date(first_played_at) AS third_song_date
FROM numbered
WHERE song_number = 3
