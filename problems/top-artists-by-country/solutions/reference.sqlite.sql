-- SQLite: window functions over a grouped subquery, as in any engine since 3.25.
SELECT country, artist_name, stream_count, artist_rank
FROM (
    SELECT u.country,
           a.name AS artist_name,
           COUNT(*) AS stream_count,
           RANK() OVER (PARTITION BY u.country ORDER BY COUNT(*) DESC) AS artist_rank
    FROM streams AS s
    JOIN users AS u ON u.user_id = s.user_id
    JOIN tracks AS t ON t.track_id = s.track_id
    JOIN artists AS a ON a.artist_id = t.artist_id
    WHERE s.ms_played >= 30000 AND u.country IS NOT NULL
    GROUP BY u.country, a.artist_id, a.name
)
WHERE artist_rank <= 3
