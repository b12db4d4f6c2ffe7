select listener.user_id,
       cast((select s.first_at
             from (select song_id, min(played_at) as first_at
                   from song_plays p
                   where p.user_id = listener.user_id
                   group by song_id) s
             order by s.first_at, s.song_id
             limit 1 offset 2) as date) as third_song_date
from (select distinct user_id from song_plays) listener
where (select count(distinct q.song_id) from song_plays q where q.user_id = listener.user_id) >= 3
