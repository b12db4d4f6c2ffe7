SELECT u.country,
       MAX(a.name) AS artist_name,
       COUNT(*) AS stream_count,
       RANK() OVER (PARTITION BY u.country ORDER BY COUNT(*) DESC) AS artist_rank
FROM users u
JOIN streams s ON s.user_id = u.user_id AND s.ms_played >= 30000
JOIN tracks t ON t.track_id = s.track_id
JOIN artists a ON a.artist_id = t.artist_id
WHERE u.country IS NOT NULL
GROUP BY u.country, a.artist_id
QUALIFY artist_rank <= 3
