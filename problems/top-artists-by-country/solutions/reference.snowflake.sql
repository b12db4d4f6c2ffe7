-- Snowflake: COUNT_IF for qualifying streams, QUALIFY for the top three.
SELECT u.country,
       a.name AS artist_name,
       COUNT_IF(s.ms_played >= 30000) AS stream_count,
       RANK() OVER (PARTITION BY u.country ORDER BY COUNT_IF(s.ms_played >= 30000) DESC) AS artist_rank
FROM streams s
JOIN users u ON u.user_id = s.user_id
JOIN tracks t ON t.track_id = s.track_id
JOIN artists a ON a.artist_id = t.artist_id
WHERE u.country IS NOT NULL
GROUP BY u.country, a.artist_id, a.name
HAVING COUNT_IF(s.ms_played >= 30000) > 0
QUALIFY artist_rank <= 3
