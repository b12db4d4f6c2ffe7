-- PostgreSQL: DISTINCT ON keeps the earliest play of each (user, song).
WITH first_plays AS (
    SELECT DISTINCT ON (user_id, song_id) user_id, song_id, played_at AS first_played_at
    FROM song_plays
    ORDER BY user_id, song_id, played_at
),
numbered AS (
    SELECT user_id,
           first_played_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_played_at, song_id) AS song_number
    FROM first_plays
)
SELECT user_id, first_played_at::date AS third_song_date
FROM numbered
WHERE song_number = 3
