-- A song is a user's third when exactly two of their other songs were first heard before it
-- (an earlier first play, or the same instant and a smaller song_id).
WITH firsts AS (
    SELECT user_id, song_id, MIN(played_at) AS heard_at
    FROM song_plays
    GROUP BY user_id, song_id
)
SELECT later.user_id, CAST(later.heard_at AS DATE) AS third_song_date
FROM firsts later
JOIN firsts earlier
  ON earlier.user_id = later.user_id
 AND (earlier.heard_at < later.heard_at
      OR (earlier.heard_at = later.heard_at AND earlier.song_id < later.song_id))
GROUP BY later.user_id, later.song_id, later.heard_at
HAVING COUNT(*) = 2
