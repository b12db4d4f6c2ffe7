-- DAU per segment and day first, then each window's days summed and spread over its seven days.
WITH daily AS (
    SELECT u.platform, u.app_version, a.activity_date AS day, COUNT(DISTINCT a.user_id) AS dau
    FROM activity a
    JOIN users u ON a.user_id = u.user_id
    WHERE u.experiment_group = 'test'
      AND a.activity_date >= DATE '2024-06-03'
      AND a.activity_date <= DATE '2024-06-16'
    GROUP BY u.platform, u.app_version, a.activity_date
)
SELECT platform,
       app_version,
       COALESCE(SUM(dau) FILTER (WHERE day < DATE '2024-06-10'), 0) / 7.0 AS dau_before,
       COALESCE(SUM(dau) FILTER (WHERE day >= DATE '2024-06-10'), 0) / 7.0 AS dau_after,
       (COALESCE(SUM(dau) FILTER (WHERE day >= DATE '2024-06-10'), 0)
        - COALESCE(SUM(dau) FILTER (WHERE day < DATE '2024-06-10'), 0)) / 7.0 AS dau_change
FROM daily
GROUP BY platform, app_version
