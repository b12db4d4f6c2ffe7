SELECT platform, app_version,
       before_days / 7.0 AS dau_before,
       after_days / 7.0 AS dau_after,
       (after_days - before_days) / 7.0 AS dau_change
FROM (
    SELECT seg.platform, seg.app_version,
           COUNT(DISTINCT CASE WHEN act.activity_date < DATE '2024-06-10'
                               THEN act.user_id * 100 + (act.activity_date - DATE '2024-06-03') END) AS before_days,
           COUNT(DISTINCT CASE WHEN act.activity_date >= DATE '2024-06-10'
                               THEN act.user_id * 100 + (act.activity_date - DATE '2024-06-03') END) AS after_days
    FROM activity act
    INNER JOIN users seg ON seg.user_id = act.user_id
    WHERE seg.experiment_group = 'test'
      AND act.activity_date BETWEEN DATE '2024-06-03' AND DATE '2024-06-16'
    GROUP BY seg.platform, seg.app_version
) windows
