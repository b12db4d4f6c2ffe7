-- Wrong (PostgreSQL): counts qualifying streams with SUM(CASE ...) but still ranks
-- artists whose streams in a country were all under 30 seconds, with a count of 0.
SELECT country, artist_name, stream_count, artist_rank
FROM (
    SELECT u.country,
           a.name AS artist_name,
           SUM(CASE WHEN s.ms_played >= 30000 THEN 1 ELSE 0 END) AS stream_count,
           RANK() OVER (PARTITION BY u.country
                        ORDER BY SUM(CASE WHEN s.ms_played >= 30000 THEN 1 ELSE 0 END) DESC) AS artist_rank
    FROM streams s
    JOIN users u ON u.user_id = s.user_id
    JOIN tracks t ON t.track_id = s.track_id
    JOIN artists a ON a.artist_id = t.artist_id
    WHERE u.country IS NOT NULL
    GROUP BY u.country, a.artist_id, a.name
) AS ranked
WHERE artist_rank <= 3
