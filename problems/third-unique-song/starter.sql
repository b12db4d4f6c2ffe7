-- One SELECT returning user_id, third_song_date (a DATE). Row order does not matter.
SELECT
    user_id,
    NULL AS third_song_date
FROM song_plays
