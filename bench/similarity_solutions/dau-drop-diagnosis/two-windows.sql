with test_users as (
    select user_id, platform, app_version from users where experiment_group = 'test'
),
pre as (
    select t.platform, t.app_version,
           count(distinct cast(a.user_id as varchar) || '@' || cast(a.activity_date as varchar)) / 7.0 as v
    from activity a join test_users t on t.user_id = a.user_id
    where a.activity_date between date '2024-06-03' and date '2024-06-09'
    group by t.platform, t.app_version
),
post as (
    select t.platform, t.app_version,
           count(distinct cast(a.user_id as varchar) || '@' || cast(a.activity_date as varchar)) / 7.0 as v
    from activity a join test_users t on t.user_id = a.user_id
    where a.activity_date between date '2024-06-10' and date '2024-06-16'
    group by t.platform, t.app_version
)
select coalesce(pre.platform, post.platform) as platform,
       coalesce(pre.app_version, post.app_version) as app_version,
       coalesce(pre.v, 0) as dau_before,
       coalesce(post.v, 0) as dau_after,
       coalesce(post.v, 0) - coalesce(pre.v, 0) as dau_change
from pre
full outer join post
  on pre.platform is not distinct from post.platform
 and pre.app_version is not distinct from post.app_version
