-- Wrong: groups by the artist's name, merging different artists who share one.
WITH counted AS (
    SELECT u.country, a.name AS artist_name, COUNT(*) AS stream_count
    FROM streams AS s
    JOIN users AS u ON u.user_id = s.user_id
    JOIN tracks AS t ON t.track_id = s.track_id
    JOIN artists AS a ON a.artist_id = t.artist_id
    WHERE s.ms_played >= 30000 AND u.country IS NOT NULL
    GROUP BY u.country, a.name
)
SELECT country, artist_name, stream_count, artist_rank
FROM (
    SELECT country, artist_name, stream_count,
           RANK() OVER (PARTITION BY country ORDER BY stream_count DESC) AS artist_rank
    FROM counted
) AS ranked
WHERE artist_rank <= 3
