-- Mark each song's first play, then count marked plays in order: the third mark is the answer.
SELECT user_id, CAST(played_at AS DATE) AS third_song_date
FROM (
    SELECT user_id, played_at, is_new,
           SUM(CASE WHEN is_new THEN 1 ELSE 0 END)
               OVER (PARTITION BY user_id ORDER BY played_at, song_id, is_new DESC
                     ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS new_songs
    FROM (
        SELECT user_id, song_id, played_at,
               ROW_NUMBER() OVER (PARTITION BY user_id, song_id ORDER BY played_at) = 1 AS is_new
        FROM song_plays
    ) marked
) counted
WHERE is_new AND new_songs = 3
