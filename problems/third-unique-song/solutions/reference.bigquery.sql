-- BigQuery: QUALIFY filters on the window function without another CTE.
SELECT user_id, DATE(first_played_at) AS third_song_date
FROM (
    SELECT user_id, song_id, MIN(played_at) AS first_played_at
    FROM song_plays
    GROUP BY user_id, song_id
)
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY first_played_at, song_id) = 3
