-- Wrong (PostgreSQL): starts from users and keeps everyone, with a NULL date for
-- users who have played fewer than three distinct songs.
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
SELECT u.user_id, n.first_played_at::date AS third_song_date
FROM users u
LEFT JOIN numbered n ON n.user_id = u.user_id AND n.song_number = 3
