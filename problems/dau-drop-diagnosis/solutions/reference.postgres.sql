-- PostgreSQL: daily DAU per segment with FILTER, then averaged over the seven days of each window.
WITH daily AS (
    SELECT u.platform, u.app_version, a.activity_date,
           COUNT(DISTINCT a.user_id) AS dau
    FROM activity a
    JOIN users u USING (user_id)
    WHERE u.experiment_group = 'test'
      AND a.activity_date BETWEEN DATE '2024-06-03' AND DATE '2024-06-16'
    GROUP BY u.platform, u.app_version, a.activity_date
)
SELECT platform, app_version,
       COALESCE(SUM(dau) FILTER (WHERE activity_date < DATE '2024-06-10'), 0) / 7.0 AS dau_before,
       COALESCE(SUM(dau) FILTER (WHERE activity_date >= DATE '2024-06-10'), 0) / 7.0 AS dau_after,
       (COALESCE(SUM(dau) FILTER (WHERE activity_date >= DATE '2024-06-10'), 0)
        - COALESCE(SUM(dau) FILTER (WHERE activity_date < DATE '2024-06-10'), 0)) / 7.0 AS dau_change
FROM daily
GROUP BY platform, app_version
