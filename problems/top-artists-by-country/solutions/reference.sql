-- Count qualifying streams per (country, artist); rank within each country with RANK().
WITH counted AS (
    SELECT u.country, t.artist_id, COUNT(*) AS stream_count
    FROM streams AS s
    JOIN users AS u ON u.user_id = s.user_id
    JOIN tracks AS t ON t.track_id = s.track_id
    WHERE s.ms_played >= 30000
      AND u.country IS NOT NULL
    GROUP BY u.country, t.artist_id
),
ranked AS (
    SELECT country, artist_id, stream_count,
           RANK() OVER (PARTITION BY country ORDER BY stream_count DESC) AS artist_rank
    FROM counted
)
SELECT r.country, a.name AS artist_name, r.stream_count, r.artist_rank
FROM ranked AS r
JOIN artists AS a ON a.artist_id = r.artist_id
WHERE r.artist_rank <= 3
