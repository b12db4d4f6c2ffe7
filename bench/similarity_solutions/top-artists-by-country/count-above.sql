-- RANK() by hand: one plus the number of artists of the same country with more streams.
with per_artist as (
    select users.country as country, tracks.artist_id as artist_id, count(streams.stream_id) as plays
    from streams, users, tracks
    where streams.user_id = users.user_id
      and streams.track_id = tracks.track_id
      and users.country is not null
      and streams.ms_played >= 30000
    group by users.country, tracks.artist_id
),
placed as (
    select p.country, p.artist_id, p.plays,
           1 + (select count(*) from per_artist o where o.country = p.country and o.plays > p.plays) as place
    from per_artist p
)
select placed.country, artists.name as artist_name, placed.plays as stream_count, placed.place as artist_rank
from placed join artists on artists.artist_id = placed.artist_id
where placed.place <= 3
