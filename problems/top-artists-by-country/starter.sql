-- One SELECT returning country, artist_name, stream_count, artist_rank. Row order does not matter.
SELECT
    u.country,
    NULL AS artist_name,
    NULL AS stream_count,
    NULL AS artist_rank
FROM streams AS s
JOIN users AS u ON u.user_id = s.user_id
