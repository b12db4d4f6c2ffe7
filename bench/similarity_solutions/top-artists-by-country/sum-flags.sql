SELECT country, artist_name, stream_count, artist_rank
FROM (
    SELECT totals.country,
           art.name AS artist_name,
           totals.listened AS stream_count,
           RANK() OVER (PARTITION BY totals.country ORDER BY totals.listened DESC) AS artist_rank
    FROM (
        SELECT usr.country, trk.artist_id,
               SUM(CASE WHEN st.ms_played >= 30000 THEN 1 ELSE 0 END) AS listened
        FROM streams st
        INNER JOIN users usr USING (user_id)
        INNER JOIN tracks trk USING (track_id)
        WHERE usr.country IS NOT NULL
        GROUP BY usr.country, trk.artist_id
        HAVING SUM(CASE WHEN st.ms_played >= 30000 THEN 1 ELSE 0 END) > 0
    ) totals
    INNER JOIN artists art ON art.artist_id = totals.artist_id
) ranked_rows
WHERE artist_rank <= 3
