-- Wrong: RANK() = 3 finds no row when two songs tie on their first-play time just before the third.
WITH first_plays AS (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
),
ranked AS (
    SELECT user_id, first_played_at,
           RANK() OVER (PARTITION BY user_id ORDER BY first_played_at) AS r
    FROM first_plays
)
SELECT user_id, CAST(first_played_at AS DATE) AS third_song_date
FROM ranked
WHERE r = 3
