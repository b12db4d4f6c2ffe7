-- Snowflake: QUALIFY, and TO_DATE for the day of the first play.
SELECT user_id, TO_DATE(first_played_at) AS third_song_date
FROM (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
) AS first_plays
QUALIFY ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_played_at, song_id) = 3
