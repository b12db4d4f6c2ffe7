-- Wrong: DENSE_RANK() = 3 is the third distinct first-play time, which skips songs that tie.
WITH first_plays AS (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
),
ranked AS (
    SELECT user_id, first_played_at,
           DENSE_RANK() OVER (PARTITION BY user_id ORDER BY first_played_at) AS r
    FROM first_plays
)
SELECT DISTINCT user_id, CAST(first_played_at AS DATE) AS third_song_date
FROM ranked
WHERE r = 3
