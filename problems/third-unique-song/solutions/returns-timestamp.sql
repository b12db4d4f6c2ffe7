-- Wrong: returns the third song's first-play TIMESTAMP instead of its DATE.
WITH first_plays AS (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
),
numbered AS (
    SELECT user_id, first_played_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_played_at, song_id) AS n
    FROM first_plays
)
SELECT user_id, first_played_at AS third_song_date
FROM numbered
WHERE n = 3
