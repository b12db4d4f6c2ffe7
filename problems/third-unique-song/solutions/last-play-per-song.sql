-- Wrong: orders songs by their latest play instead of their first.
WITH per_song AS (
    SELECT user_id, song_id, MAX(played_at) AS played_at
    FROM song_plays
    GROUP BY user_id, song_id
),
numbered AS (
    SELECT user_id, played_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY played_at, song_id) AS n
    FROM per_song
)
SELECT user_id, CAST(played_at AS DATE) AS third_song_date
FROM numbered
WHERE n = 3
