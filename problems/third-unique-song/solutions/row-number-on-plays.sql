-- Wrong: numbers every play, not each song's first play, so repeats and replays count as new songs.
WITH numbered AS (
    SELECT user_id, played_at,
           ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY played_at, song_id) AS n
    FROM song_plays
)
SELECT user_id, CAST(played_at AS DATE) AS third_song_date
FROM numbered
WHERE n = 3
