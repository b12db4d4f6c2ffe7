-- MySQL 8: the same ranking; backticks and RANK() as MySQL writes them.
WITH counted AS (
    SELECT u.country, t.artist_id, COUNT(*) AS stream_count
    FROM streams s
    JOIN users u ON u.user_id = s.user_id
    JOIN tracks t ON t.track_id = s.track_id
    WHERE s.ms_played >= 30000 AND u.country IS NOT NULL
    GROUP BY u.country, t.artist_id
)
SELECT `ranked`.country, a.name AS artist_name, `ranked`.stream_count, `ranked`.artist_rank
FROM (
    SELECT country, artist_id, stream_count,
           RANK() OVER (PARTITION BY country ORDER BY stream_count DESC) AS artist_rank
    FROM counted
) AS `ranked`
JOIN artists a ON a.artist_id = `ranked`.artist_id
WHERE `ranked`.artist_rank <= 3
